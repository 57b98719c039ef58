/**
 * THE differential test (issue 3, item 4; issue 9, item 2): random friends and random segments;
 * the compiled SQL on a real SQLite and on a real PostgreSQL, and the columnar index built from
 * each, agree with lib/segment's reference evaluator on every friend — membership, count, sample —
 * and on every figure of diagnose; the index also after incremental updates (friends changed,
 * added, blocked and unblocked through the friends repository, and a service disconnected).
 *
 * One batch of random friends per store, many random definitions against it (random "today" and
 * time zone). A failure prints the friends' seed (set LUMO_DIFF_SEED to replay it) and fast-check's
 * own seed and shrunk counterexample.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { evaluate, evaluateCondition, matchingFriends } from '../../../lib/segment/evaluate';
import type { EvaluateOptions, SegmentFriend } from '../../../lib/segment/friend';
import { definitionSchema, type Definition } from '../../../lib/segment/schema';
import type { Diagnosis } from '../../../lib/contract/api';
import { compileMembers } from './compile-sql';
import { createSqlEngine, type SegmentEngine } from './engine';
import { ANCHORS, arbFriendUpdate, arbQuery, arbWorld, lineUserIdOf } from './testing/scenario';
import { createIndexedEngine, type IndexedEngine } from './index/engine';
import { countMembers } from './index/query';
import { bitsOf } from './index/bitset';
import { clearService, setBlocked, upsertFriends, type FriendWrite } from '../repositories/friends';
import { afterAll } from 'vitest';
import { ensureAccount, insertFriends } from './testing/friends-builder';

const SEED = Number(process.env.LUMO_DIFF_SEED ?? Date.now() % 1_000_000_007);
const RUNS = Number(process.env.LUMO_DIFF_RUNS ?? 1000);

/** Diagnose straight from DESIGN.md's words, with the evaluator: independent of ./diagnose-plan.ts. */
export function referenceDiagnosis(friends: readonly SegmentFriend[], def: Definition, opts: EvaluateOptions): Diagnosis {
  const unblocked = friends.filter((f) => f.blockedAt === null);
  const count = (d: Definition) => unblocked.filter((f) => evaluate(f, d, opts)).length;
  return {
    count: count(def),
    groups: def.groups.map((g, gi) => ({
      count: count({ groups: [g] }),
      conditions: g.conditions.map((cond, ci) => {
        const groups = def.groups
          .map((h, hi) => (hi === gi ? { conditions: h.conditions.filter((_, j) => j !== ci) } : h))
          .filter((h) => h.conditions.length > 0);
        return {
          alone: unblocked.filter((f) => evaluateCondition(f, cond, opts)).length,
          running: count({ groups: [{ conditions: g.conditions.slice(0, ci + 1) }] }),
          withoutIt: groups.length === 0 ? unblocked.length : count({ groups }),
        };
      }),
    })),
  };
}

export const toSample = (f: SegmentFriend) =>
  ({ lineUserId: f.lineUserId, displayName: f.displayName, pictureUrl: f.pictureUrl ?? null, addedAt: f.addedAt });

forEachStore(`differential: compiled SQL = evaluator (friends seed ${SEED})`, (ctx) => {
  let friends: SegmentFriend[];
  let engine: SegmentEngine;
  const A = '@differential-sql';

  beforeAll(async () => {
    friends = fc.sample(arbWorld(Math.ceil(300 / ANCHORS.length)), { numRuns: 1, seed: SEED })[0];
    await ensureAccount(ctx.store.db, A);
    await insertFriends(ctx.store.db, A, friends);
    // PostgreSQL plans by statistics; autovacuum gathers them in production, here we ask at once.
    if (ctx.dialect === 'postgres') await sql`ANALYZE`.execute(ctx.store.db);
    engine = createSqlEngine(ctx.store);
  });

  it(`agrees on membership, count and sample for ${RUNS} random segments`, async () => {
    await fc.assert(fc.asyncProperty(arbQuery, async ({ definition: def, opts }) => {
      expect(definitionSchema.safeParse(def).success).toBe(true);
      const { rows } = await compileMembers(def, { accountId: A, dialect: ctx.dialect, ...opts }).execute(ctx.store.db);
      expect(rows.map((r) => r.line_user_id).sort())
        .toEqual(friends.filter((f) => evaluate(f, def, opts)).map((f) => f.lineUserId).sort());
      const expected = matchingFriends(friends, def, opts);
      const got = await engine.count(A, def, opts);
      expect(got.count).toBe(expected.count);
      expect(got.sample).toEqual(expected.sample.map(toSample));
    }), { numRuns: RUNS });
  }, 120_000);

  it(`agrees on every figure of diagnose for ${Math.ceil(RUNS / 5)} random segments`, async () => {
    await fc.assert(fc.asyncProperty(arbQuery, async ({ definition: def, opts }) => {
      expect(await engine.diagnose(A, def, opts)).toEqual(referenceDiagnosis(friends, def, opts));
    }), { numRuns: Math.ceil(RUNS / 5) });
  }, 120_000);
});

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
/** A friend's whole state as the friends repository writes it (every field given: a replace). */
function toWrite(f: SegmentFriend): FriendWrite {
  const service = (b: SegmentFriend['hubspot']) => (b ? { recordId: b.recordId, lists: b.lists, properties: b.properties } : null);
  return {
    lineUserId: f.lineUserId, displayName: f.displayName, pictureUrl: f.pictureUrl ?? null,
    addedAt: ms(f.addedAt), blockedAt: ms(f.blockedAt), tagIds: f.tags,
    shopify: f.shopify ? { ...f.shopify, lastPurchaseAt: ms(f.shopify.lastPurchaseAt) } : null,
    hubspot: service(f.hubspot), klaviyo: service(f.klaviyo),
  };
}

