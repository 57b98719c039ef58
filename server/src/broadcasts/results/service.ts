/**
 * Broadcast results: LINE's statistics of each broadcast, read by one job per account
 * (`broadcast.results`, through the one job runner: claimed through the database, resumable) and
 * by people's "Refresh", all within the channel's budget of statistics calls (./budget.ts).
 *
 * - A broadcast that went out gets a result row; its first read is an hour after sending.
 * - The job reads every due result, the longest unread first, as long as the budget lets it,
 *   then queues itself for the next due read (or the moment the budget frees up).
 * - 14 days after sending the last read makes the results final.
 * - LINE's 429: the hour's budget is treated as spent and nothing is read for an hour.
 * - LINE's `null` (fewer than 20) is stored and answered as null, never 0.
 */
import type { AppDeps } from '../../http/context';
import { ApiError, notFound } from '../../http/errors';
import { newJobId, registerJobKind } from '../../jobs/runner';
import { insertJob } from '../../repositories/jobs';
import { toLineError, type LineGateway, type MessageStatistics } from '../line-client';
import { findBroadcast, type BroadcastKey, type BroadcastRow } from '../repository';
import { broadcastSettings } from '../settings';
import { HOUR_MS, nextCallAt, spendAll, takeCall } from './budget';
import {
  dueResults, findResultRow, insertRead, insertResultRow, listReads, moveJobEarlier, nextScheduledRead, queuedJobOf,
  updateResultRow, type ResultRow,
} from './repository';
import { resultsSettings, type ResultsSettings } from './settings';
import { jstDate, tooFew } from './units';
import type { BroadcastResults, ResultClick, ResultReason } from '../../../../lib/contract/results';

export const RESULTS_JOB = 'broadcast.results';

registerJobKind(RESULTS_JOB, async (job, ctx) => {
  await readDueResults(ctx.deps, job.accountId, ctx.signal);
}, { maxAttempts: 10, leaseMs: 120_000 });

/** How long a read holds its result against a second reader (another instance, a refresh). */
const READ_LEASE_MS = 5 * 60_000;
/** After LINE could not be reached: try that result again this much later. */
const TRANSIENT_RETRY_MS = 15 * 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// ---- after delivery -------------------------------------------------------------------------------

/**
 * Called when a broadcast's delivery ends: a broadcast that reached anyone gets its results
 * tracked (first read an hour after sending), or says at once why it never will. Idempotent.
 */
export async function trackResults(deps: AppDeps, key: BroadcastKey): Promise<void> {
  const db = deps.store.db;
  const b = await findBroadcast(db, key);
  if (!b || !['sent', 'failed'].includes(b.status) || b.sent_count === 0) return;
  const s = resultsSettings(deps);
  const now = deps.clock.now();
  const method = (b.method ?? 'multicast') as 'multicast' | 'narrowcast';
  await insertResultRow(db, {
    account_id: key.accountId, broadcast_id: key.id, method, created_at: now, updated_at: now,
    reason: method === 'multicast' ? JSON.stringify(noUnit()) : null,
  });
  const row = (await findResultRow(db, key))!;
  if (row.sent_at !== null) return; // tracked already
  const sentAt = b.finished_at ?? now;
  let reason = readReason(row.reason);
  if (b.sent_count < s.minRecipients) reason = tooFew(b.sent_count, s.minRecipients);
  else if (method === 'narrowcast' && !b.narrowcast_request_id) reason = { code: 'no_unit', message: 'LINE gave no request id for this narrowcast, so its statistics cannot be read.' };
  else if (method === 'narrowcast') reason = null;
  const readable = method === 'narrowcast' ? reason === null : row.unit !== null && reason?.code !== 'too_few_recipients';
  const firstRead = sentAt + s.firstReadAfterMs;
  const updated = await updateResultRow(db, key, {
    method, sent: b.sent_count, sent_at: sentAt, request_id: b.narrowcast_request_id,
    reason: readable ? null : JSON.stringify(reason ?? noUnit()),
    final: readable ? 0 : 1, next_read_at: readable ? firstRead : null, updated_at: now,
  }, { sentAtNull: true });
  if (updated && readable) await scheduleReads(deps, key.accountId, firstRead);
}

const noUnit = (): ResultReason => ({
  code: 'no_unit',
  message: 'This broadcast was sent without an aggregation unit, so LINE cannot tell its opens and clicks apart.',
});

/** Makes sure the account's statistics job runs by `runAt`. */
export async function scheduleReads(deps: AppDeps, accountId: string, runAt: number): Promise<void> {
  const db = deps.store.db;
  const now = deps.clock.now();
  const queued = await queuedJobOf(db, accountId, RESULTS_JOB);
  if (queued) {
    if (Number(queued.run_at) > runAt) await moveJobEarlier(db, accountId, queued.id, runAt, now);
    return;
  }
  // Two of these at once may queue two jobs: harmless, each read claims its result and its call.
  await insertJob(db, { accountId, id: newJobId(), kind: RESULTS_JOB, payload: {}, runAt, now });
}

