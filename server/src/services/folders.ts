/** Folders of segments: create, rename, delete (its segments move to no folder). */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../http/context';
import { conflict, notFound } from '../http/errors';
import { deleteFolder, folderNamed, insertFolder, listFolders, renameFolder, type FolderRow } from '../repositories/folders';
import type { Folder } from '../../../lib/contract/api';

const out = (f: FolderRow): Folder => ({ id: f.id, name: f.name, createdAt: new Date(f.createdAt).toISOString() });
const taken = (name: string) => conflict(`A folder named "${name}" already exists. Choose another name.`);
const missing = (id: string) => notFound(`There is no folder "${id}" in this account.`);

export async function allFolders(deps: AppDeps, accountId: string): Promise<Folder[]> {
  return (await listFolders(deps.store.db, accountId)).map(out);
}

export async function createFolder(deps: AppDeps, accountId: string, name: string): Promise<Folder> {
  if (await folderNamed(deps.store.db, accountId, name)) throw taken(name);
  const now = deps.clock.now();
  const f = { id: `fld_${randomBytes(9).toString('base64url')}`, name, createdAt: now, updatedAt: now };
  await insertFolder(deps.store.db, accountId, f);
  return out(f);
}

export async function updateFolder(deps: AppDeps, accountId: string, id: string, name: string): Promise<Folder> {
  const other = await folderNamed(deps.store.db, accountId, name);
  if (other && other.id !== id) throw taken(name);
  if (!await renameFolder(deps.store.db, accountId, id, name, deps.clock.now())) throw missing(id);
  return out((await listFolders(deps.store.db, accountId)).find((f) => f.id === id)!);
}

export async function removeFolder(deps: AppDeps, accountId: string, id: string): Promise<void> {
  if (!await deleteFolder(deps.store.db, accountId, id, deps.clock.now())) throw missing(id);
}
