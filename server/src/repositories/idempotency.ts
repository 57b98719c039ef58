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

/** Keeps the first answer; a concurrent twin that got there first wins and this one is dropped. */
export async function storeAnswer(db: Kysely<Database>, accountId: string, key: string, a: StoredAnswer, now: number): Promise<void> {
  await db.insertInto('idempotent_requests')
    .values({ account_id: accountId, idempotency_key: key, route: a.route, body_hash: a.bodyHash, status: a.status, response: a.response, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'idempotency_key']).doNothing())
    .execute();
}
