/**
 * THE differential test (issue 3, item 4): random friends and random segments; the compiled SQL,
 * on a real SQLite and on a real PostgreSQL, agrees with lib/segment's reference evaluator on every
 * friend — membership, count, sample — and on every figure of diagnose.
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
import { ANCHORS, arbQuery, arbWorld } from './testing/scenario';
import { ensureAccount, insertFriends } from './testing/friends-builder';

const A = '@differential';
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
