/**
 * SQL of the broadcasts: the broadcast rows, the recipients snapshot and the batches (one LINE
 * request each, with its retry key). Every state change that matters for "never twice" is a
 * conditional UPDATE whose row count says whether this caller made it, so two runners, a retry
 * and a crash-resume all agree on what happened.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../store/types';
import { withBroadcastTables, type BatchStatus, type BroadcastDb, type BroadcastsTable, type BroadcastBatchesTable } from './tables';

type Db = Kysely<Database>;
export type BroadcastRow = BroadcastsTable;
export type BatchRow = BroadcastBatchesTable;
export interface BroadcastKey { accountId: string; id: string }

const b = (db: Db): BroadcastDb => withBroadcastTables(db);

/** Records a broadcast; false when its Idempotency-Key is already taken in the account. */
export async function insertBroadcast(db: Db, row: BroadcastRow): Promise<boolean> {
  const r = await b(db).insertInto('broadcasts').values(row)
    .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findBroadcast(db: Db, k: BroadcastKey): Promise<BroadcastRow | undefined> {
  return b(db).selectFrom('broadcasts').selectAll().where('account_id', '=', k.accountId).where('id', '=', k.id).executeTakeFirst();
}

export async function findBroadcastByKey(db: Db, accountId: string, idempotencyKey: string): Promise<BroadcastRow | undefined> {
  return b(db).selectFrom('broadcasts').selectAll()
    .where('account_id', '=', accountId).where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

/** Newest first; `before` is the (created_at, id) of the last row of the previous page. */
export async function listBroadcasts(db: Db, accountId: string, opts: {
  segmentId?: string; status?: string; limit: number; before?: { createdAt: number; id: string };
}): Promise<BroadcastRow[]> {
  let q = b(db).selectFrom('broadcasts').selectAll().where('account_id', '=', accountId);
  if (opts.segmentId !== undefined) q = q.where('segment_id', '=', opts.segmentId);
  if (opts.status !== undefined) q = q.where('status', '=', opts.status);
  if (opts.before) {
    const { createdAt, id } = opts.before;
    q = q.where((eb) => eb.or([eb('created_at', '<', createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', '<', id)])]));
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(opts.limit).execute();
}

/**
 * Moves a broadcast from one of `from` to a new state, with other fields; true when this call
 * made the move (false: it was no longer in one of `from`).
 */
export async function transition(db: Db, k: BroadcastKey, from: string[], set: Partial<BroadcastRow>): Promise<boolean> {
  const r = await b(db).updateTable('broadcasts').set(set)
    .where('account_id', '=', k.accountId).where('id', '=', k.id).where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function updateBroadcast(db: Db, k: BroadcastKey, set: Partial<BroadcastRow>): Promise<void> {
  await b(db).updateTable('broadcasts').set(set).where('account_id', '=', k.accountId).where('id', '=', k.id).execute();
}

// ---- segments (read only: the segments repository belongs to the segments routes) --------------

export async function findSegmentForBroadcast(db: Db, accountId: string, segmentId: string):
  Promise<{ id: string; name: string; definition: string } | undefined> {
  return db.selectFrom('segments').select(['id', 'name', 'definition'])
    .where('account_id', '=', accountId).where('id', '=', segmentId).executeTakeFirst();
}

export async function findUnblockedFriend(db: Db, accountId: string, lineUserId: string):
  Promise<{ lineUserId: string; displayName: string } | undefined> {
  const r = await db.selectFrom('friends').select(['line_user_id', 'display_name'])
    .where('account_id', '=', accountId).where('line_user_id', '=', lineUserId).where('blocked_at', 'is', null)
    .executeTakeFirst();
  return r && { lineUserId: r.line_user_id, displayName: r.display_name };
}

// ---- the recipients snapshot ---------------------------------------------------------------------

/**
 * Takes the snapshot: every member of `members` (the compiled segment: unblocked friends only) is
 * inserted once, numbered into batches of `batchSize`, and one batch row with a fresh retry key
 * is written per batch — all in one transaction, so a crash leaves either no snapshot or a
 * whole one. Blocked friends are excluded again here, whatever `members` says. Returns the count.
 */
export async function takeSnapshot(db: Db, k: BroadcastKey, members: RawBuilder<{ friend_id: number; line_user_id: string }>, opts: {
  batchSize: number; now: number; retryKey: () => string;
}): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const t = b(trx);
    // Another runner may have taken it already (a lease that expired mid-snapshot): keep theirs.
    const current = await t.selectFrom('broadcasts').select('recipient_count')
      .where('account_id', '=', k.accountId).where('id', '=', k.id).executeTakeFirstOrThrow();
    if (current.recipient_count !== null) return current.recipient_count;
    if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1) throw new Error(`Bad batch size ${opts.batchSize}`);
    // The size as a literal, not a parameter: SQLite binds JS numbers as REAL, and REAL division
    // would give every friend a batch of their own.
    await sql`INSERT INTO broadcast_recipients (account_id, broadcast_id, line_user_id, batch_no)
      SELECT ${k.accountId}, ${k.id}, m.line_user_id,
             (ROW_NUMBER() OVER (ORDER BY m.line_user_id) - 1) / ${sql.lit(opts.batchSize)}
      FROM (${members}) m
      JOIN friends fr ON fr.account_id = ${k.accountId} AND fr.id = m.friend_id AND fr.blocked_at IS NULL`.execute(trx);
    const sizes = await t.selectFrom('broadcast_recipients')
      .select(['batch_no', (eb) => eb.fn.countAll<number>().as('size')])
      .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id)
      .groupBy('batch_no').orderBy('batch_no').execute();
    const rows = sizes.map((s) => ({
      account_id: k.accountId, broadcast_id: k.id, batch_no: Number(s.batch_no), size: Number(s.size),
      retry_key: opts.retryKey(), status: 'pending' as BatchStatus, attempts: 0,
      first_attempt_at: null, done_at: null, request_id: null, error: null,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await t.insertInto('broadcast_batches').values(rows.slice(i, i + 500)).execute();
    }
    const count = rows.reduce((n, r) => n + r.size, 0);
    await t.updateTable('broadcasts')
      .set({ recipient_count: count, updated_at: opts.now })
      .where('account_id', '=', k.accountId).where('id', '=', k.id).execute();
    return count;
  });
}

/** The batches not finished yet, in order. */
export async function openBatches(db: Db, k: BroadcastKey): Promise<BatchRow[]> {
  return b(db).selectFrom('broadcast_batches').selectAll()
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id)
    .where('status', 'in', ['pending', 'sending'])
    .orderBy('batch_no').execute();
}

export async function batchCounts(db: Db, k: BroadcastKey): Promise<Record<BatchStatus, { batches: number; recipients: number }>> {
  const rows = await b(db).selectFrom('broadcast_batches')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('size').as('r')])
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id)
    .groupBy('status').execute();
  const out = Object.fromEntries(['pending', 'sending', 'sent', 'uploaded', 'failed'].map((s) => [s, { batches: 0, recipients: 0 }])) as
    Record<BatchStatus, { batches: number; recipients: number }>;
  for (const r of rows) out[r.status as BatchStatus] = { batches: Number(r.n), recipients: Number(r.r ?? 0) };
  return out;
}

/**
 * A batch's recipients. Unordered on purpose: with ORDER BY line_user_id both engines prefer to
 * walk the primary key through the whole snapshot (66 ms a batch at 100k on SQLite) instead of
 * reading the batch from its index.
 */
export async function batchRecipients(db: Db, k: BroadcastKey, batchNo: number): Promise<string[]> {
  const rows = await b(db).selectFrom('broadcast_recipients').select('line_user_id')
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id).where('batch_no', '=', batchNo)
    .execute();
  return rows.map((r) => r.line_user_id);
}

