/** The Tags and Friends views' models against a scripted background: what they send, what they show. */
import { describe, expect, it } from 'vitest';
import type { PanelClient } from '@/components/models/client';
import { createTagsModel, filterTags } from '@/components/tags/model';
import { createBulkTagModel } from '@/components/tags/bulk';
import { createFriendsModel, withTag } from '@/components/friends/model';
import { setLanguage } from '@/lib/i18n';

type Call = { type: string; payload: any };
function fakeClient(answer: (type: string, payload: any) => unknown): PanelClient & { calls: Call[] } {
  const calls: Call[] = [];
  return {
    calls,
    send: (async (type: string, payload: any) => { calls.push({ type, payload }); return answer(type, payload); }) as PanelClient['send'],
    subscribe: () => () => {},
  };
}
const op = (over: object) => ({
  id: 'top_1', status: 'running', action: 'add', tagId: 'tag_vip', tagName: 'VIP', segmentId: 's1', segmentName: 'Repeat buyers',
  total: 3, processed: 0, changed: 0, progress: 0, undoOf: null, undoneBy: null, error: null, createdAt: '2026-12-06T00:00:00.000Z', finishedAt: null, ...over,
});

describe('tags', () => {
  it('searches names ignoring ASCII case', () => {
    const tags = [{ name: 'VIP' }, { name: 'セール好き' }, { name: 'vip-2' }];
    expect(filterTags(tags, 'vi').map((x) => x.name)).toEqual(['VIP', 'vip-2']);
    expect(filterTags(tags, '  ')).toHaveLength(3);
    expect(filterTags(tags, 'セール').map((x) => x.name)).toEqual(['セール好き']);
  });

  it('says a taken name next to the field and keeps the list', async () => {
    setLanguage('en');
    const client = fakeClient((type) => {
      if (type === 'listTags') return { data: [{ id: 't1', name: 'VIP', friendCount: 2 }], fetchedAt: null, refreshing: false, offline: false };
      if (type === 'createTag') return { outboxId: 'o', state: 'refused', data: null, error: { kind: 'invalid', message: 'A tag named "VIP" already exists.' } };
      if (type === 'outboxDiscard') return { entries: [], pending: 0, refused: 0, reachable: true };
      throw new Error(type);
    });
    const m = createTagsModel(client, '@a');
    await m.load();
    expect(await m.create('VIP')).toBe('A tag named "VIP" already exists.');
    expect(m.tags.value.map((x) => x.name)).toEqual(['VIP']);
    // Said in the dialog, so not kept in the outbox too (whose banner would repeat it as a conflict).
    expect(client.calls.filter((c) => c.type === 'outboxDiscard').map((c) => c.payload)).toEqual([{ id: 'o' }]);
  });

  it('starts "Tag everyone" once with one key, follows it to done, and undoes it', async () => {
    let polls = 0;
    const client = fakeClient((type) => {
      if (type === 'startTagOperation') return op({});
      if (type === 'getTagOperation') return ++polls < 2 ? op({ processed: 1, progress: 1 / 3 }) : op({ status: 'done', processed: 3, changed: 2, progress: 1 });
      if (type === 'undoTagOperation') return op({ id: 'top_2', action: 'remove', undoOf: 'top_1', status: 'done', changed: 2, progress: 1 });
      throw new Error(type);
    });
    const bulk = createBulkTagModel(client, '@a', 's1', { pollMs: 1 });
    bulk.tagId.value = 'tag_vip';
    await Promise.all([bulk.start(), bulk.start()]);
    const starts = client.calls.filter((c) => c.type === 'startTagOperation');
    expect(new Set(starts.map((c) => c.payload.idempotencyKey)).size).toBe(1);
    await expect.poll(() => bulk.operation.value?.status).toBe('done');
    await bulk.revert();
    expect(bulk.undo.value).toMatchObject({ undoOf: 'top_1', changed: 2 });
    bulk.dispose();
  });
});

describe('friends', () => {
  it('adds and removes one tag, keeping the others', () => {
    expect(withTag(['a', 'b'], 'c', true)).toEqual(['a', 'b', 'c']);
    expect(withTag(['a', 'b'], 'a', false)).toEqual(['b']);
    expect(withTag(['a'], 'a', true)).toEqual(['a']);
  });

  it('searches, pages with the cursor, and filters by a tag opened from the Tags view', async () => {
    const friend = (n: number) => ({ lineUserId: `U${n}`, displayName: `F${n}`, pictureUrl: null, addedAt: null, blockedAt: null, tags: [], shopify: null, hubspot: null, klaviyo: null });
    const client = fakeClient((type, p) => {
      if (type === 'listFriends') return p.cursor ? { items: [friend(2)] } : { items: [friend(1)], nextCursor: 'c1' };
      throw new Error(type);
    });
    const m = createFriendsModel(client, '@a');
    m.query.value = 'F';
    await m.search();
    await m.more();
    expect(m.friends.value.map((f) => f.lineUserId)).toEqual(['U1', 'U2']);
    expect(m.hasMore.value).toBe(false);
    m.showTag({ id: 'tag_vip', name: 'VIP' });
    await expect.poll(() => client.calls.at(-1)?.payload.tagId).toBe('tag_vip');
    expect(client.calls.map((c) => c.payload.q)).toEqual(['F', 'F', 'F']);
    expect(client.calls[1].payload.cursor).toBe('c1');
  });
});
