import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openLumoDb, type OutboxRecord } from '../../../lib/cache/db';
import { createCache } from '../../../lib/cache/store';
import type { Preview, Segment } from '../../../lib/contract/api';
import { createViews } from '../../../entrypoints/background/views';
import { openCacheReadOnly, readCachedList, readCachedSegments } from '../../../entrypoints/popup/cached';

const ACCOUNT = '@shop';
let counter = 0;
const freshName = () => `lumo-popup-test-${Date.now()}-${counter++}`;

const definition = { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 5 }] }] } as Segment['definition'];
const segment = (id: string, name: string): Segment => ({
  id, name, folderId: null, definition, version: 1, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z',
});
const preview = (count: number): Preview => ({
  status: 'ready', version: 1, count, sample: [], summary: '', asOf: null, computedAt: '2026-11-28T00:00:00.000Z', durationMs: 2,
});
const entry = (id: string, over: Partial<OutboxRecord>): OutboxRecord => ({
  id, accountId: ACCOUNT, kind: 'segment.update', targetId: 's1', label: '', body: null, baseVersion: 1, state: 'pending',
  attempts: 1, createdAt: '2026-11-28T01:00:00.000Z', nextAttemptAt: null, lastError: null, ...over,
});

/** A cache as the background leaves it: two segments of the shop counted once, another account's, unsent changes. */
async function givenBackgroundCache(name: string) {
  const db = await openLumoDb(name);
  const cache = createCache(db);
  await cache.setSegments(ACCOUNT, [segment('s1', 'Repeat buyers'), segment('s2', 'New friends')]);
  await cache.setSegments('@other', [segment('o1', 'Elsewhere')]);
  await cache.setPreview(ACCOUNT, 's1', preview(1234));
  await cache.setPreview('@other', 'o1', preview(9));
  await db.put('outbox', entry('0001', { kind: 'segment.create', targetId: 'local-a', label: 'Drafted offline', body: { name: 'Drafted offline', definition } }));
  await db.put('outbox', entry('0002', { kind: 'segment.update', targetId: 's2', state: 'refused', body: { name: 'New friends (renamed)' } }));
  return db;
}

describe('the popup\'s first paint from the cache', () => {
  it('reads the list the background answers: the segments, their last counts and the unsent changes over them', async () => {
    const name = freshName();
    const db = await givenBackgroundCache(name);
    const outbox = { entries: (a: string) => db.getAllFromIndex('outbox', 'byAccount', a) };
    const background = await createViews(createCache(db), outbox as never, { emit() {} } as never).segments(ACCOUNT);

    const popupDb = (await openCacheReadOnly(indexedDB, name))!;
    const items = await readCachedSegments(popupDb, ACCOUNT);
    popupDb.close();
    db.close();

    expect(items).toEqual(background);
    expect(items!.map((i) => [i.segment.name, i.preview?.count ?? null, i.sync])).toEqual([
      ['Repeat buyers', 1234, 'synced'],
      ['New friends (renamed)', null, 'refused'],
      ['Drafted offline', null, 'pending'],
    ]);
  });

  it('answers null for an account whose list was never fetched', async () => {
    const name = freshName();
    (await givenBackgroundCache(name)).close();
    const list = await readCachedList({ configured: async () => true, account: async () => '@never', open: () => openCacheReadOnly(indexedDB, name) });
    expect(list).toBeNull();
  });

  it('answers null when the sync API is not set up or no account is known', async () => {
    const name = freshName();
    (await givenBackgroundCache(name)).close();
    const open = () => openCacheReadOnly(indexedDB, name);
    expect(await readCachedList({ configured: async () => false, account: async () => ACCOUNT, open })).toBeNull();
    expect(await readCachedList({ configured: async () => true, account: async () => null, open })).toBeNull();
    expect(await readCachedList({ configured: async () => { throw new Error('storage'); }, account: async () => ACCOUNT, open })).toBeNull();
    expect((await readCachedList({ configured: async () => true, account: async () => ACCOUNT, open }))?.items).toHaveLength(3);
  });

  it('leaves a database the background has not created yet to the background', async () => {
    const name = freshName();
    expect(await openCacheReadOnly(indexedDB, name)).toBeNull();
    expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(name);
    // The background then creates it with every upgrade step, as on a first run.
    const db = await openLumoDb(name);
    expect([...db.objectStoreNames]).toContain('segments');
    db.close();
  });

  it('never blocks the background\'s next upgrade', async () => {
    const name = freshName();
    (await givenBackgroundCache(name)).close();
    const popupDb = await openCacheReadOnly(indexedDB, name);
    expect(popupDb).not.toBeNull();
    const upgraded = await new Promise<number>((resolve, reject) => {
      const req = indexedDB.open(name, popupDb!.version + 1);
      req.onsuccess = () => { req.result.close(); resolve(req.result.version); };
      req.onerror = () => reject(req.error);
    });
    expect(upgraded).toBe(popupDb!.version + 1);
  });
});
