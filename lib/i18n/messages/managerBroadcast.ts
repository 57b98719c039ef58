/** "Create Broadcast" on the manager's own broadcast list, and the segment it asks for. */
import { defineMessages } from '../define';

export default defineMessages({
  en: {
    button: 'Create Broadcast',
    buttonHint: 'Broadcast to one of your Lumo segments',
    title: 'Create Broadcast',
    intro: 'Choose the segment to broadcast to. The broadcast window opens with it as the target.',
    search: 'Search segments',
    segments: 'Segments',
    loading: 'Loading segments…',
    empty: 'No saved segments yet. Create one in the Segment panel first.',
    noMatch: 'No segment matches “{query}”.',
    matches_one: '{count} segment',
    matches_other: '{count} segments',
  },
  ja: {
    button: 'セグメント配信を作成',
    buttonHint: 'Lumo のセグメントに配信します',
    title: 'セグメント配信を作成',
    intro: '配信先のセグメントを選んでください。そのセグメントを配信先にして配信画面が開きます。',
    search: 'セグメントを検索',
    segments: 'セグメント',
    loading: 'セグメントを読み込み中…',
    empty: '保存済みのセグメントはまだありません。先にセグメントパネルで作成してください。',
    noMatch: '「{query}」に一致するセグメントはありません。',
    matches_one: '{count}件のセグメント',
    matches_other: '{count}件のセグメント',
  },
});
