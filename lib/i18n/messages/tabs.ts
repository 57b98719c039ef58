/**
 * The panel's tabs. English names are the product's guide and stay stable: "Segments", "Tags",
 * "Friends", "Connections", "Activity". Each view keeps its tab's label in its own namespace
 * (e.g. `connections.tab`), so adding a view touches only the registry here.
 */
import { defineMessages } from '../define';

export default defineMessages({
  en: {
    label: 'Views',
    segments: 'Segments',
    activity: 'Activity',
  },
  ja: {
    label: '表示',
    segments: 'セグメント',
    activity: 'アクティビティ',
  },
});
