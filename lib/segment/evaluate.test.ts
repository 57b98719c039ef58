/**
 * The reference semantics, as behaviour: given these friends, this segment, expect these friends.
 * Each `describe` below names the rule of DESIGN.md ("The segment language (v1)", Semantics) it
 * protects; breaking the rule breaks a test here.
 */
import { describe, expect, it } from 'vitest';
import { PROPERTIES } from './catalog';
import { evaluate, evaluateCondition, matchingFriends } from './evaluate';
import type { EvaluateOptions, SegmentFriend, ServiceBlock, ShopifyBlock } from './friend';
import { definitionSchema, type Condition, type Definition } from './schema';

// ---- builders --------------------------------------------------------------------------------

function friend(lineUserId: string, over: Partial<SegmentFriend> = {}): SegmentFriend {
  return {
    lineUserId, displayName: lineUserId, addedAt: null, blockedAt: null, tags: [],
    shopify: null, hubspot: null, klaviyo: null, ...over,
  };
}
function shopify(over: Partial<ShopifyBlock> = {}): ShopifyBlock {
  return { customerId: 'gid://shopify/Customer/1', tags: [], purchaseCount: 0, lastPurchaseAt: null, abandonedCart: false, ...over };
}
function service(over: Partial<ServiceBlock> = {}): ServiceBlock {
  return { recordId: 'r1', lists: [], properties: {}, ...over };
}
/** A segment of groups (ORed) of conditions (ANDed), checked against the schema. */
function segment(...groups: Condition[][]): Definition {
  const def: Definition = { groups: groups.map((conditions) => ({ conditions })) };
  definitionSchema.parse(def); // a test segment is always a valid one
  return def;
}
function members(friends: SegmentFriend[], def: Definition, opts: EvaluateOptions): string[] {
  return friends.filter((f) => evaluate(f, def, opts)).map((f) => f.lineUserId);
}
const c = (property: Condition['property'], operator: Condition['operator'], value?: Condition['value'], key?: string): Condition =>
  ({ property, operator, ...(key !== undefined ? { key } : {}), ...(value !== undefined ? { value } : {}) });

// "Today" is 2026-06-15 12:00 in Tokyo.
const TOKYO: EvaluateOptions = { asOf: Date.parse('2026-06-15T03:00:00Z'), timeZone: 'Asia/Tokyo' };

// ---- the cast --------------------------------------------------------------------------------

/** Added 2026-06-01 00:00:00 Tokyo (14 days ago; still 05-31 in UTC). A buyer, in HubSpot. */
const aoi = friend('aoi', {
  addedAt: '2026-05-31T15:00:00Z', tags: ['t_vip', 't_gold'],
  shopify: shopify({ tags: ['wholesale', 'Gold'], purchaseCount: 6, lastPurchaseAt: '2026-06-10T01:00:00Z' /* 5 days */ }),
  hubspot: service({ lists: ['12'], properties: { lifecyclestage: 'customer', plan: 'Gold Member' } }),
});
/** Added 2026-01-10 23:59:59 Tokyo (156 days ago). In Shopify with no orders; in Klaviyo. */
const ben = friend('ben', {
  addedAt: '2026-01-10T14:59:59Z', tags: ['t_vip'],
  shopify: shopify({ purchaseCount: 0, lastPurchaseAt: null, abandonedCart: true }),
  klaviyo: service({ lists: ['k1'], properties: { tier: 'ｇｏｌｄ' } }),
});
/** Added on an unknown date, no tags, integrated with nothing. */
const chie = friend('chie');
/** Added 2026-01-01 00:00:00 Tokyo (165 days ago; 2025-12-31 in UTC). Everywhere. */
const dan = friend('dan', {
  addedAt: '2025-12-31T15:00:00Z', tags: ['t_gold'],
  shopify: shopify({ tags: ['vip'], purchaseCount: 2, lastPurchaseAt: '2026-05-15T15:00:00Z' /* 05-16 00:00 Tokyo: 30 days */ }),
  hubspot: service({ lists: [], properties: { lifecyclestage: 'lead', plan: '' } }),
  klaviyo: service({ lists: ['k1', 'k2'], properties: { tier: 'GOLD' } }),
});
/** Blocked the account; would match almost every condition. */
const eve = friend('eve', {
  addedAt: '2026-06-15T00:00:00Z', blockedAt: '2026-06-15T01:00:00Z', tags: ['t_vip', 't_gold'],
  shopify: shopify({ tags: ['wholesale', 'vip', 'Gold'], purchaseCount: 6, lastPurchaseAt: '2026-06-14T00:00:00Z', abandonedCart: true }),
  hubspot: service({ lists: ['12'], properties: { lifecyclestage: 'customer', plan: 'gold', tier: 'x' } }),
  klaviyo: service({ lists: ['k1', 'k2'], properties: { tier: 'GOLD' } }),
});
/** Blocked the account; would match every "absence" condition. */
const fumi = friend('fumi', { blockedAt: '2026-01-01T00:00:00Z' });

