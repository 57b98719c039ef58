/**
 * Opens the store: SQLite (better-sqlite3) by default, PostgreSQL (pg) for `postgres://` URLs.
 * The same migrations and the same compiled queries run on both.
 */
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Driver, type MigrationProvider } from 'kysely';
import { isConnectionLost, ResilientDriver, ResilientKysely } from './faults';
import type { Logger } from '../http/logger';
import type { Database } from './types';
import { migrations } from './migrations/index';

export type Dialect = 'sqlite' | 'postgres';
export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL's pool, for the few writers that speak to a client directly (COPY, repositories/bulk.ts). */
  pgPool?: pg.Pool;
  close(): Promise<void>;
}
export interface StoreOptions {
  migrate?: boolean;
  poolSize?: number;
  /** Where a lost PostgreSQL connection is reported (default: one line on stderr). */
  logger?: Pick<Logger, 'warn'>;
  /** SQLite: how long a write waits for another connection's lock before the request answers 503. */
  busyTimeoutMs?: number;
}

// int8 (bigint) columns hold epoch milliseconds, well inside Number's safe range.
pg.types.setTypeParser(20, (v) => Number(v));

export function dialectOf(url: string): Dialect {
  return /^postgres(ql)?:\/\//.test(url) ? 'postgres' : 'sqlite';
}

export async function openStore(url: string, opts: StoreOptions = {}): Promise<Store> {
  const dialect = dialectOf(url);
  let db: Kysely<Database>;
  let closed: () => Promise<void> = async () => {};
  let pgPool: pg.Pool | undefined;
  if (dialect === 'postgres') {
    const pool = createPool(url, opts);
    pgPool = pool.pool;
    db = new ResilientKysely<Database>({ dialect: new ResilientPostgresDialect({ pool: pool.pool }) });
    closed = pool.closed;
  } else {
    const file = url.replace(/^sqlite:/, '');
    if (file !== ':memory:') {
      // Friends' personal data: only the server's own user may read the folder and the files.
      // SQLite gives the -wal and -shm files the database file's mode.
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
    }
    const sqlite = new SQLite(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    // Up to 128 MB of pages (default 2 MB). An import's commit touches the LINE user id index all
    // over; at 1M friends that index alone is ~50 MB, and with a 2 MB cache each batch read its pages
    // back from the file and spilled them to the WAL mid-transaction. Taken only as pages are used.
    sqlite.pragma('cache_size = -131072');
    sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  }
  if (opts.migrate !== false) await migrate(db);
  return { db, dialect, pgPool, close: async () => { await db.destroy(); await closed(); } };
}

/**
 * A pg Pool that survives the database going away. A connection PostgreSQL ends (a restart, a
 * failover, `pg_terminate_backend`, `DROP DATABASE … WITH (FORCE)`) makes its client emit
 * `error`; without a listener that is an uncaught exception and the process dies. Here each
 * client's error is logged once: an idle client is dropped by the pool, a checked-out one fails
 * its query and is discarded when released (pg marks it not queryable).
 *
 * `closed()` resolves when every connection's socket has ended: `pool.end()` resolves as soon as
 * the pool has forgotten its clients, before they finish disconnecting, and a database dropped in
 * that moment terminates them under our feet.
 */
function createPool(url: string, opts: StoreOptions): { pool: pg.Pool; closed(): Promise<void> } {
  const pool = new pg.Pool({ connectionString: url, max: opts.poolSize ?? 10 });
  const warn = opts.logger
    ? (msg: string, fields: Record<string, unknown>) => opts.logger!.warn(msg, fields)
    : (msg: string, fields: Record<string, unknown>) => process.stderr.write(`${msg} ${JSON.stringify(fields)}\n`);
  let open = 0;
  const whenAllEnded: (() => void)[] = [];
  pool.on('connect', (client) => {
    open++;
    // A query that fails because the connection is gone (57P01 arrives as the answer to the
    // query in flight, before the socket closes) ends the client, so the pool discards it on
    // release instead of handing it to the next query.
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    client.query = ((...args: unknown[]) => {
      const r = query(...args);
      if (r instanceof Promise) r.catch((e) => { if (isConnectionLost(e)) client.end().catch(() => {}); });
      return r;
    }) as typeof client.query;
    let reported = false;
    client.on('error', (err: Error & { code?: string }) => {
      if (reported) return;
      reported = true;
      warn('PostgreSQL connection lost; the pool drops it and opens a new one when needed', { code: err.code, err: err.message });
    });
    client.once('end', () => {
      open--;
      if (open === 0) for (const resolve of whenAllEnded.splice(0)) resolve();
    });
  });
  // The pool re-emits an idle client's error after dropping the client; the client's own
  // listener above has logged it already.
  pool.on('error', () => {});
  return {
    pool,
    closed: () => (open === 0 ? Promise.resolve() : new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5_000); // never hang a shutdown on a socket that will not close
      whenAllEnded.push(() => { clearTimeout(timer); resolve(); });
    })),
  };
}

/**
 * Runs `fn` in a transaction — the caller's when `db` already is one (Kysely does not nest them),
 * so a repository function that needs its steps atomic also joins a service's transaction (a
 * change and its activity entry, server/src/repositories/activity.ts).
 */
export function inTransaction<DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>): Promise<T> {
  return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrate(db: Kysely<Database>): Promise<void> {
  // Migrations are named by date but were written side by side: one dated earlier can land after
  // a later one has run somewhere (a developer's database). Each is independent of the others'
  // order, so running the missing one is right; refusing would strand that database.
  const { error, results } = await new Migrator({ db, provider, allowUnorderedMigrations: true }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ''} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

class ResilientPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new ResilientDriver(super.createDriver());
  }
}
