/**
 * Delivering a recorded broadcast to LINE: the `broadcast.send` job. It may run many times for one
 * broadcast (a retry later, a crash, a restart, another instance taking over an expired lease) and
 * must send every recipient exactly once across all of those runs:
 *
 * 1. `scheduled|queued → sending` is one conditional UPDATE: a cancel that won the race keeps it.
 * 2. The recipients snapshot (the segment's unblocked members at that moment) and one batch row per
 *    ≤500 recipients, each with its X-Line-Retry-Key, are written in one transaction.
 * 3. The monthly quota is checked before the first request, with the snapshot's exact count.
 * 4. Each batch is marked "sending" (attempt persisted) BEFORE its request leaves; it becomes
 *    "sent" only after LINE accepted it. A batch found "sending" after a crash is sent again with
 *    the same retry key: LINE answers 409 if it had accepted it, and nobody gets it twice. Past the
 *    key's 24-hour life that proof is gone, so such a batch is reported, not resent.
 *
 * Multicast or narrowcast (per size): multicast below `narrowcastThreshold` (100,000 recipients =
 * 200 requests). Multicast is exact and synchronous — each batch is accepted or refused on the
 * spot, so progress is "sent n of N" as it happens and a failure names its batch — and its rate
 * limit (200 requests/s) is never the bottleneck. Above the threshold, one narrowcast to an
 * audience of uploaded user IDs (JSON uploads of 10,000; uploaded-ID audiences are exempt from the
 * 50-recipient minimum): LINE fans out a single accepted request (one retry key, all-or-nothing,
 * LINE cancels rather than reaching only a subset), instead of thousands of requests our process
 * must see through. Its costs — the audience must become READY, delivery is asynchronous (progress
 * is polled), narrowcast is limited to 60 requests an hour per channel, and audiences count toward
 * the channel's limit (deleted here once delivery ends) — only pay off at that size.
 */
import { randomUUID } from 'node:crypto';
import { RetryJob, type JobContext } from '../jobs/runner';
import type { AppDeps } from '../http/context';
import { ApiError } from '../http/errors';
import type { LineMessage } from '../../../lib/contract/api';
import type { Definition } from '../../../lib/segment/schema';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';
import { compileMembers } from '../segments/compile-sql';
import { findAccount } from '../repositories/accounts';
import { LineApiError, toLineError, type LineGateway } from './line-client';
import { broadcastSettings, type BroadcastSettings } from './settings';
import {
  anyBatchAttempted, batchCounts, batchRecipients, findBroadcast, findSegmentForBroadcast, finishBatch, markBatchAttempt,
  openBatches, takeSnapshot, transition, updateBroadcast, type BatchRow, type BroadcastKey, type BroadcastRow,
} from './repository';
import { problem, storeProblem, type Problem } from './problems';
import { assignUnit } from './results/units';

export const BROADCAST_JOB = 'broadcast.send';

/** Ends the broadcast as failed with this problem. */
class StopBroadcast extends Error {
  constructor(readonly problem: Problem) { super(problem.message); }
}

interface Run {
  deps: AppDeps;
  key: BroadcastKey;
  s: BroadcastSettings;
  signal: AbortSignal;
  now(): number;
}

/** The job handler: delivers (or resumes delivering) one broadcast. Idempotent. */
export async function deliverBroadcast(deps: AppDeps, key: BroadcastKey, ctx: Pick<JobContext, 'signal' | 'lastAttempt' | 'logger'>): Promise<void> {
  const run: Run = { deps, key, s: broadcastSettings(deps), signal: ctx.signal, now: () => deps.clock.now() };
  try {
    await deliver(run);
  } catch (e) {
    if (e instanceof StopBroadcast) return fail(run, e.problem);
    if (ctx.signal.aborted) throw e; // stopping: the runner re-queues the job
    if (ctx.lastAttempt) {
      // Out of attempts: say so on the broadcast rather than leave it "sending" forever.
      const p = e instanceof RetryJob
        ? problem('line_unavailable', `Sending stopped: LINE kept failing (${e.message}).`)
        : problem('internal', 'Sending stopped because of an error in the sync API; the server log has the details.');
      if (!(e instanceof RetryJob)) ctx.logger.error('broadcast delivery failed', { broadcast: key.id, err: e });
      return fail(run, p);
    }
    throw e;
  }
}

async function fail(run: Run, p: Problem): Promise<void> {
  const now = run.now();
  await transition(run.deps.store.db, run.key, ['sending', 'queued', 'scheduled'], {
    status: 'failed', error: storeProblem(p, now), last_problem: storeProblem(p, now), finished_at: now, updated_at: now,
  });
}

