/** Friend tags: create, rename, delete. Segments keep referring to a tag by id (DESIGN.md). */
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { conflict, notFound } from '../http/errors';
import { deleteTag, getTag, insertTag, listTags, renameTag, tagNamed } from '../repositories/tags';
import { newTagId } from '../repositories/friends';
import type { Tag } from '../../../lib/contract/api';

const out = (t: { id: string; name: string; friendCount: number }): Tag => ({ id: t.id, name: t.name, friendCount: t.friendCount });
const taken = (name: string) => conflict(`A tag named "${name}" already exists. Choose another name, or use that tag.`);

export async function allTags(deps: AppDeps, accountId: string): Promise<Tag[]> {
  return (await listTags(deps.store.db, accountId)).map(out);
}

export async function createTag(deps: AppDeps, accountId: string, name: string, actor: Actor): Promise<Tag> {
  const tag = { id: newTagId(), name, createdAt: deps.clock.now() };
  await deps.store.db.transaction().execute(async (trx) => {
    if (!await insertTag(trx, accountId, tag)) throw taken(name);
    await recordActivity(trx, { accountId, actor, action: 'tag.create', target: { type: 'tag', id: tag.id, name }, at: tag.createdAt });
  });
  return { id: tag.id, name, friendCount: 0 };
}

export async function updateTag(deps: AppDeps, accountId: string, id: string, name: string, actor: Actor): Promise<Tag> {
  await deps.store.db.transaction().execute(async (trx) => {
    const before = await getTag(trx, accountId, id);
    const r = before ? await renameTag(trx, accountId, id, name) : 'missing';
    if (r === 'missing') throw notFound(`There is no tag "${id}" in this account.`);
    if (r === 'taken') throw taken(name);
    await recordActivity(trx, { accountId, actor, action: 'tag.update', target: { type: 'tag', id, name }, details: { previousName: before!.name }, at: deps.clock.now() });
  });
  return out((await getTag(deps.store.db, accountId, id))!);
}

export async function removeTag(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<void> {
  const deleted = await deleteTag(deps.store, accountId, id, (trx, tag) => recordActivity(trx, {
    accountId, actor, action: 'tag.delete', target: { type: 'tag', id, name: tag.name }, details: { friends: tag.friends }, at: deps.clock.now(),
  }));
  if (!deleted) throw notFound(`There is no tag "${id}" in this account.`);
}

export { tagNamed };
