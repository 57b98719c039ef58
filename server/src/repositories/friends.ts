/**
 * Every write of friends and their data — NDJSON import, demo data, the LINE webhook and sync,
 * the Shopify / HubSpot / Klaviyo syncs, benchmarks — goes through this file, so the rules live in
 * one place:
 *   - a write is one transaction: a friend is never left half-written;
 *   - a field given replaces that field (tags, a service block), a field left `undefined` keeps
 *     what is stored; a service block `null` means "not integrated" and removes its data;
 *   - after the commit, `notifyFriendsChanged` tells in-process caches (the engine's index,
 *     saved-segment results) which friends changed.
 * Instants are epoch ms here; the API's ISO strings are converted by the services.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/types';
import type { Dialect, Store } from '../store/db';
import { notifyFriendsChanged } from '../store/change-feed';
import { copyTransaction, deleteIn, insertRows, selectIn } from './bulk';
import { noteHandEdits } from './tag-operations';
import type { Friend } from '../../../lib/contract/api';
import type { SegmentFriend } from '../../../lib/segment/friend';

export type ServiceProvider = 'hubspot' | 'klaviyo';
export interface ShopifyData { customerId: string; tags: string[]; purchaseCount: number; lastPurchaseAt: number | null; abandonedCart: boolean }
export interface ServiceData { recordId: string; lists: string[]; properties: Record<string, string> }

export interface FriendWrite {
  lineUserId: string;
  /** For a new friend, missing fields default to '' / null / no tags / not integrated. */
  displayName?: string;
  pictureUrl?: string | null;
  addedAt?: number | null;
  blockedAt?: number | null;
  /** Replaces the friend's tags; names are created as tags when missing. Give ids or names, not both. */
  tagIds?: string[];
  tagNames?: string[];
  shopify?: ShopifyData | null;
  hubspot?: ServiceData | null;
  klaviyo?: ServiceData | null;
}

export interface UpsertResult { inserted: number; updated: number }

type Db = Kysely<Database>;

export const newTagId = () => `tag_${randomBytes(9).toString('base64url')}`;

const FRIEND_COLS = ['account_id', 'id', 'line_user_id', 'display_name', 'picture_url', 'added_at', 'blocked_at', 'last_event_at', 'updated_at'] as const;
const PROFILE_FIELDS = ['displayName', 'pictureUrl', 'addedAt', 'blockedAt'] as const;
const COLUMN_OF = { displayName: 'display_name', pictureUrl: 'picture_url', addedAt: 'added_at', blockedAt: 'blocked_at' } as const;

/** The friend ids (the compact key, see store/types.ts) of those among `lineUserIds` who are friends of the account. */
export async function friendKeys(db: Db, dialect: Dialect, accountId: string, lineUserIds: readonly string[]): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const rows = await selectIn<{ id: number; line_user_id: string }>(db, dialect, 'friends', ['id', 'line_user_id'], { account_id: accountId }, 'line_user_id', lineUserIds);
  for (const r of rows) found.set(r.line_user_id, Number(r.id));
  return found;
}

/**
 * Reserves `n` new friend ids for the account and answers the first (the others follow it). One
 * statement on a per-account counter row, so two writers never get the same ids: PostgreSQL locks
 * the row until the caller's transaction ends; SQLite runs one writer at a time.
 */
export async function allocateFriendIds(db: Db, accountId: string, n: number): Promise<number> {
  const r = await db.insertInto('friend_id_counters').values({ account_id: accountId, last_id: n })
    .onConflict((oc) => oc.column('account_id').doUpdateSet({ last_id: sql`friend_id_counters.last_id + excluded.last_id` }))
    .returning('last_id').executeTakeFirstOrThrow();
  return Number(r.last_id) - n + 1;
}