async function deliver(run: Run): Promise<void> {
  const { deps, key } = run;
  const db = deps.store.db;
  let row = await findBroadcast(db, key);
  if (!row || ['sent', 'failed', 'cancelled'].includes(row.status)) return;
  if (row.status === 'scheduled' || row.status === 'queued') {
    const now = run.now();
    const started = await transition(db, key, ['scheduled', 'queued'], { status: 'sending', started_at: now, updated_at: now });
    if (!started) return; // cancelled in the meantime
    row = (await findBroadcast(db, key))!;
  }

  let gateway: LineGateway | null;
  try {
    gateway = await run.s.gateway(key.accountId);
  } catch (e) {
    if (e instanceof ApiError) throw new StopBroadcast(problem('line_not_connected', e.message));
    throw e;
  }
  if (!gateway) throw new StopBroadcast(problem('line_not_connected', 'LINE is not connected: connect LINE in Settings (channel access token), then send again.'));

  if (row.recipient_count === null) row = await snapshot(run, row);
  const recipients = row.recipient_count!;
  if (recipients === 0) return finish(run);
  const method = row.method as 'multicast' | 'narrowcast';

  if (!(await anythingAttempted(run, row))) await checkQuota(run, gateway, recipients);
  const messages = JSON.parse(row.messages) as LineMessage[];
  const notificationDisabled = row.notification_disabled === 1;
  if (method === 'narrowcast') return narrowcast(run, gateway, row, messages, notificationDisabled);

  // One aggregation unit for every request of the broadcast (results are read back by it).
  const unit = await assignUnit(deps, key, gateway, recipients);
  for (const batch of await openBatches(db, key)) {
    if (run.signal.aborted) throw run.signal.reason;
    await sendBatch(run, gateway, batch, messages, notificationDisabled, unit);
  }
  return finish(run);
}

async function snapshot(run: Run, row: BroadcastRow): Promise<BroadcastRow> {
  const { deps, key, s } = run;
  const db = deps.store.db;
  const segment = await findSegmentForBroadcast(db, key.accountId, row.segment_id);
  if (!segment) throw new StopBroadcast(problem('segment_deleted', `The segment "${row.segment_name}" was deleted before the broadcast was sent.`));
  const account = await findAccount(db, key.accountId);
  const members = compileMembers(JSON.parse(segment.definition) as Definition, {
    accountId: key.accountId, asOf: run.now(), timeZone: account?.timezone ?? DEFAULT_TIME_ZONE, dialect: deps.store.dialect,
  });
  const count = await takeSnapshot(db, key, members, { batchSize: s.multicastBatchSize, now: run.now(), retryKey: randomUUID });
  const method = count >= s.narrowcastThreshold ? 'narrowcast' : 'multicast';
  await updateBroadcast(db, key, { method, updated_at: run.now() });
  return (await findBroadcast(db, key))!;
}

async function anythingAttempted(run: Run, row: BroadcastRow): Promise<boolean> {
  if (row.narrowcast_retry_key !== null || row.audience_group_id !== null) return true;
  return anyBatchAttempted(run.deps.store.db, run.key);
}

/** LINE counts one message per recipient, whatever the number of bubbles (LINE's FAQ). */
async function checkQuota(run: Run, gateway: LineGateway, recipients: number): Promise<void> {
  const quota = await withRetries(run, () => gateway.quota());
  if (quota.limit === null) return;
  const remaining = Math.max(0, quota.limit - quota.used);
  if (recipients > remaining) throw new StopBroadcast(quotaProblem(recipients, quota.limit, quota.used));
}

export function quotaProblem(recipients: number, limit: number, used: number): Problem {
  const n = (x: number) => x.toLocaleString('en');
  const remaining = Math.max(0, limit - used);
  return problem('quota_exceeded',
    `This broadcast needs ${n(recipients)} messages, but only ${n(remaining)} of this month's ${n(limit)} remain on LINE (${n(used)} used). `
    + 'Narrow the segment, or raise the monthly limit in LINE Official Account Manager, then send again.');
}

/** Runs a LINE call with the in-process backoff; gives the job back to the runner when LINE stays down. */
async function withRetries<T>(run: Run, call: () => Promise<T>, onProblem?: (e: LineApiError) => Promise<void>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (raw) {
      const e = toLineError(raw);
      await onProblem?.(e);
      if (!e.retryable) throw stopFor(e);
      const delay = run.s.retryDelaysMs[attempt];
      if (delay === undefined) throw new RetryJob(e.describe(), run.s.resumeDelayMs);
      // LINE's rate limits are per channel and per second (per hour for narrowcast): wait longer.
      await run.s.sleep(e.kind === 'rate_limited' ? delay * 2 : delay, run.signal);
    }
  }
}

