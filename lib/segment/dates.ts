/**
 * Calendar dates in an IANA time zone, without a date library: `Intl` knows every zone's rules.
 * DESIGN.md: days and dates are calendar dates in the account's time zone; days_since(t) =
 * today's local date − t's local date, in whole days.
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for "YYYY-MM-DD" that names a real calendar date (no 2026-02-30). */
export function isRealDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1 || mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(utcMs(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Date.UTC, except that years 0–99 are those years and not 1900–1999. */
function utcMs(year: number, monthIndex: number, day: number): number {
  const dt = new Date(Date.UTC(2000, monthIndex, day));
  dt.setUTCFullYear(year, monthIndex, day);
  return dt.getTime();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try { formatter(tz); return true; } catch { return false; }
}

function parts(ms: number, timeZone: string) {
  const o: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') o[p.type] = Number(p.value);
  }
  return o as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Day number (days since 1970-01-01) of the calendar date "YYYY-MM-DD". */
export function dayNumberOfDate(date: string): number {
  const m = DATE_RE.exec(date)!;
  return Math.floor(utcMs(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86_400_000);
}

/** "YYYY-MM-DD" of a day number. */
export function dateOfDayNumber(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** The local calendar day number (days since 1970-01-01) of the instant `ms` in `timeZone`. */
export function localDayNumber(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  return Math.floor(utcMs(p.year, p.month - 1, p.day) / 86_400_000);
}

/**
 * The first instant (epoch ms) of local day `day` in `timeZone`. Handles DST: where midnight does
 * not exist (a spring-forward at 00:00), the day starts at the first instant that is on that day.
 */
export function startOfLocalDayMs(day: number, timeZone: string): number {
  const utcMidnight = day * 86_400_000;
  // Offsets are within ±18 h; find the earliest instant whose local day is `day` by correcting
  // the guess with the zone's offset, then walking back over a possible DST gap.
  let guess = utcMidnight;
  for (let i = 0; i < 3; i++) {
    const p = parts(guess, timeZone);
    const localAsUtc = utcMs(p.year, p.month - 1, p.day) + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
    const offset = localAsUtc - guess;
    guess = utcMidnight - offset;
  }
  // Ensure `guess` is on `day` and `guess - 1 ms` is not (move within the hour of a gap).
  while (localDayNumber(guess, timeZone) < day) guess += 15 * 60_000;
  while (localDayNumber(guess - 1, timeZone) >= day) guess -= 15 * 60_000;
  // Refine to the exact millisecond boundary by bisection (boundaries are on whole minutes in practice).
  let lo = guess - 15 * 60_000, hi = guess;
  if (localDayNumber(lo, timeZone) >= day) return lo;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (localDayNumber(mid, timeZone) >= day) hi = mid; else lo = mid;
  }
  return hi;
}

/** days_since(t) of DESIGN.md: today's local date − t's local date, in whole days. */
export function daysSince(tMs: number, asOfMs: number, timeZone: string): number {
  return localDayNumber(asOfMs, timeZone) - localDayNumber(tMs, timeZone);
}
