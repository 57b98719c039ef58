/**
 * Many-row INSERT and DELETE … IN for the bulk writers (friend import, syncs, demo data).
 * Kysely's builder costs more per row than the database does at these volumes, so the SQL text
 * is built here once per shape and cached, and values are always bound as parameters — never
 * concatenated.
 *   SQLite: INSERT … SELECT value->>0, value->>1, … FROM json_each(?) — the rows travel as one
 *   JSON parameter, so the statement stays a few dozen bytes (SQLite prepares every statement
 *   anew through Kysely; a VALUES list of thousands of placeholders cost a quarter of the insert
 *   just to parse).
 *   PostgreSQL: inside copyTransaction (the friend writes), plain inserts go through COPY … FROM
 *   STDIN (pg-copy-streams): rows stream in PostgreSQL's text format with no statement per row
 *   and no parameters to bind. Elsewhere, and for INSERT … ON CONFLICT: INSERT … SELECT * FROM
 *   unnest($1::text[], $2::int8[], …) — one parameter per column whatever the row count, so the
 *   statement parses and plans in microseconds; a long VALUES list costs PostgreSQL more to parse
 *   than to insert.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { Dialect } from '../store/db';

const cache = new Map<string, string>();

type Value = string | number | null;

/** PostgreSQL types of the bulk-written columns (everything else is text). */
const PG_TYPES: Record<string, string> = {
  id: 'int8', friend_id: 'int8', last_id: 'int8', added_at: 'int8', blocked_at: 'int8', last_event_at: 'int8', updated_at: 'int8', created_at: 'int8',
  last_purchase_at: 'int8', purchase_count: 'int4', abandoned_cart: 'int4',
};
const PG_ROWS_PER_STATEMENT = 50_000;

/** Transactions that run on a pg client of their own (./friends.ts), whose plain inserts go through COPY. */
const copyClients = new WeakMap<Kysely<any>, pg.ClientBase>();

/**
 * Runs `fn` in a transaction on one pg client taken from the pool, inserts through COPY. A Kysely
 * over that single client keeps every other statement as it is; the client is handed back
 * afterwards (discarded when the transaction failed: its connection may be gone).
 */
export async function copyTransaction<T>(pool: pg.Pool, fn: (trx: Kysely<any>) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const one = { query: (...a: unknown[]) => (client.query as (...x: unknown[]) => unknown)(...a), release: () => {} };
  const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: { connect: async () => one, end: async () => {} } as unknown as pg.Pool }) });
  let failed: Error | undefined;
  try {
    return await db.transaction().execute(async (trx) => {
      copyClients.set(trx, client);
      return fn(trx);
    });
  } catch (e) {
    failed = e as Error;
    throw e;
  } finally {
    client.release(failed);
  }
}

/** COPY's text format: tab-separated, \N for NULL, backslash escapes. */
function copyField(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

async function copyRowsPg(client: pg.ClientBase, table: string, cols: readonly string[], rows: Value[][]): Promise<void> {
  const stream = client.query(copyStreams.from(`COPY ${table} (${cols.join(', ')}) FROM STDIN`));
  async function* chunks() {
    let buf = '';
    for (const r of rows) {
      buf += r.map(copyField).join('\t') + '\n';
      if (buf.length > 1 << 20) { yield buf; buf = ''; }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks()), stream);
}

async function insertRowsPg(db: Kysely<any>, table: string, cols: readonly string[], rows: Value[][], suffix: string): Promise<void> {
  const client = copyClients.get(db);
  if (client && !suffix) return copyRowsPg(client, table, cols, rows);
  const key = `pg|${table}|${cols.join(',')}|${suffix}`;
  let text = cache.get(key);
  if (!text) {
    const arrays = cols.map((c, i) => `$${i + 1}::${PG_TYPES[c] ?? 'text'}[]`).join(', ');
    text = `insert into ${table} (${cols.join(',')}) select * from unnest(${arrays})${suffix ? ' ' + suffix : ''}`;
    cache.set(key, text);
  }
  for (let i = 0; i < rows.length; i += PG_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + PG_ROWS_PER_STATEMENT);
    const columns: Value[][] = cols.map(() => new Array(chunk.length));
    for (let r = 0; r < chunk.length; r++) for (let c = 0; c < cols.length; c++) columns[c][r] = chunk[r][c];
    await db.executeQuery(CompiledQuery.raw(text, columns as unknown as Value[]));
  }
}

