/**
 * The SQL of the integrations: connections and their sync state, a sync's staging rows, the
 * vendors' property definitions and list names, the LINE webhook events already applied, and the
 * reads the catalog and the linking need. Friends and their service blocks are written through
 * server/src/repositories/friends.ts, never here.
 */
import { inTransaction } from '../store/db';
import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../store/db';
import type { Database } from '../store/types';
import { insertRows } from '../repositories/bulk';
import { integrationDb, type IntegrationsTable } from './tables';
import type { Provider } from './errors';

type Db = Kysely<Database>;

export interface IntegrationSettings {
  linkField?: string;
  shop?: string;
  /** HubSpot: extra contact properties chosen at connect. */
  properties?: string[];
  /** LINE: the bot's basic id, from the credential check. */
  basicId?: string;
}

export interface SyncState {
  runId: string;
  phase: string;
  cursor: unknown;
  pages: number;
  records: number;
  startedAt: number;
}

export type IntegrationStatus = 'idle' | 'queued' | 'syncing' | 'failed';

export interface IntegrationRow {
  accountId: string;
  provider: Provider;
  connectionId: string;
  credentials: string;
  settings: IntegrationSettings;
  status: IntegrationStatus;
  connectedAt: number;
  lastSyncStartedAt: number | null;
  lastSyncAt: number | null;
  counts: Record<string, number> | null;
  lastError: string | null;
  lastErrorAt: number | null;
  syncState: SyncState | null;
  nextSyncAt: number | null;
  /** LINE: when a validly signed webhook request last arrived (to the minute). */
  lastEventAt: number | null;
}

const parse = <T>(s: string | null): T | null => (s === null ? null : (JSON.parse(s) as T));

function toRow(r: IntegrationsTable): IntegrationRow {
  return {
    accountId: r.account_id, provider: r.provider as Provider, connectionId: r.connection_id, credentials: r.credentials,
    settings: parse<IntegrationSettings>(r.settings) ?? {}, status: r.status as IntegrationStatus, connectedAt: r.connected_at,
    lastSyncStartedAt: r.last_sync_started_at, lastSyncAt: r.last_sync_at, counts: parse(r.counts),
    lastError: r.last_error, lastErrorAt: r.last_error_at, syncState: parse<SyncState>(r.sync_state), nextSyncAt: r.next_sync_at,
    lastEventAt: r.last_event_at ?? null,
  };
}

export async function getIntegration(db: Db, accountId: string, provider: Provider): Promise<IntegrationRow | undefined> {
  const r = await integrationDb(db).selectFrom('integrations').selectAll()
    .where('account_id', '=', accountId).where('provider', '=', provider).executeTakeFirst();
  return r ? toRow(r) : undefined;
}

export async function listIntegrations(db: Db, accountId: string): Promise<IntegrationRow[]> {
  const rows = await integrationDb(db).selectFrom('integrations').selectAll().where('account_id', '=', accountId).execute();
  return rows.map(toRow);
}

/** Connects (or reconnects, replacing everything about the earlier connection). */
export async function saveConnection(db: Db, c: { accountId: string; provider: Provider; connectionId: string; credentials: string; settings: IntegrationSettings; now: number }): Promise<void> {
  const values = {
    account_id: c.accountId, provider: c.provider, connection_id: c.connectionId, credentials: c.credentials,
    settings: JSON.stringify(c.settings), status: 'idle', connected_at: c.now, last_sync_started_at: null, last_sync_at: null,
    counts: null, last_error: null, last_error_at: null, sync_state: null, sync_owner: null, sync_owner_until: null,
    next_sync_at: null, updated_at: c.now,
  };
  await inTransaction(integrationDb(db), async (trx) => {
    await trx.deleteFrom('integration_staging').where('account_id', '=', c.accountId).where('provider', '=', c.provider).execute();
    await trx.insertInto('integrations').values(values)
      .onConflict((oc) => oc.columns(['account_id', 'provider']).doUpdateSet({ ...values }))
      .execute();
  });
}

/** Removes the connection, its staging rows and property definitions; true when it existed. */
export async function deleteConnection(db: Db, accountId: string, provider: Provider): Promise<boolean> {
  return inTransaction(integrationDb(db), async (trx) => {
    const r = await trx.deleteFrom('integrations').where('account_id', '=', accountId).where('provider', '=', provider).executeTakeFirst();
    await trx.deleteFrom('integration_staging').where('account_id', '=', accountId).where('provider', '=', provider).execute();
    await trx.deleteFrom('service_property_defs').where('account_id', '=', accountId).where('provider', '=', provider).execute();
    return Number(r.numDeletedRows) > 0;
  });
}

