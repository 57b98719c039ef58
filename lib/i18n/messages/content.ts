/** What the content script adds to the LINE manager itself: the launcher and the navigation entry. */
import { defineMessages } from '../define';

export default defineMessages({
  en: {
    launcher: 'Segments',
    navEntry: 'Segments',
    launcherHint: 'Open the Segment panel',
  },
  ja: {
    launcher: 'セグメント',
    navEntry: 'セグメント',
    launcherHint: 'セグメントパネルを開く',
  },
});
