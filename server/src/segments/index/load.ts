/**
 * The index's repository: the only SQL of the columnar index. Reads friends with everything the
 * index keeps, a page at a time (ranges of the compact friend key, so a million friends never
 * sit in memory as row objects at once), or just the friends that changed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/types';
import type { FriendRecord, ServiceProvider } from './account-index';

type Db = Kysely<Database>;
const PROVIDERS = ['hubspot', 'klaviyo'];
/** Friends by their compact key (store/types.ts): a list of ids, or a range of them. */
type IdFilter = { ids: readonly number[] } | { from: number; to: number };

function byIds<QB extends { where: (...a: any[]) => QB }>(qb: QB, column: 'id' | 'friend_id', f: IdFilter): QB {
  return 'ids' in f
    ? qb.where(column, 'in', [...f.ids])
    : qb.where(column, '>=', f.from).where(column, '<=', f.to);
}

/** Everything the index keeps of the friends selected by `f` (properties only for `keys`). */
async function records(db: Db, accountId: string, f: IdFilter, keys: readonly { provider: ServiceProvider; key: string }[]): Promise<FriendRecord[]> {
  const friends = await byIds(db.selectFrom('friends').select(['id', 'line_user_id', 'added_at', 'blocked_at'])
    .where('account_id', '=', accountId), 'id', f).orderBy('id').execute();
  if (friends.length === 0) return [];
  const child = 'friend_id' as const;
  const [tags, shop, shopTags, recs, lists, props] = await Promise.all([
    byIds(db.selectFrom('friend_tags').select(['friend_id', 'tag_id']).where('account_id', '=', accountId), child, f).execute(),
    byIds(db.selectFrom('shopify_customers').select(['friend_id', 'purchase_count', 'last_purchase_at', 'abandoned_cart'])
      .where('account_id', '=', accountId), child, f).execute(),
    byIds(db.selectFrom('shopify_customer_tags').select(['friend_id', 'tag']).where('account_id', '=', accountId), child, f).execute(),
    // provider IN (…) lets both engines range-scan the primary key (account, provider, friend).
    byIds(db.selectFrom('service_records').select(['provider', 'friend_id']).where('account_id', '=', accountId).where('provider', 'in', PROVIDERS), child, f).execute(),
    byIds(db.selectFrom('service_list_members').select(['provider', 'friend_id', 'list_id']).where('account_id', '=', accountId).where('provider', 'in', PROVIDERS), child, f).execute(),
    keys.length === 0 ? Promise.resolve([]) : byIds(db.selectFrom('service_properties').select(['provider', 'friend_id', 'key', 'value'])
      .where('account_id', '=', accountId).where('key', 'in', [...new Set(keys.map((k) => k.key))]), child, f).execute(),
  ]);
  const out = new Map<number, FriendRecord>();
  for (const r of friends) {
    out.set(Number(r.id), {
      lineUserId: r.line_user_id, addedAt: r.added_at === null ? null : Number(r.added_at),
      blockedAt: r.blocked_at === null ? null : Number(r.blocked_at), tags: [], shopify: null, hubspot: null, klaviyo: null,
    });
  }
  const of = (id: number) => out.get(Number(id));
  for (const t of tags) of(t.friend_id)?.tags.push(t.tag_id);
  for (const s of shop) {
    const f0 = of(s.friend_id);
    if (f0) f0.shopify = { purchaseCount: Number(s.purchase_count), lastPurchaseAt: s.last_purchase_at === null ? null : Number(s.last_purchase_at), abandonedCart: Number(s.abandoned_cart) === 1, tags: [] };
  }
  for (const t of shopTags) of(t.friend_id)?.shopify?.tags.push(t.tag);
  for (const r of recs) {
    const f0 = of(r.friend_id);
    if (f0 && (r.provider === 'hubspot' || r.provider === 'klaviyo')) f0[r.provider] = { lists: [], properties: [] };
  }
  for (const l of lists) {
    const f0 = of(l.friend_id);
    if (f0 && (l.provider === 'hubspot' || l.provider === 'klaviyo')) f0[l.provider]?.lists.push(l.list_id);
  }
  const wanted = new Set(keys.map((k) => `${k.provider}\u0000${k.key}`));
  for (const p of props) {
    const f0 = of(p.friend_id);
    if (f0 && (p.provider === 'hubspot' || p.provider === 'klaviyo') && wanted.has(`${p.provider}\u0000${p.key}`)) {
      f0[p.provider]?.properties.push([p.key, p.value]);
    }
  }
  return [...out.values()];
}

/**
 * Every friend of the account, `pageSize` at a time, in friend id order (the order they arrived):
 * each page is a range of the compact key, which every table stores contiguously.
 */
export async function* loadAllFriends(db: Db, accountId: string, pageSize = 20_000): AsyncGenerator<FriendRecord[]> {
  let after = -1;
  for (;;) {
    const page = await db.selectFrom('friends').select('id').where('account_id', '=', accountId).where('id', '>', after)
      .orderBy('id').limit(pageSize).execute();
    if (page.length === 0) return;
    const from = Number(page[0].id), to = Number(page[page.length - 1].id);
    yield await records(db, accountId, { from, to }, []);
    if (page.length < pageSize) return;
    after = to;
  }
}

/** The friends among `ids` (LINE user ids) that the store has, with the properties of `keys`; and the ids it does not have. */
export async function loadFriends(db: Db, accountId: string, ids: readonly string[],
  keys: readonly { provider: ServiceProvider; key: string }[]): Promise<{ found: FriendRecord[]; gone: string[] }> {
  const found: FriendRecord[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.selectFrom('friends').select('id')
      .where('account_id', '=', accountId).where('line_user_id', 'in', ids.slice(i, i + 1000)).execute();
    if (rows.length > 0) found.push(...await records(db, accountId, { ids: rows.map((r) => Number(r.id)) }, keys));
  }
  const have = new Set(found.map((r) => r.lineUserId));
  return { found, gone: ids.filter((id) => !have.has(id)) };
}

/** (friend, value) of one HubSpot / Klaviyo property key. */
export async function loadPropertyValues(db: Db, accountId: string, provider: ServiceProvider, key: string): Promise<[string, string][]> {
  const rows = await db.selectFrom('service_properties as p')
    .innerJoin('friends as f', (j) => j.onRef('f.account_id', '=', 'p.account_id').onRef('f.id', '=', 'p.friend_id'))
    .select(['f.line_user_id', 'p.value'])
    .where('p.account_id', '=', accountId).where('p.provider', '=', provider).where('p.key', '=', key).execute();
  return rows.map((r) => [r.line_user_id, r.value]);
}

/** Display details of the sample's friends. */
export async function loadSampleDetails(db: Db, accountId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('friends').select(['line_user_id', 'display_name', 'picture_url', 'added_at'])
    .where('account_id', '=', accountId).where('line_user_id', 'in', [...ids]).execute();
}
