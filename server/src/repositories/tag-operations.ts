/**
 * Bulk tag operations and their member snapshots (migration 2026-12-06T05-tag-operations).
 *
 * An operation's members are written once (`snapshotMembers`, one INSERT … SELECT) and applied in
 * line user id order, one batch per transaction (`applyBatch`): the batch's friend_tags change and
 * the operation's cursor and counts move in the same commit, so a run that dies mid-way resumes at
 * the first batch not committed and never applies one twice. A member's `state` says whether the
 * operation changed that friend (1), which is what an undo reverts; a later hand edit of that
 * friend's tag sets it to 2 (`noteHandEdits`), so the undo leaves the hand's work alone.
 *
 * The same member table holds an export's snapshot (`exp_…` ids), read page by page.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../store/types';

export interface TagOperationsTable {
  account_id: string;
  id: string;
  action: string;
  tag_id: string;
  tag_name: string;
  segment_id: string | null;
  segment_name: string | null;
  undo_of: string | null;
  undone_by: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  status: string;
  total: number | null;
  processed: number;
  changed: number;
  cursor: string | null;
  error: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}
export interface OperationMembersTable { account_id: string; operation_id: string; line_user_id: string; state: number }

type Db = Kysely<Database>;
type TDb = Kysely<Database & { tag_operations: TagOperationsTable; operation_members: OperationMembersTable }>;
const t = (db: Db): TDb => db as unknown as TDb;

export type TagOperationRow = TagOperationsTable;
export type TagAction = 'add' | 'remove';

/** Inserts the operation; false when its Idempotency-Key is taken (a twin request won). */
export async function insertTagOperation(db: Db, row: TagOperationRow): Promise<boolean> {
  const r = await t(db).insertInto('tag_operations').values(row)
    .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

export async function findTagOperation(db: Db, accountId: string, id: string): Promise<TagOperationRow | undefined> {
  return t(db).selectFrom('tag_operations').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}

export async function findTagOperationByKey(db: Db, accountId: string, key: string): Promise<TagOperationRow | undefined> {
  return t(db).selectFrom('tag_operations').selectAll().where('account_id', '=', accountId).where('idempotency_key', '=', key).executeTakeFirst();
}

/** A running operation of the same segment, tag and action (a second click while the first runs). */
export async function findRunningTwin(db: Db, accountId: string, segmentId: string, tagId: string, action: TagAction): Promise<TagOperationRow | undefined> {
  return t(db).selectFrom('tag_operations').selectAll()
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId).where('status', '=', 'running')
    .where('tag_id', '=', tagId).where('action', '=', action).where('undo_of', 'is', null)
    .orderBy('created_at').limit(1).executeTakeFirst();
}

export async function updateTagOperation(db: Db, accountId: string, id: string, set: Partial<TagOperationRow>, onlyRunning = false): Promise<boolean> {
  let q = t(db).updateTable('tag_operations').set(set).where('account_id', '=', accountId).where('id', '=', id);
  if (onlyRunning) q = q.where('status', '=', 'running');
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Marks `id` undone by `undoId` unless another undo got there first; false then. */
export async function claimUndo(db: Db, accountId: string, id: string, undoId: string, now: number): Promise<boolean> {
  const r = await t(db).updateTable('tag_operations').set({ undone_by: undoId, updated_at: now })
    .where('account_id', '=', accountId).where('id', '=', id).where('undone_by', 'is', null).where('status', '=', 'done')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Writes the members once, in one statement, and records their number as the total. A second
 * call (a run resumed after the snapshot committed) keeps the first snapshot.
 */
export async function snapshotMembers(db: Db, accountId: string, operationId: string,
  members: RawBuilder<{ line_user_id: string }>, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const op = await t(trx).selectFrom('tag_operations').select('total').where('account_id', '=', accountId).where('id', '=', operationId).executeTakeFirst();
    if (op && op.total !== null) return Number(op.total);
    await sql`INSERT INTO operation_members (account_id, operation_id, line_user_id, state)
      SELECT ${accountId}, ${operationId}, m.line_user_id, 0 FROM (${members}) m`.execute(trx);
    const total = await countMembers(trx, accountId, operationId);
    if (op) await t(trx).updateTable('tag_operations').set({ total, updated_at: now }).where('account_id', '=', accountId).where('id', '=', operationId).execute();
    return total;
  });
}