forEachStore(`differential: columnar index = evaluator (friends seed ${SEED})`, (ctx) => {
  let friends: SegmentFriend[];
  let index: IndexedEngine;
  const A = '@differential-index';
  const rnd = fc.sample(fc.integer({ min: 0, max: 2 ** 30 }), { numRuns: 1, seed: SEED + 1 })[0];

  beforeAll(async () => {
    friends = fc.sample(arbWorld(Math.ceil(300 / ANCHORS.length)), { numRuns: 1, seed: SEED })[0];
    await ensureAccount(ctx.store.db, A);
    await insertFriends(ctx.store.db, A, friends);
    if (ctx.dialect === 'postgres') await sql`ANALYZE`.execute(ctx.store.db);
    index = createIndexedEngine(ctx.store, createSqlEngine(ctx.store), { waitForBuild: true, crossCheckRate: 0 });
    await index.warm(A);
  });
  afterAll(() => index?.close());

  /** Checks `runs` random segments: membership on every friend, count, sample, and (every 5th) diagnose. */
  async function agree(runs: number, seed?: number): Promise<void> {
    let k = 0;
    await fc.assert(fc.asyncProperty(arbQuery, async ({ definition: def, opts }) => {
      const got = await index.count(A, def, opts);
      const expected = matchingFriends(friends, def, opts);
      const ix = index.indexOf(A)!;
      const out = new Uint32Array(ix.words);
      countMembers(ix, def, opts, out);
      expect(bitsOf(out, ix.words).map((s) => ix.ids.idAt(s)).sort())
        .toEqual(friends.filter((f) => evaluate(f, def, opts)).map((f) => f.lineUserId).sort());
      expect(got.count).toBe(expected.count);
      expect(got.sample).toEqual(expected.sample.map(toSample));
      if (k++ % 5 === 0) expect(await index.diagnose(A, def, opts)).toEqual(referenceDiagnosis(friends, def, opts));
    }), { numRuns: runs, seed });
  }

  it(`agrees on membership, count, sample and diagnose for ${RUNS} random segments`, async () => {
    await agree(RUNS);
  }, 120_000);

  it('still agrees after friends are changed, added, blocked and unblocked, without a rebuild', async () => {
    const built = index.indexOf(A);
    let next = friends.length + 1;
    for (let round = 0; round < 6; round++) {
      const seed = rnd + round;
      // Change ~15 friends, add ~5, block or unblock ~5, through the repository (which notifies the index).
      const picks = fc.sample(fc.uniqueArray(fc.nat(friends.length - 1), { minLength: 20, maxLength: 20 }), { numRuns: 1, seed })[0];
      const changed = picks.slice(0, 15).map((i, j) => fc.sample(arbFriendUpdate(friends[i].lineUserId), { numRuns: 1, seed: seed * 31 + j })[0]);
      const added = fc.sample(arbFriendUpdate(lineUserIdOf(next)), { numRuns: 5, seed }).map((f, j) => ({ ...f, lineUserId: lineUserIdOf(next + j) }));
      next += added.length;
      await upsertFriends(ctx.store, A, [...changed, ...added].map(toWrite), { now: Date.now() });
      const byId = new Map(friends.map((f) => [f.lineUserId, f]));
      for (const f of [...changed, ...added]) byId.set(f.lineUserId, f);
      for (const i of picks.slice(15)) {
        const f = byId.get(friends[i].lineUserId)!;
        const blockedAt = f.blockedAt === null ? Date.parse('2026-06-01T00:00:00Z') : null;
        const now = Date.now();
        await setBlocked(ctx.store, A, f.lineUserId, blockedAt, { now });
        // A follow of a friend with unknown addedAt makes it the follow's time (the repository's rule).
        const addedAt = blockedAt === null && f.addedAt === null ? new Date(now).toISOString() : f.addedAt;
        byId.set(f.lineUserId, { ...f, addedAt, blockedAt: blockedAt === null ? null : new Date(blockedAt).toISOString() });
      }
      friends = [...byId.values()];
      await agree(Math.ceil(RUNS / 15), seed);
    }
    expect(index.indexOf(A)).toBe(built); // updated in place, never rebuilt
  }, 120_000);

  it('still agrees after a service is disconnected (a change of "all": rebuilt)', async () => {
    await clearService(ctx.store, A, 'hubspot');
    friends = friends.map((f) => ({ ...f, hubspot: null }));
    await agree(Math.ceil(RUNS / 10));
  }, 120_000);
});