const CAST = [aoi, ben, chie, dan, eve, fumi];

// ---- every property × operator ---------------------------------------------------------------

type Row = [string, Condition, string[]];
const TABLE: Row[] = [
  // line.friend_added_at — calendar dates in Tokyo; before/after strict, between inclusive.
  ['added on a local date', c('line.friend_added_at', 'on', '2026-06-01'), ['aoi']],
  ['added on the UTC date is not the local date', c('line.friend_added_at', 'on', '2026-05-31'), []],
  ['added before is strict', c('line.friend_added_at', 'before', '2026-01-10'), ['dan']],
  ['added after is strict', c('line.friend_added_at', 'after', '2026-01-10'), ['aoi']],
  ['added between is inclusive at both ends', c('line.friend_added_at', 'between', ['2026-01-01', '2026-01-10']), ['ben', 'dan']],
  ['added between one day', c('line.friend_added_at', 'between', ['2026-06-01', '2026-06-01']), ['aoi']],
  ['added within the last 14 days includes day 14', c('line.friend_added_at', 'within_last_days', 14), ['aoi']],
  ['added within the last 13 days', c('line.friend_added_at', 'within_last_days', 13), []],
  ['added not within the last 14 days', c('line.friend_added_at', 'not_within_last_days', 14), ['ben', 'dan']],
  ['added not within the last 156 days excludes day 156', c('line.friend_added_at', 'not_within_last_days', 156), ['dan']],
  ['added date is set: the date is known', c('line.friend_added_at', 'is_set'), ['aoi', 'ben', 'dan']],
  ['added date is not set: the date is unknown', c('line.friend_added_at', 'is_not_set'), ['chie']],
  // tag — ids; a friend without tags has the empty set.
  ['tag contains any', c('tag', 'contains_any', ['t_gold']), ['aoi', 'dan']],
  ['tag contains any of a deleted tag', c('tag', 'contains_any', ['t_deleted']), []],
  ['tag contains all', c('tag', 'contains_all', ['t_vip', 't_gold']), ['aoi']],
  ['tag contains none', c('tag', 'contains_none', ['t_vip']), ['chie', 'dan']],
  // integrations — presence of the service's block.
  ['Shopify integrated', c('shopify.integrated', 'is_integrated'), ['aoi', 'ben', 'dan']],
  ['Shopify not integrated', c('shopify.integrated', 'is_not_integrated'), ['chie']],
  ['HubSpot integrated', c('hubspot.integrated', 'is_integrated'), ['aoi', 'dan']],
  ['HubSpot not integrated', c('hubspot.integrated', 'is_not_integrated'), ['ben', 'chie']],
  ['Klaviyo integrated', c('klaviyo.integrated', 'is_integrated'), ['ben', 'dan']],
  ['Klaviyo not integrated', c('klaviyo.integrated', 'is_not_integrated'), ['aoi', 'chie']],
  // shopify.customer_tag — exact strings; not integrated = empty set.
  ['Shopify tag contains any (exact case)', c('shopify.customer_tag', 'contains_any', ['Gold']), ['aoi']],
  ['Shopify tag values compare exactly', c('shopify.customer_tag', 'contains_any', ['gold']), []],
  ['Shopify tag contains all', c('shopify.customer_tag', 'contains_all', ['wholesale', 'Gold']), ['aoi']],
  ['Shopify tag contains none, missing set is empty', c('shopify.customer_tag', 'contains_none', ['vip']), ['aoi', 'ben', 'chie']],
  // shopify.purchase_count — integrated with no orders is 0; not integrated has no value.
  ['purchases = 0 includes integrated with no orders', c('shopify.purchase_count', 'eq', 0), ['ben']],
  ['purchases ≠ 6 excludes the not integrated', c('shopify.purchase_count', 'neq', 6), ['ben', 'dan']],
  ['purchases > 2', c('shopify.purchase_count', 'gt', 2), ['aoi']],
  ['purchases ≥ 2', c('shopify.purchase_count', 'gte', 2), ['aoi', 'dan']],
  ['purchases < 2', c('shopify.purchase_count', 'lt', 2), ['ben']],
  ['purchases ≤ 2', c('shopify.purchase_count', 'lte', 2), ['ben', 'dan']],
  ['purchases between is inclusive', c('shopify.purchase_count', 'between', [0, 2]), ['ben', 'dan']],
  // shopify.days_since_last_purchase — none for no orders and for not integrated.
  ['days since purchase = 30', c('shopify.days_since_last_purchase', 'eq', 30), ['dan']],
  ['days since purchase ≠ 5 excludes those with no value', c('shopify.days_since_last_purchase', 'neq', 5), ['dan']],
  ['days since purchase > 5', c('shopify.days_since_last_purchase', 'gt', 5), ['dan']],
  ['days since purchase ≥ 5', c('shopify.days_since_last_purchase', 'gte', 5), ['aoi', 'dan']],
  ['days since purchase < 30', c('shopify.days_since_last_purchase', 'lt', 30), ['aoi']],
  ['days since purchase ≤ 30', c('shopify.days_since_last_purchase', 'lte', 30), ['aoi', 'dan']],
  ['days since purchase between is inclusive', c('shopify.days_since_last_purchase', 'between', [0, 5]), ['aoi']],
  ['days since purchase is set', c('shopify.days_since_last_purchase', 'is_set'), ['aoi', 'dan']],
  ['days since purchase is not set: no orders or not integrated', c('shopify.days_since_last_purchase', 'is_not_set'), ['ben', 'chie']],
  // shopify.abandoned_cart
  ['abandoned cart is true', c('shopify.abandoned_cart', 'is_true'), ['ben']],
  ['abandoned cart is false excludes the not integrated', c('shopify.abandoned_cart', 'is_false'), ['aoi', 'dan']],
  // lists
  ['HubSpot list contains any', c('hubspot.list', 'contains_any', ['12']), ['aoi']],
  ['HubSpot list contains all', c('hubspot.list', 'contains_all', ['12']), ['aoi']],
  ['HubSpot list contains none, missing set is empty', c('hubspot.list', 'contains_none', ['12']), ['ben', 'chie', 'dan']],
  ['Klaviyo list contains any', c('klaviyo.list', 'contains_any', ['k2', 'k9']), ['dan']],
  ['Klaviyo list contains all', c('klaviyo.list', 'contains_all', ['k1', 'k2']), ['dan']],
  ['Klaviyo list contains none, missing set is empty', c('klaviyo.list', 'contains_none', ['k2']), ['aoi', 'ben', 'chie']],
  // hubspot.property — eq/neq exact; contains/not_contains/starts_with fold ASCII only.
  ['HubSpot property is', c('hubspot.property', 'eq', 'customer', 'lifecyclestage'), ['aoi']],
  ['HubSpot property is compares exactly', c('hubspot.property', 'eq', 'Customer', 'lifecyclestage'), []],
  ['HubSpot property is not excludes those with no value', c('hubspot.property', 'neq', 'customer', 'lifecyclestage'), ['dan']],
  ['HubSpot property contains ignores ASCII case', c('hubspot.property', 'contains', 'GOLD', 'plan'), ['aoi']],
  ['HubSpot property does not contain: "" has a value, unset has none', c('hubspot.property', 'not_contains', 'gold', 'plan'), ['dan']],
  ['HubSpot property starts with ignores ASCII case', c('hubspot.property', 'starts_with', 'gold m', 'plan'), ['aoi']],
  ['HubSpot property starts with, not in the middle', c('hubspot.property', 'starts_with', 'member', 'plan'), []],
  ['HubSpot property is set: "" counts as set', c('hubspot.property', 'is_set', undefined, 'plan'), ['aoi', 'dan']],
  ['HubSpot property is not set', c('hubspot.property', 'is_not_set', undefined, 'plan'), ['ben', 'chie']],
  ['HubSpot property absent key is not set', c('hubspot.property', 'is_not_set', undefined, 'missing_key'), ['aoi', 'ben', 'chie', 'dan']],
  ['HubSpot property absent key does not contain: false', c('hubspot.property', 'not_contains', 'x', 'missing_key'), []],
  // klaviyo.property — full-width letters are not ASCII and compare exactly.
  ['Klaviyo property contains folds ASCII but not full-width', c('klaviyo.property', 'contains', 'gold', 'tier'), ['dan']],
  ['Klaviyo property contains full-width exactly', c('klaviyo.property', 'contains', 'ｇｏｌｄ', 'tier'), ['ben']],
  ['Klaviyo property full-width upper is not full-width lower', c('klaviyo.property', 'contains', 'ＧＯＬＤ', 'tier'), []],
  ['Klaviyo property is', c('klaviyo.property', 'eq', 'GOLD', 'tier'), ['dan']],
  ['Klaviyo property is not', c('klaviyo.property', 'neq', 'GOLD', 'tier'), ['ben']],
  ['Klaviyo property does not contain', c('klaviyo.property', 'not_contains', 'gold', 'tier'), ['ben']],
  ['Klaviyo property starts with', c('klaviyo.property', 'starts_with', 'Go', 'tier'), ['dan']],
  ['Klaviyo property is set', c('klaviyo.property', 'is_set', undefined, 'tier'), ['ben', 'dan']],
  ['Klaviyo property is not set', c('klaviyo.property', 'is_not_set', undefined, 'tier'), ['aoi', 'chie']],
];

