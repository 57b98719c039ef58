/**
 * Loads benchmark friends in bulk, for sizes where going through the import service would take
 * longer than the benchmark itself: PostgreSQL `INSERT … SELECT FROM unnest($1::text[], …)`,
 * SQLite `INSERT … SELECT FROM json_each(?)`, one statement per 20,000 rows, values always bound
 * as parameters. The rows are exactly what the friends repository writes for the same NDJSON
 * (tags created by name, one row per tag, list, property and service block), so every engine
 * counts the same friends.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../server/src/store/types';
import { BENCH_NOW, type BenchFriend } from './generate';

type Col = (string | number | null)[];

type Bulk = (table: string, columns: [string, string][], rows: Col[]) => Promise<void>;

function bulkFor(db: Kysely<Database>, dialect: 'sqlite' | 'postgres'): Bulk {
  return async (table, columns, rows) => {
    const names = sql.join(columns.map(([name]) => sql.ref(name)));
    for (let i = 0; i < rows.length; i += 20_000) {
      const chunk = rows.slice(i, i + 20_000);
      if (dialect === 'postgres') {
        const list = sql.join(columns.map(([, type], c) => sql`${chunk.map((r) => r[c])}::${sql.raw(type)}[]`));
        await sql`INSERT INTO ${sql.table(table)} (${names}) SELECT * FROM unnest(${list})`.execute(db);
      } else {
        const fields = sql.join(columns.map((_, c) => sql`value ->> ${sql.lit(`$[${c}]`)}`));
        await sql`INSERT INTO ${sql.table(table)} (${names}) SELECT ${fields} FROM json_each(${JSON.stringify(chunk)})`.execute(db);
      }
    }
  };
}

export async function bulkLoad(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', accountId: string, friends: readonly BenchFriend[]): Promise<void> {
  const bulk = bulkFor(db, dialect);
  const tagIds = new Map<string, string>();
  for (const f of friends) for (const t of f.tags) if (!tagIds.has(t)) tagIds.set(t, `tag_bench_${tagIds.size}`);
  await bulk('tags', [['account_id', 'text'], ['id', 'text'], ['name', 'text'], ['created_at', 'bigint']],
    [...tagIds].map(([name, id]) => [accountId, id, name, BENCH_NOW]));
  const DAY = 86_400_000;
  await bulk('friends', [['account_id', 'text'], ['line_user_id', 'text'], ['display_name', 'text'], ['picture_url', 'text'],
    ['added_at', 'bigint'], ['blocked_at', 'bigint'], ['last_event_at', 'bigint'], ['updated_at', 'bigint']],
  friends.map((f) => [accountId, f.lineUserId, f.displayName, null, f.addedAt, f.blocked ? (f.addedAt ?? BENCH_NOW - 400 * DAY) + DAY : null, null, BENCH_NOW]));
  await bulk('friend_tags', [['account_id', 'text'], ['line_user_id', 'text'], ['tag_id', 'text']],
    friends.flatMap((f) => f.tags.map((t) => [accountId, f.lineUserId, tagIds.get(t)!])));
  const shop = friends.map((f, i) => [f, i] as const).filter(([f]) => f.shopify !== null);
  await bulk('shopify_customers', [['account_id', 'text'], ['line_user_id', 'text'], ['customer_id', 'text'], ['purchase_count', 'integer'],
    ['last_purchase_at', 'bigint'], ['abandoned_cart', 'integer']],
  shop.map(([f, i]) => [accountId, f.lineUserId, `gid://shopify/Customer/${i + 1}`, f.shopify!.purchaseCount, f.shopify!.lastPurchaseAt, f.shopify!.abandonedCart ? 1 : 0]));
  await bulk('shopify_customer_tags', [['account_id', 'text'], ['line_user_id', 'text'], ['tag', 'text']],
    shop.flatMap(([f]) => f.shopify!.tags.map((t) => [accountId, f.lineUserId, t])));
  for (const provider of ['hubspot', 'klaviyo'] as const) {
    const holders = friends.map((f, i) => [f, i] as const).filter(([f]) => f[provider] !== null);
    await bulk('service_records', [['account_id', 'text'], ['provider', 'text'], ['line_user_id', 'text'], ['record_id', 'text']],
      holders.map(([f, i]) => [accountId, provider, f.lineUserId, provider === 'hubspot' ? String(9000 + i) : `01K${i.toString(36).toUpperCase().padStart(8, '0')}`]));
    await bulk('service_list_members', [['account_id', 'text'], ['provider', 'text'], ['line_user_id', 'text'], ['list_id', 'text']],
      holders.flatMap(([f]) => f[provider]!.lists.map((l) => [accountId, provider, f.lineUserId, l])));
    await bulk('service_properties', [['account_id', 'text'], ['provider', 'text'], ['line_user_id', 'text'], ['key', 'text'], ['value', 'text']],
      holders.flatMap(([f]) => Object.entries(f[provider]!.properties).map(([k, v]) => [accountId, provider, f.lineUserId, k, v])));
  }
}
