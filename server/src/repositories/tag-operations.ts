/**
 * Bulk tag operations and their member snapshots (migration 2026-12-06T05-tag-operations).
 *
 * An operation's members are written once (`snapshotMembers`, one INSERT … SELECT) and applied in
 * friend id order, one batch per transaction (`applyBatch`): the batch's friend_tags change and
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
  cursor: number | null;
  error: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}
export interface OperationMembersTable { account_id: string; operation_id: string; friend_id: number; state: number }

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
  members: RawBuilder<{ friend_id: number }>, now: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const op = await t(trx).selectFrom('tag_operations').select('total').where('account_id', '=', accountId).where('id', '=', operationId).executeTakeFirst();
    if (op && op.total !== null) return Number(op.total);
    await sql`INSERT INTO operation_members (account_id, operation_id, friend_id, state)
      SELECT ${accountId}, ${operationId}, m.friend_id, 0 FROM (${members}) m`.execute(trx);
    const total = await countMembers(trx, accountId, operationId);
    if (op) await t(trx).updateTable('tag_operations').set({ total, updated_at: now }).where('account_id', '=', accountId).where('id', '=', operationId).execute();
    return total;
  });
}

/** The friends operation `of` changed and nobody changed back by hand since: an undo's members. */
export function changedMembers(accountId: string, of: string): RawBuilder<{ friend_id: number }> {
  return sql<{ friend_id: number }>`SELECT friend_id FROM operation_members
    WHERE account_id = ${accountId} AND operation_id = ${of} AND state = 1`;
}

async function countMembers(db: Db, accountId: string, operationId: string): Promise<number> {
  const r = await t(db).selectFrom('operation_members').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('operation_id', '=', operationId).executeTakeFirstOrThrow();
  return Number(r.n);
}

export type BatchOutcome = { kind: 'applied'; ids: string[]; changed: number } | { kind: 'finished' } | { kind: 'tag_gone' } | { kind: 'not_running' };

/**
 * Applies the next `size` members after the operation's cursor, in one transaction and a fixed
 * handful of statements whatever the batch's size: the batch is the friend id range (cursor, last],
 * the members in it whose tag differs from the wanted state are marked changed by one UPDATE, and
 * their friend_tags rows written by one INSERT … SELECT (or removed by one DELETE … IN), then the
 * cursor and counts move. No id list passes through JavaScript on the way, so no statement nears
 * SQLite's bound-parameter limit and the batch size is a choice of commit length alone.
 */
export async function applyBatch(db: Db, accountId: string, operationId: string, size: number, now: number): Promise<BatchOutcome> {
  return db.transaction().execute(async (trx): Promise<BatchOutcome> => {
    const op = await t(trx).selectFrom('tag_operations').select(['status', 'cursor', 'action', 'tag_id'])
      .where('account_id', '=', accountId).where('id', '=', operationId).executeTakeFirst();
    if (!op || op.status !== 'running') return { kind: 'not_running' };
    const tag = await trx.selectFrom('tags').select('id').where('account_id', '=', accountId).where('id', '=', op.tag_id).executeTakeFirst();
    if (!tag) return { kind: 'tag_gone' };
    const after = op.cursor === null ? 0 : Number(op.cursor);
    const bounds = await sql<{ n: number | string; last: number | string | null }>`SELECT COUNT(*) AS n, MAX(b.friend_id) AS last
      FROM (SELECT friend_id FROM operation_members WHERE account_id = ${accountId} AND operation_id = ${operationId}
        AND friend_id > ${after} ORDER BY friend_id LIMIT ${size}) b`.execute(trx);
    const n = Number(bounds.rows[0]?.n ?? 0);
    if (n === 0) return { kind: 'finished' };
    const last = Number(bounds.rows[0]!.last);
    const inBatch = sql`m.account_id = ${accountId} AND m.operation_id = ${operationId} AND m.friend_id > ${after} AND m.friend_id <= ${last}`;
    // The members whose tag differs from the wanted state are the ones this batch changes; only
    // they are marked, so an undo reverts them and leaves a friend who had the tag before.
    // Members of a batch not yet applied are all state 0 (hand edits only touch state 1).
    const tagged = sql`EXISTS (SELECT 1 FROM friend_tags ft
      WHERE ft.account_id = ${accountId} AND ft.friend_id = operation_members.friend_id AND ft.tag_id = ${op.tag_id})`;
    const marked = await sql`UPDATE operation_members SET state = 1
      WHERE account_id = ${accountId} AND operation_id = ${operationId} AND friend_id > ${after} AND friend_id <= ${last}
        AND state = 0 AND ${op.action === 'add' ? sql`NOT ${tagged}` : tagged}`.execute(trx);
    const changed = Number(marked.numAffectedRows ?? 0);
    let ids: string[] = [];
    if (changed > 0) {
      const changedInBatch = sql`SELECT m.friend_id FROM operation_members m WHERE ${inBatch} AND m.state = 1`;
      if (op.action === 'add') {
        // A friend tagged by hand since the UPDATE above (PostgreSQL's read committed) already has
        // it. `WHERE true`: SQLite would read ON CONFLICT as the FROM's join constraint without it.
        await sql`INSERT INTO friend_tags (account_id, friend_id, tag_id)
          SELECT ${accountId}, c.friend_id, ${op.tag_id} FROM (${changedInBatch}) c WHERE true
          ON CONFLICT DO NOTHING`.execute(trx);
      } else {
        await sql`DELETE FROM friend_tags WHERE account_id = ${accountId} AND tag_id = ${op.tag_id}
          AND friend_id IN (${changedInBatch})`.execute(trx);
      }
      // The caches' notice names the friends; `IN (…)` so each is a key lookup in friends.
      const names = await sql<{ line_user_id: string }>`SELECT line_user_id FROM friends
        WHERE account_id = ${accountId} AND id IN (${changedInBatch})`.execute(trx);
      ids = names.rows.map((r) => r.line_user_id);
    }
    await sql`UPDATE tag_operations SET cursor = ${last}, processed = processed + ${n}, changed = changed + ${changed},
      updated_at = ${now} WHERE account_id = ${accountId} AND id = ${operationId}`.execute(trx);
    return { kind: 'applied', ids, changed };
  });
}