export interface IntegrationPatch {
  status?: IntegrationStatus;
  lastSyncStartedAt?: number | null;
  lastSyncAt?: number | null;
  counts?: Record<string, number> | null;
  lastError?: string | null;
  lastErrorAt?: number | null;
  syncState?: SyncState | null;
  nextSyncAt?: number | null;
}

function patchColumns(p: IntegrationPatch, now: number): Partial<IntegrationsTable> {
  const set: Partial<IntegrationsTable> = { updated_at: now };
  if (p.status !== undefined) set.status = p.status;
  if (p.lastSyncStartedAt !== undefined) set.last_sync_started_at = p.lastSyncStartedAt;
  if (p.lastSyncAt !== undefined) set.last_sync_at = p.lastSyncAt;
  if (p.counts !== undefined) set.counts = p.counts === null ? null : JSON.stringify(p.counts);
  if (p.lastError !== undefined) set.last_error = p.lastError;
  if (p.lastErrorAt !== undefined) set.last_error_at = p.lastErrorAt;
  if (p.syncState !== undefined) set.sync_state = p.syncState === null ? null : JSON.stringify(p.syncState);
  if (p.nextSyncAt !== undefined) set.next_sync_at = p.nextSyncAt;
  return set;
}

/** Updates the connection `connectionId`; false when it was disconnected or replaced meanwhile. */
export async function updateIntegration(db: Db, key: { accountId: string; provider: Provider; connectionId: string }, patch: IntegrationPatch, now: number): Promise<boolean> {
  const r = await integrationDb(db).updateTable('integrations').set(patchColumns(patch, now))
    .where('account_id', '=', key.accountId).where('provider', '=', key.provider).where('connection_id', '=', key.connectionId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Takes the sync of a connection for `owner` until `until` — unless another owner holds it and its
 * lease has not expired. Two runners never sync the same service of an account at once.
 */
export async function claimSync(db: Db, key: { accountId: string; provider: Provider }, owner: string, now: number, until: number): Promise<IntegrationRow | null> {
  const r = await integrationDb(db).updateTable('integrations').set({ sync_owner: owner, sync_owner_until: until, updated_at: now })
    .where('account_id', '=', key.accountId).where('provider', '=', key.provider)
    .where((eb) => eb.or([eb('sync_owner', 'is', null), eb('sync_owner', '=', owner), eb('sync_owner_until', '<', now)]))
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return null;
  return (await getIntegration(db, key.accountId, key.provider)) ?? null;
}

/**
 * Records that LINE reached the webhook at `now`, unless a time within `everyMs` is already
 * recorded: a busy account writes this row once a minute, not once per event. The condition sits
 * in the UPDATE too, so instances racing on the same minute write it once between them.
 */
export async function noteWebhookEvent(db: Db, accountId: string, connectionId: string, now: number, everyMs: number): Promise<void> {
  await integrationDb(db).updateTable('integrations').set({ last_event_at: now })
    .where('account_id', '=', accountId).where('provider', '=', 'line').where('connection_id', '=', connectionId)
    .where((eb) => eb.or([eb('last_event_at', 'is', null), eb('last_event_at', '<=', now - everyMs)]))
    .execute();
}

export async function releaseSync(db: Db, key: { accountId: string; provider: Provider }, owner: string): Promise<void> {
  await integrationDb(db).updateTable('integrations').set({ sync_owner: null, sync_owner_until: null })
    .where('account_id', '=', key.accountId).where('provider', '=', key.provider).where('sync_owner', '=', owner).execute();
}

/** The earliest queued job of `kind` for the account (a sync already waiting to run), if any. */
export async function queuedJob(db: Db, accountId: string, kind: string): Promise<{ id: string; runAt: number } | undefined> {
  const r = await db.selectFrom('jobs').select(['id', 'run_at'])
    .where('account_id', '=', accountId).where('kind', '=', kind).where('status', '=', 'queued')
    .orderBy('run_at').limit(1).executeTakeFirst();
  return r ? { id: r.id, runAt: r.run_at } : undefined;
}

// ---- staging -----------------------------------------------------------------------------------

export interface StagedRow { kind: string; key: string; data: unknown }

/**
 * Saves a page of staged records and the sync state that follows it, in one transaction, so a
 * crash after it resumes from the next page and a crash before it redoes this page (staged rows
 * are keyed, so writing a page twice changes nothing). False when the connection is gone.
 */
export async function stagePage(db: Db, dialect: Dialect, key: { accountId: string; provider: Provider; connectionId: string }, runId: string,
  rows: StagedRow[], state: SyncState, now: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const ok = await updateIntegration(trx, key, { syncState: state }, now);
    if (!ok) return false;
    // Within one page a key may repeat (a vendor listing a record twice): keep the last.
    const unique = new Map(rows.map((r) => [`${r.kind}\u0000${r.key}`, r]));
    await insertRows(trx, dialect, 'integration_staging', ['account_id', 'provider', 'run_id', 'kind', 'key', 'data'],
      [...unique.values()].map((r) => [key.accountId, key.provider, runId, r.kind, r.key, JSON.stringify(r.data)]),
      'on conflict (account_id, provider, run_id, kind, key) do update set data = excluded.data');
    return true;
  });
}

