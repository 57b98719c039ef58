/** SQL of the broadcast results: the result rows, their reads, the statistics job's schedule. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../store/types';
import type { BroadcastKey } from '../repository';
import { withResultsTables, type BroadcastResultsTable } from './tables';

type Db = Kysely<Database>;
export type ResultRow = BroadcastResultsTable;

export async function findResultRow(db: Db, k: BroadcastKey): Promise<ResultRow | undefined> {
  return withResultsTables(db).selectFrom('broadcast_results').selectAll()
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id).executeTakeFirst();
}

/** Inserts the row unless the broadcast has one already. */
export async function insertResultRow(db: Db, row: Pick<ResultRow, 'account_id' | 'broadcast_id' | 'method' | 'created_at' | 'updated_at'> & Partial<ResultRow>): Promise<void> {
  await withResultsTables(db).insertInto('broadcast_results')
    .values({ clicks: '[]', sent: 0, reads: 0, final: 0, ...row })
    .onConflict((oc) => oc.columns(['account_id', 'broadcast_id']).doNothing()).execute();
}

export async function updateResultRow(db: Db, k: BroadcastKey, set: Partial<ResultRow>, where?: { nextReadAt?: number | null; sentAtNull?: boolean }): Promise<boolean> {
  let q = withResultsTables(db).updateTable('broadcast_results').set(set)
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id);
  if (where?.nextReadAt !== undefined) q = where.nextReadAt === null ? q.where('next_read_at', 'is', null) : q.where('next_read_at', '=', where.nextReadAt);
  if (where?.sentAtNull) q = q.where('sent_at', 'is', null);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Units this account's broadcasts took in a month (yyyyMM). */
export async function countUnitsInMonth(db: Db, accountId: string, month: string): Promise<number> {
  const r = await withResultsTables(db).selectFrom('broadcast_results').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('unit_month', '=', month).where('unit', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Takes one of the month's `limit` units; true when taken. `floor`: units known used elsewhere
 * (LINE's own count, which includes other tools on the channel) — the counter is raised to it
 * first. Each statement is atomic on its own and the last is a conditional UPDATE, so two callers
 * at the same moment (here or on another instance) never both take the last unit: on PostgreSQL
 * the second waits for the first's row lock and then sees `used` already at the limit; SQLite
 * has one writer at a time.
 */
export async function reserveUnit(db: Db, accountId: string, month: string, limit: number, floor: number): Promise<boolean> {
  const r = withResultsTables(db);
  await r.insertInto('aggregation_unit_months').values({ account_id: accountId, month, used: 0 })
    .onConflict((oc) => oc.columns(['account_id', 'month']).doNothing()).execute();
  const row = r.updateTable('aggregation_unit_months').where('account_id', '=', accountId).where('month', '=', month);
  if (floor > 0) await row.set({ used: floor }).where('used', '<', floor).execute();
  const took = await row.set((eb) => ({ used: eb('used', '+', 1) })).where('used', '<', limit).executeTakeFirst();
  return Number(took.numUpdatedRows) === 1;
}

/** Results due for a read, the longest unread first (never read before anything read). */
export async function dueResults(db: Db, accountId: string, now: number, limit: number): Promise<ResultRow[]> {
  return withResultsTables(db).selectFrom('broadcast_results').selectAll()
    .where('account_id', '=', accountId).where('final', '=', 0).where('next_read_at', '<=', now)
    .orderBy(sql`COALESCE(last_read_at, -1)`).orderBy('sent_at').orderBy('broadcast_id')
    .limit(limit).execute();
}

/** The earliest scheduled read still to come, or null when every result is final. */
export async function nextScheduledRead(db: Db, accountId: string): Promise<number | null> {
  const r = await withResultsTables(db).selectFrom('broadcast_results')
    .select((eb) => eb.fn.min<number>('next_read_at').as('at'))
    .where('account_id', '=', accountId).where('final', '=', 0).where('next_read_at', 'is not', null)
    .executeTakeFirst();
  return r?.at === null || r?.at === undefined ? null : Number(r.at);
}

export async function insertRead(db: Db, k: BroadcastKey, p: { at: number; uniqueImpressions: number | null; uniqueClicks: number | null }): Promise<void> {
  await withResultsTables(db).insertInto('broadcast_result_reads').values({
    account_id: k.accountId, broadcast_id: k.id, read_at: p.at, unique_impressions: p.uniqueImpressions, unique_clicks: p.uniqueClicks,
  }).onConflict((oc) => oc.columns(['account_id', 'broadcast_id', 'read_at']).doNothing()).execute();
}

export async function listReads(db: Db, k: BroadcastKey) {
  return withResultsTables(db).selectFrom('broadcast_result_reads').selectAll()
    .where('account_id', '=', k.accountId).where('broadcast_id', '=', k.id).orderBy('read_at').execute();
}

/** The queued statistics job of the account, if any. */
export async function queuedJobOf(db: Db, accountId: string, kind: string): Promise<{ id: string; run_at: number } | undefined> {
  return db.selectFrom('jobs').select(['id', 'run_at'])
    .where('account_id', '=', accountId).where('kind', '=', kind).where('status', '=', 'queued')
    .orderBy('run_at').limit(1).executeTakeFirst();
}

export async function moveJobEarlier(db: Db, accountId: string, id: string, runAt: number, now: number): Promise<void> {
  await db.updateTable('jobs').set({ run_at: runAt, updated_at: now })
    .where('account_id', '=', accountId).where('id', '=', id).where('status', '=', 'queued').where('run_at', '>', runAt)
    .execute();
}
