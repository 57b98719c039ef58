/** Friend tags: create, rename, delete. Segments keep referring to a tag by id (DESIGN.md). */
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { conflict, notFound } from '../http/errors';
import { deleteTag, getTag, insertTag, listTags, lockTag, renameTag, tagNamed } from '../repositories/tags';
import { uniqueViolation } from '../store/constraints';
import { newTagId } from '../repositories/friends';
import { listSegments } from '../repositories/segments';
import { findAccount } from '../repositories/accounts';
import type { Tag, TagDetail } from '../../../lib/contract/api';
import type { Definition } from '../../../lib/segment/schema';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';

const out = (t: { id: string; name: string; friendCount: number }): Tag => ({ id: t.id, name: t.name, friendCount: t.friendCount });
const taken = (name: string) => conflict(`A tag named "${name}" already exists. Choose another name, or use that tag.`);

/**
 * Every tag with its friend count — the friends who have it and have not blocked the account,
 * counted by the segment engine (the columnar index when it is built: live, and a few
 * milliseconds per tag at a million friends).
 */
export async function allTags(deps: AppDeps, accountId: string): Promise<Tag[]> {
  const tags = await listTags(deps.store.db, accountId);
  const account = await findAccount(deps.store.db, accountId);
  const opts = { asOf: deps.clock.now(), timeZone: account?.timezone ?? DEFAULT_TIME_ZONE, sampleLimit: 0 };
  const out: Tag[] = [];
  for (const t of tags) {
    const { count } = await deps.engine.count(accountId, { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [t.id] }] }] }, opts);
    out.push({ id: t.id, name: t.name, friendCount: count });
  }
  return out;
}

/** The saved segments whose conditions name the tag (their conditions show as broken once it is deleted). */
export function segmentsUsingTag(segments: { id: string; name: string; definition: string }[], tagId: string): { id: string; name: string }[] {
  return segments.filter((s) => (JSON.parse(s.definition) as Definition).groups.some((g) => g.conditions.some((c) =>
    c.property === 'tag' && Array.isArray(c.value) && (c.value as unknown[]).includes(tagId)))).map((s) => ({ id: s.id, name: s.name }));
}

export async function tagDetail(deps: AppDeps, accountId: string, id: string): Promise<TagDetail> {
  const tag = await getTag(deps.store.db, accountId, id);
  if (!tag) throw notFound(`There is no tag "${id}" in this account.`);
  return { ...out(tag), usedBy: segmentsUsingTag(await listSegments(deps.store.db, accountId), id) };
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
  try {
    await deps.store.db.transaction().execute(async (trx) => {
      await lockTag(trx, deps.store.dialect, accountId, id);
      const before = await getTag(trx, accountId, id);
      const r = before ? await renameTag(trx, accountId, id, name) : 'missing';
      if (r === 'missing') throw notFound(`There is no tag "${id}" in this account.`);
      if (r === 'taken') throw taken(name);
      await recordActivity(trx, { accountId, actor, action: 'tag.update', target: { type: 'tag', id, name }, details: { previousName: before!.name }, at: deps.clock.now() });
    });
  } catch (e) {
    // Another request gave a tag this name after our check: the same answer as had it come first.
    if (uniqueViolation(e)?.table === 'tags') throw taken(name);
    throw e;
  }
  return out((await getTag(deps.store.db, accountId, id))!);
}

export async function removeTag(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<void> {
  const deleted = await deleteTag(deps.store, accountId, id, (trx, tag) => recordActivity(trx, {
    accountId, actor, action: 'tag.delete', target: { type: 'tag', id, name: tag.name }, details: { friends: tag.friends }, at: deps.clock.now(),
  }));
  if (!deleted) throw notFound(`There is no tag "${id}" in this account.`);
}

export { tagNamed };
