/**
 * fast-check arbitraries of the segment language, for property tests here and for the server's
 * differential test (evaluator vs SQLite vs PostgreSQL vs the columnar index). Not a test file and
 * not exported from ./index: fast-check must stay out of the extension bundle.
 *
 * Definitions and friends draw from the same small value domains so that conditions actually hit
 * and miss: the same tag and list ids, the same property keys, text values that differ only in
 * ASCII case ("gold", "GOLD") or only outside ASCII ("ｇｏｌｄ", "İ", "ß"), SQL LIKE wildcards
 * ("%", "_", "\\"), and instants a millisecond either side of local midnight relative to `asOf`.
 */
import fc from 'fast-check';
import { PROPERTIES, type Operator, type PropertyId } from './catalog';
import { dateOfDayNumber, localDayNumber, startOfLocalDayMs } from './dates';
import type { EvaluateOptions, SegmentFriend, ServiceBlock, ShopifyBlock } from './friend';
import type { Condition, Definition } from './schema';

export interface ArbDomain {
  /** Friend tag ids. */
  tagIds?: string[];
  /** HubSpot and Klaviyo list ids. */
  listIds?: string[];
  /** Shopify customer tags. */
  customerTags?: string[];
  /** HubSpot and Klaviyo property keys. */
  keys?: string[];
  /** HubSpot and Klaviyo property values; definitions skip "" (the schema needs a value). */
  values?: string[];
}

export interface ArbTime {
  /** "Today" (epoch ms) that dates cluster around. Default: DEFAULT_AS_OF. */
  asOf?: number;
  /** Default: Asia/Tokyo. */
  timeZone?: string;
}

/** 2026-06-15 12:00 in Tokyo. */
export const DEFAULT_AS_OF = Date.parse('2026-06-15T03:00:00Z');
export const DEFAULT_TIME_ZONE_FOR_TESTS = 'Asia/Tokyo';

export const DEFAULT_DOMAIN: Required<ArbDomain> = {
  tagIds: ['t1', 't2', 't3', 't4'],
  listIds: ['l1', 'l2', 'l3'],
  customerTags: ['vip', 'VIP', 'ｖｉｐ', 'wholesale'],
  keys: ['plan', 'Plan', 'lifecyclestage'],
  values: [
    'gold', 'Gold', 'GOLD', 'ｇｏｌｄ', 'ＧＯＬＤ', 'go', 'old', 'gold member', 'Gold Member', '',
    'customer', 'lead', 'İstanbul', 'i', 'ß', 'SS', 'ä', 'Ä', '\u212A', 'k',
    '%', '_', 'a%b', 'a_b', '\\', "o'neil", ' ',
  ],
};

/** Time zones worth testing: a fixed +9, a DST zone, UTC, a 30-minute DST, a +13:45 zone. */
export const TEST_TIME_ZONES = ['Asia/Tokyo', 'America/New_York', 'UTC', 'Australia/Lord_Howe', 'Pacific/Chatham'] as const;

function domain(opts: ArbDomain = {}): Required<ArbDomain> {
  return {
    tagIds: opts.tagIds ?? DEFAULT_DOMAIN.tagIds,
    listIds: opts.listIds ?? DEFAULT_DOMAIN.listIds,
    customerTags: opts.customerTags ?? DEFAULT_DOMAIN.customerTags,
    keys: opts.keys ?? DEFAULT_DOMAIN.keys,
    values: opts.values ?? DEFAULT_DOMAIN.values,
  };
}
function time(opts: ArbTime = {}) {
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE_FOR_TESTS;
  const asOf = opts.asOf ?? DEFAULT_AS_OF;
  return { asOf, timeZone, today: localToday(asOf, timeZone) };
}

// ---- time ------------------------------------------------------------------------------------

/** startOfLocalDayMs, remembered: it bisects over Intl calls, and generators ask for few days. */
const dayStarts = new Map<string, number>();
function dayStart(day: number, timeZone: string): number {
  const k = `${timeZone}|${day}`;
  let ms = dayStarts.get(k);
  if (ms === undefined) { ms = startOfLocalDayMs(day, timeZone); dayStarts.set(k, ms); }
  return ms;
}
const todays = new Map<string, number>();
function localToday(asOf: number, timeZone: string): number {
  const k = `${timeZone}|${asOf}`;
  let d = todays.get(k);
  if (d === undefined) {
    if (todays.size > 10_000) todays.clear();
    d = localDayNumber(asOf, timeZone);
    todays.set(k, d);
  }
  return d;
}

/** Days relative to today, mostly the recent past, sometimes the future. */
const arbDayOffset = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -35, max: 0 }) },
  { weight: 2, arbitrary: fc.constantFrom(-31, -30, -29, -15, -14, -7, -1, 0) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.integer({ min: -400, max: -36 }) },
);