function stopFor(e: LineApiError): StopBroadcast {
  const line = (p: Problem) => ({ ...p, ...(e.status ? { lineStatus: e.status } : {}) });
  switch (e.kind) {
    case 'monthly_limit':
      return new StopBroadcast(line(problem('quota_exceeded',
        `LINE stopped the broadcast: this month's message limit is reached (LINE: "${e.describe()}"). Raise the limit in LINE Official Account Manager.`)));
    case 'unauthorized':
      return new StopBroadcast(line(problem('line_unauthorized',
        `LINE refused the channel access token (LINE: "${e.describe()}"). Reconnect LINE in Settings with a valid channel access token.`)));
    default:
      return new StopBroadcast(line(problem('line_rejected', `LINE refused the broadcast: ${e.describe()}`)));
  }
}

async function noteProblem(run: Run, p: Problem): Promise<void> {
  await updateBroadcast(run.deps.store.db, run.key, { last_problem: storeProblem(p, run.now()), updated_at: run.now() });
}

const lineProblem = (e: LineApiError, what: string): Problem => ({
  ...problem(e.kind === 'rate_limited' ? 'line_rate_limited' : e.retryable ? 'line_unavailable' : 'line_rejected',
    `${what}: ${e.describe()}${e.retryable ? ' — retrying.' : ''}`),
  ...(e.status ? { lineStatus: e.status } : {}),
});

/**
 * One multicast batch. A 400 that concerns the recipients ("Failed to send messages": a user id
 * LINE does not know) fails that batch only; anything about the request itself stops them all.
 */
async function sendBatch(run: Run, gateway: LineGateway, batch: BatchRow, messages: LineMessage[], notificationDisabled: boolean, unit: string | null): Promise<void> {
  const db = run.deps.store.db;
  const { key } = run;
  if (batch.first_attempt_at !== null && run.now() - batch.first_attempt_at > run.s.retryKeyLifetimeMs) {
    const p = problem('delivery_unknown',
      `Batch ${batch.batch_no + 1} (${batch.size} friends) was interrupted more than a day ago; LINE no longer remembers its retry key, so it was not sent again (it may or may not have been delivered).`);
    await finishBatch(db, key, batch.batch_no, { status: 'failed', error: storeProblem(p, run.now()), now: run.now() });
    await noteProblem(run, p);
    return;
  }
  const to = await batchRecipients(db, key, batch.batch_no);
  try {
    const res = await withRetries(run, async () => {
      await markBatchAttempt(db, key, batch.batch_no, run.now());
      return gateway.multicast(to, messages, { notificationDisabled, retryKey: batch.retry_key, aggregationUnit: unit });
    }, (e) => noteProblem(run, lineProblem(e, `LINE did not accept batch ${batch.batch_no + 1}`)));
    await finishBatch(db, key, batch.batch_no, { status: 'sent', requestId: res.requestId, now: run.now() });
  } catch (e) {
    if (e instanceof StopBroadcast && e.problem.code === 'line_rejected' && /failed to send messages/i.test(e.problem.message)) {
      const p = { ...e.problem, message: `LINE refused batch ${batch.batch_no + 1} (${batch.size} friends): ${e.problem.message.replace(/^LINE refused the broadcast: /, '')}` };
      await finishBatch(db, key, batch.batch_no, { status: 'failed', error: storeProblem(p, run.now()), now: run.now() });
      await noteProblem(run, p);
      return;
    }
    throw e;
  }
}

