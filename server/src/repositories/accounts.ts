/** Accounts. Their script tokens are in server/src/repositories/people.ts. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';

export interface AccountRow { id: string; name: string; timezone: string; createdAt: number }

const toAccount = (r: { id: string; name: string; timezone: string; created_at: number }): AccountRow =>
  ({ id: r.id, name: r.name, timezone: r.timezone, createdAt: r.created_at });

export async function findAccount(db: Kysely<Database>, id: string): Promise<AccountRow | undefined> {
  const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toAccount(r);
}

export async function listAccounts(db: Kysely<Database>, ids?: string[]): Promise<AccountRow[]> {
  let q = db.selectFrom('accounts').selectAll().orderBy('id');
  if (ids) {
    if (ids.length === 0) return [];
    q = q.where('id', 'in', ids);
  }
  return (await q.execute()).map(toAccount);
}

/** Inserts the account; false when the id is taken. */
export async function insertAccount(db: Kysely<Database>, a: AccountRow): Promise<boolean> {
  const r = await db.insertInto('accounts')
    .values({ id: a.id, name: a.name, timezone: a.timezone, created_at: a.createdAt })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}