/**
 * An ISO instant on a local day near today: often the first or last millisecond or second of the
 * local day (midnight edges), otherwise anywhere in it. DST days are as long as they really are.
 */
export function arbInstant(opts: ArbTime = {}): fc.Arbitrary<string> {
  const { today, timeZone } = time(opts);
  return fc.tuple(arbDayOffset, fc.oneof(
    fc.constantFrom('first_ms', 'first_s', 'last_s', 'last_ms', 'noon'),
    fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  )).map(([offset, where]) => {
    const start = dayStart(today + offset, timeZone);
    const end = dayStart(today + offset + 1, timeZone); // exclusive
    const ms = where === 'first_ms' ? start
      : where === 'first_s' ? start + 1000
        : where === 'last_s' ? end - 1000
          : where === 'last_ms' ? end - 1
            : where === 'noon' ? start + Math.floor((end - start) / 2)
              : start + Math.floor(where * (end - start));
    return new Date(ms).toISOString();
  });
}

/** A "YYYY-MM-DD" near today's local date. */
export function arbDate(opts: ArbTime = {}): fc.Arbitrary<string> {
  const { today } = time(opts);
  return arbDayOffset.map((offset) => dateOfDayNumber(today + offset));
}

/** Evaluation options: an asOf near a local midnight or a DST change, in one of TEST_TIME_ZONES. */
export function arbEvaluateOptions(): fc.Arbitrary<EvaluateOptions> {
  const instants = [
    '2026-06-15T03:00:00Z', // Tokyo noon
    '2026-06-14T15:00:00Z', // Tokyo 00:00:00
    '2026-06-15T14:59:59Z', // Tokyo 23:59:59
    '2026-03-09T04:30:00Z', // New York, the day after spring forward
    '2026-11-02T04:59:59Z', // New York, last second of the 25-hour day
    '2026-04-05T12:00:00Z', // Lord Howe and Chatham fall back
    '2024-02-29T12:00:00Z', // a leap day
  ];
  return fc.record({
    asOf: fc.oneof(fc.constantFrom(...instants.map(Date.parse)), fc.integer({ min: Date.parse('2025-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') })),
    timeZone: fc.constantFrom(...TEST_TIME_ZONES),
  });
}

// ---- definitions -----------------------------------------------------------------------------

const nonEmptySubset = <T>(xs: T[]) => fc.subarray(xs, { minLength: 1 });
const sortedPair = (a: fc.Arbitrary<number>) => fc.tuple(a, a).map(([x, y]) => (x <= y ? [x, y] : [y, x]) as [number, number]);

function arbConditionFor(property: PropertyId, d: Required<ArbDomain>, t: ArbTime): fc.Arbitrary<Condition> {
  const pd = PROPERTIES.find((p) => p.id === property)!;
  const texts = d.values.filter((v) => v.length > 0);
  const smallDays = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(0, 1, 7, 14, 30, 36_500));
  const count = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.constant(1_000_000_000));
  const valueFor = (op: Operator): fc.Arbitrary<Condition['value'] | undefined> => {
    switch (pd.kind) {
      case 'date':
        if (op === 'between') return fc.tuple(arbDate(t), arbDate(t)).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [string, string]);
        if (op === 'within_last_days' || op === 'not_within_last_days') return smallDays;
        if (op === 'is_set' || op === 'is_not_set') return fc.constant(undefined);
        return arbDate(t);
      case 'set': {
        const pool = property === 'tag' ? [...d.tagIds, 't_deleted']
          : property === 'shopify.customer_tag' ? d.customerTags : [...d.listIds, 'l_deleted'];
        return nonEmptySubset(pool);
      }
      case 'number': {
        if (op === 'is_set' || op === 'is_not_set') return fc.constant(undefined);
        const n = pd.unit === 'days' ? smallDays : count;
        return op === 'between' ? sortedPair(n) : n;
      }
      case 'text':
        return op === 'is_set' || op === 'is_not_set' ? fc.constant(undefined) : fc.constantFrom(...texts);
      default:
        return fc.constant(undefined);
    }
  };
  return fc.constantFrom(...pd.operators).chain((operator) => fc.tuple(
    valueFor(operator),
    pd.needsKey ? fc.constantFrom(...d.keys) : fc.constant(undefined),
  ).map(([value, key]) => {
    const c: Condition = { property, operator };
    if (key !== undefined) c.key = key;
    if (value !== undefined) c.value = value;
    return c;
  }));
}

/** A valid condition over the domain (any property, any of its operators). */
export function arbCondition(opts: ArbDomain & ArbTime = {}): fc.Arbitrary<Condition> {
  const d = domain(opts);
  return fc.constantFrom(...PROPERTIES.map((p) => p.id)).chain((id) => arbConditionFor(id, d, opts));
}

export interface ArbDefinitionOptions extends ArbDomain, ArbTime {
  /** Default 3 (the schema allows 20). */
  maxGroups?: number;
  /** Default 3 (the schema allows 20). */
  maxConditions?: number;
}