/** Persists an attempt before the request leaves: the batch is "sending" from now on. */
export async function markBatchAttempt(db: Db, k: BroadcastKey, batchNo: number, now: number): Promise<void> {
  await b(db).updateTable('broadcast_batches')
    .set({ status: 'sending', attempts: sql`attempts + 1`, first_attempt_at: sql`COALESCE(first_attempt_at, ${now})` })
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id).where('batch_no', '=', batchNo)
    .where('status', 'in', ['pending', 'sending'])
    .execute();
}

/**
 * Ends a batch (sent, uploaded or failed) and adds its recipients to the broadcast's sent or failed
 * count, in one transaction and only if the batch was still open: counted once, whoever finishes it.
 */
export async function finishBatch(db: Db, k: BroadcastKey, batchNo: number, outcome: {
  status: 'sent' | 'uploaded' | 'failed'; requestId?: string | null; error?: string | null; now: number;
}): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const t = b(trx);
    const batch = await t.selectFrom('broadcast_batches').select(['size', 'status'])
      .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id).where('batch_no', '=', batchNo)
      .executeTakeFirst();
    if (!batch) return false;
    const r = await t.updateTable('broadcast_batches')
      .set({ status: outcome.status, done_at: outcome.now, request_id: outcome.requestId ?? null, error: outcome.error ?? null })
      .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id).where('batch_no', '=', batchNo)
      .where('status', 'in', ['pending', 'sending'])
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    if (outcome.status !== 'uploaded') {
      const column = outcome.status === 'sent' ? 'sent_count' : 'failed_count';
      await t.updateTable('broadcasts')
        .set({ [column]: sql`${sql.ref(column)} + ${batch.size}`, updated_at: outcome.now })
        .where('account_id', '=', k.accountId).where('id', '=', k.id).execute();
    }
    return true;
  });
}

/** True once any batch was tried (or uploaded): the quota check is behind us. */
export async function anyBatchAttempted(db: Db, k: BroadcastKey): Promise<boolean> {
  const r = await b(db).selectFrom('broadcast_batches').select('batch_no')
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id)
    .where((eb) => eb.or([eb('attempts', '>', 0), eb('status', '<>', 'pending')]))
    .limit(1).executeTakeFirst();
  return !!r;
}
