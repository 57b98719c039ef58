/**
 * The Activity tab: who did what, when, newest first, a page at a time — its model over a fake
 * background, and the tab rendered in the panel in English and Japanese.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActivityModel } from '@/components/activity/model';
import { activitySentence } from '@/components/activity/words';
import type { Activity as ActivityItem } from '@/lib/contract/people';
import { setLanguage } from '@/lib/i18n';
import { MessageError } from '@/lib/messages';
import { click, getByRole, queryAllByRole, settle } from './dom';
import { ACCOUNT, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

const entry = (n: number, over: Partial<ActivityItem> = {}): ActivityItem => ({
  at: new Date(Date.parse('2026-12-06T05:00:00Z') - n * 60_000).toISOString(),
  actor: { type: 'member', id: 'm1', name: 'Aoi' },
  action: 'segment.update',
  target: { type: 'segment', id: `seg-${n}`, name: `Segment ${n}` },
  details: null,
  ...over,
});

/** An activity log of `total` entries, paged by the cursor (the index to continue from). */
function pagedLog(total: number, calls: { cursor?: string; limit?: number }[] = []) {
  const all = Array.from({ length: total }, (_, i) => entry(i));
  return {
    calls,
    listActivity: async ({ limit = 30, cursor }: { limit?: number; cursor?: string }) => {
      calls.push({ cursor, limit });
      const from = cursor ? Number(cursor) : 0;
      const items = all.slice(from, from + limit);
      return from + limit < total ? { items, nextCursor: String(from + limit) } : { items };
    },
  };
}

beforeEach(() => setLanguage('en'));

describe('the activity model', () => {
  it('loads the first page, then "Load more" appends the next until there is no cursor', async () => {
    const log = pagedLog(5);
    const bg = fakeBackground({}, { listActivity: log.listActivity });
    const m = createActivityModel(bg.client, ACCOUNT, 2);
    await m.load();
    expect(m.items.value.map((i) => i.target.name)).toEqual(['Segment 0', 'Segment 1']);
    expect(m.hasMore.value).toBe(true);
    await m.loadMore();
    await m.loadMore();
    expect(m.items.value.map((i) => i.target.name)).toEqual(['Segment 0', 'Segment 1', 'Segment 2', 'Segment 3', 'Segment 4']);
    expect(m.hasMore.value).toBe(false);
    expect(log.calls).toEqual([{ cursor: undefined, limit: 2 }, { cursor: '2', limit: 2 }, { cursor: '4', limit: 2 }]);
    await m.loadMore(); // nothing more to ask for
    expect(log.calls).toHaveLength(3);
  });

  it('a failed first page says why and can be tried again; a failed next page keeps what is shown', async () => {
    let fail = true;
    const log = pagedLog(3);
    const bg = fakeBackground({}, {
      listActivity: async (q) => {
        if (fail) throw new MessageError({ kind: 'unreachable', message: 'down' });
        return log.listActivity(q);
      },
    });
    const m = createActivityModel(bg.client, ACCOUNT, 2);
    await m.load();
    expect(m.status.value).toBe('failed');
    expect(m.error.value).toBeTruthy();
    fail = false;
    await m.load();
    expect(m.status.value).toBe('ready');
    fail = true;
    await m.loadMore();
    expect(m.items.value).toHaveLength(2);
    expect(m.error.value).toBeTruthy();
    expect(m.hasMore.value).toBe(true);
  });

  it('an entry the log moved into the next page is not shown twice', async () => {
    const bg = fakeBackground({}, {
      listActivity: async ({ cursor }) => (cursor ? { items: [entry(1), entry(2)] } : { items: [entry(0), entry(1)], nextCursor: 'x' }),
    });
    const m = createActivityModel(bg.client, ACCOUNT, 2);
    await m.load();
    await m.loadMore();
    expect(m.items.value.map((i) => i.target.name)).toEqual(['Segment 0', 'Segment 1', 'Segment 2']);
  });
});

describe('activity in words', () => {
  it('names who did what to what, in English and Japanese, and reads an unknown action from its name', () => {
    const restore = entry(0, { action: 'segment.restore', actor: { type: 'token', id: 't1', name: 'CI' }, details: { restoredVersion: 2, version: 4 } });
    expect(activitySentence(restore)).toBe('API token “CI” restored an earlier version of segment “Segment 0” (version 2)');
    expect(activitySentence(entry(0, { action: 'tag.create', target: { type: 'tag', id: 't', name: 'VIP' }, actor: { type: 'admin', id: 'admin', name: 'x' } })))
      .toBe('Admin token created tag “VIP”');
    expect(activitySentence(entry(0, { action: 'segment.update', details: { version: 3, changed: ['name'], previousName: 'Old' } })))
      .toBe('Aoi changed segment “Segment 0” (was “Old”)');
    expect(activitySentence(entry(0, { action: 'coupon.issue', target: { type: 'coupon', id: 'c', name: 'Spring' } }))).toBe('Aoi: coupon.issue on coupon “Spring”');
    setLanguage('ja');
    expect(activitySentence(restore)).toBe('APIトークン「CI」がセグメント「Segment 0」を以前のバージョンに戻しました（バージョン2）');
    expect(activitySentence(entry(0, { action: 'segment.undelete' }))).toBe('Aoiが削除したセグメント「Segment 0」を復元しました');
  });
});

describe('the Activity tab', () => {
  let h: Harness;
  afterEach(() => h?.unmount());

  for (const [lang, tab, loadMore, first] of [
    ['en', 'Activity', 'Load more', 'Aoi changed segment “Segment 0”'],
    ['ja', 'アクティビティ', 'さらに表示', 'Aoiがセグメント「Segment 0」を変更しました'],
  ] as const) {
    it(`lists the log newest first with "${loadMore}", reachable by keyboard (${lang})`, async () => {
      setLanguage(lang);
      const log = pagedLog(40);
      h = await openPanel(fakeBackground({}, { listActivity: log.listActivity }));
      await click(getByRole(h.root, 'tab', tab));
      await settle();
      const panel = getByRole(h.root, 'tabpanel');
      const items = () => [...panel.querySelectorAll('.lumo-activity__item')];
      expect(items()).toHaveLength(30);
      expect(items()[0].textContent).toContain(first);
      expect(items()[0].querySelector('time')?.getAttribute('datetime')).toBe(entry(0).at);
      const more = getByRole(panel, 'button', loadMore);
      expect(more.tabIndex).toBe(0);
      await click(more);
      await settle();
      expect(items()).toHaveLength(40);
      expect(queryAllByRole(panel, 'button', loadMore)).toHaveLength(0);
    });
  }
});
