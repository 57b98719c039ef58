/**
 * The broadcast rules behind the routes: record before sending, one broadcast per Idempotency-Key,
 * cancel only before sending starts, a test push to one friend, a dry run that sends nothing.
 * Delivery itself is the `broadcast.send` job (./delivery.ts).
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { ApiError, notFound } from '../http/errors';
import { insertJob } from '../repositories/jobs';
import { newJobId, registerJobKind } from '../jobs/runner';
import type { Broadcast, BroadcastStatus, LineMessage } from '../../../lib/contract/api';
import type { Definition } from '../../../lib/segment/schema';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';
import { findAccount } from '../repositories/accounts';
import { BROADCAST_JOB, deliverBroadcast, quotaProblem } from './delivery';
import { trackResults } from './results/service';
import { toLineError, type LineGateway, type Quota } from './line-client';
import { broadcastSettings } from './settings';
import { readProblem } from './problems';
import {
  findBroadcast, findBroadcastByKey, findSegmentForBroadcast, findUnblockedFriend, insertBroadcast, listBroadcasts,
  transition, type BroadcastRow,
} from './repository';

registerJobKind(BROADCAST_JOB, async (job, ctx) => {
  const { broadcastId } = job.payload as { broadcastId: string };
  await deliverBroadcast(ctx.deps, { accountId: job.accountId, id: broadcastId }, ctx);
  // Sent (or partly sent and given up): LINE's statistics are read from an hour on.
  await trackResults(ctx.deps, { accountId: job.accountId, id: broadcastId });
  // Each attempt after a LINE outage comes a minute later (settings.resumeDelayMs): about an hour
  // of LINE trouble before the broadcast is given up as failed, well inside the retry keys' 24 h.
}, { maxAttempts: 60, leaseMs: 60_000 });

export interface CreateInput {
  segmentId: string;
  messages: LineMessage[];
  notificationDisabled: boolean;
  scheduledAt?: string;
  dryRun: boolean;
  /** Record it awaiting approval; nothing is sent until a role that may send approves it. */
  requestApproval?: boolean;
}

/** The approval kept with a broadcast created with requestApproval (column `approval`, JSON). */
interface ApprovalRow { status: 'awaiting' | 'approved' | 'declined'; requestedBy: Actor; decidedBy: Actor | null; decidedAt: number | null; reason: string | null }
const readApproval = (s: string | null): ApprovalRow | null => (s ? JSON.parse(s) as ApprovalRow : null);

/** A scheduled time this close to now (or past it by less) means "now". */
const NOW_TOLERANCE_MS = 60_000;
const MAX_SCHEDULE_AHEAD_MS = 365 * 86_400_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toBroadcast(r: BroadcastRow): Broadcast {
  const recipients = r.recipient_count;
  return {
    id: r.id,
    segmentId: r.segment_id,
    segmentName: r.segment_name,
    status: r.status as Broadcast['status'],
    method: r.method as Broadcast['method'],
    messages: JSON.parse(r.messages) as LineMessage[],
    notificationDisabled: r.notification_disabled === 1,
    dryRun: false,
    scheduledAt: iso(r.scheduled_at),
    createdAt: iso(r.created_at)!,
    createdBy: r.created_by,
    startedAt: iso(r.started_at),
    finishedAt: iso(r.finished_at),
    cancelledAt: iso(r.cancelled_at),
    recipients,
    sent: r.sent_count,
    failed: r.failed_count,
    progress: recipients === null ? 0 : recipients === 0 ? (r.status === 'sent' ? 1 : 0) : Math.min(1, r.sent_count / recipients),
    error: readProblem(r.error),
    lastProblem: readProblem(r.last_problem),
    approval: approvalOut(readApproval(r.approval)),
  };
}

function approvalOut(a: ApprovalRow | null): Broadcast['approval'] {
  return a && { status: a.status, requestedBy: a.requestedBy, decidedBy: a.decidedBy, decidedAt: iso(a.decidedAt), reason: a.reason };
}

