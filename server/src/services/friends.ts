/** Friends: list and search, one friend, a friend's tags. Import is in ./friend-import.ts. */
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { badRequest, notFound } from '../http/errors';
import { getFriend, listFriends, setFriendTags, type FriendCursor } from '../repositories/friends';
import { existingTagIds } from '../repositories/tags';
import { listSegments } from '../repositories/segments';
import { findAccount } from '../repositories/accounts';
import type { Friend } from '../../../lib/contract/api';
import type { Definition } from '../../../lib/segment/schema';
import { evaluate } from '../../../lib/segment/evaluate';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';

export function encodeCursor(c: FriendCursor): string {
  return Buffer.from(JSON.stringify([c.addedAt, c.lineUserId])).toString('base64url');
}

export function decodeCursor(s: string): FriendCursor {
  try {
    const [addedAt, lineUserId] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if ((addedAt === null || Number.isInteger(addedAt)) && typeof lineUserId === 'string') return { addedAt, lineUserId };
  } catch { /* fall through */ }
  throw badRequest('The query parameters are not valid.', [{ path: 'cursor', message: 'This cursor is not one the server gave; start again without it.' }]);
}

export async function friendsPage(deps: AppDeps, accountId: string, q: { q?: string; tagId?: string; limit: number; cursor?: string }) {
  const page = await listFriends(deps.store.db, accountId, {
    q: q.q?.trim() || undefined, tagId: q.tagId || undefined, limit: q.limit, after: q.cursor ? decodeCursor(q.cursor) : undefined,
  });
  return { items: page.items, ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}) };
}

export async function friendOrThrow(deps: AppDeps, accountId: string, lineUserId: string): Promise<Friend> {
  const f = await getFriend(deps.store.db, accountId, lineUserId);
  if (!f) throw notFound(`There is no friend "${lineUserId}" in this account.`);
  return f;
}

/** Replaces a friend's tags; every tag id must be one of the account's tags. */
export async function replaceFriendTags(deps: AppDeps, accountId: string, lineUserId: string, tagIds: string[], actor: Actor): Promise<Friend> {
  const known = await existingTagIds(deps.store.db, accountId, tagIds);
  const issues = tagIds.flatMap((id, i) => (known.has(id) ? [] : [{ path: `tagIds.${i}`, message: `There is no tag "${id}" in this account.` }]));
  if (issues.length > 0) throw badRequest('Some tags do not exist.', issues);
  const now = deps.clock.now();
  const changed = await setFriendTags(deps.store, accountId, lineUserId, tagIds, now, async (trx, before) => {
    const added = [...new Set(tagIds)].filter((t) => !before.includes(t));
    const removed = before.filter((t) => !tagIds.includes(t));
    if (added.length === 0 && removed.length === 0) return;
    const friend = await trx.selectFrom('friends').select('display_name').where('account_id', '=', accountId).where('line_user_id', '=', lineUserId).executeTakeFirst();
    await recordActivity(trx, { accountId, actor, action: 'friend.tags', target: { type: 'friend', id: lineUserId, name: friend?.display_name ?? lineUserId }, details: { added, removed }, at: now });
  });
  if (!changed) {
    throw notFound(`There is no friend "${lineUserId}" in this account.`);
  }
  return friendOrThrow(deps, accountId, lineUserId);
}

/**
 * The saved segments the friend is in right now, by the reference evaluator over this one friend
 * (the same semantics the engine's counts are held to). A blocked friend is in none.
 */
export async function friendSegments(deps: AppDeps, accountId: string, lineUserId: string): Promise<{ id: string; name: string }[]> {
  const friend = await friendOrThrow(deps, accountId, lineUserId);
  const account = await findAccount(deps.store.db, accountId);
  const opts = { asOf: deps.clock.now(), timeZone: account?.timezone ?? DEFAULT_TIME_ZONE };
  const asSegmentFriend = { ...friend, tags: friend.tags.map((t) => t.id) };
  return (await listSegments(deps.store.db, accountId))
    .filter((s) => evaluate(asSegmentFriend, JSON.parse(s.definition) as Definition, opts))
    .map((s) => ({ id: s.id, name: s.name }));
}
