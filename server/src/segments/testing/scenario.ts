/**
 * The differential tests' world, from lib/segment/arbitraries.ts: one batch of friends per store,
 * clustered around several "todays" in several time zones (local midnights, DST days, a leap day),
 * and definitions drawn around one of those same todays, so date conditions hit and miss by one
 * millisecond. The value domain is lib/segment's (case and non-ASCII variants, LIKE wildcards),
 * widened with values that try to break out of SQL or JavaScript objects.
 */
import fc from 'fast-check';
import {
  DEFAULT_DOMAIN, TEST_TIME_ZONES, arbDefinition, arbFriend, type ArbDomain,
} from '../../../../lib/segment/arbitraries';
import type { EvaluateOptions, SegmentFriend } from '../../../../lib/segment/friend';
import type { Definition } from '../../../../lib/segment/schema';

const HOSTILE = "'; DROP TABLE friends; --";

export const DOMAIN: Required<ArbDomain> = {
  tagIds: [...DEFAULT_DOMAIN.tagIds, HOSTILE, '😀'],
  listIds: [...DEFAULT_DOMAIN.listIds, '100%'],
  customerTags: [...DEFAULT_DOMAIN.customerTags, 'a_b'],
  // Keys an object would inherit if looked up carelessly.
  keys: [...DEFAULT_DOMAIN.keys, 'constructor', 'toString'],
  values: [...DEFAULT_DOMAIN.values, HOSTILE, '😀 party', 'Gold 😀'],
};

/** The "todays" friends cluster around: each of lib/segment's test zones, twice. */
export const ANCHORS: EvaluateOptions[] = TEST_TIME_ZONES.flatMap((timeZone, i) => [
  { timeZone, asOf: Date.parse(['2026-06-14T15:00:00Z', '2026-03-09T04:30:00Z', '2026-11-02T04:59:59Z', '2026-04-05T12:00:00Z', '2024-02-29T12:00:00Z'][i]) },
  { timeZone, asOf: Date.parse(['2026-11-01T06:30:00Z', '2026-06-15T03:00:00Z', '2025-12-31T23:59:59Z', '2026-10-04T15:00:00Z', '2026-03-08T07:00:00Z'][i]) },
]);

export const lineUserIdOf = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

/** `perAnchor` friends around each anchor, numbered from `from` (distinct line user ids). */
export function arbWorld(perAnchor: number, from = 1): fc.Arbitrary<SegmentFriend[]> {
  return fc.tuple(...ANCHORS.map((a) => fc.array(arbFriend({ ...DOMAIN, ...a }), { minLength: perAnchor, maxLength: perAnchor })))
    .map((batches) => batches.flat().map((f, i) => ({ ...f, lineUserId: lineUserIdOf(from + i) })));
}

/** A friend's new state (an update): drawn around any anchor, keeping its id. */
export function arbFriendUpdate(lineUserId: string): fc.Arbitrary<SegmentFriend> {
  return fc.constantFrom(...ANCHORS).chain((a) => arbFriend({ ...DOMAIN, ...a, lineUserId: fc.constant(lineUserId) }));
}

export interface Query { definition: Definition; opts: EvaluateOptions }

/** A definition around one anchor, evaluated at that anchor's today or a few days either side. */
export const arbQuery: fc.Arbitrary<Query> = fc.constantFrom(...ANCHORS).chain((anchor) => fc.record({
  definition: arbDefinition({ ...DOMAIN, ...anchor }),
  opts: fc.oneof(
    fc.constant(anchor),
    fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).map((d) => ({ ...anchor, asOf: anchor.asOf + d })),
  ),
}));