/**
 * The hash that tells a retried request (same body) from a reused key (another body). Of the body
 * as sent — the scheduled time as given, not as read ("now" when it is close), or a retry that
 * arrives a minute later would look like another broadcast.
 */
function requestHash(input: CreateInput): string {
  const at = input.scheduledAt === undefined ? null : Date.parse(input.scheduledAt);
  // requestApproval only when set, so the hashes of broadcasts recorded before approvals existed stay the same.
  return createHash('sha256').update(JSON.stringify([input.segmentId, input.messages, input.notificationDisabled, at, ...(input.requestApproval ? ['approval'] : [])])).digest('hex');
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

async function segmentOf(deps: AppDeps, accountId: string, segmentId: string) {
  const segment = await findSegmentForBroadcast(deps.store.db, accountId, segmentId);
  if (!segment) {
    throw new ApiError(404, 'not_found', `There is no segment "${segmentId}" in this account.`, [{ path: 'segmentId', message: 'No such segment.' }]);
  }
  return segment;
}

async function gatewayOrThrow(deps: AppDeps, accountId: string): Promise<LineGateway> {
  const gateway = await broadcastSettings(deps).gateway(accountId);
  if (!gateway) {
    throw new ApiError(409, 'line_not_connected', 'LINE is not connected for this account: connect LINE in Settings (channel secret and channel access token) to send broadcasts.');
  }
  return gateway;
}

/** LINE's answer to a synchronous call (quota, test push), as an error the caller can act on. */
function lineCallError(raw: unknown): ApiError {
  const e = toLineError(raw);
  switch (e.kind) {
    case 'monthly_limit':
      return new ApiError(409, 'quota_exceeded', `This month's LINE message limit is reached (LINE: "${e.describe()}"). Raise it in LINE Official Account Manager.`);
    case 'unauthorized':
      return new ApiError(409, 'line_unauthorized', `LINE refused the channel access token (LINE: "${e.describe()}"). Reconnect LINE in Settings.`);
    case 'rejected':
      return new ApiError(422, 'line_rejected', `LINE refused the message: ${e.describe()}`);
    default:
      return new ApiError(503, 'line_unavailable', `LINE could not be reached or is busy (${e.describe()}). Try again in a minute.`,
        undefined, undefined, { 'retry-after': '60' });
  }
}

async function quotaOf(gateway: LineGateway): Promise<Quota> {
  try {
    return await gateway.quota();
  } catch (e) {
    throw lineCallError(e);
  }
}

/**
 * Records a broadcast and queues its delivery (at once, or at `scheduledAt`). The same
 * Idempotency-Key with the same body returns the broadcast recorded first (`created: false`);
 * with another body it is refused. Nothing is sent from here.
 */
export async function createBroadcast(deps: AppDeps, accountId: string, input: CreateInput, meta: {
  idempotencyKey: string | undefined; createdBy: string; actor: Actor;
}): Promise<{ broadcast: Broadcast; created: boolean }> {
  const now = deps.clock.now();
  let scheduledAt = input.scheduledAt === undefined ? null : Date.parse(input.scheduledAt);
  if (scheduledAt !== null) {
    if (scheduledAt < now - NOW_TOLERANCE_MS) {
      throw new ApiError(400, 'invalid_request', 'The scheduled time has passed.', [{ path: 'scheduledAt', message: 'Pick a time in the future, or send now.' }]);
    }
    if (scheduledAt > now + MAX_SCHEDULE_AHEAD_MS) {
      throw new ApiError(400, 'invalid_request', 'The scheduled time is too far ahead.', [{ path: 'scheduledAt', message: 'Schedule at most a year ahead.' }]);
    }
    if (scheduledAt <= now + NOW_TOLERANCE_MS) scheduledAt = null;
  }
  if (input.dryRun) return { broadcast: await dryRun(deps, accountId, input, scheduledAt), created: false };

  const key = meta.idempotencyKey;
  if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(400, 'idempotency_key_required', key === undefined
      ? 'Send an Idempotency-Key header (a UUID made once per broadcast) so that a retried request never sends twice.'
      : 'The Idempotency-Key must be 8–200 letters, digits or "_.:-" (a UUID is ideal).');
  }
  const hash = requestHash(input);
  const replay = async (): Promise<{ broadcast: Broadcast; created: boolean } | null> => {
    const existing = await findBroadcastByKey(deps.store.db, accountId, key);
    if (!existing) return null;
    if (existing.request_hash !== hash) {
      throw new ApiError(422, 'idempotency_key_reused',
        'This Idempotency-Key was already used for a different broadcast. Use a new key for a new broadcast; resend the same body to get the first one back.');
    }
    return { broadcast: toBroadcast(existing), created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;

  const segment = await segmentOf(deps, accountId, input.segmentId);
  // One awaiting approval sends nothing: LINE and the quota are checked when it is approved.
  if (!input.requestApproval) await checkSendable(deps, accountId, segment.definition, scheduledAt, now);

  const row: BroadcastRow = {
    account_id: accountId, id: `bc_${randomBytes(12).toString('base64url')}`, segment_id: segment.id, segment_name: segment.name,
    idempotency_key: key, request_hash: hash, messages: JSON.stringify(input.messages),
    notification_disabled: input.notificationDisabled ? 1 : 0,
    status: input.requestApproval ? 'awaiting_approval' : scheduledAt === null ? 'queued' : 'scheduled',
    approval: input.requestApproval ? JSON.stringify({ status: 'awaiting', requestedBy: meta.actor, decidedBy: null, decidedAt: null, reason: null } satisfies ApprovalRow) : null,
    method: null, recipient_count: null, sent_count: 0, failed_count: 0, scheduled_at: scheduledAt,
    created_by: meta.createdBy, created_at: now, updated_at: now, started_at: null, finished_at: null, cancelled_at: null,
    error: null, last_problem: null, audience_group_id: null, narrowcast_retry_key: null, narrowcast_request_id: null,
    narrowcast_first_attempt_at: null,
  };
  // The broadcast and its job in one transaction: never a broadcast nobody will send.
  const inserted = await deps.store.db.transaction().execute(async (trx) => {
    if (!(await insertBroadcast(trx, row))) return false;
    if (!input.requestApproval) {
      await insertJob(trx, { accountId, id: newJobId(), kind: BROADCAST_JOB, payload: { broadcastId: row.id }, runAt: scheduledAt ?? now, now });
    }
    await recordActivity(trx, {
      accountId, actor: meta.actor, action: 'broadcast.create', target: { type: 'broadcast', id: row.id, name: segment.name }, at: now,
      details: { segmentId: segment.id, scheduledAt: iso(scheduledAt), requestApproval: input.requestApproval ?? false },
    });
    return true;
  });
  if (!inserted) {
    // A concurrent request with the same key won the insert.
    const other = await replay();
    if (other) return other;
    throw new Error('Idempotency-Key conflict without a broadcast');
  }
  return { broadcast: toBroadcast(row), created: true };
}

/** LINE connected and, for a broadcast going out now, the month's quota enough: else the 409 to show. */
async function checkSendable(deps: AppDeps, accountId: string, definition: string, scheduledAt: number | null, now: number): Promise<void> {
  const gateway = await gatewayOrThrow(deps, accountId);
  if (scheduledAt !== null) return;
  // Refuse now rather than record a broadcast that cannot go out; delivery checks again with the snapshot.
  const [quota, members] = await Promise.all([quotaOf(gateway), countMembers(deps, accountId, definition, now)]);
  if (quota.limit !== null && members.count > Math.max(0, quota.limit - quota.used)) {
    const p = quotaProblem(members.count, quota.limit, quota.used);
    throw new ApiError(409, 'quota_exceeded', p.message, undefined, { quota: { ...quota, remaining: Math.max(0, quota.limit - quota.used) } });
  }
}

async function countMembers(deps: AppDeps, accountId: string, definitionJson: string, now: number) {
  const account = await findAccount(deps.store.db, accountId);
  return deps.engine.count(accountId, JSON.parse(definitionJson) as Definition, {
    asOf: now, timeZone: account?.timezone ?? DEFAULT_TIME_ZONE, sampleLimit: 10,
  });
}

/** The recipients a broadcast would have now and the month's quota; nothing recorded, nothing sent. */
async function dryRun(deps: AppDeps, accountId: string, input: CreateInput, scheduledAt: number | null): Promise<Broadcast> {
  const now = deps.clock.now();
  const segment = await segmentOf(deps, accountId, input.segmentId);
  const members = await countMembers(deps, accountId, segment.definition, now);
  const gateway = await broadcastSettings(deps).gateway(accountId);
  const quota = gateway ? await quotaOf(gateway) : null;
  const threshold = broadcastSettings(deps).narrowcastThreshold;
  return {
    id: 'dry_run', segmentId: segment.id, segmentName: segment.name, status: 'dry_run',
    method: members.count >= threshold ? 'narrowcast' : 'multicast',
    messages: input.messages, notificationDisabled: input.notificationDisabled, dryRun: true,
    scheduledAt: iso(scheduledAt), createdAt: iso(now)!, createdBy: '', startedAt: null, finishedAt: null, cancelledAt: null,
    recipients: members.count, sent: 0, failed: 0, progress: 0, error: null, lastProblem: null,
    sample: members.sample,
    quota: quota && { limit: quota.limit, used: quota.used, remaining: quota.limit === null ? null : Math.max(0, quota.limit - quota.used) },
  };
}

export async function getBroadcast(deps: AppDeps, accountId: string, id: string): Promise<Broadcast> {
  const row = await findBroadcast(deps.store.db, { accountId, id });
  if (!row) throw notFound(`There is no broadcast "${id}" in this account.`);
  return toBroadcast(row);
}

export async function listSegmentBroadcasts(deps: AppDeps, accountId: string, opts: {
  segmentId?: string; status?: BroadcastStatus; limit: number; cursor?: string;
}): Promise<{ items: Broadcast[]; nextCursor?: string }> {
  let before: { createdAt: number; id: string } | undefined;
  if (opts.cursor) {
    try {
      const [c, i] = JSON.parse(Buffer.from(opts.cursor, 'base64url').toString('utf8')) as [unknown, unknown];
      if (typeof c !== 'number' || typeof i !== 'string') throw new Error('bad cursor');
      before = { createdAt: c, id: i };
    } catch {
      throw new ApiError(400, 'invalid_request', 'The cursor is not valid; start again without it.', [{ path: 'cursor', message: 'Use the nextCursor of the previous page.' }]);
    }
  }
  const rows = await listBroadcasts(deps.store.db, accountId, { segmentId: opts.segmentId, status: opts.status, limit: opts.limit + 1, before });
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(toBroadcast),
    ...(rows.length > opts.limit && last ? { nextCursor: Buffer.from(JSON.stringify([last.created_at, last.id])).toString('base64url') } : {}),
  };
}

/** Cancels a broadcast that has not started sending. Cancelling a cancelled one answers it again. */
export async function cancelBroadcast(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<Broadcast> {
  const now = deps.clock.now();
  const k = { accountId, id };
  await deps.store.db.transaction().execute(async (trx) => {
    if (!await transition(trx, k, ['scheduled', 'queued', 'awaiting_approval'], { status: 'cancelled', cancelled_at: now, finished_at: now, updated_at: now })) return;
    const b = await findBroadcast(trx, k);
    await recordActivity(trx, { accountId, actor, action: 'broadcast.cancel', target: { type: 'broadcast', id, name: b?.segment_name ?? id }, at: now });
  });
  const row = await findBroadcast(deps.store.db, k);
  if (!row) throw notFound(`There is no broadcast "${id}" in this account.`);
  if (row.status !== 'cancelled') {
    throw new ApiError(409, 'not_cancellable', row.status === 'sending'
      ? 'This broadcast is already sending; a broadcast can only be cancelled before sending starts.'
      : `This broadcast is ${row.status}; only a scheduled, queued or awaiting broadcast can be cancelled.`, undefined, { status: row.status });
  }
  return toBroadcast(row);
}

/** 409 unless the broadcast awaits approval: a declined one stays declined, an approved one is on its way. */
function notAwaiting(row: BroadcastRow): ApiError {
  const message = row.status === 'declined'
    ? `This broadcast was declined${readApproval(row.approval)?.reason ? ` ("${readApproval(row.approval)!.reason}")` : ''}; it cannot be approved. Create a new one.`
    : `This broadcast is ${row.status}, not awaiting approval.`;
  return new ApiError(409, 'not_awaiting_approval', message, undefined, { status: row.status });
}

/**
 * Approves a broadcast awaiting approval: it goes out through the usual delivery — now, or at its
 * scheduled time if that is still ahead — after the same checks as sending it directly.
 */
export async function approveBroadcast(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<Broadcast> {
  const k = { accountId, id };
  const row = await findBroadcast(deps.store.db, k);
  if (!row) throw notFound(`There is no broadcast "${id}" in this account.`);
  if (row.status !== 'awaiting_approval') throw notAwaiting(row);
  const now = deps.clock.now();
  const scheduledAt = row.scheduled_at !== null && row.scheduled_at > now + NOW_TOLERANCE_MS ? row.scheduled_at : null;
  const segment = await segmentOf(deps, accountId, row.segment_id);
  await checkSendable(deps, accountId, segment.definition, scheduledAt, now);
  const approval: ApprovalRow = { ...readApproval(row.approval)!, status: 'approved', decidedBy: actor, decidedAt: now };
  await deps.store.db.transaction().execute(async (trx) => {
    const moved = await transition(trx, k, ['awaiting_approval'], {
      status: scheduledAt === null ? 'queued' : 'scheduled', scheduled_at: scheduledAt, approval: JSON.stringify(approval), updated_at: now,
    });
    if (!moved) throw notAwaiting((await findBroadcast(trx, k))!);
    await insertJob(trx, { accountId, id: newJobId(), kind: BROADCAST_JOB, payload: { broadcastId: id }, runAt: scheduledAt ?? now, now });
    await recordActivity(trx, {
      accountId, actor, action: 'broadcast.approve', target: { type: 'broadcast', id, name: row.segment_name }, at: now,
      details: { requestedBy: approval.requestedBy, scheduledAt: iso(scheduledAt) },
    });
  });
  return toBroadcast((await findBroadcast(deps.store.db, k))!);
}

/** Declines a broadcast awaiting approval, with the reason the person who asked will read. Nothing is sent. */
export async function declineBroadcast(deps: AppDeps, accountId: string, id: string, reason: string, actor: Actor): Promise<Broadcast> {
  const k = { accountId, id };
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    const row = await findBroadcast(trx, k);
    if (!row) throw notFound(`There is no broadcast "${id}" in this account.`);
    const approval: ApprovalRow = { ...readApproval(row.approval)!, status: 'declined', decidedBy: actor, decidedAt: now, reason };
    if (row.status !== 'awaiting_approval' || !await transition(trx, k, ['awaiting_approval'], { status: 'declined', finished_at: now, approval: JSON.stringify(approval), updated_at: now })) {
      throw notAwaiting(row);
    }
    await recordActivity(trx, {
      accountId, actor, action: 'broadcast.decline', target: { type: 'broadcast', id, name: row.segment_name }, at: now,
      details: { reason, requestedBy: approval.requestedBy },
    });
  });
  return toBroadcast((await findBroadcast(deps.store.db, k))!);
}

/** Pushes the messages to one friend of the account, to see them on a phone before broadcasting. */
export async function sendTest(deps: AppDeps, accountId: string, input: { messages: LineMessage[]; userId: string }) {
  const friend = await findUnblockedFriend(deps.store.db, accountId, input.userId);
  if (!friend) {
    throw new ApiError(404, 'not_found', 'This friend is not among the account\'s friends (or has blocked it).', [{ path: 'userId', message: 'Choose a friend of this account.' }]);
  }
  const gateway = await gatewayOrThrow(deps, accountId);
  try {
    await gateway.push(friend.lineUserId, input.messages, { notificationDisabled: false, retryKey: randomUUID() });
  } catch (e) {
    throw lineCallError(e);
  }
  return { ok: true as const, to: friend };
}


