/** Friend tags: create, rename, delete. Segments keep referring to a tag by id (DESIGN.md). */
import type { AppDeps } from '../http/context';
import { conflict, notFound } from '../http/errors';
import { deleteTag, getTag, insertTag, listTags, renameTag, tagNamed } from '../repositories/tags';
import { newTagId } from '../repositories/friends';
import type { Tag } from '../../../lib/contract/api';

const out = (t: { id: string; name: string; friendCount: number }): Tag => ({ id: t.id, name: t.name, friendCount: t.friendCount });
const taken = (name: string) => conflict(`A tag named "${name}" already exists. Choose another name, or use that tag.`);

export async function allTags(deps: AppDeps, accountId: string): Promise<Tag[]> {
  return (await listTags(deps.store.db, accountId)).map(out);
}

export async function createTag(deps: AppDeps, accountId: string, name: string): Promise<Tag> {
  const tag = { id: newTagId(), name, createdAt: deps.clock.now() };
  if (!await insertTag(deps.store.db, accountId, tag)) throw taken(name);
  return { id: tag.id, name, friendCount: 0 };
}

export async function updateTag(deps: AppDeps, accountId: string, id: string, name: string): Promise<Tag> {
  const r = await renameTag(deps.store.db, accountId, id, name);
  if (r === 'missing') throw notFound(`There is no tag "${id}" in this account.`);
  if (r === 'taken') throw taken(name);
  return out((await getTag(deps.store.db, accountId, id))!);
}

export async function removeTag(deps: AppDeps, accountId: string, id: string): Promise<void> {
  if (!await deleteTag(deps.store, accountId, id)) throw notFound(`There is no tag "${id}" in this account.`);
}

export { tagNamed };