/**
 * A hand edit (a friend's tags set in the card, a CSV row) of these friends' tags: the operations
 * that changed them no longer own that change, so their undo leaves it. Runs in the edit's
 * transaction.
 */
export async function noteHandEdits(db: Db, accountId: string, edits: { friendId: number; tagId: string }[]): Promise<void> {
  if (edits.length === 0) return;
  const byTag = new Map<string, number[]>();
  for (const e of edits) byTag.set(e.tagId, [...(byTag.get(e.tagId) ?? []), e.friendId]);
  for (const [tagId, ids] of byTag) {
    for (let i = 0; i < ids.length; i += 1000) {
      await t(db).updateTable('operation_members').set({ state: 2 })
        .where('account_id', '=', accountId).where('state', '=', 1)
        .where('operation_id', 'in', (eb) => eb.selectFrom('tag_operations').select('id')
          .where('account_id', '=', accountId).where('tag_id', '=', tagId))
        .where('friend_id', 'in', ids.slice(i, i + 1000))
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

/**
 * One page of an export snapshot, after friend id `after`, in friend id order (the order friends
 * arrived): members still unblocked, with their tag names. `next` continues the next page.
 */
export async function exportPage(db: Db, accountId: string, snapshotId: string, after: number, limit: number): Promise<{ rows: ExportRow[]; next: number | null }> {
  const ids = await t(db).selectFrom('operation_members').select('friend_id')
    .where('account_id', '=', accountId).where('operation_id', '=', snapshotId).where('friend_id', '>', after)
    .orderBy('friend_id').limit(limit).execute();
  if (ids.length === 0) return { rows: [], next: null };
  const last = Number(ids[ids.length - 1].friend_id);
  const keys = ids.map((r) => Number(r.friend_id));
  // By the ids in hand, so each read is a key lookup whatever the planner thinks of the tables.
  const rows = await db.selectFrom('friends as f')
    .leftJoin('shopify_customers as sc', (j) => j.onRef('sc.account_id', '=', 'f.account_id').onRef('sc.friend_id', '=', 'f.id'))
    .select(['f.id', 'f.line_user_id', 'f.display_name', 'f.picture_url', 'f.added_at', 'sc.purchase_count', 'sc.last_purchase_at'])
    .where('f.account_id', '=', accountId).where('f.id', 'in', keys).where('f.blocked_at', 'is', null)
    .orderBy('f.id').execute();
  const tags = await db.selectFrom('friend_tags as ft')
    .innerJoin('tags as tg', (j) => j.onRef('tg.account_id', '=', 'ft.account_id').onRef('tg.id', '=', 'ft.tag_id'))
    .select(['ft.friend_id', 'tg.name'])
    .where('ft.account_id', '=', accountId).where('ft.friend_id', 'in', keys).execute();
  const tagsOf = new Map<number, string[]>();
  for (const r of tags) {
    const id = Number(r.friend_id);
    const list = tagsOf.get(id);
    if (list) list.push(r.name); else tagsOf.set(id, [r.name]);
  }
  const num = (v: number | string | null) => (v === null ? null : Number(v));
  return {
    next: last,
    rows: rows.map((r) => ({
      lineUserId: r.line_user_id, displayName: r.display_name, pictureUrl: r.picture_url, addedAt: num(r.added_at),
      tags: tagsOf.get(Number(r.id)) ?? [], purchaseCount: num(r.purchase_count), lastPurchaseAt: num(r.last_purchase_at),
    })),
  };
}

/** Removes export snapshots older than `beforeId` (same `exp_<ms>` form): left by a crash mid-export. */
export async function dropStaleExports(db: Db, accountId: string, beforeId: string): Promise<void> {
  await t(db).deleteFrom('operation_members').where('account_id', '=', accountId)
    .where('operation_id', '>=', 'exp_').where('operation_id', '<', beforeId).execute();
}
