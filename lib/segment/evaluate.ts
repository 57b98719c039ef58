/**
 * The in-memory evaluator: the reference semantics of the segment language v1 (DESIGN.md,
 * "Semantics"). The SQLite and PostgreSQL compilers and the columnar index are held to this file
 * by differential tests, so every rule here is written the way DESIGN.md words it, and any
 * deviation is a bug here or there — never a matter of taste.
 *
 * Input is a valid definition (checked by `definitionSchema`). The evaluator does not re-validate
 * it on every friend; given something else it still never throws, but what it answers is then
 * unspecified.
 */
import { dayNumberOfDate, localDayNumber } from './dates';
import { compareSampleOrder, type EvaluateOptions, type SegmentFriend, type ServiceBlock } from './friend';
import type { Condition, Definition } from './schema';

/**
 * Folds ASCII A–Z to a–z and leaves every other character as it is. `toLowerCase` is not used
 * on purpose: it also folds "Ｇ", "Ä", "İ"…, which SQLite's `lower()` does not, and the engines
 * must agree. SQL side: `lower()` in SQLite without ICU; in PostgreSQL `translate(x, 'A..Z', 'a..z')`.
 */
export function foldAsciiCase(s: string): string {
  return s.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32));
}

/** Epoch ms of an ISO instant, or null when there is none or it cannot be read. */
function instant(iso: string | null | undefined): number | null {
  if (iso === null || iso === undefined) return null;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * `localDayNumber`, remembered: Intl costs microseconds a call, and a differential test asks for
 * the same instants over and over. Exact (keyed by the instant itself), bounded in size.
 */
const dayCache = new Map<string, number>();
function cachedLocalDay(ms: number, timeZone: string): number {
  const k = `${timeZone}|${ms}`;
  let day = dayCache.get(k);
  if (day === undefined) {
    if (dayCache.size >= 100_000) dayCache.clear();
    day = localDayNumber(ms, timeZone);
    dayCache.set(k, day);
  }
  return day;
}

/** The local calendar day of an instant, or null when the friend has no such instant. */
function localDay(iso: string | null | undefined, opts: EvaluateOptions): number | null {
  const ms = instant(iso);
  return ms === null ? null : cachedLocalDay(ms, opts.timeZone);
}

/** Today: the local date of the evaluation's asOf. */
function today(opts: EvaluateOptions): number {
  return cachedLocalDay(opts.asOf, opts.timeZone);
}

/** days_since(t) = today's local date − t's local date. Negative for a future t, by the formula. */
function daysSince(iso: string | null | undefined, opts: EvaluateOptions): number | null {
  const day = localDay(iso, opts);
  return day === null ? null : today(opts) - day;
}

function compareNumber(n: number | null, operator: string, value: unknown): boolean {
  // A comparison is false when the friend has no value — `neq` included.
  if (n === null) return false;
  switch (operator) {
    case 'eq': return n === value;
    case 'neq': return n !== value;
    case 'gt': return n > (value as number);
    case 'gte': return n >= (value as number);
    case 'lt': return n < (value as number);
    case 'lte': return n <= (value as number);
    case 'between': {
      const [min, max] = value as [number, number];
      return n >= min && n <= max; // inclusive
    }
    case 'is_set': return true;
    default: return false;
  }
}

/** Set operators see a missing set (null) as empty. */
function compareSet(set: readonly string[] | null, operator: string, value: unknown): boolean {
  const wanted = Array.isArray(value) ? (value as string[]) : [];
  const have = new Set(set ?? []);
  switch (operator) {
    case 'contains_any': return wanted.some((v) => have.has(v));
    // Values are never empty in a valid definition, so a missing set makes this false as well.
    case 'contains_all': return wanted.length > 0 && wanted.every((v) => have.has(v));
    case 'contains_none': return !wanted.some((v) => have.has(v));
    default: return false;
  }
}

/**
 * Text of a HubSpot or Klaviyo property. The empty string "" counts as a value (is_set is true,
 * `not_contains "x"` is true): the property was sent to us, empty. Both SQL engines keep '' apart
 * from NULL, so this is also what they answer without a special case.
 */
function compareText(text: string | null, operator: string, value: unknown): boolean {
  if (operator === 'is_set') return text !== null;
  if (operator === 'is_not_set') return text === null;
  if (text === null || typeof value !== 'string') return false;
  switch (operator) {
    case 'eq': return text === value;
    case 'neq': return text !== value;
    case 'contains': return foldAsciiCase(text).includes(foldAsciiCase(value));
    case 'not_contains': return !foldAsciiCase(text).includes(foldAsciiCase(value));
    case 'starts_with': return foldAsciiCase(text).startsWith(foldAsciiCase(value));
    default: return false;
  }
}

function compareDate(iso: string | null, operator: string, value: unknown, opts: EvaluateOptions): boolean {
  const day = localDay(iso, opts);
  // Presence: is the friend's date known? Every other date operator is false without one.
  if (operator === 'is_set') return day !== null;
  if (operator === 'is_not_set') return day === null;
  if (day === null) return false;
  switch (operator) {
    case 'on': return day === dayNumberOfDate(value as string);
    case 'before': return day < dayNumberOfDate(value as string);
    case 'after': return day > dayNumberOfDate(value as string);
    case 'between': {
      const [from, to] = value as [string, string];
      return day >= dayNumberOfDate(from) && day <= dayNumberOfDate(to);
    }
    case 'within_last_days': return today(opts) - day <= (value as number);
    case 'not_within_last_days': return today(opts) - day > (value as number);
    default: return false;
  }
}

function propertyText(block: ServiceBlock | null, key: string | undefined): string | null {
  if (block === null || key === undefined) return null;
  // Own keys only: "constructor" or "__proto__" is a key like any other, never inherited.
  if (!Object.prototype.hasOwnProperty.call(block.properties, key)) return null;
  const v = block.properties[key];
  return typeof v === 'string' ? v : null;
}

/**
 * One condition on one friend, blocked or not (blocking is decided by `evaluate`, for the whole
 * definition). Diagnose counts conditions alone with this, after filtering out blocked friends.
 */
export function evaluateCondition(friend: SegmentFriend, condition: Condition, opts: EvaluateOptions): boolean {
  const { operator, value } = condition;
  switch (condition.property) {
    case 'line.friend_added_at':
      return compareDate(friend.addedAt, operator, value, opts);
    case 'tag':
      return compareSet(friend.tags, operator, value);
    case 'shopify.integrated':
      return operator === 'is_integrated' ? friend.shopify !== null : operator === 'is_not_integrated' && friend.shopify === null;
    case 'hubspot.integrated':
      return operator === 'is_integrated' ? friend.hubspot !== null : operator === 'is_not_integrated' && friend.hubspot === null;
    case 'klaviyo.integrated':
      return operator === 'is_integrated' ? friend.klaviyo !== null : operator === 'is_not_integrated' && friend.klaviyo === null;
    case 'shopify.customer_tag':
      return compareSet(friend.shopify?.tags ?? null, operator, value);
    case 'shopify.purchase_count':
      // An integrated customer with no orders has 0; not integrated has no value.
      return compareNumber(friend.shopify ? friend.shopify.purchaseCount : null, operator, value);
    case 'shopify.days_since_last_purchase': {
      const days = daysSince(friend.shopify?.lastPurchaseAt, opts);
      if (operator === 'is_not_set') return days === null;
      return compareNumber(days, operator, value);
    }
    case 'shopify.abandoned_cart':
      if (friend.shopify === null) return false;
      return operator === 'is_true' ? friend.shopify.abandonedCart === true
        : operator === 'is_false' && friend.shopify.abandonedCart === false;
    case 'hubspot.list':
      return compareSet(friend.hubspot?.lists ?? null, operator, value);
    case 'klaviyo.list':
      return compareSet(friend.klaviyo?.lists ?? null, operator, value);
    case 'hubspot.property':
      return compareText(propertyText(friend.hubspot, condition.key), operator, value);
    case 'klaviyo.property':
      return compareText(propertyText(friend.klaviyo, condition.key), operator, value);
    default:
      // Unknown to this version (an invalid definition): matches nobody rather than everybody.
      return false;
  }
}

/**
 * Is the friend a member of the segment? Groups are ORed, conditions within a group ANDed.
 * A friend who blocked the account is a member of no segment.
 */
export function evaluate(friend: SegmentFriend, definition: Definition, opts: EvaluateOptions): boolean {
  if (friend.blockedAt !== null && friend.blockedAt !== undefined) return false;
  return definition.groups.some((g) => g.conditions.every((c) => evaluateCondition(friend, c, opts)));
}

export interface MatchResult<F extends SegmentFriend = SegmentFriend> {
  count: number;
  /** Up to `sampleLimit` members in DESIGN.md's sample order (newest first, unknown addedAt last). */
  sample: F[];
}

/** The members of a segment among `friends`: their count and the preview's sample. */
export function matchingFriends<F extends SegmentFriend>(
  friends: readonly F[], definition: Definition, opts: EvaluateOptions, sampleLimit = 10,
): MatchResult<F> {
  const members = friends.filter((f) => evaluate(f, definition, opts));
  return { count: members.length, sample: [...members].sort(compareSampleOrder).slice(0, Math.max(0, sampleLimit)) };
}
