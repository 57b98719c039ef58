/**
 * Sync jobs: one job kind per service (`integration.sync.<provider>`), so a failing service never
 * holds up another. A job runs (or resumes) the sync from its saved cursor; a passing vendor
 * failure (throttled, unavailable) asks the runner to run it again later, a lasting one (refused
 * credentials, a missing scope) is recorded on the connection for the user to fix. Every finished
 * sync, good or bad, books the next one SYNC_INTERVAL_MS later: the schedule lives in the jobs
 * table, so it survives restarts.
 */
import { RetryJob, registerJobKind, type JobContext } from '../jobs/runner';
import type { AppDeps } from '../http/context';
import { PROVIDERS, VendorError, type Provider } from './errors';
import { getIntegration, queuedJob, updateIntegration } from './repository';
import { runSync, type SyncHooks } from './sync';
import { SYNCERS } from './syncers';

export const SYNC_INTERVAL_MS = 6 * 3_600_000;
export const syncJobKind = (provider: Provider) => `integration.sync.${provider}`;

/** Test seam: hooks applied to syncs run by jobs (a test kills a sync after page N). */
export const jobSyncHooks: { current: SyncHooks | undefined } = { current: undefined };

async function mark(deps: AppDeps, accountId: string, provider: Provider, status: 'queued' | 'failed'): Promise<void> {
  const row = await getIntegration(deps.store.db, accountId, provider);
  if (row) await updateIntegration(deps.store.db, { accountId, provider, connectionId: row.connectionId }, { status }, deps.clock.now());
}

/** Books the next scheduled sync unless one is already waiting. */
export async function scheduleNextSync(deps: AppDeps, accountId: string, provider: Provider): Promise<void> {
  const row = await getIntegration(deps.store.db, accountId, provider);
  if (!row) return;
  const waiting = await queuedJob(deps.store.db, accountId, syncJobKind(provider));
  const runAt = waiting?.runAt ?? deps.clock.now() + SYNC_INTERVAL_MS;
  if (!waiting) await deps.jobs.enqueue(accountId, syncJobKind(provider), { provider }, { runAt });
  await updateIntegration(deps.store.db, { accountId, provider, connectionId: row.connectionId }, { nextSyncAt: runAt }, deps.clock.now());
}

/** Starts a sync now (or leaves the one already due). */
export async function requestSync(deps: AppDeps, accountId: string, provider: Provider): Promise<void> {
  const waiting = await queuedJob(deps.store.db, accountId, syncJobKind(provider));
  if (!waiting || waiting.runAt > deps.clock.now()) await deps.jobs.enqueue(accountId, syncJobKind(provider), { provider });
}

function handler(provider: Provider) {
  return async (job: { accountId: string; id: string }, ctx: JobContext): Promise<void> => {
    const { deps } = ctx;
    try {
      const out = await runSync(deps, job.accountId, SYNCERS[provider], { owner: job.id, signal: ctx.signal, logger: ctx.logger, hooks: jobSyncHooks.current });
      if (out.kind === 'skipped') {
        if (out.reason === 'busy') throw new RetryJob('Another sync of this service is running; this one waits for it.', 60_000);
        return; // disconnected: nothing to do, nothing to schedule
      }
    } catch (e) {
      if (e instanceof RetryJob) throw e;
      if (ctx.signal.aborted) throw e; // stopping: the runner requeues it, the cursor is saved
      const transient = e instanceof VendorError ? e.transient : true;
      if (transient && !ctx.lastAttempt) {
        await mark(deps, job.accountId, provider, 'queued');
        throw new RetryJob(e instanceof Error ? e.message : String(e), e instanceof VendorError && e.retryAfterMs ? e.retryAfterMs : 30_000);
      }
      // Lasting: the error is on the connection for the user to see; try again at the next slot.
      await mark(deps, job.accountId, provider, 'failed');
      await scheduleNextSync(deps, job.accountId, provider);
      if (e instanceof VendorError) return;
      throw e;
    }
    await scheduleNextSync(deps, job.accountId, provider);
  };
}

for (const provider of PROVIDERS) registerJobKind(syncJobKind(provider), handler(provider), { maxAttempts: 8, leaseMs: 120_000 });
