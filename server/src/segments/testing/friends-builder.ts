/**
 * Test builder: puts lib/segment friends (the evaluator's input) into the store's tables, so the
 * same friends can be asked of the evaluator, the compiled SQL and the index. Writes the rows the
 * way the friends repository does: one row per friend, per tag, per service block, list and
 * property; instants as epoch ms; booleans 0/1.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/types';
import type { SegmentFriend } from '../../../../lib/segment/friend';
import { allocateFriendIds } from '../../repositories/friends';

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);

async function insertChunked<T extends keyof Database & string>(
  db: Kysely<Database>, table: T, rows: Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    await db.insertInto(table).values(rows.slice(i, i + 500) as any).execute();
  }
}

export async function ensureAccount(db: Kysely<Database>, accountId: string, timezone = 'Asia/Tokyo'): Promise<void> {
  const existing = await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst();
  if (!existing) await db.insertInto('accounts').values({ id: accountId, name: accountId, timezone, created_at: Date.now() }).execute();
}

/** Inserts friends (none of them may exist yet), numbered after the account's friends like the repository numbers them. */
export async function insertFriends(db: Kysely<Database>, accountId: string, friends: readonly SegmentFriend[]): Promise<void> {
  if (friends.length === 0) return;
  const a = accountId;
  const now = Date.now();
  const first = await allocateFriendIds(db, a, friends.length);
  const keyed = friends.map((f, i) => ({ f, id: first + i }));
  await insertChunked(db, 'friends', keyed.map(({ f, id }) => ({
    account_id: a, id, line_user_id: f.lineUserId, display_name: f.displayName, picture_url: f.pictureUrl ?? null,
    added_at: ms(f.addedAt), blocked_at: ms(f.blockedAt), last_event_at: null, updated_at: now,
  })));
  await insertChunked(db, 'friend_tags', keyed.flatMap(({ f, id }) =>
    [...new Set(f.tags)].map((tag_id) => ({ account_id: a, friend_id: id, tag_id }))));
  await insertChunked(db, 'shopify_customers', keyed.flatMap(({ f, id }) => (f.shopify ? [{
    account_id: a, friend_id: id, customer_id: f.shopify.customerId,
    purchase_count: f.shopify.purchaseCount, last_purchase_at: ms(f.shopify.lastPurchaseAt),
    abandoned_cart: f.shopify.abandonedCart ? 1 : 0,
  }] : [])));
  await insertChunked(db, 'shopify_customer_tags', keyed.flatMap(({ f, id }) =>
    [...new Set(f.shopify?.tags ?? [])].map((tag) => ({ account_id: a, friend_id: id, tag }))));
  for (const provider of ['hubspot', 'klaviyo'] as const) {
    const holders = keyed.filter(({ f }) => f[provider] !== null);
    await insertChunked(db, 'service_records', holders.map(({ f, id }) => ({
      account_id: a, provider, friend_id: id, record_id: f[provider]!.recordId,
    })));
    await insertChunked(db, 'service_list_members', holders.flatMap(({ f, id }) =>
      [...new Set(f[provider]!.lists)].map((list_id) => ({ account_id: a, provider, friend_id: id, list_id }))));
    await insertChunked(db, 'service_properties', holders.flatMap(({ f, id }) =>
      Object.entries(f[provider]!.properties).map(([key, value]) => ({ account_id: a, provider, friend_id: id, key, value }))));
  }
}

/** Removes friends and every row that hangs off them. */
export async function deleteFriends(db: Kysely<Database>, accountId: string, lineUserIds: readonly string[]): Promise<void> {
  if (lineUserIds.length === 0) return;
  const rows = await db.selectFrom('friends').select('id').where('account_id', '=', accountId).where('line_user_id', 'in', [...lineUserIds]).execute();
  const ids = rows.map((r) => Number(r.id));
  if (ids.length === 0) return;
  for (const table of ['friend_tags', 'shopify_customer_tags', 'shopify_customers', 'service_list_members', 'service_properties', 'service_records'] as const) {
    await db.deleteFrom(table).where('account_id', '=', accountId).where('friend_id', 'in', ids).execute();
  }
  await db.deleteFrom('friends').where('account_id', '=', accountId).where('id', 'in', ids).execute();
}

/** Replaces friends' rows with their new state (import semantics: a friend again replaces its fields). */
export async function replaceFriends(db: Kysely<Database>, accountId: string, friends: readonly SegmentFriend[]): Promise<void> {
  await deleteFriends(db, accountId, friends.map((f) => f.lineUserId));
  await insertFriends(db, accountId, friends);
}