describe('every property × operator on a cast of friends (Tokyo, 2026-06-15 12:00)', () => {
  it.each(TABLE)('%s', (_name, condition, expected) => {
    expect(members(CAST, segment([condition]), TOKYO)).toEqual(expected);
  });

  it('the table covers every operator of every property in the catalog', () => {
    const covered = new Set(TABLE.map(([, cond]) => `${cond.property} ${cond.operator}`));
    const missing = PROPERTIES.flatMap((p) => p.operators.map((op) => `${p.id} ${op}`)).filter((k) => !covered.has(k));
    expect(missing).toEqual([]);
  });
});

describe('blocked friends are members of no segment', () => {
  it('a blocked friend matches no row of the table, not even the "absence" conditions', () => {
    for (const [, condition] of TABLE) {
      expect(evaluate(eve, segment([condition]), TOKYO)).toBe(false);
      expect(evaluate(fumi, segment([condition]), TOKYO)).toBe(false);
    }
  });
  it('the same friend, unblocked, matches again', () => {
    const def = segment([c('tag', 'contains_any', ['t_vip'])]);
    expect(evaluate(eve, def, TOKYO)).toBe(false);
    expect(evaluate({ ...eve, blockedAt: null }, def, TOKYO)).toBe(true);
  });
});

describe('a comparison is false when the friend has no value', () => {
  const nobody = friend('nobody');
  const comparisons: Condition[] = [
    c('line.friend_added_at', 'on', '2026-06-15'), c('line.friend_added_at', 'before', '9999-12-31'),
    c('line.friend_added_at', 'after', '1970-01-01'), c('line.friend_added_at', 'between', ['1970-01-01', '9999-12-31']),
    c('line.friend_added_at', 'within_last_days', 36_500), c('line.friend_added_at', 'not_within_last_days', 0),
    c('shopify.purchase_count', 'neq', 1), c('shopify.purchase_count', 'lte', 1_000_000_000),
    c('shopify.purchase_count', 'between', [0, 1_000_000_000]),
    c('shopify.days_since_last_purchase', 'neq', 1), c('shopify.days_since_last_purchase', 'gte', 0),
    c('shopify.days_since_last_purchase', 'lte', 36_500),
    c('shopify.abandoned_cart', 'is_true'), c('shopify.abandoned_cart', 'is_false'),
    c('hubspot.property', 'neq', 'x', 'k'), c('hubspot.property', 'not_contains', 'x', 'k'),
    c('klaviyo.property', 'neq', 'x', 'k'), c('klaviyo.property', 'not_contains', 'x', 'k'),
  ];
  it.each(comparisons.map((cond) => [`${cond.property} ${cond.operator}`, cond] as const))('%s: friend with no value is out', (_n, cond) => {
    expect(evaluate(nobody, segment([cond]), TOKYO)).toBe(false);
  });
  it('an integrated friend without the property key has no value either', () => {
    const f = friend('f', { hubspot: service({ properties: { other: 'x' } }) });
    expect(members([f], segment([c('hubspot.property', 'neq', 'x', 'k')]), TOKYO)).toEqual([]);
    expect(members([f], segment([c('hubspot.property', 'is_not_set', undefined, 'k')]), TOKYO)).toEqual(['f']);
  });
  it('property keys are own keys only: "constructor" is not inherited from Object', () => {
    const f = friend('f', { hubspot: service({ properties: {} }) });
    expect(members([f], segment([c('hubspot.property', 'is_set', undefined, 'constructor')]), TOKYO)).toEqual([]);
  });
});

