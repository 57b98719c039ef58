/**
 * Saved-segment calculation. Saving a segment (or changing its definition) leaves its result
 * "calculating" for the new version and queues a `segment.calculate` job; the job computes the
 * count and sample with the engine and records them — only if the segment still has the
 * definition it computed (a newer change has its own job). A restart resumes queued jobs; two
 * instances never run the same one (server/src/jobs/runner.ts).
 *
 * When friends change (an import, a sync, a webhook), one `segments.refresh` job per account
 * recomputes its segments a moment later; meanwhile the previous count is shown, still "ready",
 * with its `computedAt`.
 *
 * Segments with relative dates (within/not within the last N days, days since last purchase)
 * drift as days pass: reading one whose result is older than LUMO_RECALC_MAX_AGE_MINUTES computes
 * it again inline, in that request (see ./preview.ts) — the answer is then current, never a
 * "calculating" that the extension would have to poll for.
 */
import type { AppDeps } from '../http/context';
import { registerJobKind } from '../jobs/runner';
import { findAccount } from '../repositories/accounts';
import { hasQueuedJob } from '../repositories/jobs';
import { getSegment, listSegments, recordResult } from '../repositories/segments';
import { onFriendsChanged } from '../store/change-feed';
import { notifySegmentEvent } from './segment-events';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';
import type { Definition } from '../../../lib/segment/schema';

export const CALCULATE = 'segment.calculate';
export const REFRESH = 'segments.refresh';
/** Friends often change in bursts (an import's batches): wait this long to recount once. */
export const REFRESH_DELAY_MS = 2_000;

export function usesRelativeDates(def: Definition): boolean {
  return def.groups.some((g) => g.conditions.some((c) =>
    c.operator === 'within_last_days' || c.operator === 'not_within_last_days' || c.property === 'shopify.days_since_last_purchase'));
}

async function timeZoneOf(deps: AppDeps, accountId: string): Promise<string> {
  return (await findAccount(deps.store.db, accountId))?.timezone ?? DEFAULT_TIME_ZONE;
}

/**
 * Computes a saved segment's result now and records it; returns whether it was recorded (false
 * when the segment is gone or changed meanwhile). Throws when the engine fails.
 */
export async function calculateSegment(deps: AppDeps, accountId: string, segmentId: string, timeZone?: string): Promise<boolean> {
  const seg = await getSegment(deps.store.db, accountId, segmentId);
  if (!seg) return false;
  const tz = timeZone ?? await timeZoneOf(deps, accountId);
  const asOf = deps.clock.now();
  const started = performance.now();
  const { count, sample } = await deps.engine.count(accountId, JSON.parse(seg.definition) as Definition, { asOf, timeZone: tz, sampleLimit: 10 });
  const recorded = await recordResult(deps.store.db, accountId, segmentId, seg.definition, {
    status: 'ready', count, sample, error: null, asOf, computedAt: deps.clock.now(), durationMs: Math.round(performance.now() - started),
  });
  if (recorded) await notifySegmentEvent(deps, accountId, segmentId, 'calculated');
  return recorded;
}

async function recordFailure(deps: AppDeps, accountId: string, segmentId: string, jobId: string): Promise<void> {
  const seg = await getSegment(deps.store.db, accountId, segmentId);
  if (!seg) return;
  const now = deps.clock.now();
  await recordResult(deps.store.db, accountId, segmentId, seg.definition, {
    status: 'failed', count: null, sample: [], asOf: now, computedAt: now, durationMs: 0,
    error: `The count could not be computed. Save the segment again to retry; if it keeps failing, the server log has the details (job ${jobId}).`,
  });
}

registerJobKind(CALCULATE, async (job, { deps, lastAttempt, logger }) => {
  const { segmentId } = job.payload as { segmentId: string };
  try {
    await calculateSegment(deps, job.accountId, segmentId);
  } catch (e) {
    if (lastAttempt) {
      logger.error('segment calculation failed', { segment: segmentId, err: e });
      await recordFailure(deps, job.accountId, segmentId, job.id);
      return;
    }
    throw e;
  }
}, { maxAttempts: 3, leaseMs: 5 * 60_000 });

registerJobKind(REFRESH, async (job, { deps, signal, logger }) => {
  const tz = await timeZoneOf(deps, job.accountId);
  for (const seg of await listSegments(deps.store.db, job.accountId)) {
    if (signal.aborted) throw new Error('stopped');
    try {
      await calculateSegment(deps, job.accountId, seg.id, tz);
    } catch (err) {
      // Keep the previous count; the next change or read tries again.
      logger.warn('segment refresh failed', { segment: seg.id, err });
    }
  }
}, { maxAttempts: 2, leaseMs: 10 * 60_000 });

export async function queueCalculation(deps: AppDeps, accountId: string, segmentId: string): Promise<void> {
  await deps.jobs.enqueue(accountId, CALCULATE, { segmentId });
}

/** Queues one refresh of the account's segments unless one is already waiting. */
export async function queueRefresh(deps: AppDeps, accountId: string): Promise<void> {
  if (await hasQueuedJob(deps.store.db, accountId, REFRESH)) return;
  await deps.jobs.enqueue(accountId, REFRESH, {}, { runAt: deps.clock.now() + REFRESH_DELAY_MS });
}

/** Recounts saved segments when friends change (main.ts starts it; returns the stop function). */
export function refreshSegmentsOnFriendChanges(deps: AppDeps): () => void {
  return onFriendsChanged((accountId) => {
    queueRefresh(deps, accountId).catch((err) => deps.logger.warn('could not queue a segment refresh', { account: accountId, err }));
  });
}
