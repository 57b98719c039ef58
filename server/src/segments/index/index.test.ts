/**
 * The columnar index's behaviour beyond semantics (those are ../differential.test.ts's): it keeps
 * ids compactly and in string order, answers by SQL while it builds, stays fresh on writes
 * without a rebuild, forgets friends the store lost, keeps within its memory budget, and heals
 * itself when a cross-check with SQL disagrees.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { notifyFriendsChanged } from '../../store/change-feed';
import { upsertFriends, setFriendTags } from '../../repositories/friends';
import type { SegmentFriend } from '../../../../lib/segment/friend';
import type { Definition } from '../../../../lib/segment/schema';
import { createSqlEngine } from '../engine';
import { deleteFriends, ensureAccount, insertFriends, replaceFriends } from '../testing/friends-builder';
import { lineUserIdOf } from '../testing/scenario';
import { FriendIds } from './friend-ids';
import { clearBit } from './bitset';
import { createIndexedEngine, type EngineLogger, type IndexedEngine } from './engine';
import { createChangeLog } from './change-log';

const TOKYO = { asOf: Date.parse('2026-06-15T03:00:00Z'), timeZone: 'Asia/Tokyo' };
const friend = (n: number, over: Partial<SegmentFriend> = {}): SegmentFriend => ({
  lineUserId: lineUserIdOf(n), displayName: `Friend ${n}`, pictureUrl: null,
  addedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + n * 60_000).toISOString(),
  blockedAt: null, tags: [], shopify: null, hubspot: null, klaviyo: null, ...over,
});
const tagged = (...tags: string[]): Definition => ({ groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: tags }] }] });

describe('FriendIds', () => {
  it('finds every id again, answers them back, and orders them as strings', () => {
    const ids = new FriendIds();
    const all = Array.from({ length: 5000 }, (_, i) => `U${((i * 7919) % 5000).toString(16).padStart(32, '0')}`);
    all.push('not-a-line-id', 'Uabc');
    all.forEach((id) => ids.append(id));
    all.forEach((id, slot) => { expect(ids.slotOf(id)).toBe(slot); expect(ids.idAt(slot)).toBe(id); });
    expect(ids.slotOf(`U${'a'.repeat(32)}`)).toBe(-1);
    expect(ids.slotOf('Uother')).toBe(-1);
    const slots = all.map((_, s) => s).sort((a, b) => ids.compare(a, b));
    expect(slots.map((s) => all[s])).toEqual([...all].sort());
  });
});

forEachStore('columnar index engine', (ctx) => {
  const engines: IndexedEngine[] = [];
  afterEach(() => { engines.splice(0).forEach((e) => e.close()); });
  const make = (opts: Parameters<typeof createIndexedEngine>[2] = {}) => {
    const e = createIndexedEngine(ctx.store, createSqlEngine(ctx.store), { crossCheckRate: 0, waitForBuild: true, ...opts });
    engines.push(e);
    return e;
  };
  let n = 0;
  async function account(friends: SegmentFriend[]): Promise<string> {
    const a = `@ix${++n}`;
    await ensureAccount(ctx.store.db, a);
    await insertFriends(ctx.store.db, a, friends);
    return a;
  }

  it('answers by SQL while the index builds, then from the index, with the same result', async () => {
    const a = await account([friend(1, { tags: ['vip'] }), friend(2, { tags: ['vip'] }), friend(3)]);
    const engine = make({ waitForBuild: false });
    // The build starts with the first count, which does not wait for it; what is asked after that
    // count returned is a race (on PostgreSQL the build, on a connection of its own, may be done).
    const answering = engine.count(a, tagged('vip'), TOKYO);
    expect(engine.stats()[0].state).toBe('building');
    const first = await answering;
    expect(first).toEqual(await createSqlEngine(ctx.store).count(a, tagged('vip'), TOKYO));
    await engine.warm(a);
    expect(engine.stats()[0]).toMatchObject({ state: 'ready', friends: 3 });
    expect(await engine.count(a, tagged('vip'), TOKYO)).toEqual(first);
    expect(first.sample.map((s) => s.lineUserId)).toEqual([lineUserIdOf(2), lineUserIdOf(1)]);
  });

  it('samples a segment of few members among many friends in DESIGN.md\'s order: newest first, unknown last, ties by id', async () => {
    const DAY = 86_400_000;
    // 25 of 2,000 friends are "rare" (few enough to be collected rather than found along the
    // whole order); their added dates fall on three days, so most of them tie, and some are unknown.
    const friends = Array.from({ length: 2000 }, (_, i) => {
      const rare = i % 80 === 7;
      const addedAt = rare && i % 160 === 7 ? null : new Date(Date.parse('2026-03-01T00:00:00Z') + ((i * 7) % 3) * DAY).toISOString();
      return friend(i, { addedAt, tags: rare ? ['rare'] : [] });
    });
    const a = await account(friends);
    const rare = friends.filter((f) => f.tags.includes('rare'));
    const expected = [...rare].sort((x, y) => (x.addedAt === y.addedAt ? 0 : x.addedAt === null ? 1 : y.addedAt === null ? -1 : x.addedAt < y.addedAt ? 1 : -1)
      || (x.lineUserId < y.lineUserId ? -1 : 1)).slice(0, 10).map((f) => f.lineUserId);
    const got = await make().count(a, tagged('rare'), TOKYO);
    expect(got.count).toBe(25);
    expect(got.sample.map((s) => s.lineUserId)).toEqual(expected);
    expect(got).toEqual(await createSqlEngine(ctx.store).count(a, tagged('rare'), TOKYO));
  });

  it('sees a write at once, by rewriting only the changed friends', async () => {
    const a = await account([friend(1, { tags: ['vip'] }), friend(2)]);
    const engine = make();
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(1);
    const built = engine.indexOf(a);
    await setFriendTags(ctx.store, a, lineUserIdOf(2), ['vip'], Date.now());
    await upsertFriends(ctx.store, a, [{ lineUserId: lineUserIdOf(3), displayName: 'New', addedAt: Date.parse('2026-06-01T00:00:00Z'), tagIds: ['vip'] }], { now: Date.now() });
    const after = await engine.count(a, tagged('vip'), TOKYO);
    expect(after.count).toBe(3);
    expect(after.sample[0]).toEqual({ lineUserId: lineUserIdOf(3), displayName: 'New', pictureUrl: null, addedAt: '2026-06-01T00:00:00.000Z' });
    expect(engine.indexOf(a)).toBe(built);
  });

  it('answers a sample friend\'s new name and picture after a write, here or on another instance', async () => {
    const a = await account([friend(1, { tags: ['vip'] }), friend(2, { tags: ['vip'] })]);
    const engine = make();
    expect((await engine.count(a, tagged('vip'), TOKYO)).sample.map((s) => s.displayName)).toEqual(['Friend 2', 'Friend 1']);
    await upsertFriends(ctx.store, a, [{ lineUserId: lineUserIdOf(1), displayName: 'Aoi', pictureUrl: 'https://example.com/aoi.png' }], { now: Date.now() });
    expect((await engine.count(a, tagged('vip'), TOKYO)).sample[1]).toMatchObject({ displayName: 'Aoi', pictureUrl: 'https://example.com/aoi.png' });

    const b = make({ changeLog: createChangeLog(ctx.store, { origin: 'B' }) });
    expect((await b.count(a, tagged('vip'), TOKYO)).sample[0].displayName).toBe('Friend 2');
    await replaceFriends(ctx.store.db, a, [friend(2, { displayName: 'Ben', tags: ['vip'] })]);
    await createChangeLog(ctx.store, { origin: 'A' }).record(a, [lineUserIdOf(2)]);
    expect((await b.count(a, tagged('vip'), TOKYO)).sample.map((s) => s.displayName)).toEqual(['Ben', 'Aoi']);
  });

  it('forgets friends the store no longer has', async () => {
    const a = await account([friend(1, { tags: ['vip'] }), friend(2, { tags: ['vip'] })]);
    const engine = make();
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(2);
    await deleteFriends(ctx.store.db, a, [lineUserIdOf(1)]);
    notifyFriendsChanged(a, [lineUserIdOf(1)]);
    const after = await engine.count(a, tagged('vip'), TOKYO);
    expect(after).toMatchObject({ count: 1, sample: [{ lineUserId: lineUserIdOf(2) }] });
    expect(await engine.diagnose(a, tagged('vip'), TOKYO)).toMatchObject({ count: 1, groups: [{ count: 1 }] });
  });

  it('counts a value held by a few friends (a slot list) and by many (a bitset), also as it grows', async () => {
    // 200 friends: "rare" on 2 of them, "common" on every other one.
    const a = await account(Array.from({ length: 200 }, (_, i) => friend(i + 1, { tags: [...(i % 2 ? ['common'] : []), ...(i < 2 ? ['rare'] : [])] })));
    const engine = make();
    const ix = async () => engine.indexOf(a)!;
    expect((await engine.count(a, tagged('rare'), TOKYO)).count).toBe(2);
    expect((await ix()).sets.tag.get('rare')!.dense).toBeNull();
    expect((await ix()).sets.tag.get('common')!.dense).not.toBeNull();
    expect((await engine.count(a, { groups: [{ conditions: [{ property: 'tag', operator: 'contains_all', value: ['rare', 'common'] }] }] }, TOKYO)).count).toBe(1);
    // "rare" becomes common: 100 more friends take it.
    await upsertFriends(ctx.store, a, Array.from({ length: 100 }, (_, i) => ({ lineUserId: lineUserIdOf(i + 3), tagIds: ['rare'] })), { now: Date.now() });
    expect((await engine.count(a, tagged('rare'), TOKYO)).count).toBe(102);
    expect((await ix()).sets.tag.get('rare')!.dense).not.toBeNull();
    expect((await engine.count(a, { groups: [{ conditions: [{ property: 'tag', operator: 'contains_none', value: ['rare', 'common'] }] }] }, TOKYO)).count).toBe(49);
  });

  it('drops the least recently used index when over its memory budget, and still answers', async () => {
    const a = await account([friend(1, { tags: ['vip'] })]);
    const b = await account([friend(2, { tags: ['vip'] })]);
    const probe = make();
    await probe.warm(a);
    const one = probe.stats()[0].bytes;
    const engine = make({ budgetBytes: Math.floor(one * 1.5) });
    await engine.warm(a);
    await engine.warm(b);
    expect(engine.stats().map((s) => s.accountId)).toEqual([b]);
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(1); // rebuilt on use
    expect(engine.stats().map((s) => s.accountId)).toEqual([a]);
  });

  it('counts by SQL, without rebuilding on every count, an account whose index alone exceeds the budget', async () => {
    const a = await account([friend(1, { tags: ['vip'] }), friend(2)]);
    const warnings: string[] = [];
    const engine = make({ budgetBytes: 1000, logger: { info() {}, error() {}, warn: (msg) => warnings.push(msg) } });
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(1);
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(1);
    expect(engine.stats()).toEqual([]);
    expect(warnings).toEqual(['segment index exceeds the memory budget alone; counting by SQL']);
  });

  it('logs a disagreement with SQL and rebuilds, so the next answer is right again', async () => {
    const a = await account([friend(1, { tags: ['vip'] }), friend(2, { tags: ['vip'] })]);
    const errors: { msg: string; fields?: Record<string, unknown> }[] = [];
    const logger: EngineLogger = { info() {}, warn() {}, error: (msg, fields) => errors.push({ msg, fields }) };
    const engine = make({ crossCheckRate: 1, logger });
    await engine.warm(a);
    clearBit(engine.indexOf(a)!.alive, 0); // a bug: friend 1 lost from the index
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(1);
    await new Promise((r) => setTimeout(r, 200)); // the background cross-check
    expect(errors).toEqual([{ msg: 'segment index disagrees with SQL; rebuilding it', fields: { accountId: a, indexCount: 1, sqlCount: 2 } }]);
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(2);
  });

  it('is right when a write lands while the index is being built', async () => {
    const a = await account(Array.from({ length: 3000 }, (_, i) => friend(i + 1)));
    const engine = make();
    const warming = engine.warm(a);
    await setFriendTags(ctx.store, a, lineUserIdOf(1), ['vip'], Date.now());
    await warming;
    expect((await engine.count(a, tagged('vip'), TOKYO)).count).toBe(1);
  });

  describe('several server instances over one store', () => {
    // Instance A's writes reach B only through the change log: they are made straight to the
    // tables here, as another process would, so B's in-process change feed hears nothing.
    it('sees another instance\'s writes before answering, by re-reading only those friends', async () => {
      const a = await account([friend(1, { tags: ['vip'] }), friend(2)]);
      const logA = createChangeLog(ctx.store, { origin: 'A' });
      const b = make({ changeLog: createChangeLog(ctx.store, { origin: 'B' }) });
      expect((await b.count(a, tagged('vip'), TOKYO)).count).toBe(1);
      const built = b.indexOf(a);
      await replaceFriends(ctx.store.db, a, [friend(2, { tags: ['vip'] })]);
      await logA.record(a, [lineUserIdOf(2)]);
      expect((await b.count(a, tagged('vip'), TOKYO)).count).toBe(2);
      expect(b.indexOf(a)).toBe(built);
      // "All" (a service disconnected elsewhere): rebuilt.
      await replaceFriends(ctx.store.db, a, [friend(1)]);
      await logA.record(a, 'all');
      expect((await b.count(a, tagged('vip'), TOKYO)).count).toBe(1);
      expect(b.indexOf(a)).not.toBe(built);
    });

    it('skips its own rows, and treats pruned rows as "all"', async () => {
      const a = `@log${++n}`;
      const log = createChangeLog(ctx.store, { origin: 'A' });
      const other = createChangeLog(ctx.store, { origin: 'B' });
      await log.record(a, ['U1']);
      await other.record(a, ['U2', 'U3']);
      await log.record(a, ['U4']);
      expect(await log.head(a)).toBe(3);
      expect(await log.since(a, 0)).toEqual({ seq: 3, changes: ['U2', 'U3'] });
      expect(await other.since(a, 2)).toEqual({ seq: 3, changes: ['U4'] });
      expect(await log.since(a, 3)).toEqual({ seq: 3, changes: null });
      await ctx.store.db.deleteFrom('friend_changes' as never).where('account_id' as never, '=', a as never).where('seq' as never, '=', 1 as never).execute();
      expect(await other.since(a, 0)).toEqual({ seq: 3, changes: 'all' });
    });
  });
});