/** A kind of staged record of a run, in key order. */
export async function readStaged<T>(db: Db, accountId: string, provider: Provider, runId: string, kind: string): Promise<{ key: string; data: T }[]> {
  const out: { key: string; data: T }[] = [];
  let after: string | null = null;
  for (;;) {
    let q = integrationDb(db).selectFrom('integration_staging').select(['key', 'data'])
      .where('account_id', '=', accountId).where('provider', '=', provider).where('run_id', '=', runId).where('kind', '=', kind);
    if (after !== null) q = q.where('key', '>', after);
    const rows = await q.orderBy('key').limit(5000).execute();
    for (const r of rows) out.push({ key: r.key, data: JSON.parse(r.data) as T });
    if (rows.length < 5000) return out;
    after = rows[rows.length - 1]!.key;
  }
}

/** A page of a kind of staged record, keys after `after`, in key order. */
export async function readStagedPage<T>(db: Db, accountId: string, provider: Provider, runId: string, kind: string, after: string | null, limit: number): Promise<{ key: string; data: T }[]> {
  let q = integrationDb(db).selectFrom('integration_staging').select(['key', 'data'])
    .where('account_id', '=', accountId).where('provider', '=', provider).where('run_id', '=', runId).where('kind', '=', kind);
  if (after !== null) q = q.where('key', '>', after);
  const rows = await q.orderBy('key').limit(limit).execute();
  return rows.map((r) => ({ key: r.key, data: JSON.parse(r.data) as T }));
}

export async function clearStaging(db: Db, accountId: string, provider: Provider): Promise<void> {
  await integrationDb(db).deleteFrom('integration_staging').where('account_id', '=', accountId).where('provider', '=', provider).execute();
}

// ---- definitions, lists --------------------------------------------------------------------------

export interface PropertyDef { key: string; label: string; options: { value: string; label: string }[] | null }

export async function replacePropertyDefs(db: Db, dialect: Dialect, accountId: string, provider: Provider, defs: PropertyDef[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await integrationDb(trx).deleteFrom('service_property_defs').where('account_id', '=', accountId).where('provider', '=', provider).execute();
    await insertRows(trx, dialect, 'service_property_defs', ['account_id', 'provider', 'key', 'label', 'options'],
      defs.map((d) => [accountId, provider, d.key, d.label, d.options ? JSON.stringify(d.options) : null]));
  });
}

export async function propertyDefs(db: Db, accountId: string, provider: Provider): Promise<PropertyDef[]> {
  const rows = await integrationDb(db).selectFrom('service_property_defs').select(['key', 'label', 'options'])
    .where('account_id', '=', accountId).where('provider', '=', provider).orderBy('key').execute();
  return rows.map((r) => ({ key: r.key, label: r.label, options: parse(r.options) }));
}

/** Replaces the names of a service's lists (service_lists, read by the catalog). */
export async function replaceServiceLists(db: Db, dialect: Dialect, accountId: string, provider: 'hubspot' | 'klaviyo', lists: { id: string; name: string }[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('service_lists').where('account_id', '=', accountId).where('provider', '=', provider).execute();
    const unique = new Map(lists.map((l) => [l.id, l]));
    await insertRows(trx, dialect, 'service_lists', ['account_id', 'provider', 'list_id', 'name'],
      [...unique.values()].map((l) => [accountId, provider, l.id, l.name]));
  });
}

// ---- linking -------------------------------------------------------------------------------------

/** The friends of the account among `ids`. */
export async function friendsAmong(db: Db, accountId: string, ids: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.selectFrom('friends').select('line_user_id')
      .where('account_id', '=', accountId).where('line_user_id', 'in', ids.slice(i, i + 5000)).execute();
    for (const r of rows) found.add(r.line_user_id);
  }
  return found;
}

/** Friends holding a block of the service now. */
export async function integratedFriends(db: Db, accountId: string, provider: 'shopify' | 'hubspot' | 'klaviyo'): Promise<string[]> {
  const rows = provider === 'shopify'
    ? await db.selectFrom('shopify_customers as b').innerJoin('friends as f', (j) => j.onRef('f.account_id', '=', 'b.account_id').onRef('f.id', '=', 'b.friend_id'))
      .select('f.line_user_id').where('b.account_id', '=', accountId).execute()
    : await db.selectFrom('service_records as b').innerJoin('friends as f', (j) => j.onRef('f.account_id', '=', 'b.account_id').onRef('f.id', '=', 'b.friend_id'))
      .select('f.line_user_id').where('b.account_id', '=', accountId).where('b.provider', '=', provider).execute();
  return rows.map((r) => r.line_user_id);
}