/** Ids of the tags named `names`, creating the missing ones (inside the caller's transaction). */
export async function ensureTags(db: Db, accountId: string, names: Iterable<string>, now: number): Promise<Map<string, string>> {
  const wanted = [...new Set(names)];
  const byName = new Map<string, string>();
  if (wanted.length === 0) return byName;
  const load = async () => {
    for (let i = 0; i < wanted.length; i += 5_000) {
      const rows = await db.selectFrom('tags').select(['id', 'name'])
        .where('account_id', '=', accountId).where('name', 'in', wanted.slice(i, i + 5_000)).execute();
      for (const r of rows) byName.set(r.name, r.id);
    }
  };
  await load();
  const missing = wanted.filter((n) => !byName.has(n));
  if (missing.length > 0) {
    await db.insertInto('tags')
      .values(missing.map((name) => ({ account_id: accountId, id: newTagId(), name, created_at: now })))
      .onConflict((oc) => oc.columns(['account_id', 'name']).doNothing())
      .execute();
    await load(); // a concurrent writer may have created some of them first
  }
  return byName;
}

/**
 * Inserts or updates friends with their tags and service blocks, in one transaction. Within one
 * call a friend may appear once (callers batch; a later duplicate belongs in the next call).
 */
export async function upsertFriends(store: Store, accountId: string, friends: FriendWrite[], opts: { now: number }): Promise<UpsertResult> {
  if (friends.length === 0) return { inserted: 0, updated: 0 };
  const ids = friends.map((f) => f.lineUserId);
  if (new Set(ids).size !== ids.length) throw new Error('upsertFriends: a friend appears twice in one batch.');
  // PostgreSQL: on a client of its own, so the rows go in through COPY (repositories/bulk.ts).
  const result = store.pgPool
    ? await copyTransaction(store.pgPool, (trx) => writeFriends(trx, store.dialect, accountId, friends, opts.now))
    : await store.db.transaction().execute((trx) => writeFriends(trx, store.dialect, accountId, friends, opts.now));
  notifyFriendsChanged(accountId, ids);
  return result;
}

async function writeFriends(db: Db, dialect: Dialect, accountId: string, given: FriendWrite[], now: number): Promise<UpsertResult> {
  const keys = await friendKeys(db, dialect, accountId, given.map((f) => f.lineUserId));
  const existing = new Set(keys.keys());
  // New friends are numbered after every friend the account has, in LINE user id order within the
  // batch: their rows are then appended to the tables keyed by id and also go into the unique index
  // on LINE user ids in its own order, one pass over its pages instead of a random walk (11.0 against
  // 14.7 µs a friends row at 1M, 2026-12-06).
  const fresh = given.filter((f) => !existing.has(f.lineUserId)).sort((x, y) => (x.lineUserId < y.lineUserId ? -1 : 1));
  if (fresh.length > 0) {
    const first = await allocateFriendIds(db, accountId, fresh.length);
    fresh.forEach((f, i) => keys.set(f.lineUserId, first + i));
  }
  // In key order, every row is appended where its table's key order puts it (new friends at the end).
  // Each friend's id and age are looked up once here: repeated lookups by LINE user id cost
  // several µs a friend in a 50,000-friend batch (profile, 2026-12-06).
  const entries = given.map((f) => ({ f, id: keys.get(f.lineUserId)!, old: existing.has(f.lineUserId) })).sort((x, y) => x.id - y.id);

  // Friends rows: new friends inserted whole; existing ones update only the fields given.
  await insertRows(db, dialect, 'friends', FRIEND_COLS, entries.filter((e) => !e.old).map(({ f, id }) => [
    accountId, id, f.lineUserId, f.displayName ?? '', f.pictureUrl ?? null, f.addedAt ?? null, f.blockedAt ?? null, null, now,
  ]));
  const bySignature = new Map<string, typeof entries>();
  for (const e of entries) {
    if (!e.old) continue;
    const sig = PROFILE_FIELDS.filter((k) => e.f[k] !== undefined).join(',');
    const group = bySignature.get(sig);
    if (group) group.push(e); else bySignature.set(sig, [e]);
  }
  for (const [sig, group] of bySignature) {
    const fields = sig ? (sig.split(',') as (typeof PROFILE_FIELDS)[number][]) : [];
    // INSERT … ON CONFLICT DO UPDATE updates many rows with their own values in one statement.
    const cols = ['account_id', 'id', 'line_user_id', 'display_name', 'updated_at', ...fields.filter((k) => k !== 'displayName').map((k) => COLUMN_OF[k])];
    const set = [...fields.map((k) => COLUMN_OF[k]), 'updated_at'].map((c) => `${c} = excluded.${c}`).join(', ');
    await insertRows(db, dialect, 'friends', cols, group.map(({ f, id }) => [
      accountId, id, f.lineUserId, f.displayName ?? '', now,
      ...fields.filter((k) => k !== 'displayName').map((k) => f[k] as string | number | null),
    ]), `on conflict (account_id, id) do update set ${set}`);
  }

  // Tags.
  const names = entries.flatMap((e) => e.f.tagNames ?? []);
  const tagIdOf = names.length > 0 ? await ensureTags(db, accountId, names, now) : new Map<string, string>();
  const withTags = entries.filter((e) => e.f.tagIds !== undefined || e.f.tagNames !== undefined);
  await deleteIn(db, dialect, 'friend_tags', { account_id: accountId }, 'friend_id', withTags.filter((e) => e.old).map((e) => e.id));
  const tagRows: (string | number)[][] = [];
  for (const { f, id } of withTags) {
    for (const t of sortedUnique(f.tagIds ?? f.tagNames!.map((n) => tagIdOf.get(n)!))) tagRows.push([accountId, id, t]);
  }
  await insertRows(db, dialect, 'friend_tags', ['account_id', 'friend_id', 'tag_id'], tagRows);

  await writeShopify(db, dialect, accountId, entries.filter((e) => e.f.shopify !== undefined)
    .map((e) => ({ id: e.id, block: e.f.shopify!, old: e.old })));
  for (const provider of ['hubspot', 'klaviyo'] as const) {
    await writeService(db, dialect, accountId, provider, entries.filter((e) => e.f[provider] !== undefined)
      .map((e) => ({ id: e.id, block: e.f[provider]!, old: e.old })));
  }
  return { inserted: fresh.length, updated: entries.length - fresh.length };
}