describe('an integrated Shopify customer with no orders', () => {
  const noOrders = friend('no_orders', { shopify: shopify({ purchaseCount: 0, lastPurchaseAt: null }) });
  const notIntegrated = friend('not_integrated');
  const cast = [noOrders, notIntegrated];
  it('has 0 purchases', () => {
    expect(members(cast, segment([c('shopify.purchase_count', 'eq', 0)]), TOKYO)).toEqual(['no_orders']);
    expect(members(cast, segment([c('shopify.purchase_count', 'lt', 1)]), TOKYO)).toEqual(['no_orders']);
  });
  it('has no days since last purchase', () => {
    expect(members(cast, segment([c('shopify.days_since_last_purchase', 'lte', 36_500)]), TOKYO)).toEqual([]);
    expect(members(cast, segment([c('shopify.days_since_last_purchase', 'is_not_set')]), TOKYO)).toEqual(['no_orders', 'not_integrated']);
  });
});

describe('a friend whose added date is unknown', () => {
  it('meets no date comparison, and only is_not_set selects them', () => {
    for (const [op, v] of [['within_last_days', 36_500], ['not_within_last_days', 0], ['before', '2100-01-01'], ['after', '1900-01-01']] as const) {
      expect(members([chie], segment([c('line.friend_added_at', op, v)]), TOKYO)).toEqual([]);
    }
    expect(members([chie], segment([c('line.friend_added_at', 'is_not_set')]), TOKYO)).toEqual(['chie']);
    expect(members([chie], segment([c('line.friend_added_at', 'is_set')]), TOKYO)).toEqual([]);
  });
  it('"not within the last N days" OR "is not set" is the exact complement of "within the last N days"', () => {
    const unblocked = CAST.filter((f) => f.blockedAt === null).map((f) => f.lineUserId);
    for (const n of [0, 13, 14, 156, 165]) {
      const within = members(CAST, segment([c('line.friend_added_at', 'within_last_days', n)]), TOKYO);
      const rest = members(CAST, segment([c('line.friend_added_at', 'not_within_last_days', n)], [c('line.friend_added_at', 'is_not_set')]), TOKYO);
      expect([...within, ...rest].sort()).toEqual([...unblocked].sort());
      expect(within.filter((id) => rest.includes(id))).toEqual([]);
    }
  });
});

