/**
 * Property-based tests: every generated definition is valid; every mutation of one is rejected
 * with the path of the field at fault; and the evaluator keeps the laws DESIGN.md's rules imply,
 * on random friends at local-midnight edges, in several time zones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  arbCondition, arbDefinition, arbEvaluateOptions, arbFriend, arbFriends, arbScenario, DEFAULT_DOMAIN,
} from './arbitraries';
import { LIMITS, PROPERTIES, propertyDef } from './catalog';
import { dayNumberOfDate, startOfLocalDayMs, localDayNumber } from './dates';
import { evaluate, evaluateCondition, matchingFriends } from './evaluate';
import { compareSampleOrder } from './friend';
import { definitionSchema, toIssues, type Condition, type Definition } from './schema';
import { validationMap } from './validate';

const RUNS = { numRuns: 300 };
// Timeouts are generous: hundreds of cases each, on a shared and sometimes loaded machine.

describe('generated definitions', { timeout: 60_000 }, () => {
  it('are all accepted by definitionSchema', () => {
    fc.assert(fc.property(arbDefinition({ maxGroups: 20, maxConditions: 20 }), (def) => {
      const r = definitionSchema.safeParse(def);
      expect(r.success ? [] : toIssues(r.error)).toEqual([]);
      expect(validationMap(def).size).toBe(0);
    }), { numRuns: 100 });
  });
  it('cover every property and operator of the catalog', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(arbCondition(), (c) => { seen.add(`${c.property} ${c.operator}`); }), { numRuns: 3000 });
    const all = PROPERTIES.flatMap((p) => p.operators.map((o) => `${p.id} ${o}`));
    expect(all.filter((k) => !seen.has(k))).toEqual([]);
  });
});

// ---- mutations: each breaks one rule and names the path it must be reported at ----------------

type Mutation = { def: unknown; path: string };
const clone = <T>(x: T): T => structuredClone(x);

/** Picks a condition of the definition and breaks it (or the structure around it). */
function arbMutation(): fc.Arbitrary<Mutation> {
  return fc.tuple(arbDefinition(), fc.nat(), fc.nat(), fc.nat()).map(([def, gi, ci, pick]) => {
    const g = gi % def.groups.length;
    const c = ci % def.groups[g].conditions.length;
    const at = `groups.${g}.conditions.${c}`;
    const cond = def.groups[g].conditions[c];
    const pd = propertyDef(cond.property)!;
    const out = clone(def) as unknown as { groups: { conditions: Record<string, unknown>[]; [k: string]: unknown }[]; [k: string]: unknown };
    const target = out.groups[g].conditions[c];
    const candidates: (() => string)[] = [
      () => { out.extra = 1; return 'extra'; },
      () => { out.groups[g].extra = 1; return `groups.${g}.extra`; },
      () => { target.negate = true; return `${at}.negate`; },
      () => { target.property = 'line.birthday'; return `${at}.property`; },
      () => { target.operator = 'similar_to'; return `${at}.operator`; },
      () => { // an operator of another kind of property
        target.operator = pd.kind === 'set' ? 'eq' : 'contains_any'; return `${at}.operator`;
      },
      () => { out.groups = Array.from({ length: LIMITS.groupsMax + 1 }, () => clone(def.groups[0])) as never; return 'groups'; },
      () => { out.groups[g].conditions = Array.from({ length: LIMITS.conditionsMax + 1 }, () => clone(cond)) as never; return `groups.${g}.conditions`; },
      () => { out.groups[g].conditions = []; return `groups.${g}.conditions`; },
      () => { out.groups = []; return 'groups'; },
    ];
    // Value mutations that depend on the condition's value input.
    const v = cond.value;
    if (pd.needsKey) candidates.push(() => { target.key = 'k'.repeat(LIMITS.keyMax + 1); return `${at}.key`; });
    else candidates.push(() => { target.key = 'plan'; return `${at}.key`; });
    if (v === undefined) candidates.push(() => { target.value = 1; return `${at}.value`; });
    else if (Array.isArray(v) && typeof v[0] === 'number') {
      const hi = v[1] as number;
      candidates.push(() => { target.value = hi > 0 ? [hi, hi - 1] : [1, 0]; return `${at}.value`; });
      candidates.push(() => { target.value = [v[0], -1]; return `${at}.value.1`; });
    } else if (Array.isArray(v) && pd.kind === 'date') {
      candidates.push(() => { target.value = [v[0], '2026-02-30']; return `${at}.value.1`; });
      candidates.push(() => { target.value = [v[1], '1999-12-31']; return `${at}.value`; });
    } else if (Array.isArray(v)) {
      candidates.push(() => { target.value = Array.from({ length: LIMITS.setValuesMax + 1 }, (_, i) => `v${i}`); return `${at}.value`; });
      candidates.push(() => { target.value = []; return `${at}.value`; });
      candidates.push(() => { target.value = [...v, '']; return `${at}.value.${v.length}`; });
    } else if (typeof v === 'number') {
      const max = pd.unit === 'days' || pd.kind === 'date' ? LIMITS.daysMax : LIMITS.integerMax;
      candidates.push(() => { target.value = max + 1; return `${at}.value`; });
      candidates.push(() => { target.value = -1; return `${at}.value`; });
      candidates.push(() => { target.value = 2.5; return `${at}.value`; });
    } else if (typeof v === 'string' && pd.kind === 'date') {
      candidates.push(() => { target.value = '2026-04-31'; return `${at}.value`; });
    } else if (typeof v === 'string') {
      candidates.push(() => { target.value = 'x'.repeat(LIMITS.textMax + 1); return `${at}.value`; });
      candidates.push(() => { target.value = ''; return `${at}.value`; });
    }
    const path = candidates[pick % candidates.length]();
    return { def: out, path };
  });
}