/** The values once each, in order; most lists arrive so already, and then are not copied. */
function sortedUnique(values: string[]): string[] {
  for (let i = 1; i < values.length; i++) if (!(values[i - 1] < values[i])) return [...new Set(values)].sort();
  return values;
}

/** A service block to write for the friend with id `id` (entries in id order); `old`: the friend existed before this write. */
interface BlockEntry<B> { id: number; block: B | null; old: boolean }

async function writeShopify(db: Db, dialect: Dialect, accountId: string, entries: BlockEntry<ShopifyData>[]) {
  if (entries.length === 0) return;
  const old = entries.filter((e) => e.old).map((e) => e.id);
  await deleteIn(db, dialect, 'shopify_customer_tags', { account_id: accountId }, 'friend_id', old);
  await deleteIn(db, dialect, 'shopify_customers', { account_id: accountId }, 'friend_id', old);
  const blocks = entries.filter((e) => e.block !== null);
  await insertRows(db, dialect, 'shopify_customers',
    ['account_id', 'friend_id', 'customer_id', 'purchase_count', 'last_purchase_at', 'abandoned_cart'],
    blocks.map(({ id, block: b }) => [accountId, id, b!.customerId, b!.purchaseCount, b!.lastPurchaseAt, b!.abandonedCart ? 1 : 0]));
  await insertRows(db, dialect, 'shopify_customer_tags', ['account_id', 'friend_id', 'tag'],
    blocks.flatMap(({ id, block: b }) => sortedUnique(b!.tags).map((t) => [accountId, id, t])));
}

async function writeService(db: Db, dialect: Dialect, accountId: string, provider: ServiceProvider, entries: BlockEntry<ServiceData>[]) {
  if (entries.length === 0) return;
  const old = entries.filter((e) => e.old).map((e) => e.id);
  for (const t of ['service_properties', 'service_list_members', 'service_records']) {
    await deleteIn(db, dialect, t, { account_id: accountId, provider }, 'friend_id', old);
  }
  const blocks = entries.filter((e) => e.block !== null);
  await insertRows(db, dialect, 'service_records', ['account_id', 'provider', 'friend_id', 'record_id'],
    blocks.map(({ id, block }) => [accountId, provider, id, block!.recordId]));
  await insertRows(db, dialect, 'service_list_members', ['account_id', 'provider', 'friend_id', 'list_id'],
    blocks.flatMap(({ id, block }) => sortedUnique(block!.lists).map((l) => [accountId, provider, id, l])));
  await insertRows(db, dialect, 'service_properties', ['account_id', 'provider', 'friend_id', 'key', 'value'],
    blocks.flatMap(({ id, block }) => Object.entries(block!.properties).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
      .map(([k, v]) => [accountId, provider, id, k, v])));
}