/** The friends operation `of` changed and nobody changed back by hand since: an undo's members. */
export function changedMembers(accountId: string, of: string): RawBuilder<{ line_user_id: string }> {
  return sql<{ line_user_id: string }>`SELECT line_user_id FROM operation_members
    WHERE account_id = ${accountId} AND operation_id = ${of} AND state = 1`;
}

async function countMembers(db: Db, accountId: string, operationId: string): Promise<number> {
  const r = await t(db).selectFrom('operation_members').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('operation_id', '=', operationId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export type BatchOutcome = { kind: 'applied'; ids: string[]; changed: number } | { kind: 'finished' } | { kind: 'tag_gone' } | { kind: 'not_running' };

/**
 * Applies the next `size` members after the operation's cursor, in one transaction: the members
 * whose tag differs from the wanted state are marked changed, their friend_tags rows written or
 * deleted, and the cursor and counts advanced.
 */
export async function applyBatch(db: Db, accountId: string, operationId: string, size: number, now: number): Promise<BatchOutcome> {
  return db.transaction().execute(async (trx): Promise<BatchOutcome> => {
    const op = await t(trx).selectFrom('tag_operations').select(['status', 'cursor', 'action', 'tag_id'])
      .where('account_id', '=', accountId).where('id', '=', operationId).executeTakeFirst();
    if (!op || op.status !== 'running') return { kind: 'not_running' };
    const tag = await trx.selectFrom('tags').select('id').where('account_id', '=', accountId).where('id', '=', op.tag_id).executeTakeFirst();
    if (!tag) return { kind: 'tag_gone' };
    const after = op.cursor ?? '';
    const rows = await t(trx).selectFrom('operation_members').select('line_user_id')
      .where('account_id', '=', accountId).where('operation_id', '=', operationId).where('line_user_id', '>', after)
      .orderBy('line_user_id').limit(size).execute();
    if (rows.length === 0) return { kind: 'finished' };
    const last = rows[rows.length - 1].line_user_id;
    const inBatch = sql`m.account_id = ${accountId} AND m.operation_id = ${operationId} AND m.line_user_id > ${after} AND m.line_user_id <= ${last}`;
    const hasTag = sql`EXISTS (SELECT 1 FROM friend_tags ft WHERE ft.account_id = ${accountId} AND ft.line_user_id = m.line_user_id AND ft.tag_id = ${op.tag_id})`;
    // PostgreSQL cannot alias an UPDATE's target the SQLite way and vice versa: select the keys, then update by them.
    const toChange = await sql<{ line_user_id: string }>`SELECT m.line_user_id FROM operation_members m
      WHERE ${inBatch} AND ${op.action === 'add' ? sql`NOT ${hasTag}` : hasTag}`.execute(trx);
    const changed = toChange.rows.map((r) => r.line_user_id);
    if (changed.length > 0) {
      await sql`UPDATE operation_members SET state = 1 WHERE account_id = ${accountId} AND operation_id = ${operationId}
        AND line_user_id > ${after} AND line_user_id <= ${last} AND line_user_id IN (
          SELECT m.line_user_id FROM operation_members m WHERE ${inBatch} AND ${op.action === 'add' ? sql`NOT ${hasTag}` : hasTag})`.execute(trx);
      if (op.action === 'add') {
        await sql`INSERT INTO friend_tags (account_id, line_user_id, tag_id)
          SELECT m.account_id, m.line_user_id, ${op.tag_id} FROM operation_members m
          JOIN friends f ON f.account_id = m.account_id AND f.line_user_id = m.line_user_id
          WHERE ${inBatch} AND m.state = 1`.execute(trx);
      } else {
        await sql`DELETE FROM friend_tags WHERE account_id = ${accountId} AND tag_id = ${op.tag_id} AND line_user_id IN (
          SELECT m.line_user_id FROM operation_members m WHERE ${inBatch} AND m.state = 1)`.execute(trx);
      }
    }
    await sql`UPDATE tag_operations SET cursor = ${last}, processed = processed + ${rows.length}, changed = changed + ${changed.length},
      updated_at = ${now} WHERE account_id = ${accountId} AND id = ${operationId}`.execute(trx);
    return { kind: 'applied', ids: changed, changed: changed.length };
  });
}

/**
 * A hand edit (a friend's tags set in the card, a CSV row) of these friends' tags: the operations
 * that changed them no longer own that change, so their undo leaves it. Runs in the edit's
 * transaction.
 */
export async function noteHandEdits(db: Db, accountId: string, edits: { lineUserId: string; tagId: string }[]): Promise<void> {
  if (edits.length === 0) return;
  const byTag = new Map<string, string[]>();
  for (const e of edits) byTag.set(e.tagId, [...(byTag.get(e.tagId) ?? []), e.lineUserId]);
  for (const [tagId, ids] of byTag) {
    for (let i = 0; i < ids.length; i += 1000) {
      await t(db).updateTable('operation_members').set({ state: 2 })
        .where('account_id', '=', accountId).where('state', '=', 1)
        .where('operation_id', 'in', (eb) => eb.selectFrom('tag_operations').select('id')
          .where('account_id', '=', accountId).where('tag_id', '=', tagId))
        .where('line_user_id', 'in', ids.slice(i, i + 1000))
        .execute();
    }
  }
}

/** Removes a snapshot's members (an export's, once streamed). */
export async function dropMembers(db: Db, accountId: string, operationId: string): Promise<void> {
  await t(db).deleteFrom('operation_members').where('account_id', '=', accountId).where('operation_id', '=', operationId).execute();
}

export interface ExportRow {
  lineUserId: string; displayName: string; pictureUrl: string | null; addedAt: number | null;
  tags: string[]; purchaseCount: number | null; lastPurchaseAt: number | null;
}

/** One page of an export snapshot in line user id order: members still unblocked, with tag names. */
export async function exportPage(db: Db, accountId: string, snapshotId: string, after: string, limit: number): Promise<ExportRow[]> {
  const rows = await sql<{ line_user_id: string; display_name: string; picture_url: string | null; added_at: number | string | null;
    purchase_count: number | null; last_purchase_at: number | string | null }>`
    SELECT f.line_user_id, f.display_name, f.picture_url, f.added_at, sc.purchase_count, sc.last_purchase_at
    FROM operation_members m
    JOIN friends f ON f.account_id = m.account_id AND f.line_user_id = m.line_user_id
    LEFT JOIN shopify_customers sc ON sc.account_id = m.account_id AND sc.line_user_id = m.line_user_id
    WHERE m.account_id = ${accountId} AND m.operation_id = ${snapshotId} AND m.line_user_id > ${after} AND f.blocked_at IS NULL
    ORDER BY m.line_user_id LIMIT ${limit}`.execute(db);
  if (rows.rows.length === 0) return [];
  const first = rows.rows[0].line_user_id;
  const last = rows.rows[rows.rows.length - 1].line_user_id;
  const tags = await sql<{ line_user_id: string; name: string }>`
    SELECT ft.line_user_id, tg.name FROM operation_members m
    JOIN friend_tags ft ON ft.account_id = m.account_id AND ft.line_user_id = m.line_user_id
    JOIN tags tg ON tg.account_id = ft.account_id AND tg.id = ft.tag_id
    WHERE m.account_id = ${accountId} AND m.operation_id = ${snapshotId} AND m.line_user_id >= ${first} AND m.line_user_id <= ${last}
    ORDER BY ft.line_user_id, tg.name`.execute(db);
  const tagsOf = new Map<string, string[]>();
  for (const r of tags.rows) {
    const list = tagsOf.get(r.line_user_id);
    if (list) list.push(r.name); else tagsOf.set(r.line_user_id, [r.name]);
  }
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return rows.rows.map((r) => ({
    lineUserId: r.line_user_id, displayName: r.display_name, pictureUrl: r.picture_url, addedAt: num(r.added_at),
    tags: tagsOf.get(r.line_user_id) ?? [], purchaseCount: num(r.purchase_count), lastPurchaseAt: num(r.last_purchase_at),
  }));
}

/** Removes export snapshots older than `beforeId` (same `exp_<ms>` form): left by a crash mid-export. */
export async function dropStaleExports(db: Db, accountId: string, beforeId: string): Promise<void> {
  await t(db).deleteFrom('operation_members').where('account_id', '=', accountId)
    .where('operation_id', '>=', 'exp_').where('operation_id', '<', beforeId).execute();
}
