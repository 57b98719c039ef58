import type { Kysely } from 'kysely';
import type { Database } from '../store/types';

export interface StoredAnswer { route: string; bodyHash: string; status: number; response: string }

export async function findAnswer(db: Kysely<Database>, accountId: string, key: string): Promise<StoredAnswer | undefined> {
  const row = await db.selectFrom('idempotent_requests')
    .select(['route', 'body_hash', 'status', 'response'])
    .where('account_id', '=', accountId).where('idempotency_key', '=', key)
    .executeTakeFirst();
  return row && { route: row.route, bodyHash: row.body_hash, status: row.status, response: row.response };
}

/** Status of a key reserved by a request still running (its answer is not known yet). */
export const IN_PROGRESS = 0;

/**
 * Reserves the key for a request about to run; false when the key is already there (answered, or
 * reserved by a concurrent twin). The primary key makes exactly one reservation win.
 */
export async function reserveKey(db: Kysely<Database>, accountId: string, key: string, a: { route: string; bodyHash: string }, now: number): Promise<boolean> {
  const r = await db.insertInto('idempotent_requests')
    .values({ account_id: accountId, idempotency_key: key, route: a.route, body_hash: a.bodyHash, status: IN_PROGRESS, response: '', created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** Records the answer of the request that reserved the key. */
export async function recordAnswer(db: Kysely<Database>, accountId: string, key: string, a: { status: number; response: string }): Promise<void> {
  await db.updateTable('idempotent_requests').set({ status: a.status, response: a.response })
    .where('account_id', '=', accountId).where('idempotency_key', '=', key).where('status', '=', IN_PROGRESS).execute();
}

/** Frees a reservation whose request did not succeed, so the caller may try again with the key. */
export async function releaseKey(db: Kysely<Database>, accountId: string, key: string): Promise<void> {
  await db.deleteFrom('idempotent_requests')
    .where('account_id', '=', accountId).where('idempotency_key', '=', key).where('status', '=', IN_PROGRESS).execute();
}