/**
 * Sets (or, with null, clears) one service's block for many existing friends — a sync's write.
 * Friends not in the account are skipped; the answer counts the friends written.
 */
export async function setServiceBlocks(store: Store, accountId: string, provider: 'shopify' | ServiceProvider,
  entries: { lineUserId: string; block: ShopifyData | ServiceData | null }[]): Promise<number> {
  if (entries.length === 0) return 0;
  const written = await store.db.transaction().execute(async (trx) => {
    const known = await friendKeys(trx, store.dialect, accountId, entries.map((e) => e.lineUserId));
    const mine = entries.filter((e) => known.has(e.lineUserId));
    const blocks = mine.map((e) => ({ id: known.get(e.lineUserId)!, block: e.block, old: true })).sort((x, y) => x.id - y.id);
    if (provider === 'shopify') await writeShopify(trx, store.dialect, accountId, blocks as BlockEntry<ShopifyData>[]);
    else await writeService(trx, store.dialect, accountId, provider, blocks as BlockEntry<ServiceData>[]);
    return mine.map((e) => e.lineUserId);
  });
  notifyFriendsChanged(accountId, written);
  return written.length;
}

/** Removes every block of a service from the account (DESIGN.md: disconnecting removes its blocks). */
export async function clearService(store: Store, accountId: string, provider: 'shopify' | ServiceProvider): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    if (provider === 'shopify') {
      await trx.deleteFrom('shopify_customer_tags').where('account_id', '=', accountId).execute();
      await trx.deleteFrom('shopify_customers').where('account_id', '=', accountId).execute();
    } else {
      for (const t of ['service_properties', 'service_list_members', 'service_records', 'service_lists'] as const) {
        await trx.deleteFrom(t).where('account_id', '=', accountId).where('provider', '=', provider).execute();
      }
    }
  });
  notifyFriendsChanged(accountId, 'all');
}

/**
 * Marks a friend blocked (`blockedAt` set) or following again (null). With `eventAt`, a LINE
 * event older than the last one applied is ignored (webhooks arrive out of order); a follow of an
 * unknown friend creates it with `addedAt` = the event time. Returns whether anything changed.
 */
export async function setBlocked(store: Store, accountId: string, lineUserId: string, blockedAt: number | null,
  opts: { now: number; eventAt?: number; displayName?: string; pictureUrl?: string | null }): Promise<boolean> {
  const eventAt = opts.eventAt ?? opts.now;
  const changed = await store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('friends').select(['last_event_at', 'added_at'])
      .where('account_id', '=', accountId).where('line_user_id', '=', lineUserId).executeTakeFirst();
    if (!row) {
      const id = await allocateFriendIds(trx, accountId, 1);
      await trx.insertInto('friends').values({
        account_id: accountId, id, line_user_id: lineUserId, display_name: opts.displayName ?? '', picture_url: opts.pictureUrl ?? null,
        added_at: blockedAt === null ? eventAt : null, blocked_at: blockedAt, last_event_at: eventAt, updated_at: opts.now,
      }).execute();
      return true;
    }
    if (row.last_event_at !== null && row.last_event_at > eventAt) return false;
    await trx.updateTable('friends').set({
      blocked_at: blockedAt, last_event_at: eventAt, updated_at: opts.now,
      // addedAt is the first follow seen: it survives a block and a re-follow.
      ...(row.added_at === null && blockedAt === null ? { added_at: eventAt } : {}),
      ...(opts.displayName !== undefined ? { display_name: opts.displayName } : {}),
      ...(opts.pictureUrl !== undefined ? { picture_url: opts.pictureUrl } : {}),
    }).where('account_id', '=', accountId).where('line_user_id', '=', lineUserId).execute();
    return true;
  });
  if (changed) notifyFriendsChanged(accountId, [lineUserId]);
  return changed;
}

