/**
 * The statistics side of the fake LINE Messaging API (issue 16), in front of the broadcast fake:
 *
 *   GET /v2/bot/message/aggregation/info                 { numOfCustomAggregationUnits } this month
 *   GET /v2/bot/insight/message/event/aggregation        per-unit statistics (customAggregationUnit, from, to)
 *   GET /v2/bot/insight/message/event?requestId=         a narrowcast's statistics
 *
 * Shaped after line/line-openapi insight.yml (GetStatisticsPerUnitResponse, GetMessageEventResponse)
 * and messaging-api.yml (GetAggregationUnitUsageResponse), and LINE's documented behaviour:
 * - multicast `customAggregationUnits`: at most one name, `^[a-zA-Z0-9_]{1,30}$`; LINE keeps 1,000
 *   units per channel and month and silently ignores new ones past that (the send still succeeds).
 * - counts under 20 are `null` (LINE's privacy threshold), in the overview and per link alike.
 * - `from`/`to` are yyyyMMdd (UTC+9), `to` at most 30 days after `from`; a unit LINE does not
 *   know answers 400 (its exact wording is not published; the fake says so plainly).
 * - the insight endpoints allow 60 calls an hour per channel: past that, 429 (`calls` keeps every
 *   call with the test clock's time so a test can check any hour).
 * Statistics are made from the accepted sends (a fixed share of the recipients opened and clicked)
 * unless a test sets them with `setStats`.
 */
import type { RecordedRequest, Reply } from './fake-http';
import { json } from './fake-http';
import { startFakeLine } from './index';
import { FakeLineBroadcastState, handleBroadcastRequest, type FakeLineBroadcast, type FakeLineBroadcastOptions } from './broadcast-fake';

const UNIT = /^[a-zA-Z0-9_]{1,30}$/;
const DAY = /^\d{8}$/;

export interface FakeStats {
  overview: { uniqueImpression: number | null; uniqueClick: number | null; uniqueMediaPlayed?: number | null; uniqueMediaPlayed100Percent?: number | null };
  clicks: { seq: number; url: string; click: number | null; uniqueClick: number | null; uniqueClickOfRequest: number | null }[];
}

export interface InsightCall { at: number; path: string; key: string; status: number }

export interface FakeInsightOptions {
  /** The test's clock, for the month of a unit and the time of a call (default Date.now). */
  now?: () => number;
  /** LINE's limit on the insight endpoints (60 an hour). */
  callsPerHour?: number;
  /** Units per month LINE keeps (1,000). */
  unitsPerMonth?: number;
}

const jstMonth = (ms: number) => new Date(ms + 9 * 3_600_000).toISOString().slice(0, 7);
/** LINE's null under 20. */
const under20 = (n: number): number | null => (n < 20 ? null : n);

export class FakeInsightState {
  /** unit → the month it was first used and everyone its requests reached. */
  readonly units = new Map<string, { month: string; recipients: Set<string>; requests: number }>();
  /** Multicast requests that named a unit LINE ignored (past the month's limit). */
  readonly droppedUnits: string[] = [];
  readonly calls: InsightCall[] = [];
  private readonly stats = new Map<string, FakeStats>();
  private failures: { status: number; body: unknown; times: number }[] = [];

  constructor(readonly opts: FakeInsightOptions = {}) {}

  now(): number { return (this.opts.now ?? Date.now)(); }

  /** Sets what LINE answers for a unit or a narrowcast request id. */
  setStats(unitOrRequestId: string, stats: FakeStats): void { this.stats.set(unitOrRequestId, stats); }

  /** The next `times` insight calls answer `status` (429 by default: LINE's rate limit). */
  fail(status = 429, times = 1, body: unknown = { message: 'The API rate limit has been exceeded. Try again later.' }): void {
    this.failures.push({ status, body, times });
  }

  unitsUsedThisMonth(): number {
    const month = jstMonth(this.now());
    return [...this.units.values()].filter((u) => u.month === month).length;
  }

  /** Calls within the hour ending at `at` (inclusive), for budget checks. */
  callsInHourBefore(at: number): number {
    return this.calls.filter((c) => c.at > at - 3_600_000 && c.at <= at).length;
  }

  noteMulticast(body: { to?: string[]; customAggregationUnits?: unknown }): void {
    const units = body.customAggregationUnits;
    if (!Array.isArray(units) || units.length === 0) return;
    const unit = String(units[0]);
    const known = this.units.get(unit);
    if (known) {
      known.requests++;
      for (const u of body.to ?? []) known.recipients.add(u);
      return;
    }
    if (this.unitsUsedThisMonth() >= (this.opts.unitsPerMonth ?? 1000)) { this.droppedUnits.push(unit); return; }
    this.units.set(unit, { month: jstMonth(this.now()), recipients: new Set(body.to ?? []), requests: 1 });
  }

  statsFor(key: string, recipients: number): FakeStats {
    return this.stats.get(key) ?? {
      overview: { uniqueImpression: under20(Math.floor(recipients * 0.6)), uniqueClick: under20(Math.floor(recipients * 0.2)), uniqueMediaPlayed: null, uniqueMediaPlayed100Percent: null },
      clicks: [{ seq: 1, url: 'https://shop.example.com/sale', click: under20(Math.floor(recipients * 0.3)), uniqueClick: under20(Math.floor(recipients * 0.2)), uniqueClickOfRequest: under20(Math.floor(recipients * 0.2)) }],
    };
  }

  takeFailure(): { status: number; body: unknown } | null {
    const f = this.failures.find((x) => x.times > 0);
    if (!f) return null;
    f.times--;
    return f;
  }
}

