/** Folders of segments. Deleting a folder moves its segments to no folder, in one transaction. */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';
import { inTransaction } from '../store/db';

type Db = Kysely<Database>;
export interface FolderRow { id: string; name: string; createdAt: number; updatedAt: number }

const toFolder = (r: { id: string; name: string; created_at: number; updated_at: number }): FolderRow =>
  ({ id: r.id, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at });

export async function listFolders(db: Db, accountId: string): Promise<FolderRow[]> {
  const rows = await db.selectFrom('folders').selectAll().where('account_id', '=', accountId).orderBy('name').orderBy('id').execute();
  return rows.map(toFolder);
}

export async function getFolder(db: Db, accountId: string, id: string): Promise<FolderRow | undefined> {
  const r = await db.selectFrom('folders').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return r && toFolder(r);
}

export async function folderNamed(db: Db, accountId: string, name: string): Promise<FolderRow | undefined> {
  const r = await db.selectFrom('folders').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
  return r && toFolder(r);
}

export async function insertFolder(db: Db, accountId: string, f: FolderRow): Promise<void> {
  await db.insertInto('folders').values({ account_id: accountId, id: f.id, name: f.name, created_at: f.createdAt, updated_at: f.updatedAt }).execute();
}

export async function renameFolder(db: Db, accountId: string, id: string, name: string, now: number): Promise<boolean> {
  const r = await db.updateTable('folders').set({ name, updated_at: now }).where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Deletes the folder; its segments move to no folder. False when there was no such folder. */
export async function deleteFolder(db: Db, accountId: string, id: string, now: number): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const r = await trx.deleteFrom('folders').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return false;
    await trx.updateTable('segments').set({ folder_id: null, updated_at: now })
      .where('account_id', '=', accountId).where('folder_id', '=', id).execute();
    return true;
  });
}
