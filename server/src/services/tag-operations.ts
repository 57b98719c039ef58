/**
 * Tags at scale (DESIGN.md): "Tag everyone" in a segment (or take a tag off everyone), and its
 * undo, as the `tags.bulk` job of the one job runner.
 *
 *  - The request records the operation and its job in one transaction and answers 202. The same
 *    Idempotency-Key answers the same operation; a second click with a new key while the first
 *    operation on that segment, tag and action runs answers the running one: one job either way.
 *  - The job snapshots the segment's members (unblocked friends, at that moment) once, then
 *    applies them in batches, each one transaction with the cursor (server/src/repositories/
 *    tag-operations.ts): a crash resumes at the first batch not committed.
 *  - A segment deleted before the job took its snapshot fails the operation and says so; deleted
 *    after, the snapshot is the segment's members at the moment the job started, and it finishes.
 *  - Undo is an operation of its own over exactly the friends the first one changed (and nobody
 *    has changed back by hand since), with the opposite action.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import { insertJob } from '../repositories/jobs';
import { newJobId, registerJobKind } from '../jobs/runner';
import { getSegment } from '../repositories/segments';
import { getTag } from '../repositories/tags';
import { findAccount } from '../repositories/accounts';
import { notifyFriendsChanged } from '../store/change-feed';
import { compileMembers } from '../segments/compile-sql';
import {
  applyBatch, changedMembers, claimUndo, findRunningTwin, findTagOperation, findTagOperationByKey, insertTagOperation,
  snapshotMembers, updateTagOperation, type TagAction, type TagOperationRow,
} from '../repositories/tag-operations';
import type { Definition } from '../../../lib/segment/schema';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';
import type { TagOperation } from '../../../lib/contract/api';

export const TAG_JOB = 'tags.bulk';
/**
 * Friends per transaction. 10,000 keeps a batch's id list under SQLite's bound-parameter limit and
 * a commit well under a second, so the other writers wait little between batches.
 */
export const TAG_BATCH_SIZE = 10_000;


const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,200}$/;
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toTagOperation(r: TagOperationRow): TagOperation {
  const total = r.total;
  return {
    id: r.id, status: r.status as TagOperation['status'], action: r.action as TagAction,
    tagId: r.tag_id, tagName: r.tag_name, segmentId: r.segment_id, segmentName: r.segment_name,
    total: total ?? 0, processed: r.processed, changed: r.changed,
    progress: r.status === 'done' ? 1 : total ? Math.min(1, r.processed / total) : 0,
    undoOf: r.undo_of, undoneBy: r.undone_by, error: r.error,
    createdAt: iso(r.created_at)!, finishedAt: iso(r.finished_at),
  };
}

registerJobKind(TAG_JOB, async (job, { deps, signal }) => {
  const { operationId } = job.payload as { operationId: string };
  await runTagOperation(deps, job.accountId, operationId, { signal });
}, { maxAttempts: 5, leaseMs: 120_000 });