describe('mutated definitions', { timeout: 60_000 }, () => {
  it('are rejected, with an issue at the path of the broken field', () => {
    fc.assert(fc.property(arbMutation(), ({ def, path }) => {
      const r = definitionSchema.safeParse(def);
      expect(r.success).toBe(false);
      if (!r.success) expect(toIssues(r.error).map((i) => i.path)).toContain(path);
      expect(validationMap(def).has(path)).toBe(true);
    }), { numRuns: 1000 });
  });
});

// ---- evaluator laws ---------------------------------------------------------------------------

const arbCase = arbEvaluateOptions().chain((opts) => fc.record({
  opts: fc.constant(opts),
  friend: arbFriend(opts),
  condition: arbCondition(opts),
}));

/** The condition with its operator swapped for its complement, where the language has one. */
const COMPLEMENT: Partial<Record<Condition['operator'], Condition['operator']>> = {
  contains_any: 'contains_none', contains_none: 'contains_any',
  is_integrated: 'is_not_integrated', is_not_integrated: 'is_integrated',
  is_set: 'is_not_set', is_not_set: 'is_set',
};

describe('evaluator laws on random friends', { timeout: 60_000 }, () => {
  it('never throws, and a blocked friend matches nothing', () => {
    fc.assert(fc.property(arbScenario(), ({ opts, definition, friends }) => {
      for (const f of friends) {
        const member = evaluate(f, definition, opts);
        if (f.blockedAt !== null) expect(member).toBe(false);
      }
    }), { numRuns: 200 });
  });

  it('presence and set operators have exact complements (a missing value is one side, never neither)', () => {
    fc.assert(fc.property(arbCase, ({ opts, friend, condition }) => {
      const other = COMPLEMENT[condition.operator];
      if (!other) return;
      expect(evaluateCondition(friend, { ...condition, operator: other }, opts)).toBe(!evaluateCondition(friend, condition, opts));
    }), RUNS);
  });

  it('comparisons are false on both sides when the friend has no value', () => {
    const pairs: [Condition['operator'], Condition['operator']][] = [['eq', 'neq'], ['contains', 'not_contains'], ['within_last_days', 'not_within_last_days'], ['is_true', 'is_false']];
    fc.assert(fc.property(arbCase, ({ opts, friend, condition }) => {
      const pair = pairs.find(([a]) => a === condition.operator);
      if (!pair) return;
      const yes = evaluateCondition(friend, condition, opts);
      const no = evaluateCondition(friend, { ...condition, operator: pair[1] }, opts);
      expect(yes && no).toBe(false); // never both
      if (!yes && !no) {
        // neither: only when the friend has no value for the property
        const hasValue = evaluateCondition(friend, noValueProbe(condition), opts);
        expect(hasValue).toBe(false);
      }
    }), RUNS);
  });

  it('within the last N days is an instant range: addedAt at or after the start of local day today − N', () => {
    fc.assert(fc.property(arbEvaluateOptions().chain((opts) => fc.record({
      opts: fc.constant(opts), friend: arbFriend(opts), n: fc.integer({ min: 0, max: 40 }),
    })), ({ opts, friend, n }) => {
      const within = evaluateCondition(friend, { property: 'line.friend_added_at', operator: 'within_last_days', value: n }, opts);
      const today = localDayNumber(opts.asOf, opts.timeZone);
      const expected = friend.addedAt !== null && Date.parse(friend.addedAt) >= startOfLocalDayMs(today - n, opts.timeZone);
      expect(within).toBe(expected);
    }), RUNS);
  });

  it('on / before / after a date partition the friends who have an addedAt', () => {
    fc.assert(fc.property(arbCase, ({ opts, friend, condition }) => {
      if (condition.property !== 'line.friend_added_at' || !['on', 'before', 'after'].includes(condition.operator)) return;
      const results = (['on', 'before', 'after'] as const).map((operator) => evaluateCondition(friend, { ...condition, operator }, opts));
      expect(results.filter(Boolean).length).toBe(friend.addedAt === null ? 0 : 1);
      // and `on D` is the instant range [start of D, start of D + 1)
      const day = dayNumberOfDate(condition.value as string);
      const t = friend.addedAt === null ? null : Date.parse(friend.addedAt);
      expect(results[0]).toBe(t !== null && t >= startOfLocalDayMs(day, opts.timeZone) && t < startOfLocalDayMs(day + 1, opts.timeZone));
    }), RUNS);
  });

  it('ORing definitions ORs their members; a group ANDs its conditions', () => {
    fc.assert(fc.property(arbEvaluateOptions().chain((opts) => fc.record({
      opts: fc.constant(opts), a: arbDefinition(opts), b: arbDefinition(opts), friend: arbFriend(opts),
    })), ({ opts, a, b, friend }) => {
      const or: Definition = { groups: [...a.groups, ...b.groups] };
      expect(evaluate(friend, or, opts)).toBe(evaluate(friend, a, opts) || evaluate(friend, b, opts));
      if (friend.blockedAt === null) {
        for (const g of a.groups) {
          expect(evaluate(friend, { groups: [g] }, opts)).toBe(g.conditions.every((c) => evaluateCondition(friend, c, opts)));
        }
      }
    }), RUNS);
  });

  it('matchingFriends counts the members and samples them in sample order', () => {
    fc.assert(fc.property(arbScenario({ maxFriends: 40 }), ({ opts, definition, friends }) => {
      const members = friends.filter((f) => evaluate(f, definition, opts));
      const { count, sample } = matchingFriends(friends, definition, opts);
      expect(count).toBe(members.length);
      expect(sample).toEqual([...members].sort(compareSampleOrder).slice(0, 10));
    }), { numRuns: 100 });
  });
});

