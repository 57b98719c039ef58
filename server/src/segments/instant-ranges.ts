/**
 * Date conditions as ranges of instants. DESIGN.md counts days as calendar dates in the account's
 * time zone; rather than teach SQL (or the index) time zones, every date or days condition is
 * turned here, in TypeScript, into a range of epoch milliseconds whose bounds are local midnights
 * computed with lib/segment/dates.ts. DST is therefore right by construction, and the engines
 * only compare integers.
 *
 * Limitation (documented, not hit by any zone we test): a zone whose clocks fall back across
 * local midnight (e.g. 24:00 → 23:00) makes one local day a non-contiguous set of instants; for
 * that one hour a range can differ from the evaluator's local-day arithmetic.
 */
import { dayNumberOfDate, localDayNumber, startOfLocalDayMs } from '../../../lib/segment/dates';
import type { Condition } from '../../../lib/segment/schema';

/** Instants `t` with `from <= t < to`; or, with `outside`, a set `t` outside that range. */
export interface InstantRange { from: number; to: number; outside?: boolean }

export interface DayContext { asOf: number; timeZone: string }

/**
 * `startOfLocalDayMs`, remembered: it bisects with Intl (tens of microseconds), and the same few
 * days (today − N) come back in every count. Exact, and bounded in size.
 */
const midnights = new Map<string, number>();
function midnight(day: number, tz: string): number {
  const key = `${tz}|${day}`;
  let ms = midnights.get(key);
  if (ms === undefined) {
    if (midnights.size >= 50_000) midnights.clear();
    ms = startOfLocalDayMs(day, tz);
    midnights.set(key, ms);
  }
  return ms;
}

/** Instants of local days `first..last` (inclusive), either side open with ±Infinity. */
function days(first: number, last: number, tz: string): InstantRange {
  return {
    from: Number.isFinite(first) ? midnight(first, tz) : -Infinity,
    to: Number.isFinite(last) ? midnight(last + 1, tz) : Infinity,
  };
}

/** `line.friend_added_at` conditions (all of its operators) as a range of `added_at`. */
export function addedAtRange(c: Pick<Condition, 'operator' | 'value'>, ctx: DayContext): InstantRange {
  const tz = ctx.timeZone;
  const v = c.value;
  switch (c.operator) {
    case 'on': { const d = dayNumberOfDate(v as string); return days(d, d, tz); }
    case 'before': return days(-Infinity, dayNumberOfDate(v as string) - 1, tz);
    case 'after': return days(dayNumberOfDate(v as string) + 1, Infinity, tz);
    case 'between': {
      const [a, b] = v as [string, string];
      return days(dayNumberOfDate(a), dayNumberOfDate(b), tz);
    }
    // days_since(t) = today − day(t) ≤ N  ⇔  day(t) ≥ today − N (future days included, as the formula says)
    case 'within_last_days': return days(localDayNumber(ctx.asOf, tz) - (v as number), Infinity, tz);
    case 'not_within_last_days': return days(-Infinity, localDayNumber(ctx.asOf, tz) - (v as number) - 1, tz);
    default: throw new Error(`Unsupported date condition "${c.operator}".`);
  }
}

/**
 * `shopify.days_since_last_purchase` comparisons as a range of `last_purchase_at`:
 * days = today − day(t), so `days ≥ n` ⇔ `day(t) ≤ today − n`, and so on.
 */
export function daysSinceRange(c: Pick<Condition, 'operator' | 'value'>, ctx: DayContext): InstantRange {
  const tz = ctx.timeZone;
  const today = localDayNumber(ctx.asOf, tz);
  const v = c.value;
  switch (c.operator) {
    case 'eq': return days(today - (v as number), today - (v as number), tz);
    case 'neq': return { ...days(today - (v as number), today - (v as number), tz), outside: true };
    case 'gt': return days(-Infinity, today - (v as number) - 1, tz);
    case 'gte': return days(-Infinity, today - (v as number), tz);
    case 'lt': return days(today - (v as number) + 1, Infinity, tz);
    case 'lte': return days(today - (v as number), Infinity, tz);
    case 'between': {
      const [min, max] = v as [number, number];
      return days(today - max, today - min, tz);
    }
    default: throw new Error(`Unsupported days condition "${c.operator}".`);
  }
}