/** The job: snapshot (once) and apply the batches not yet applied. Idempotent; resumes after a crash. */
export async function runTagOperation(deps: AppDeps, accountId: string, operationId: string,
  opts: { signal?: AbortSignal; batchSize?: number; afterBatch?: (n: number) => void } = {}): Promise<void> {
  const db = deps.store.db;
  const op = await findTagOperation(db, accountId, operationId);
  if (!op || op.status !== 'running') return;
  const fail = async (error: string) => {
    const now = deps.clock.now();
    await updateTagOperation(db, accountId, operationId, { status: 'failed', error, finished_at: now, updated_at: now }, true);
  };
  if (op.total === null) {
    if (op.undo_of) {
      await snapshotMembers(db, accountId, operationId, changedMembers(accountId, op.undo_of), deps.clock.now());
    } else {
      const segment = op.segment_id ? await getSegment(db, accountId, op.segment_id) : undefined;
      if (!segment) return fail(`The segment "${op.segment_name}" was deleted before its friends could be tagged; nothing was changed.`);
      const account = await findAccount(db, accountId);
      const members = compileMembers(JSON.parse(segment.definition) as Definition, {
        accountId, asOf: deps.clock.now(), timeZone: account?.timezone ?? DEFAULT_TIME_ZONE, dialect: deps.store.dialect,
      });
      await snapshotMembers(db, accountId, operationId, members, deps.clock.now());
    }
  }
  for (let n = 0; ; n++) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const r = await applyBatch(db, accountId, operationId, opts.batchSize ?? TAG_BATCH_SIZE, deps.clock.now());
    if (r.kind === 'not_running') return;
    if (r.kind === 'tag_gone') {
      return fail(`The tag "${op.tag_name}" was deleted while the operation ran; the friends already done have lost it with the tag.`);
    }
    if (r.kind === 'finished') break;
    notifyFriendsChanged(accountId, r.ids);
    opts.afterBatch?.(n);
  }
  const now = deps.clock.now();
  await updateTagOperation(db, accountId, operationId, { status: 'done', finished_at: now, updated_at: now }, true);
}

function checkKey(key: string | undefined): string {
  if (key === undefined || !IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(400, 'idempotency_key_required', key === undefined
      ? 'Send an Idempotency-Key header (a UUID made once per click) so that a repeated request never starts a second operation.'
      : 'The Idempotency-Key must be 8–200 letters, digits or "_.:-" (a UUID is ideal).',
    [{ path: 'Idempotency-Key', message: 'Use 8–200 letters, digits or "_.:-".' }]);
  }
  return key;
}

/**
 * Starts tagging (or untagging) the segment's members. `created: false` when the answer is an
 * operation that already exists (same key, or the same one already running).
 */
export async function startTagOperation(deps: AppDeps, accountId: string, segmentId: string,
  input: { tagId: string; action: TagAction }, meta: { idempotencyKey: string | undefined; actor: Actor }): Promise<{ operation: TagOperation; created: boolean }> {
  const key = checkKey(meta.idempotencyKey);
  const db = deps.store.db;
  const hash = createHash('sha256').update(JSON.stringify([segmentId, input.tagId, input.action])).digest('hex');
  const replay = async () => {
    const seen = await findTagOperationByKey(db, accountId, key);
    if (!seen) return null;
    if (seen.request_hash !== hash) {
      throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for another operation. Use a new key for a new operation.');
    }
    return { operation: toTagOperation(seen), created: false };
  };
  const earlier = await replay();
  if (earlier) return earlier;
  const segment = await getSegment(db, accountId, segmentId);
  if (!segment) throw notFound(`There is no segment "${segmentId}" in this account.`);
  const tag = await getTag(db, accountId, input.tagId);
  if (!tag) throw badRequest('There is no such tag.', [{ path: 'tagId', message: `There is no tag "${input.tagId}" in this account.` }]);
  const twin = await findRunningTwin(db, accountId, segmentId, input.tagId, input.action);
  if (twin) return { operation: toTagOperation(twin), created: false };

  const account = await findAccount(db, accountId);
  // The total shown at once is the segment's count now; the job replaces it with its snapshot's.
  const estimate = await deps.engine.count(accountId, JSON.parse(segment.definition) as Definition, {
    asOf: deps.clock.now(), timeZone: account?.timezone ?? DEFAULT_TIME_ZONE, sampleLimit: 0,
  });
  const now = deps.clock.now();
  const row: TagOperationRow = {
    account_id: accountId, id: `top_${randomBytes(10).toString('base64url')}`, action: input.action,
    tag_id: tag.id, tag_name: tag.name, segment_id: segment.id, segment_name: segment.name,
    undo_of: null, undone_by: null, idempotency_key: key, request_hash: hash, status: 'running',
    total: null, processed: 0, changed: 0, cursor: null, error: null, created_by: JSON.stringify(meta.actor),
    created_at: now, updated_at: now, finished_at: null,
  };
  const inserted = await deps.store.db.transaction().execute(async (trx) => {
    if (!await insertTagOperation(trx, row)) return false;
    await insertJob(trx, { accountId, id: newJobId(), kind: TAG_JOB, payload: { operationId: row.id }, runAt: now, now });
    await recordActivity(trx, {
      accountId, actor: meta.actor, action: `tags.bulk_${input.action}`, at: now,
      target: { type: 'segment', id: segment.id, name: segment.name },
      details: { operationId: row.id, tagId: tag.id, tagName: tag.name, members: estimate.count },
    });
    return true;
  });
  if (!inserted) {
    const other = await replay();
    if (other) return other;
    throw new Error('Idempotency-Key conflict without an operation');
  }
  return { operation: { ...toTagOperation(row), total: estimate.count }, created: true };
}

