/**
 * Loads benchmark friends in bulk, for sizes where going through the import service would take
 * longer than the benchmark itself (`--sqlite-bulk`, PostgreSQL at 1M, every store above 2M): PostgreSQL `INSERT … SELECT FROM unnest($1::text[], …)`,
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

/**
 * Friends 0…n-1 of `friendAt`, numbered 1…n (the compact key), written `chunk` friends at a time
 * so that ten million never sit in memory at once.
 */
export async function bulkLoad(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', accountId: string, n: number,
  friendAt: (i: number) => BenchFriend, chunk = 100_000): Promise<void> {
  const bulk = bulkFor(db, dialect);
  const tagIds = new Map<string, string>();
  const tagId = (t: string) => { let id = tagIds.get(t); if (!id) { id = `tag_bench_${tagIds.size}`; tagIds.set(t, id); } return id; };
  const DAY = 86_400_000;
  for (let start = 0; start < n; start += chunk) {
    const friends = Array.from({ length: Math.min(chunk, n - start) }, (_, k) => [friendAt(start + k), start + k] as const);
    await bulk('friends', [['account_id', 'text'], ['id', 'bigint'], ['line_user_id', 'text'], ['display_name', 'text'], ['picture_url', 'text'],
      ['added_at', 'bigint'], ['blocked_at', 'bigint'], ['last_event_at', 'bigint'], ['updated_at', 'bigint']],
    friends.map(([f, i]) => [accountId, i + 1, f.lineUserId, f.displayName, null, f.addedAt, f.blocked ? (f.addedAt ?? BENCH_NOW - 400 * DAY) + DAY : null, null, BENCH_NOW]));
    await bulk('friend_tags', [['account_id', 'text'], ['friend_id', 'bigint'], ['tag_id', 'text']],
      friends.flatMap(([f, i]) => [...new Set(f.tags.map(tagId))].sort().map((t) => [accountId, i + 1, t])));
    const shop = friends.filter(([f]) => f.shopify !== null);
    await bulk('shopify_customers', [['account_id', 'text'], ['friend_id', 'bigint'], ['customer_id', 'text'], ['purchase_count', 'integer'],
      ['last_purchase_at', 'bigint'], ['abandoned_cart', 'integer']],
    shop.map(([f, i]) => [accountId, i + 1, `gid://shopify/Customer/${i + 1}`, f.shopify!.purchaseCount, f.shopify!.lastPurchaseAt, f.shopify!.abandonedCart ? 1 : 0]));
    await bulk('shopify_customer_tags', [['account_id', 'text'], ['friend_id', 'bigint'], ['tag', 'text']],
      shop.flatMap(([f, i]) => [...new Set(f.shopify!.tags)].sort().map((t) => [accountId, i + 1, t])));
    for (const provider of ['hubspot', 'klaviyo'] as const) {
      const holders = friends.filter(([f]) => f[provider] !== null);
      await bulk('service_records', [['account_id', 'text'], ['provider', 'text'], ['friend_id', 'bigint'], ['record_id', 'text']],
        holders.map(([f, i]) => [accountId, provider, i + 1, provider === 'hubspot' ? String(9000 + i) : `01K${i.toString(36).toUpperCase().padStart(8, '0')}`]));
      await bulk('service_list_members', [['account_id', 'text'], ['provider', 'text'], ['friend_id', 'bigint'], ['list_id', 'text']],
        holders.flatMap(([f, i]) => [...new Set(f[provider]!.lists)].sort().map((l) => [accountId, provider, i + 1, l])));
      await bulk('service_properties', [['account_id', 'text'], ['provider', 'text'], ['friend_id', 'bigint'], ['key', 'text'], ['value', 'text']],
        holders.flatMap(([f, i]) => Object.entries(f[provider]!.properties).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, v]) => [accountId, provider, i + 1, k, v])));
    }
  }
  await bulk('tags', [['account_id', 'text'], ['id', 'text'], ['name', 'text'], ['created_at', 'bigint']],
    [...tagIds].map(([name, id]) => [accountId, id, name, BENCH_NOW]));
  await bulk('friend_id_counters', [['account_id', 'text'], ['last_id', 'bigint']], [[accountId, n]]);
}