/** A valid definition whose values collide with arbFriend's. */
export function arbDefinition(opts: ArbDefinitionOptions = {}): fc.Arbitrary<Definition> {
  const condition = arbCondition(opts);
  return fc.array(
    fc.array(condition, { minLength: 1, maxLength: opts.maxConditions ?? 3 }).map((conditions) => ({ conditions })),
    { minLength: 1, maxLength: opts.maxGroups ?? 3 },
  ).map((groups) => ({ groups }));
}

// ---- friends ---------------------------------------------------------------------------------

const HEX = '0123456789abcdef'.split('');
/** A LINE user id: "U" + 32 lowercase hex. */
export const arbLineUserId: fc.Arbitrary<string> = fc.array(fc.constantFrom(...HEX), { minLength: 32, maxLength: 32 })
  .map((hex) => `U${hex.join('')}`);

function arbShopify(d: Required<ArbDomain>, t: ArbTime): fc.Arbitrary<ShopifyBlock> {
  const customerId = fc.integer({ min: 1, max: 99_999 }).map((n) => `gid://shopify/Customer/${n}`);
  const common = { customerId, tags: fc.subarray(d.customerTags), abandonedCart: fc.boolean() };
  return fc.oneof(
    // An integrated customer with no orders: 0 purchases, no last purchase.
    { weight: 2, arbitrary: fc.record({ ...common, purchaseCount: fc.constant(0), lastPurchaseAt: fc.constant(null) }) },
    { weight: 5, arbitrary: fc.record({ ...common, purchaseCount: fc.integer({ min: 1, max: 8 }), lastPurchaseAt: arbInstant(t) }) },
    // Imported with a count but no date: the two are read independently.
    { weight: 1, arbitrary: fc.record({ ...common, purchaseCount: fc.integer({ min: 1, max: 8 }), lastPurchaseAt: fc.constant(null) }) },
  );
}

function arbService(d: Required<ArbDomain>): fc.Arbitrary<ServiceBlock> {
  return fc.record({
    recordId: fc.integer({ min: 1, max: 99_999 }).map(String),
    lists: fc.subarray(d.listIds),
    // Some keys missing, some present with "" or a case variant.
    properties: fc.subarray(d.keys).chain((keys) => fc.tuple(...keys.map(() => fc.constantFrom(...d.values)))
      .map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]])) as Record<string, string>)),
  });
}

export interface ArbFriendOptions extends ArbDomain, ArbTime {
  /** Fix the lineUserId (e.g. to make them unique in a list); default: random. */
  lineUserId?: fc.Arbitrary<string>;
}

/**
 * A friend with the edge cases that matter: blocked friends, unknown addedAt, no service blocks,
 * Shopify customers with no orders, missing property keys, "" values, case variants, instants at
 * local midnight and in the future.
 */
export function arbFriend(opts: ArbFriendOptions = {}): fc.Arbitrary<SegmentFriend> {
  const d = domain(opts);
  return fc.record({
    lineUserId: opts.lineUserId ?? arbLineUserId,
    displayName: fc.constantFrom('Aoi', 'Ben', 'チエ', 'Dan', ''),
    // fast-check's `freq`: one value in `freq` is null.
    addedAt: fc.option(arbInstant(opts), { nil: null, freq: 6 }),
    // About one friend in ten blocked the account.
    blockedAt: fc.oneof({ weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arbInstant(opts) }),
    tags: fc.subarray(d.tagIds),
    shopify: fc.option(arbShopify(d, opts), { nil: null, freq: 3 }),
    hubspot: fc.option(arbService(d), { nil: null, freq: 3 }),
    klaviyo: fc.option(arbService(d), { nil: null, freq: 3 }),
  });
}

/** Friends with distinct lineUserIds. */
export function arbFriends(opts: ArbFriendOptions & { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<SegmentFriend[]> {
  return fc.uniqueArray(arbFriend(opts), {
    minLength: opts.minLength ?? 0, maxLength: opts.maxLength ?? 30, selector: (f) => f.lineUserId,
  });
}

export interface Scenario { opts: EvaluateOptions; definition: Definition; friends: SegmentFriend[] }

/**
 * Evaluation options, then a definition and friends whose dates cluster around that asOf in that
 * time zone: the input of a differential test.
 */
export function arbScenario(opts: ArbDefinitionOptions & { minFriends?: number; maxFriends?: number } = {}): fc.Arbitrary<Scenario> {
  return arbEvaluateOptions().chain((evalOpts) => fc.record({
    opts: fc.constant(evalOpts),
    definition: arbDefinition({ ...opts, ...evalOpts }),
    friends: arbFriends({ ...opts, ...evalOpts, minLength: opts.minFriends, maxLength: opts.maxFriends }),
  }));
}