const SQLITE_ROWS_PER_STATEMENT = 5_000;

async function insertRowsSqlite(db: Kysely<any>, table: string, cols: readonly string[], rows: Value[][], suffix: string): Promise<void> {
  const key = `sqlite|${table}|${cols.join(',')}|${suffix}`;
  let text = cache.get(key);
  if (!text) {
    // "where true" keeps SQLite's parser from reading ON CONFLICT as a join constraint.
    text = `insert into ${table} (${cols.join(',')}) select ${cols.map((_, i) => `value->>${i}`).join(', ')} from json_each(?) where true${suffix ? ' ' + suffix : ''}`;
    cache.set(key, text);
  }
  for (let i = 0; i < rows.length; i += SQLITE_ROWS_PER_STATEMENT) {
    await db.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows.slice(i, i + SQLITE_ROWS_PER_STATEMENT))]));
  }
}

/**
 * INSERT INTO table (cols) <rows> [suffix]. `suffix` is fixed SQL (an ON CONFLICT clause), never
 * data; every value is bound.
 */
export async function insertRows(db: Kysely<any>, dialect: Dialect, table: string, cols: readonly string[], rows: Value[][], suffix = ''): Promise<void> {
  if (dialect === 'postgres') return insertRowsPg(db, table, cols, rows, suffix);
  return insertRowsSqlite(db, table, cols, rows, suffix);
}

/**
 * DELETE FROM table WHERE <fixed equalities> AND column IN (…ids), the ids as one parameter.
 * `where` holds column → value pairs bound as parameters.
 */
export async function deleteIn(db: Kysely<any>, dialect: Dialect, table: string, where: Record<string, Value>, column: string, ids: readonly (string | number)[]): Promise<number> {
  if (ids.length === 0) return 0;
  const fixed = Object.entries(where);
  if (dialect === 'postgres') {
    const conds = fixed.map(([c], i) => `${c} = $${i + 1}`);
    const text = `delete from ${table} where ${[...conds, `${column} = any($${fixed.length + 1}::${PG_TYPES[column] ?? 'text'}[])`].join(' and ')}`;
    const r = await db.executeQuery(CompiledQuery.raw(text, [...fixed.map(([, v]) => v), ids as unknown as Value]));
    return Number(r.numAffectedRows ?? 0);
  }
  const conds = fixed.map(([c]) => `${c} = ?`);
  const text = `delete from ${table} where ${[...conds, `${column} in (select value from json_each(?))`].join(' and ')}`;
  const r = await db.executeQuery(CompiledQuery.raw(text, [...fixed.map(([, v]) => v), JSON.stringify(ids)]));
  return Number(r.numAffectedRows ?? 0);
}

/**
 * SELECT cols FROM table WHERE <fixed equalities> AND column IN (…ids), the ids as one parameter
 * (a list of 10,000 placeholders costs more to build and parse than the lookups themselves).
 */
export async function selectIn<R>(db: Kysely<any>, dialect: Dialect, table: string, cols: readonly string[], where: Record<string, Value>, column: string, ids: readonly (string | number)[]): Promise<R[]> {
  if (ids.length === 0) return [];
  const fixed = Object.entries(where);
  const text = dialect === 'postgres'
    ? `select ${cols.join(', ')} from ${table} where ${[...fixed.map(([c], i) => `${c} = $${i + 1}`), `${column} = any($${fixed.length + 1}::${PG_TYPES[column] ?? 'text'}[])`].join(' and ')}`
    : `select ${cols.join(', ')} from ${table} where ${[...fixed.map(([c]) => `${c} = ?`), `${column} in (select value from json_each(?))`].join(' and ')}`;
  const r = await db.executeQuery<R>(CompiledQuery.raw(text, [...fixed.map(([, v]) => v), dialect === 'postgres' ? ids as unknown as Value : JSON.stringify(ids)]));
  return r.rows;
}