async function narrowcast(run: Run, gateway: LineGateway, row: BroadcastRow, messages: LineMessage[], notificationDisabled: boolean): Promise<void> {
  const db = run.deps.store.db;
  const { key, s } = run;
  let audienceId = row.audience_group_id === null ? null : Number(row.audience_group_id);

  if (row.narrowcast_request_id === null) {
    // 1. Upload the snapshot (an audience is a set: a chunk uploaded twice after a crash is harmless).
    const open = await openBatches(db, key);
    const perUpload = Math.max(1, Math.floor(s.audienceUploadSize / s.multicastBatchSize));
    for (let i = 0; i < open.length; i += perUpload) {
      if (run.signal.aborted) throw run.signal.reason;
      const chunk = open.slice(i, i + perUpload);
      const ids = (await Promise.all(chunk.map((b) => batchRecipients(db, key, b.batch_no)))).flat();
      const note = (e: LineApiError) => noteProblem(run, lineProblem(e, 'LINE did not accept the audience upload'));
      if (audienceId === null) {
        audienceId = await withRetries(run, () => gateway.createAudience(`Lumo broadcast ${key.id}`.slice(0, 120), ids), note);
        await updateBroadcast(db, key, { audience_group_id: String(audienceId), updated_at: run.now() });
      } else {
        const id = audienceId;
        await withRetries(run, () => gateway.addToAudience(id, ids), note);
      }
      for (const b of chunk) await finishBatch(db, key, b.batch_no, { status: 'uploaded', now: run.now() });
    }
    if (audienceId === null) throw new StopBroadcast(problem('internal', 'The audience could not be created.'));

    // 2. LINE accepts a narrowcast only to a READY audience.
    const id = audienceId;
    await pollUntil(run, async () => {
      const a = await withRetries(run, () => gateway.audienceStatus(id));
      if (a.status === 'READY') return true;
      if (a.status === 'IN_PROGRESS' || a.status === 'ACTIVATING') return false;
      throw new StopBroadcast(problem('audience_failed', `LINE could not prepare the audience for this broadcast (status ${a.status}). Send it again.`));
    }, 'LINE is still preparing the audience');

    // 3. One narrowcast, its retry key persisted before it leaves.
    let retryKey = row.narrowcast_retry_key;
    if (retryKey === null) {
      retryKey = randomUUID();
      await updateBroadcast(db, key, { narrowcast_retry_key: retryKey, narrowcast_first_attempt_at: run.now(), updated_at: run.now() });
    } else if (row.narrowcast_first_attempt_at !== null && run.now() - row.narrowcast_first_attempt_at > s.retryKeyLifetimeMs) {
      throw new StopBroadcast(problem('delivery_unknown', 'The narrowcast was interrupted more than a day ago; LINE no longer remembers its retry key, so it was not sent again (it may or may not have been delivered).'));
    }
    const rk = retryKey;
    const res = await withRetries(run, () => gateway.narrowcast(id, messages, { notificationDisabled, retryKey: rk }),
      (e) => noteProblem(run, lineProblem(e, 'LINE did not accept the narrowcast')));
    if (!res.requestId) throw new StopBroadcast(problem('internal', 'LINE accepted the narrowcast without a request id; its progress cannot be followed.'));
    await updateBroadcast(db, key, { narrowcast_request_id: res.requestId, updated_at: run.now() });
    row = (await findBroadcast(db, key))!;
  }

  // 4. Follow LINE's progress until it has delivered (or given up).
  const requestId = row.narrowcast_request_id!;
  let outcome: { sent: number; failed: number } | null = null;
  await pollUntil(run, async () => {
    const p = await withRetries(run, () => gateway.narrowcastProgress(requestId));
    if (p.phase === 'succeeded') {
      outcome = { sent: p.successCount ?? 0, failed: p.failureCount ?? 0 };
      return true;
    }
    if (p.phase === 'failed') {
      throw new StopBroadcast(problem('narrowcast_failed', `LINE could not deliver the narrowcast: ${narrowcastFailure(p.errorCode, p.failedDescription)}`));
    }
    return false;
  }, 'LINE is still delivering the narrowcast');
  const done = outcome as { sent: number; failed: number } | null;
  await updateBroadcast(db, key, { sent_count: done?.sent ?? 0, failed_count: done?.failed ?? 0, updated_at: run.now() });
  if (audienceId !== null) {
    const id = audienceId;
    // Audiences count toward the channel's limit; this one has served its purpose.
    await gateway.deleteAudience(id).catch(() => {});
  }
  await transition(db, key, ['sending'], { status: 'sent', finished_at: run.now(), updated_at: run.now() });
}

/** LINE's documented narrowcast error codes, in words. */
function narrowcastFailure(code: number | undefined, description: string | undefined): string {
  const known: Record<number, string> = {
    1: 'an internal error at LINE',
    2: 'not enough recipients',
    3: 'a request already accepted was retried',
    4: 'an audience of fewer than 50 recipients was used as a condition',
    5: 'LINE cancelled it to avoid reaching only part of the audience',
  };
  return [code !== undefined ? known[code] ?? `error code ${code}` : null, description].filter(Boolean).join(' — ') || 'no reason given';
}

/** Polls `ready` with the configured waits, then hands the job back to the runner to come again later. */
async function pollUntil(run: Run, ready: () => Promise<boolean>, what: string): Promise<void> {
  for (const delay of [0, ...run.s.pollDelaysMs]) {
    if (delay) await run.s.sleep(delay, run.signal);
    if (await ready()) return;
  }
  throw new RetryJob(what, run.s.resumeDelayMs);
}

/** Every batch is done: sent when all were accepted, otherwise failed with the first batch's reason. */
async function finish(run: Run): Promise<void> {
  const db = run.deps.store.db;
  const c = await batchCounts(db, run.key);
  const now = run.now();
  if (c.failed.batches === 0) {
    await transition(db, run.key, ['sending'], { status: 'sent', finished_at: now, updated_at: now });
    return;
  }
  const row = await findBroadcast(db, run.key);
  const p = row?.last_problem ?? storeProblem(problem('line_rejected', 'LINE refused part of the broadcast.'), now);
  await transition(db, run.key, ['sending'], { status: 'failed', error: p, finished_at: now, updated_at: now });
}
