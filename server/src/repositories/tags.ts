/** Friend tags. Segments reference tags by id, so renaming keeps them; deleting leaves them broken, never rewritten. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';
import type { Dialect, Store } from '../store/db';
import { notifyFriendsChanged } from '../store/change-feed';

type Db = Kysely<Database>;
export interface TagRow { id: string; name: string; friendCount: number; createdAt: number }

export async function listTags(db: Db, accountId: string): Promise<TagRow[]> {
  const rows = await db.selectFrom('tags as t')
    .leftJoin('friend_tags as ft', (j) => j.onRef('ft.account_id', '=', 't.account_id').onRef('ft.tag_id', '=', 't.id'))
    .select((eb) => ['t.id', 't.name', 't.created_at', eb.fn.count<number>('ft.friend_id').as('n')])
    .where('t.account_id', '=', accountId)
    .groupBy(['t.id', 't.name', 't.created_at'])
    .orderBy('t.name').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, friendCount: Number(r.n) }));
}

export async function getTag(db: Db, accountId: string, id: string): Promise<TagRow | undefined> {
  const r = await db.selectFrom('tags').select(['id', 'name', 'created_at']).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  if (!r) return undefined;
  const n = await db.selectFrom('friend_tags').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('tag_id', '=', id).executeTakeFirstOrThrow();
  return { id: r.id, name: r.name, createdAt: r.created_at, friendCount: Number(n.n) };
}

export async function tagNamed(db: Db, accountId: string, name: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('tags').select('id').where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
}

/** Inserts a tag; false when the name is taken. */
export async function insertTag(db: Db, accountId: string, tag: { id: string; name: string; createdAt: number }): Promise<boolean> {
  const r = await db.insertInto('tags').values({ account_id: accountId, id: tag.id, name: tag.name, created_at: tag.createdAt })
    .onConflict((oc) => oc.doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Holds the tag's row until the transaction ends, so two renames of one tag take turns and the
 * second reads the name the first gave (SQLite runs one write transaction at a time already).
 */
export async function lockTag(db: Db, dialect: Dialect, accountId: string, id: string): Promise<void> {
  if (dialect === 'postgres') await db.selectFrom('tags').select('id').where('account_id', '=', accountId).where('id', '=', id).forUpdate().execute();
}

/**
 * Renames; 'missing' when there is no such tag, 'taken' when another tag has the name. A tag given
 * the name by a request that has not committed yet is not seen here: the unique key refuses the
 * rename then, and the caller maps that error (uniqueViolation) to the same 'taken'.
 */
export async function renameTag(db: Db, accountId: string, id: string, name: string): Promise<'ok' | 'missing' | 'taken'> {
  const other = await tagNamed(db, accountId, name);
  if (other && other.id !== id) return 'taken';
  const r = await db.updateTable('tags').set({ name }).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1 ? 'ok' : 'missing';
}

/**
 * Deletes the tag and removes it from every friend; false when there was no such tag. `also` runs
 * in the same transaction (the activity entry); the friends-changed notice goes out after commit.
 */
export async function deleteTag(store: Store, accountId: string, id: string, also?: (trx: Db, tag: { name: string; friends: number }) => Promise<void>): Promise<boolean> {
  const affected = await store.db.transaction().execute(async (trx) => {
    const tag = await trx.selectFrom('tags').select('name').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    const r = await trx.deleteFrom('tags').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    if (!tag || Number(r.numDeletedRows) !== 1) return null;
    const friends = await trx.selectFrom('friend_tags as ft')
      .innerJoin('friends as f', (j) => j.onRef('f.account_id', '=', 'ft.account_id').onRef('f.id', '=', 'ft.friend_id'))
      .select('f.line_user_id').where('ft.account_id', '=', accountId).where('ft.tag_id', '=', id).execute();
    await trx.deleteFrom('friend_tags').where('account_id', '=', accountId).where('tag_id', '=', id).execute();
    await also?.(trx, { name: tag.name, friends: friends.length });
    return friends.map((f) => f.line_user_id);
  });
  if (affected === null) return false;
  notifyFriendsChanged(accountId, affected);
  return true;
}

export async function existingTagIds(db: Db, accountId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('tags').select('id').where('account_id', '=', accountId).where('id', 'in', [...new Set(ids)]).execute();
  return new Set(rows.map((r) => r.id));
}

/** Tag id → name, for summaries. */
export async function tagNames(db: Db, accountId: string): Promise<Record<string, string>> {
  const rows = await db.selectFrom('tags').select(['id', 'name']).where('account_id', '=', accountId).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