/** Replaces one friend's tags; false when there is no such friend. Tag ids must exist (checked by the caller). */
export async function setFriendTags(store: Store, accountId: string, lineUserId: string, tagIds: string[], now: number,
  also?: (trx: Db, before: string[]) => Promise<void>): Promise<boolean> {
  const ok = await store.db.transaction().execute(async (trx) => {
    const friend = await trx.updateTable('friends').set({ updated_at: now })
      .where('account_id', '=', accountId).where('line_user_id', '=', lineUserId).returning('id').executeTakeFirst();
    if (!friend) return false;
    const id = Number(friend.id);
    const before = (await trx.selectFrom('friend_tags').select('tag_id')
      .where('account_id', '=', accountId).where('friend_id', '=', id).execute()).map((x) => x.tag_id);
    await trx.deleteFrom('friend_tags').where('account_id', '=', accountId).where('friend_id', '=', id).execute();
    const unique = [...new Set(tagIds)];
    if (unique.length > 0) {
      await trx.insertInto('friend_tags').values(unique.map((tag_id) => ({ account_id: accountId, friend_id: id, tag_id }))).execute();
    }
    // Tags given or taken by hand are no longer a bulk operation's to undo.
    const had = new Set(before);
    const edited = [...unique.filter((t) => !had.has(t)), ...before.filter((t) => !unique.includes(t))];
    await noteHandEdits(trx, accountId, edited.map((tagId) => ({ friendId: id, tagId })));
    await also?.(trx, before);
    return true;
  });
  if (ok) notifyFriendsChanged(accountId, [lineUserId]);
  return ok;
}

/**
 * Adds tags by name to friends (a CSV import's batch), in one transaction; tags are created when
 * missing. A pair the friend already has counts as `alreadyTagged` (so does a repeat in the
 * batch); rows whose friend is not in the account come back in `unknown`.
 */
export async function addFriendTags<R extends { lineUserId: string; tag: string }>(store: Store, accountId: string, rows: R[], now: number):
  Promise<{ tagged: number; alreadyTagged: number; unknown: R[] }> {
  const out = await store.db.transaction().execute(async (trx) => {
    const key = await friendKeys(trx, store.dialect, accountId, [...new Set(rows.map((r) => r.lineUserId))]);
    const mine = rows.filter((r) => key.has(r.lineUserId));
    const unknown = rows.filter((r) => !key.has(r.lineUserId));
    const tagIdOf = await ensureTags(trx, accountId, mine.map((r) => r.tag), now);
    const pairs = new Map<string, { friendId: number; lineUserId: string; tagId: string }>();
    for (const r of mine) {
      const tagId = tagIdOf.get(r.tag)!;
      const friendId = key.get(r.lineUserId)!;
      pairs.set(`${friendId} ${tagId}`, { friendId, lineUserId: r.lineUserId, tagId });
    }
    const ids = [...new Set([...pairs.values()].map((p) => p.friendId))];
    const tagIds = [...new Set([...pairs.values()].map((p) => p.tagId))];
    const had = new Set<string>();
    for (let i = 0; i < ids.length; i += 1000) {
      const existing = await trx.selectFrom('friend_tags').select(['friend_id', 'tag_id'])
        .where('account_id', '=', accountId).where('friend_id', 'in', ids.slice(i, i + 1000))
        .where('tag_id', 'in', tagIds).execute();
      for (const e of existing) had.add(`${Number(e.friend_id)} ${e.tag_id}`);
    }
    const fresh = [...pairs.entries()].filter(([k]) => !had.has(k)).map(([, p]) => p);
    await insertRows(trx, store.dialect, 'friend_tags', ['account_id', 'friend_id', 'tag_id'], fresh.map((p) => [accountId, p.friendId, p.tagId]));
    await noteHandEdits(trx, accountId, fresh);
    return { tagged: fresh.length, alreadyTagged: mine.length - fresh.length, unknown, changed: [...new Set(fresh.map((p) => p.lineUserId))] };
  });
  notifyFriendsChanged(accountId, out.changed);
  return { tagged: out.tagged, alreadyTagged: out.alreadyTagged, unknown: out.unknown };
}

// ---- reading ------------------------------------------------------------------------------------

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

interface FriendRow { id: number; line_user_id: string; display_name: string; picture_url: string | null; added_at: number | null; blocked_at: number | null }