// ---- reading LINE ---------------------------------------------------------------------------------

type ReadOutcome = 'read' | 'rate_limited' | 'unavailable' | 'refused';

async function gatewayOf(deps: AppDeps, accountId: string): Promise<LineGateway | null> {
  try {
    return await broadcastSettings(deps).gateway(accountId);
  } catch (e) {
    if (e instanceof ApiError) return null;
    throw e;
  }
}

/** The statistics job: reads what is due, oldest-read first, within the budget; then queues itself again. */
export async function readDueResults(deps: AppDeps, accountId: string, signal?: AbortSignal): Promise<void> {
  const db = deps.store.db;
  const s = resultsSettings(deps);
  const budget = { slots: s.callsPerHour, reserve: s.reserveForRefresh };
  const gateway = await gatewayOf(deps, accountId);
  if (!gateway) return; // LINE not connected: the next broadcast or a refresh starts reading again
  let stop = false;
  while (!stop) {
    if (signal?.aborted) throw signal.reason;
    const now = deps.clock.now();
    const due = await dueResults(db, accountId, now, 20);
    if (due.length === 0) break;
    for (const row of due) {
      const key = { accountId, id: row.broadcast_id };
      // Claim the result first (another instance's job or a refresh may be on it), then a call.
      if (!(await updateResultRow(db, key, { next_read_at: now + READ_LEASE_MS }, { nextReadAt: row.next_read_at }))) continue;
      if (!(await takeCall(db, accountId, now, budget))) {
        await updateResultRow(db, key, { next_read_at: row.next_read_at });
        stop = true;
        break;
      }
      if ((await readOnce(deps, gateway, row, s)) === 'rate_limited') { stop = true; break; }
    }
  }
  const next = await nextScheduledRead(db, accountId);
  if (next === null) return;
  const now = deps.clock.now();
  await scheduleReads(deps, accountId, Math.max(next, await nextCallAt(db, accountId, now, budget)));
}

/** One read of LINE for one result, stored with its history. The call was taken from the budget already. */
async function readOnce(deps: AppDeps, gateway: LineGateway, row: ResultRow, s: ResultsSettings): Promise<ReadOutcome> {
  const db = deps.store.db;
  const key = { accountId: row.account_id, id: row.broadcast_id };
  const now = deps.clock.now();
  const sentAt = Number(row.sent_at ?? now);
  const age = now - sentAt;
  const last = age >= s.readForMs;
  const next = () => (last ? null : now + s.readInterval(age));
  try {
    const stats = row.method === 'narrowcast'
      ? await gateway.messageEvent(row.request_id!)
      : await gateway.statisticsPerUnit(row.unit!, jstDate(sentAt), jstDate(Math.min(now, sentAt + 30 * 24 * HOUR_MS)));
    await updateResultRow(db, key, {
      unique_impressions: stats.uniqueImpression, unique_clicks: stats.uniqueClick, clicks: JSON.stringify(mergeClicks(stats)),
      reason: null, last_read_at: now, reads: Number(row.reads) + 1, final: last ? 1 : 0, next_read_at: next(), updated_at: now,
    });
    await insertRead(db, key, { at: now, uniqueImpressions: stats.uniqueImpression, uniqueClicks: stats.uniqueClick });
    return 'read';
  } catch (raw) {
    const e = toLineError(raw);
    if (e.kind === 'rate_limited') {
      // LINE's hourly limit is spent (perhaps by another tool on the channel): wait the hour out.
      await spendAll(db, key.accountId, now, s.callsPerHour);
      await updateResultRow(db, key, { next_read_at: now + HOUR_MS, updated_at: now });
      return 'rate_limited';
    }
    if (!e.retryable) {
      const reason: ResultReason = row.method === 'multicast' && e.status === 400
        ? { code: 'unit_unknown', message: `LINE does not know this broadcast's aggregation unit yet (LINE: "${e.describe()}"); it is asked again later.` }
        : { code: 'line_refused', message: `LINE refused to give this broadcast's statistics (LINE: "${e.describe()}").` };
      await updateResultRow(db, key, {
        reason: JSON.stringify(reason), last_read_at: now, reads: Number(row.reads) + 1, final: last ? 1 : 0, next_read_at: next(), updated_at: now,
      });
      return 'refused';
    }
    deps.logger.warn('broadcast statistics read failed; will retry', { broadcast: key.id, err: e.message });
    await updateResultRow(db, key, { next_read_at: now + TRANSIENT_RETRY_MS, updated_at: now });
    return 'unavailable';
  }
}

/**
 * LINE lists clicks per bubble (seq) and URL; the marketer asks per link. Counts of one URL in
 * several bubbles are added up where LINE gave them (null only when LINE gave none); unique
 * clickers of the URL over the whole message are LINE's `uniqueClickOfRequest`.
 */