describe('set operators see a missing set as empty', () => {
  const noTags = friend('no_tags');
  it('contains any and contains all are false, contains none is true', () => {
    for (const property of ['tag', 'shopify.customer_tag', 'hubspot.list', 'klaviyo.list'] as const) {
      expect(members([noTags], segment([c(property, 'contains_any', ['a'])]), TOKYO)).toEqual([]);
      expect(members([noTags], segment([c(property, 'contains_all', ['a'])]), TOKYO)).toEqual([]);
      expect(members([noTags], segment([c(property, 'contains_none', ['a'])]), TOKYO)).toEqual(['no_tags']);
    }
  });
  it('contains all needs every value, contains none needs no value', () => {
    const f = friend('f', { tags: ['a', 'b'] });
    expect(members([f], segment([c('tag', 'contains_all', ['a', 'c'])]), TOKYO)).toEqual([]);
    expect(members([f], segment([c('tag', 'contains_none', ['c', 'b'])]), TOKYO)).toEqual([]);
    expect(members([f], segment([c('tag', 'contains_any', ['c', 'b'])]), TOKYO)).toEqual(['f']);
  });
});

describe('text: eq/neq exact; contains, not_contains, starts_with fold ASCII A–Z only', () => {
  const withPlan = (id: string, plan: string) => friend(id, { hubspot: service({ properties: { plan } }) });
  const cast = [withPlan('lower', 'gold'), withPlan('upper', 'GOLD'), withPlan('fullwidth', 'ｇｏｌｄ'), withPlan('mixed', 'Gold')];
  const plan = (operator: Condition['operator'], value: string) => segment([c('hubspot.property', operator, value, 'plan')]);

  it('contains "GOLD" matches "gold", "GOLD" and "Gold" but not "ｇｏｌｄ"', () => {
    expect(members(cast, plan('contains', 'GOLD'), TOKYO)).toEqual(['lower', 'upper', 'mixed']);
  });
  it('starts with and does not contain fold the same way', () => {
    expect(members(cast, plan('starts_with', 'gO'), TOKYO)).toEqual(['lower', 'upper', 'mixed']);
    expect(members(cast, plan('not_contains', 'gold'), TOKYO)).toEqual(['fullwidth']);
  });
  it('is and is not compare exactly', () => {
    expect(members(cast, plan('eq', 'Gold'), TOKYO)).toEqual(['mixed']);
    expect(members(cast, plan('neq', 'Gold'), TOKYO)).toEqual(['lower', 'upper', 'fullwidth']);
  });
  it('non-ASCII letters that toLowerCase would fold compare exactly', () => {
    const others = [withPlan('istanbul', 'İstanbul'), withPlan('apfel', 'ÄPFEL'), withPlan('kelvin', '\u212A'), withPlan('sharp', 'STRASSE')];
    expect(members(others, plan('contains', 'i'), TOKYO)).toEqual([]);
    expect(members(others, plan('contains', 'äpfel'), TOKYO)).toEqual([]);
    expect(members(others, plan('contains', 'k'), TOKYO)).toEqual([]);
    expect(members(others, plan('contains', 'straße'), TOKYO)).toEqual([]);
    expect(members(others, plan('contains', 'strasse'), TOKYO)).toEqual(['sharp']);
  });
  it('an empty text "" is a value: set, and does not contain anything', () => {
    const empty = withPlan('empty', '');
    expect(members([empty], plan('not_contains', 'x'), TOKYO)).toEqual(['empty']);
    expect(members([empty], segment([c('hubspot.property', 'is_set', undefined, 'plan')]), TOKYO)).toEqual(['empty']);
    expect(members([empty], plan('neq', 'x'), TOKYO)).toEqual(['empty']);
  });
});