describe('the friend arbitrary produces the edge cases it promises', { timeout: 60_000 }, () => {
  it('blocked, unknown addedAt, no orders, "" values, case variants, midnight instants', () => {
    const friends = fc.sample(arbFriends({ minLength: 30, maxLength: 30 }), 20).flat();
    const tokyoClock = (iso: string) => new Date(Date.parse(iso) + 9 * 3_600_000).toISOString().slice(11, 23);
    expect(friends.some((f) => f.blockedAt !== null)).toBe(true);
    expect(friends.some((f) => f.addedAt === null)).toBe(true);
    expect(friends.some((f) => f.shopify !== null && f.shopify.purchaseCount === 0 && f.shopify.lastPurchaseAt === null)).toBe(true);
    expect(friends.some((f) => f.hubspot !== null && Object.values(f.hubspot.properties).includes(''))).toBe(true);
    expect(friends.some((f) => f.hubspot !== null && Object.keys(f.hubspot.properties).length === 0)).toBe(true);
    const values = new Set(friends.flatMap((f) => Object.values(f.klaviyo?.properties ?? {})));
    for (const v of ['gold', 'GOLD', 'ｇｏｌｄ']) expect(values.has(v)).toBe(true);
    const clocks = new Set(friends.flatMap((f) => (f.addedAt ? [tokyoClock(f.addedAt)] : [])));
    expect(clocks.has('00:00:00.000')).toBe(true);
    expect(clocks.has('23:59:59.999')).toBe(true);
    expect(DEFAULT_DOMAIN.values).toContain('');
  });
});

/** A condition that is true exactly when the friend has a value for the condition's property. */
function noValueProbe(c: Condition): Condition {
  switch (c.property) {
    case 'line.friend_added_at': return { property: c.property, operator: 'between', value: ['0001-01-01', '9999-12-31'] };
    case 'shopify.abandoned_cart': return { property: 'shopify.integrated', operator: 'is_integrated' };
    case 'hubspot.property': case 'klaviyo.property': return { property: c.property, key: c.key, operator: 'is_set' };
    case 'shopify.purchase_count': return { property: 'shopify.integrated', operator: 'is_integrated' };
    case 'shopify.days_since_last_purchase': return { property: c.property, operator: 'is_set' };
    default: return c;
  }
}
