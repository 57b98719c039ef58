/**
 * The jobs table: background work claimed through the database (DESIGN.md, "Scale"), so a
 * restart resumes it and two instances never run the same job. A claim is one conditional UPDATE
 * that only succeeds while the job is still due (queued, or running with an expired lease); both
 * SQLite and PostgreSQL apply it atomically — PostgreSQL re-checks the WHERE clause after waiting
 * on a concurrent update of the row — so exactly one claimant sees "1 row updated".
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/types';

export interface JobRow {
  accountId: string;
  id: string;
  kind: string;
  payload: unknown;
  status: 'queued' | 'running' | 'done' | 'failed';
  runAt: number;
  attempts: number;
  lastError: string | null;
  lockedBy: string | null;
  lockedUntil: number | null;
  createdAt: number;
  updatedAt: number;
}

type Db = Kysely<Database>;

export async function insertJob(db: Db, j: { accountId: string; id: string; kind: string; payload: unknown; runAt: number; now: number }): Promise<void> {
  await db.insertInto('jobs').values({
    account_id: j.accountId, id: j.id, kind: j.kind, payload: JSON.stringify(j.payload ?? null),
    status: 'queued', run_at: j.runAt, locked_by: null, locked_until: null, attempts: 0, last_error: null,
    created_at: j.now, updated_at: j.now,
  }).execute();
}

/** True when a job of `kind` for the account waits to run (not yet claimed). */
export async function hasQueuedJob(db: Db, accountId: string, kind: string): Promise<boolean> {
  const r = await db.selectFrom('jobs').select('id')
    .where('status', '=', 'queued').where('account_id', '=', accountId).where('kind', '=', kind)
    .limit(1).executeTakeFirst();
  return !!r;
}

/** Jobs that are due: queued and run_at reached, or running with an expired lease. */
export async function dueJobs(db: Db, kinds: string[], now: number, limit: number): Promise<{ accountId: string; id: string; kind: string }[]> {
  if (kinds.length === 0) return [];
  const rows = await db.selectFrom('jobs').select(['account_id', 'id', 'kind'])
    .where('kind', 'in', kinds)
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
    ]))
    .orderBy('run_at').limit(limit).execute();
  return rows.map((r) => ({ accountId: r.account_id, id: r.id, kind: r.kind }));
}

/** Claims one job for `worker` until `lockedUntil`; the claimed job, or null when another won. */
export async function claimJob(db: Db, key: { accountId: string; id: string }, worker: string, now: number, lockedUntil: number): Promise<JobRow | null> {
  const r = await db.updateTable('jobs')
    .set({ status: 'running', locked_by: worker, locked_until: lockedUntil, attempts: sql`attempts + 1`, updated_at: now })
    .where('account_id', '=', key.accountId).where('id', '=', key.id)
    .where((eb) => eb.or([
      eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', now)]),
      eb.and([eb('status', '=', 'running'), eb('locked_until', '<', now)]),
    ]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  const job = await getJob(db, key.accountId, key.id);
  // Read back under our lock; if someone re-claimed in between (lease expired already), it is theirs.
  return job && job.lockedBy === worker ? job : null;
}

export async function getJob(db: Db, accountId: string, id: string): Promise<JobRow | undefined> {
  const r = await db.selectFrom('jobs').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  return {
    accountId: r.account_id, id: r.id, kind: r.kind, payload: JSON.parse(r.payload), status: r.status as JobRow['status'],
    runAt: r.run_at, attempts: r.attempts, lastError: r.last_error, lockedBy: r.locked_by, lockedUntil: r.locked_until,
    createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** Extends our lease; false when the job is no longer ours. */
export async function renewLease(db: Db, key: { accountId: string; id: string }, worker: string, lockedUntil: number, now: number): Promise<boolean> {
  const r = await db.updateTable('jobs').set({ locked_until: lockedUntil, updated_at: now })
    .where('account_id', '=', key.accountId).where('id', '=', key.id)
    .where('status', '=', 'running').where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Ends our run of the job: done, failed, or queued again at `runAt`. False when it was no longer ours. */
export async function finishJob(db: Db, key: { accountId: string; id: string }, worker: string,
  outcome: { status: 'done' | 'failed' | 'queued'; error?: string | null; runAt?: number }, now: number): Promise<boolean> {
  const r = await db.updateTable('jobs')
    .set({
      status: outcome.status, locked_by: null, locked_until: null, updated_at: now,
      ...(outcome.error !== undefined ? { last_error: outcome.error } : {}),
      ...(outcome.runAt !== undefined ? { run_at: outcome.runAt } : {}),
    })
    .where('account_id', '=', key.accountId).where('id', '=', key.id)
    .where('status', '=', 'running').where('locked_by', '=', worker)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Removes finished jobs older than `before` (the table is a queue, not an archive). */
export async function pruneFinishedJobs(db: Db, before: number): Promise<number> {
  const r = await db.deleteFrom('jobs').where('status', 'in', ['done', 'failed']).where('updated_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}