describe('dates are calendar dates in the account time zone (Asia/Tokyo)', () => {
  // Added on 2026-06-14 at 23:59:59 and on 2026-06-15 at 00:00:00, Tokyo time (UTC+9).
  const lateNight = friend('late_night', { addedAt: '2026-06-14T14:59:59Z' });
  const midnight = friend('midnight', { addedAt: '2026-06-14T15:00:00Z' });
  const cast = [lateNight, midnight];
  const added = (operator: Condition['operator'], value: Condition['value']) => segment([c('line.friend_added_at', operator, value)]);

  it('23:59:59 and 00:00:00 are on different dates, one second apart', () => {
    expect(members(cast, added('on', '2026-06-14'), TOKYO)).toEqual(['late_night']);
    expect(members(cast, added('on', '2026-06-15'), TOKYO)).toEqual(['midnight']);
    expect(members(cast, added('before', '2026-06-15'), TOKYO)).toEqual(['late_night']);
    expect(members(cast, added('after', '2026-06-14'), TOKYO)).toEqual(['midnight']);
  });
  it('within the last 0 days means today; 1 day includes yesterday, whatever the hour', () => {
    expect(members(cast, added('within_last_days', 0), TOKYO)).toEqual(['midnight']);
    expect(members(cast, added('within_last_days', 1), TOKYO)).toEqual(['late_night', 'midnight']);
    expect(members(cast, added('not_within_last_days', 0), TOKYO)).toEqual(['late_night']);
  });
  it('today is the local date of asOf: the first and the last second of the day agree', () => {
    const first = { ...TOKYO, asOf: Date.parse('2026-06-14T15:00:00Z') }; // 06-15 00:00:00 Tokyo
    const last = { ...TOKYO, asOf: Date.parse('2026-06-15T14:59:59Z') }; // 06-15 23:59:59 Tokyo
    for (const opts of [first, last]) {
      expect(members(cast, added('within_last_days', 0), opts)).toEqual(['midnight']);
    }
    const nextDay = { ...TOKYO, asOf: Date.parse('2026-06-15T15:00:00Z') }; // 06-16 00:00:00 Tokyo
    expect(members(cast, added('within_last_days', 0), nextDay)).toEqual([]);
  });
  it('the same instants fall on other dates in another time zone', () => {
    const utc = { ...TOKYO, timeZone: 'UTC' };
    expect(members(cast, added('on', '2026-06-14'), utc)).toEqual(['late_night', 'midnight']);
  });
  it('a friend added in the future has a negative days_since: within the last N days, never "not within"', () => {
    const tomorrow = friend('tomorrow', { addedAt: '2026-06-16T00:00:00Z' });
    expect(members([tomorrow], added('within_last_days', 0), TOKYO)).toEqual(['tomorrow']);
    expect(members([tomorrow], added('not_within_last_days', 0), TOKYO)).toEqual([]);
  });
  it('days since last purchase counts local dates too, negative for a future purchase', () => {
    const buyers = [
      friend('yesterday_late', { shopify: shopify({ purchaseCount: 1, lastPurchaseAt: '2026-06-14T14:59:59Z' }) }),
      friend('today_early', { shopify: shopify({ purchaseCount: 1, lastPurchaseAt: '2026-06-14T15:00:00Z' }) }),
      friend('future', { shopify: shopify({ purchaseCount: 1, lastPurchaseAt: '2026-06-20T00:00:00Z' }) }),
    ];
    const days = (operator: Condition['operator'], value: Condition['value']) => segment([c('shopify.days_since_last_purchase', operator, value)]);
    expect(members(buyers, days('eq', 1), TOKYO)).toEqual(['yesterday_late']);
    expect(members(buyers, days('eq', 0), TOKYO)).toEqual(['today_early']);
    expect(members(buyers, days('lte', 0), TOKYO)).toEqual(['today_early', 'future']);
    expect(members(buyers, days('gte', 0), TOKYO)).toEqual(['yesterday_late', 'today_early']);
    expect(members(buyers, days('between', [0, 0]), TOKYO)).toEqual(['today_early']);
  });
});