/** Friends with everything they hold, in the API's shape, in the order of `rows`. */
async function hydrate(db: Db, accountId: string, rows: FriendRow[]): Promise<Friend[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => Number(r.id));
  const [tags, shop, shopTags, records, members, props] = await Promise.all([
    db.selectFrom('friend_tags as ft').innerJoin('tags as t', (j) => j.onRef('t.account_id', '=', 'ft.account_id').onRef('t.id', '=', 'ft.tag_id'))
      .select(['ft.friend_id', 't.id', 't.name']).where('ft.account_id', '=', accountId).where('ft.friend_id', 'in', ids)
      .orderBy('t.name').execute(),
    db.selectFrom('shopify_customers').selectAll().where('account_id', '=', accountId).where('friend_id', 'in', ids).execute(),
    db.selectFrom('shopify_customer_tags').select(['friend_id', 'tag']).where('account_id', '=', accountId).where('friend_id', 'in', ids).orderBy('tag').execute(),
    db.selectFrom('service_records').select(['provider', 'friend_id', 'record_id']).where('account_id', '=', accountId).where('friend_id', 'in', ids).execute(),
    db.selectFrom('service_list_members').select(['provider', 'friend_id', 'list_id']).where('account_id', '=', accountId).where('friend_id', 'in', ids).orderBy('list_id').execute(),
    db.selectFrom('service_properties').select(['provider', 'friend_id', 'key', 'value']).where('account_id', '=', accountId).where('friend_id', 'in', ids).orderBy('key').execute(),
  ]);
  const out = new Map<number, Friend>(rows.map((r) => [Number(r.id), {
    lineUserId: r.line_user_id, displayName: r.display_name, pictureUrl: r.picture_url,
    addedAt: iso(r.added_at), blockedAt: iso(r.blocked_at), tags: [], shopify: null, hubspot: null, klaviyo: null,
  }]));
  const of = (id: number) => out.get(Number(id))!;
  for (const t of tags) of(t.friend_id).tags.push({ id: t.id, name: t.name });
  for (const s of shop) {
    of(s.friend_id).shopify = { customerId: s.customer_id, tags: [], purchaseCount: s.purchase_count, lastPurchaseAt: iso(s.last_purchase_at), abandonedCart: s.abandoned_cart === 1 };
  }
  for (const t of shopTags) of(t.friend_id).shopify?.tags.push(t.tag);
  for (const r of records) {
    if (r.provider === 'hubspot' || r.provider === 'klaviyo') of(r.friend_id)[r.provider] = { recordId: r.record_id, lists: [], properties: {} };
  }
  for (const m of members) {
    const f = of(m.friend_id);
    if (m.provider === 'hubspot' || m.provider === 'klaviyo') f[m.provider]?.lists.push(m.list_id);
  }
  for (const p of props) {
    const f = of(p.friend_id);
    if (p.provider === 'hubspot' || p.provider === 'klaviyo') { const b = f[p.provider]; if (b) b.properties[p.key] = p.value; }
  }
  return ids.map((id) => out.get(id)!);
}

const FRIEND_SELECT = ['id', 'line_user_id', 'display_name', 'picture_url', 'added_at', 'blocked_at'] as const;

export async function getFriend(db: Db, accountId: string, lineUserId: string): Promise<Friend | undefined> {
  const row = await db.selectFrom('friends').select(FRIEND_SELECT)
    .where('account_id', '=', accountId).where('line_user_id', '=', lineUserId).executeTakeFirst();
  return row ? (await hydrate(db, accountId, [row]))[0] : undefined;
}

export async function getFriends(db: Db, accountId: string, lineUserIds: string[]): Promise<Friend[]> {
  const rows: FriendRow[] = [];
  for (let i = 0; i < lineUserIds.length; i += 1000) {
    rows.push(...await db.selectFrom('friends').select(FRIEND_SELECT)
      .where('account_id', '=', accountId).where('line_user_id', 'in', lineUserIds.slice(i, i + 1000)).execute());
  }
  const byId = new Map(rows.map((r) => [r.line_user_id, r]));
  return hydrate(db, accountId, lineUserIds.filter((id) => byId.has(id)).map((id) => byId.get(id)!));
}

