/**
 * The results' limits and rhythm, per app instance (tests shorten nothing here but may change them
 * through `configureResults`; the clock is the app's).
 */
import type { AppDeps } from '../../http/context';
import { HOUR_MS } from './budget';

const DAY_MS = 24 * HOUR_MS;

export interface ResultsSettings {
  /** LINE's limit on the insight endpoints: calls per hour per channel. */
  callsPerHour: number;
  /** Calls per hour the scheduled reads leave for people's "Refresh". */
  reserveForRefresh: number;
  /** The first read: LINE's numbers for a message appear after a while. */
  firstReadAfterMs: number;
  /** Reads continue this long after sending; then the results are final. */
  readForMs: number;
  /** LINE shows no statistics for fewer than 20 recipients: not worth a unit or a call. */
  minRecipients: number;
  /** LINE keeps this many aggregation units per channel and month; it drops the rest silently. */
  unitsPerMonth: number;
  /** The gap before the next scheduled read, by the broadcast's age. */
  readInterval(ageMs: number): number;
}

export const DEFAULT_RESULTS: ResultsSettings = {
  callsPerHour: 60,
  reserveForRefresh: 10,
  firstReadAfterMs: HOUR_MS,
  readForMs: 14 * DAY_MS,
  minRecipients: 20,
  unitsPerMonth: 1000,
  // Opens and clicks move most in the first day: hourly, then every 6 hours, then daily. With the
  // budget shared oldest-first, many broadcasts at once are simply read less often than this.
  readInterval: (age) => (age < DAY_MS ? HOUR_MS : age < 3 * DAY_MS ? 6 * HOUR_MS : DAY_MS),
};

const overrides = new WeakMap<AppDeps, Partial<ResultsSettings>>();

export function configureResults(deps: AppDeps, s: Partial<ResultsSettings>): void {
  overrides.set(deps, { ...overrides.get(deps), ...s });
}

export function resultsSettings(deps: AppDeps): ResultsSettings {
  return { ...DEFAULT_RESULTS, ...overrides.get(deps) };
}