describe('dates in America/New_York across daylight saving time', () => {
  const NY = 'America/New_York';
  const added = (operator: Condition['operator'], value: Condition['value']) => segment([c('line.friend_added_at', operator, value)]);

  it('spring forward (2026-03-08): days are counted in dates, not in 24-hour spans', () => {
    const opts = { asOf: Date.parse('2026-03-09T04:30:00Z'), timeZone: NY }; // 03-09 00:30 EDT
    const cast = [
      friend('mar7_late', { addedAt: '2026-03-08T04:59:59Z' }), // 03-07 23:59:59 EST: 2 days ago
      friend('mar8_first', { addedAt: '2026-03-08T05:00:00Z' }), // 03-08 00:00:00 EST: 1 day ago
      friend('mar8_last', { addedAt: '2026-03-09T03:59:59Z' }), // 03-08 23:59:59 EDT: 1 day ago
      friend('mar9_first', { addedAt: '2026-03-09T04:00:00Z' }), // 03-09 00:00:00 EDT: today
    ];
    expect(members(cast, added('within_last_days', 0), opts)).toEqual(['mar9_first']);
    expect(members(cast, added('within_last_days', 1), opts)).toEqual(['mar8_first', 'mar8_last', 'mar9_first']);
    expect(members(cast, added('on', '2026-03-08'), opts)).toEqual(['mar8_first', 'mar8_last']);
    expect(members(cast, added('between', ['2026-03-07', '2026-03-08']), opts)).toEqual(['mar7_late', 'mar8_first', 'mar8_last']);
    expect(members(cast, added('not_within_last_days', 1), opts)).toEqual(['mar7_late']);
  });
  it('fall back (2026-11-01, a 25-hour day): the whole day is one date', () => {
    const opts = { asOf: Date.parse('2026-11-02T04:59:59Z'), timeZone: NY }; // 11-01 23:59:59 EST
    const cast = [
      friend('nov1_first', { addedAt: '2026-11-01T04:00:00Z' }), // 11-01 00:00:00 EDT, ~25 h before asOf
      friend('oct31_last', { addedAt: '2026-11-01T03:59:59Z' }), // 10-31 23:59:59 EDT
    ];
    expect(members(cast, added('within_last_days', 0), opts)).toEqual(['nov1_first']);
    expect(members(cast, added('on', '2026-11-01'), opts)).toEqual(['nov1_first']);
    expect(members(cast, added('before', '2026-11-01'), opts)).toEqual(['oct31_last']);
  });
});