/** Where a page of friends continues: the last friend's place in the sample order. */
export interface FriendCursor { addedAt: number | null; lineUserId: string }

/**
 * A page of friends in DESIGN.md's sample order (most recently added first, unknown addedAt last,
 * ties by lineUserId), optionally filtered by `q`: a part of the display name (ASCII letters
 * match either case) or the start of the LINE user id.
 */
export async function listFriends(db: Db, accountId: string, opts: { q?: string; tagId?: string; limit: number; after?: FriendCursor }): Promise<{ items: Friend[]; next?: FriendCursor }> {
  let query = db.selectFrom('friends').select(FRIEND_SELECT).where('account_id', '=', accountId);
  if (opts.tagId) {
    const tagId = opts.tagId;
    query = query.where((eb) => eb.exists(eb.selectFrom('friend_tags as ft').select('ft.tag_id')
      .where('ft.account_id', '=', accountId).whereRef('ft.friend_id', '=', 'friends.id').where('ft.tag_id', '=', tagId)));
  }
  if (opts.q) {
    const pattern = `%${opts.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    const prefix = `${opts.q.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
    query = query.where((eb) => eb.or([
      sql<boolean>`lower(display_name) like lower(${pattern}) escape '\\'`,
      sql<boolean>`line_user_id like ${prefix} escape '\\'`,
    ]));
  }
  const a = opts.after;
  if (a) {
    query = a.addedAt === null
      ? query.where('added_at', 'is', null).where('line_user_id', '>', a.lineUserId)
      : query.where((eb) => eb.or([
        eb('added_at', '<', a.addedAt),
        eb.and([eb('added_at', '=', a.addedAt), eb('line_user_id', '>', a.lineUserId)]),
        eb('added_at', 'is', null),
      ]));
  }
  const rows = await query
    .orderBy(sql`case when added_at is null then 1 else 0 end`)
    .orderBy('added_at', 'desc').orderBy('line_user_id')
    .limit(opts.limit + 1).execute();
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: await hydrate(db, accountId, page),
    next: rows.length > opts.limit && last ? { addedAt: last.added_at, lineUserId: last.line_user_id } : undefined,
  };
}

/** Every friend of the account as segments see it (tag ids), for the reference evaluator. */
export async function loadSegmentFriends(db: Db, accountId: string): Promise<SegmentFriend[]> {
  const out: SegmentFriend[] = [];
  let after: FriendCursor | undefined;
  for (;;) {
    const page = await listFriends(db, accountId, { limit: 2000, after });
    for (const f of page.items) out.push({ ...f, tags: f.tags.map((t) => t.id) });
    if (!page.next) return out;
    after = page.next;
  }
}

export async function countFriends(db: Db, accountId: string): Promise<number> {
  const r = await db.selectFrom('friends').select((eb) => eb.fn.countAll<number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The services some friend of the account holds data of. */
export async function servicesWithData(db: Db, accountId: string): Promise<Set<'shopify' | ServiceProvider>> {
  const [shop, records] = await Promise.all([
    db.selectFrom('shopify_customers').select('friend_id').where('account_id', '=', accountId).limit(1).executeTakeFirst(),
    db.selectFrom('service_records').select('provider').distinct().where('account_id', '=', accountId).execute(),
  ]);
  const out = new Set<'shopify' | ServiceProvider>();
  if (shop) out.add('shopify');
  for (const r of records) if (r.provider === 'hubspot' || r.provider === 'klaviyo') out.add(r.provider);
  return out;
}

const FRIEND_TABLES = ['friends', 'friend_tags', 'tags', 'shopify_customers', 'shopify_customer_tags', 'service_records', 'service_list_members', 'service_properties'] as const;

/**
 * Refreshes the planner's statistics after a bulk write. Without them PostgreSQL plans a freshly
 * filled table as if it were empty — nested loops over tens of thousands of friends, minutes
 * instead of milliseconds — until autovacuum gets to it. SQLite keeps its plans from the
 * indexes and needs nothing here.
 */
export async function analyzeFriendTables(store: Store): Promise<void> {
  if (store.dialect !== 'postgres') return;
  await sql.raw(`analyze ${FRIEND_TABLES.join(', ')}`).execute(store.db);
}