export async function tagOperationOrThrow(deps: AppDeps, accountId: string, id: string): Promise<TagOperation> {
  const row = await findTagOperation(deps.store.db, accountId, id);
  if (!row) throw notFound(`There is no tag operation "${id}" in this account.`);
  return toTagOperation(row);
}

/**
 * Undoes a finished operation: exactly the friends it changed get the opposite change (a friend
 * who had the tag before an "add" keeps it; a friend re-tagged by hand since is left alone). The
 * same undo twice answers the first undo.
 */
export async function undoTagOperation(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<{ operation: TagOperation; created: boolean }> {
  const db = deps.store.db;
  const op = await findTagOperation(db, accountId, id);
  if (!op) throw notFound(`There is no tag operation "${id}" in this account.`);
  if (op.undone_by) return { operation: await tagOperationOrThrow(deps, accountId, op.undone_by), created: false };
  if (op.undo_of) throw conflict('This operation is itself an undo; it cannot be undone.');
  if (op.status === 'running') throw conflict('The operation is still running: wait until it is done, then undo it.');
  if (op.status === 'failed') throw conflict(`The operation failed (${op.error ?? 'see its error'}); there is nothing to undo.`);
  const now = deps.clock.now();
  const row: TagOperationRow = {
    account_id: accountId, id: `top_${randomBytes(10).toString('base64url')}`, action: op.action === 'add' ? 'remove' : 'add',
    tag_id: op.tag_id, tag_name: op.tag_name, segment_id: op.segment_id, segment_name: op.segment_name,
    undo_of: op.id, undone_by: null, idempotency_key: null, request_hash: null, status: 'running',
    total: null, processed: 0, changed: 0, cursor: null, error: null, created_by: JSON.stringify(actor),
    created_at: now, updated_at: now, finished_at: null,
  };
  const claimed = await db.transaction().execute(async (trx) => {
    if (!await claimUndo(trx, accountId, op.id, row.id, now)) return false;
    await insertTagOperation(trx, row);
    await insertJob(trx, { accountId, id: newJobId(), kind: TAG_JOB, payload: { operationId: row.id }, runAt: now, now });
    await recordActivity(trx, {
      accountId, actor, action: 'tags.bulk_undo', at: now,
      target: op.segment_id ? { type: 'segment', id: op.segment_id, name: op.segment_name ?? '' } : { type: 'tag', id: op.tag_id, name: op.tag_name },
      details: { operationId: row.id, undoOf: op.id, undoneAction: op.action, tagId: op.tag_id, tagName: op.tag_name, friends: op.changed },
    });
    return true;
  });
  if (!claimed) {
    const again = await findTagOperation(db, accountId, id);
    if (again?.undone_by) return { operation: await tagOperationOrThrow(deps, accountId, again.undone_by), created: false };
    throw conflict('The operation cannot be undone now.');
  }
  return { operation: { ...toTagOperation(row), total: op.changed }, created: true };
}