describe('groups: conditions within a group are ANDed, groups are ORed', () => {
  const both = friend('both', { tags: ['a', 'b'] });
  const onlyA = friend('only_a', { tags: ['a'] });
  const onlyB = friend('only_b', { tags: ['b'] });
  const cast = [both, onlyA, onlyB];
  it('AND', () => {
    expect(members(cast, segment([c('tag', 'contains_any', ['a']), c('tag', 'contains_any', ['b'])]), TOKYO)).toEqual(['both']);
  });
  it('OR', () => {
    expect(members(cast, segment([c('tag', 'contains_all', ['a', 'b'])], [c('tag', 'contains_none', ['a'])]), TOKYO)).toEqual(['both', 'only_b']);
  });
  it('evaluateCondition answers one condition alone', () => {
    expect(evaluateCondition(onlyA, c('tag', 'contains_any', ['a']), TOKYO)).toBe(true);
    expect(evaluateCondition(onlyA, c('tag', 'contains_any', ['b']), TOKYO)).toBe(false);
  });
});

describe('the seed examples', () => {
  const cast = [aoi, ben, chie, dan, eve, fumi];
  it('friends with the VIP tag', () => {
    expect(members(cast, segment([c('tag', 'contains_any', ['t_vip'])]), TOKYO)).toEqual(['aoi', 'ben']);
  });
  it('friends integrated with Shopify', () => {
    expect(members(cast, segment([c('shopify.integrated', 'is_integrated')]), TOKYO)).toEqual(['aoi', 'ben', 'dan']);
  });
  it('friends with 5 or more purchases', () => {
    expect(members(cast, segment([c('shopify.purchase_count', 'gte', 5)]), TOKYO)).toEqual(['aoi']);
  });
  it('friends whose last purchase was within 30 days', () => {
    expect(members(cast, segment([c('shopify.days_since_last_purchase', 'lte', 30)]), TOKYO)).toEqual(['aoi', 'dan']);
  });
  it('friends in HubSpot list 12', () => {
    expect(members(cast, segment([c('hubspot.list', 'contains_any', ['12'])]), TOKYO)).toEqual(['aoi']);
  });
  it('repeat buyers OR HubSpot customers (DESIGN.md example)', () => {
    const repeatBuyers = segment(
      [c('shopify.integrated', 'is_integrated'), c('shopify.purchase_count', 'gte', 5)],
      [c('hubspot.integrated', 'is_integrated'), c('hubspot.property', 'eq', 'customer', 'lifecyclestage')],
    );
    const leadOnly = friend('lead_only', { hubspot: service({ properties: { lifecyclestage: 'customer' } }) });
    expect(members([...cast, leadOnly], repeatBuyers, TOKYO)).toEqual(['aoi', 'lead_only']);
  });
});

describe('matchingFriends', () => {
  const cast = [
    friend('Ub', { addedAt: '2026-01-01T00:00:00Z' }),
    friend('Ua', { addedAt: '2026-01-01T00:00:00Z' }),
    friend('Uz', { addedAt: null }),
    friend('Un', { addedAt: '2026-05-01T00:00:00Z' }),
    friend('Ublocked', { addedAt: '2026-06-01T00:00:00Z', blockedAt: '2026-06-02T00:00:00Z' }),
  ];
  const everyone = segment([c('tag', 'contains_none', ['x'])]);
  it('counts members and samples newest first, unknown addedAt last, ties by lineUserId', () => {
    const { count, sample } = matchingFriends(cast, everyone, TOKYO);
    expect(count).toBe(4);
    expect(sample.map((f) => f.lineUserId)).toEqual(['Un', 'Ua', 'Ub', 'Uz']);
  });
  it('keeps at most sampleLimit friends in the sample, and the count whole', () => {
    const { count, sample } = matchingFriends(cast, everyone, TOKYO, 2);
    expect(count).toBe(4);
    expect(sample.map((f) => f.lineUserId)).toEqual(['Un', 'Ua']);
  });
});