/** The friends of the account with their profile state, for the LINE sync. */
export async function friendProfiles(db: Db, accountId: string, ids: string[]): Promise<Map<string, { displayName: string; blockedAt: number | null }>> {
  const out = new Map<string, { displayName: string; blockedAt: number | null }>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.selectFrom('friends').select(['line_user_id', 'display_name', 'blocked_at'])
      .where('account_id', '=', accountId).where('line_user_id', 'in', ids.slice(i, i + 5000)).execute();
    for (const r of rows) out.set(r.line_user_id, { displayName: r.display_name, blockedAt: r.blocked_at });
  }
  return out;
}

// ---- webhook events ----------------------------------------------------------------------------

export async function seenWebhookEvents(db: Db, accountId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await integrationDb(db).selectFrom('webhook_events').select('webhook_event_id')
    .where('account_id', '=', accountId).where('webhook_event_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.webhook_event_id));
}

export async function recordWebhookEvent(db: Db, accountId: string, id: string, now: number): Promise<void> {
  await integrationDb(db).insertInto('webhook_events').values({ account_id: accountId, webhook_event_id: id, received_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'webhook_event_id']).doNothing()).execute();
}

/** LINE redelivers within hours; ids older than `before` are forgotten. */
export async function pruneWebhookEvents(db: Db, accountId: string, before: number): Promise<void> {
  await integrationDb(db).deleteFrom('webhook_events').where('account_id', '=', accountId).where('received_at', '<', before).execute();
}

// ---- catalog reads -------------------------------------------------------------------------------

export interface ValueCount { value: string; count: number }

/** Shopify customer tags seen on friends, most common first. */
export async function shopifyTagCounts(db: Db, accountId: string, limit = 500): Promise<ValueCount[]> {
  const rows = await db.selectFrom('shopify_customer_tags').select((eb) => ['tag', eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId).groupBy('tag').orderBy('n', 'desc').orderBy('tag').limit(limit).execute();
  return rows.map((r) => ({ value: r.tag, count: Number(r.n) }));
}

/** A service's lists with their names and how many friends are members. */
export async function serviceListCounts(db: Db, accountId: string, provider: 'hubspot' | 'klaviyo'): Promise<{ id: string; name: string; count: number }[]> {
  const [lists, counts] = await Promise.all([
    db.selectFrom('service_lists').select(['list_id', 'name']).where('account_id', '=', accountId).where('provider', '=', provider).execute(),
    db.selectFrom('service_list_members').select((eb) => ['list_id', eb.fn.countAll<number>().as('n')])
      .where('account_id', '=', accountId).where('provider', '=', provider).groupBy('list_id').execute(),
  ]);
  const n = new Map(counts.map((c) => [c.list_id, Number(c.n)]));
  const out = lists.map((l) => ({ id: l.list_id, name: l.name, count: n.get(l.list_id) ?? 0 }));
  // Members of lists whose names the service no longer lists still show, by id.
  for (const [id, count] of n) if (!out.some((l) => l.id === id)) out.push({ id, name: id, count });
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** A service's property keys held by friends, with how many hold each. */
export async function propertyKeyCounts(db: Db, accountId: string, provider: 'hubspot' | 'klaviyo', limit = 200): Promise<ValueCount[]> {
  const rows = await db.selectFrom('service_properties').select((eb) => ['key', eb.fn.countAll<number>().as('n')])
    .where('account_id', '=', accountId).where('provider', '=', provider).groupBy('key').orderBy('n', 'desc').orderBy('key').limit(limit).execute();
  return rows.map((r) => ({ value: r.key, count: Number(r.n) }));
}

/** The most common values of some property keys (short values only: suggestions, not data dumps). */
export async function commonPropertyValues(db: Db, accountId: string, provider: 'hubspot' | 'klaviyo', keys: string[], perKey = 20): Promise<Map<string, ValueCount[]>> {
  const out = new Map<string, ValueCount[]>();
  if (keys.length === 0) return out;
  // One pass, ranked per key by a window function (SQLite ≥ 3.25 and PostgreSQL both have them).
  const { rows } = await sql<{ key: string; value: string; n: number | string }>`
    select key, value, n from (
      select key, value, count(*) as n, row_number() over (partition by key order by count(*) desc, value) as rn
      from service_properties
      where account_id = ${accountId} and provider = ${provider} and key in (${sql.join(keys)}) and length(value) <= 100
      group by key, value
    ) ranked where rn <= ${perKey} order by key, n desc, value`.execute(db);
  for (const r of rows) {
    const list = out.get(r.key) ?? [];
    list.push({ value: r.value, count: Number(r.n) });
    out.set(r.key, list);
  }
  return out;
}