const bad = (message: string, property?: string): Reply =>
  json(400, property ? { message: 'The request body has 1 error(s)', details: [{ message, property }] } : { message });

function overLimit(insight: FakeInsightState): boolean {
  return insight.callsInHourBefore(insight.now()) >= (insight.opts.callsPerHour ?? 60);
}

/** What the statistics endpoints need of the fake that sends: its token and its narrowcasts. */
export type InsightSource = Pick<FakeLineBroadcastState, 'channelAccessToken'> & {
  narrowcasts: ReadonlyMap<string, { targetCount: number; acceptedTime: string }>;
};

/** Answers an insight or aggregation-info request, or undefined for any other path. */
export function handleInsightRequest(insight: FakeInsightState, broadcast: InsightSource, req: RecordedRequest): Reply | undefined {
  const insightPath = req.path === '/v2/bot/insight/message/event/aggregation' || req.path === '/v2/bot/insight/message/event';
  if (req.path !== '/v2/bot/message/aggregation/info' && !insightPath) return undefined;
  if (req.method !== 'GET') return json(405, { message: 'Method not allowed' });
  if (req.headers.authorization !== `Bearer ${broadcast.channelAccessToken}`) {
    return json(401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
  }
  if (req.path === '/v2/bot/message/aggregation/info') return json(200, { numOfCustomAggregationUnits: insight.unitsUsedThisMonth() });

  const key = req.query.get('customAggregationUnit') ?? req.query.get('requestId') ?? '';
  const record = (reply: Reply): Reply => { insight.calls.push({ at: insight.now(), path: req.path, key, status: reply.status }); return reply; };
  const failure = insight.takeFailure();
  if (failure) return record(json(failure.status, failure.body));
  if (overLimit(insight)) return record(json(429, { message: 'The API rate limit has been exceeded. Try again later.' }));

  if (req.path === '/v2/bot/insight/message/event') {
    const n = broadcast.narrowcasts.get(key);
    if (!key) return record(bad('must not be empty', 'requestId'));
    if (!n) return record(json(404, { message: 'Not found' }));
    const s = insight.statsFor(key, n.targetCount);
    return record(json(200, {
      overview: { requestId: key, timestamp: Math.floor(Date.parse(n.acceptedTime) / 1000), delivered: n.targetCount, ...s.overview },
      messages: [{ seq: 1, impression: s.overview.uniqueImpression }],
      clicks: s.clicks,
    }));
  }
  const from = req.query.get('from') ?? '';
  const to = req.query.get('to') ?? '';
  if (!UNIT.test(key)) return record(bad('must match "^[a-zA-Z0-9_]{1,30}$"', 'customAggregationUnit'));
  if (!DAY.test(from)) return record(bad('must match "^[0-9]{8}$"', 'from'));
  if (!DAY.test(to)) return record(bad('must match "^[0-9]{8}$"', 'to'));
  const day = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)));
  if (day(to) < day(from) || day(to) - day(from) > 30 * 86_400_000) return record(bad('The end date must be within 30 days after the start date', 'to'));
  const unit = insight.units.get(key);
  if (!unit) return record(bad(`Unknown customAggregationUnit "${key}" (the fake's wording; LINE's is not published)`));
  const s = insight.statsFor(key, unit.recipients.size);
  return record(json(200, { overview: s.overview, messages: [{ seq: 1, impression: s.overview.uniqueImpression }], clicks: s.clicks }));
}

/**
 * The statistics endpoints for the plain fake (`startFakeLine`, as the browser tests' world runs
 * it): pass the answer's `extraRoutes` in its options. Its multicasts are noted for their unit as
 * they go by (then the fake's own handler answers them); it sends no narrowcast the statistics
 * could name, so a request id is unknown (404) there.
 */
export function insightRoutes(opts: FakeInsightOptions & { channelAccessToken: string }): {
  insight: FakeInsightState;
  extraRoutes: (req: RecordedRequest, host: 'api' | 'data') => Reply | undefined;
} {
  const insight = new FakeInsightState(opts);
  const source: InsightSource = { channelAccessToken: opts.channelAccessToken, narrowcasts: new Map() };
  return {
    insight,
    extraRoutes(req, host) {
      if (host !== 'api') return undefined;
      if (req.method === 'POST' && req.path === '/v2/bot/message/multicast' && req.headers.authorization === `Bearer ${opts.channelAccessToken}`) {
        insight.noteMulticast(req.body as { to?: string[]; customAggregationUnits?: unknown });
        return undefined;
      }
      return handleInsightRequest(insight, source, req);
    },
  };
}

export interface FakeLineInsight extends FakeLineBroadcast { insight: FakeInsightState }

/** The broadcast fake with the statistics endpoints and the unit counter in front of it: one server. */
export async function startFakeLineInsight(opts: FakeLineBroadcastOptions & FakeInsightOptions = {}): Promise<FakeLineInsight> {
  const state = new FakeLineBroadcastState(opts);
  const insight = new FakeInsightState(opts);
  const line = await startFakeLine({
    channelAccessToken: state.channelAccessToken,
    extraRoutes: (req, host) => {
      if (host !== 'api') return undefined;
      const stats = handleInsightRequest(insight, state, req);
      if (stats) return stats;
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const out = handleBroadcastRequest(state, { method: req.method, path: req.path, query: req.query, headers, body: req.body ?? null });
      if (out && req.method === 'POST' && req.path === '/v2/bot/message/multicast' && out.status === 200) {
        insight.noteMulticast(req.body as { to?: string[]; customAggregationUnits?: unknown });
      }
      return out ?? undefined;
    },
  });
  return { url: line.url, dataUrl: line.dataUrl, channelAccessToken: state.channelAccessToken, state, line, insight, close: () => line.close() };
}
