/**
 * The index's repository: the only SQL of the columnar index. Reads friends with everything the
 * index keeps, a page at a time (keyset pagination on the primary key, so a million friends never
 * sit in memory as row objects at once), or just the friends that changed.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/types';
import type { FriendRecord, ServiceProvider } from './account-index';

type Db = Kysely<Database>;
const PROVIDERS = ['hubspot', 'klaviyo'];
type IdFilter = { ids: readonly string[] } | { from: string; to: string };

function byIds<QB extends { where: (...a: any[]) => QB }>(qb: QB, f: IdFilter): QB {
  return 'ids' in f
    ? qb.where('line_user_id', 'in', [...f.ids])
    : qb.where('line_user_id', '>=', f.from).where('line_user_id', '<=', f.to);
}

/** Everything the index keeps of the friends selected by `f` (properties only for `keys`). */
async function records(db: Db, accountId: string, f: IdFilter, keys: readonly { provider: ServiceProvider; key: string }[]): Promise<FriendRecord[]> {
  const friends = await byIds(db.selectFrom('friends').select(['line_user_id', 'added_at', 'blocked_at'])
    .where('account_id', '=', accountId), f).orderBy('line_user_id').execute();
  if (friends.length === 0) return [];
  const [tags, shop, shopTags, recs, lists, props] = await Promise.all([
    byIds(db.selectFrom('friend_tags').select(['line_user_id', 'tag_id']).where('account_id', '=', accountId), f).execute(),
    byIds(db.selectFrom('shopify_customers').select(['line_user_id', 'purchase_count', 'last_purchase_at', 'abandoned_cart'])
      .where('account_id', '=', accountId), f).execute(),
    byIds(db.selectFrom('shopify_customer_tags').select(['line_user_id', 'tag']).where('account_id', '=', accountId), f).execute(),
    // provider IN (…) lets both engines range-scan the primary key (account, provider, friend).
    byIds(db.selectFrom('service_records').select(['provider', 'line_user_id']).where('account_id', '=', accountId).where('provider', 'in', PROVIDERS), f).execute(),
    byIds(db.selectFrom('service_list_members').select(['provider', 'line_user_id', 'list_id']).where('account_id', '=', accountId).where('provider', 'in', PROVIDERS), f).execute(),
    keys.length === 0 ? Promise.resolve([]) : byIds(db.selectFrom('service_properties').select(['provider', 'line_user_id', 'key', 'value'])
      .where('account_id', '=', accountId).where('key', 'in', [...new Set(keys.map((k) => k.key))]), f).execute(),
  ]);
  const out = new Map<string, FriendRecord>();
  for (const r of friends) {
    out.set(r.line_user_id, {
      lineUserId: r.line_user_id, addedAt: r.added_at === null ? null : Number(r.added_at),
      blockedAt: r.blocked_at === null ? null : Number(r.blocked_at), tags: [], shopify: null, hubspot: null, klaviyo: null,
    });
  }
  for (const t of tags) out.get(t.line_user_id)?.tags.push(t.tag_id);
  for (const s of shop) {
    const f0 = out.get(s.line_user_id);
    if (f0) f0.shopify = { purchaseCount: Number(s.purchase_count), lastPurchaseAt: s.last_purchase_at === null ? null : Number(s.last_purchase_at), abandonedCart: Number(s.abandoned_cart) === 1, tags: [] };
  }
  for (const t of shopTags) out.get(t.line_user_id)?.shopify?.tags.push(t.tag);
  for (const r of recs) {
    const f0 = out.get(r.line_user_id);
    if (f0 && (r.provider === 'hubspot' || r.provider === 'klaviyo')) f0[r.provider] = { lists: [], properties: [] };
  }
  for (const l of lists) {
    const f0 = out.get(l.line_user_id);
    if (f0 && (l.provider === 'hubspot' || l.provider === 'klaviyo')) f0[l.provider]?.lists.push(l.list_id);
  }
  const wanted = new Set(keys.map((k) => `${k.provider}\u0000${k.key}`));
  for (const p of props) {
    const f0 = out.get(p.line_user_id);
    if (f0 && (p.provider === 'hubspot' || p.provider === 'klaviyo') && wanted.has(`${p.provider}\u0000${p.key}`)) {
      f0[p.provider]?.properties.push([p.key, p.value]);
    }
  }
  return [...out.values()];
}

/** Every friend of the account, `pageSize` at a time, in line user id order. */
export async function* loadAllFriends(db: Db, accountId: string, pageSize = 20_000): AsyncGenerator<FriendRecord[]> {
  let after: string | null = null;
  for (;;) {
    let q = db.selectFrom('friends').select('line_user_id').where('account_id', '=', accountId);
    if (after !== null) q = q.where('line_user_id', '>', after);
    const page = await q.orderBy('line_user_id').limit(pageSize).execute();
    if (page.length === 0) return;
    const from = page[0].line_user_id, to = page[page.length - 1].line_user_id;
    yield await records(db, accountId, { from, to }, []);
    if (page.length < pageSize) return;
    after = to;
  }
}

/** The friends among `ids` that the store has, with the properties of `keys`; and the ids it does not have. */
export async function loadFriends(db: Db, accountId: string, ids: readonly string[],
  keys: readonly { provider: ServiceProvider; key: string }[]): Promise<{ found: FriendRecord[]; gone: string[] }> {
  const found: FriendRecord[] = [];
  for (let i = 0; i < ids.length; i += 1000) found.push(...await records(db, accountId, { ids: ids.slice(i, i + 1000) }, keys));
  const have = new Set(found.map((r) => r.lineUserId));
  return { found, gone: ids.filter((id) => !have.has(id)) };
}

/** (friend, value) of one HubSpot / Klaviyo property key. */
export async function loadPropertyValues(db: Db, accountId: string, provider: ServiceProvider, key: string): Promise<[string, string][]> {
  const rows = await db.selectFrom('service_properties').select(['line_user_id', 'value'])
    .where('account_id', '=', accountId).where('provider', '=', provider).where('key', '=', key).execute();
  return rows.map((r) => [r.line_user_id, r.value]);
}

/** Display details of the sample's friends. */
export async function loadSampleDetails(db: Db, accountId: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.selectFrom('friends').select(['line_user_id', 'display_name', 'picture_url', 'added_at'])
    .where('account_id', '=', accountId).where('line_user_id', 'in', [...ids]).execute();
}