export function mergeClicks(stats: MessageStatistics): ResultClick[] {
  const byUrl = new Map<string, ResultClick>();
  for (const c of stats.clicks) {
    const prev = byUrl.get(c.url);
    const unique = c.uniqueClickOfRequest ?? c.uniqueClick;
    if (!prev) { byUrl.set(c.url, { url: c.url, clicks: c.click, uniqueClicks: unique }); continue; }
    prev.clicks = prev.clicks === null ? c.click : prev.clicks + (c.click ?? 0);
    prev.uniqueClicks = prev.uniqueClicks === null ? unique : Math.max(prev.uniqueClicks, unique ?? 0);
  }
  return [...byUrl.values()].sort((a, b) => (b.clicks ?? -1) - (a.clicks ?? -1) || a.url.localeCompare(b.url));
}

// ---- the routes' side -----------------------------------------------------------------------------

const readReason = (json: string | null): ResultReason | null => (json ? JSON.parse(json) as ResultReason : null);

async function broadcastOr404(deps: AppDeps, key: BroadcastKey): Promise<BroadcastRow> {
  const b = await findBroadcast(deps.store.db, key);
  if (!b) throw notFound(`There is no broadcast "${key.id}" in this account.`);
  return b;
}

export async function getResults(deps: AppDeps, accountId: string, id: string): Promise<BroadcastResults> {
  const key = { accountId, id };
  const b = await broadcastOr404(deps, key);
  const row = await findResultRow(deps.store.db, key);
  if (!row || row.sent_at === null) {
    const going = !['sent', 'failed', 'cancelled'].includes(b.status);
    return {
      sent: b.sent_count, uniqueImpressions: null, uniqueClicks: null, openRate: null, clickRate: null, clicks: [],
      updatedAt: null, final: !going, nextReadAt: null, sentAt: iso(b.finished_at), history: [],
      reason: going || b.sent_count === 0
        ? { code: 'not_sent_yet', message: b.status === 'cancelled' || b.status === 'failed' ? 'This broadcast reached nobody, so it has no results.' : 'Results appear about an hour after the broadcast is sent.' }
        : noUnit(),
    };
  }
  const sent = Number(row.sent);
  const ui = row.unique_impressions === null ? null : Number(row.unique_impressions);
  const uc = row.unique_clicks === null ? null : Number(row.unique_clicks);
  const reads = await listReads(deps.store.db, key);
  return {
    sent,
    uniqueImpressions: ui,
    uniqueClicks: uc,
    openRate: ui === null || sent === 0 ? null : ui / sent,
    clickRate: uc === null || sent === 0 ? null : uc / sent,
    clicks: JSON.parse(row.clicks) as ResultClick[],
    updatedAt: iso(row.last_read_at === null ? null : Number(row.last_read_at)),
    final: row.final === 1,
    reason: readReason(row.reason) ?? (row.last_read_at === null ? { code: 'not_sent_yet', message: 'Results appear about an hour after the broadcast is sent.' } : null),
    nextReadAt: iso(row.next_read_at === null ? null : Number(row.next_read_at)),
    sentAt: iso(Number(row.sent_at)),
    history: reads.map((r) => ({
      at: new Date(Number(r.read_at)).toISOString(),
      uniqueImpressions: r.unique_impressions === null ? null : Number(r.unique_impressions),
      uniqueClicks: r.unique_clicks === null ? null : Number(r.unique_clicks),
    })),
  };
}

/** Reads LINE now for one broadcast, within the channel's budget; answers the new results. */
export async function refreshResults(deps: AppDeps, accountId: string, id: string): Promise<BroadcastResults> {
  const key = { accountId, id };
  await broadcastOr404(deps, key);
  const db = deps.store.db;
  const row = await findResultRow(db, key);
  // Nothing LINE could add (not sent, no unit, too few, or final): the results as they are, no call.
  if (!row || row.sent_at === null || row.final === 1) return getResults(deps, accountId, id);
  const s = resultsSettings(deps);
  const gateway = await gatewayOf(deps, accountId);
  if (!gateway) {
    throw new ApiError(409, 'line_not_connected', 'LINE is not connected for this account: connect LINE in Settings to read broadcast results.');
  }
  const now = deps.clock.now();
  if (!(await takeCall(db, accountId, now, { slots: s.callsPerHour }))) {
    const at = await nextCallAt(db, accountId, now, { slots: s.callsPerHour });
    throw budgetSpent(at - now);
  }
  const outcome = await readOnce(deps, gateway, row, s);
  if (outcome === 'rate_limited') throw budgetSpent(HOUR_MS);
  if (outcome === 'unavailable') {
    throw new ApiError(503, 'line_unavailable', 'LINE could not be reached for the statistics. Try again in a minute.', undefined, undefined, { 'retry-after': '60' });
  }
  return getResults(deps, accountId, id);
}

function budgetSpent(waitMs: number): ApiError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new ApiError(429, 'rate_limited',
    `LINE allows 60 statistics reads an hour for this channel and they are used up; try again in ${Math.ceil(seconds / 60)} minute(s).`,
    undefined, { retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
}
