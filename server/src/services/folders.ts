/** Folders of segments: create, rename, delete (its segments move to no folder). */
import { randomBytes } from 'node:crypto';
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { conflict, notFound } from '../http/errors';
import { deleteFolder, folderNamed, getFolder, insertFolder, listFolders, renameFolder, type FolderRow } from '../repositories/folders';
import type { Folder } from '../../../lib/contract/api';

const out = (f: FolderRow): Folder => ({ id: f.id, name: f.name, createdAt: new Date(f.createdAt).toISOString() });
const taken = (name: string) => conflict(`A folder named "${name}" already exists. Choose another name.`);
const missing = (id: string) => notFound(`There is no folder "${id}" in this account.`);

export async function allFolders(deps: AppDeps, accountId: string): Promise<Folder[]> {
  return (await listFolders(deps.store.db, accountId)).map(out);
}

export async function createFolder(deps: AppDeps, accountId: string, name: string, actor: Actor): Promise<Folder> {
  if (await folderNamed(deps.store.db, accountId, name)) throw taken(name);
  const now = deps.clock.now();
  const f = { id: `fld_${randomBytes(9).toString('base64url')}`, name, createdAt: now, updatedAt: now };
  await deps.store.db.transaction().execute(async (trx) => {
    await insertFolder(trx, accountId, f);
    await recordActivity(trx, { accountId, actor, action: 'folder.create', target: { type: 'folder', id: f.id, name }, at: now });
  });
  return out(f);
}

export async function updateFolder(deps: AppDeps, accountId: string, id: string, name: string, actor: Actor): Promise<Folder> {
  const other = await folderNamed(deps.store.db, accountId, name);
  if (other && other.id !== id) throw taken(name);
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    const before = await getFolder(trx, accountId, id);
    if (!before || !await renameFolder(trx, accountId, id, name, now)) throw missing(id);
    await recordActivity(trx, { accountId, actor, action: 'folder.update', target: { type: 'folder', id, name }, details: { previousName: before.name }, at: now });
  });
  return out((await listFolders(deps.store.db, accountId)).find((f) => f.id === id)!);
}

export async function removeFolder(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<void> {
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    const before = await getFolder(trx, accountId, id);
    if (!before || !await deleteFolder(trx, accountId, id, now)) throw missing(id);
    await recordActivity(trx, { accountId, actor, action: 'folder.delete', target: { type: 'folder', id, name: before.name }, at: now });
  });
}
