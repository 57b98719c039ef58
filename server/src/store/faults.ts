/**
 * The store going away for a moment — PostgreSQL restarted, failed over, or a connection ended
 * by `pg_terminate_backend`; SQLite locked by another writer past its busy timeout — is not a bug
 * and must never crash the server or answer 500:
 *
 *   - a read outside a transaction that fails because its connection was lost runs once more on a
 *     fresh connection (ResilientDriver);
 *   - a transaction whose connection was lost before COMMIT was sent runs once more from the start
 *     (ResilientKysely): PostgreSQL rolled it back, so nothing of the first run remains. A lost
 *     COMMIT is not retried: it may have been applied;
 *   - anything else (a write outside a transaction, a second loss, the server still down, SQLite
 *     busy) reaches the app as a StoreUnavailable error: 503 with Retry-After (app.ts).
 *
 * So a transaction callback must change nothing outside the database: it may run twice.
 */
import { Kysely, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult, type TransactionBuilder, type TransactionSettings } from 'kysely';

/** Connection exception (class 08), admin/crash shutdown, cannot connect now; and the errors pg and Node give for a dead socket. */
const LOST_SQLSTATE = /^(08...|57P0[1-3])$/;
const LOST_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTCONN']);
const LOST_MESSAGES = /^(Connection terminated|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|timeout exceeded when trying to connect|Connection terminated unexpectedly)/;

export function isConnectionLost(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (LOST_SQLSTATE.test(code) || LOST_NODE_CODES.has(code))) return true;
  if (LOST_MESSAGES.test(err.message)) return true;
  // AggregateError from a connect that tried IPv4 and IPv6.
  if (err instanceof AggregateError) return err.errors.some(isConnectionLost);
  return false;
}

/** SQLite: another connection held the lock past busy_timeout. */
export function isStoreBusy(err: unknown): boolean {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/** How long a caller should wait before trying again, when the store is unavailable; null when it is not that. */
export function storeUnavailable(err: unknown): { retryAfterSeconds: number; reason: 'connection_lost' | 'busy' } | null {
  if (isStoreBusy(err)) return { retryAfterSeconds: 1, reason: 'busy' };
  if (isConnectionLost(err)) return { retryAfterSeconds: 2, reason: 'connection_lost' };
  return null;
}

const READ = /^\s*(\(?\s*select|with|show|explain)\b/i;
const WRITES = /\b(insert|update|delete|merge|nextval|setval|pg_advisory|for\s+update)\b/i;

/** A query that changes nothing: running it twice gives the same effect as once. */
function isRead(q: CompiledQuery): boolean {
  if (q.query.kind === 'SelectQueryNode') return true;
  if (q.query.kind === 'RawNode') return READ.test(q.sql) && !WRITES.test(q.sql);
  return false;
}

const COMMIT_SENT = Symbol('commit sent');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a lost read once on a fresh connection; marks a lost COMMIT as not retriable. */
export class ResilientDriver implements Driver {
  constructor(private readonly inner: Driver) {}
  init() { return this.inner.init(); }
  destroy() { return this.inner.destroy(); }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new ResilientConnection(this.inner, await this.inner.acquireConnection());
  }
  async releaseConnection(c: DatabaseConnection) {
    const rc = c as ResilientConnection;
    // A retry that released its lost client and then could not get a new one (the server still
    // down) has nothing left to release: releasing the lost client twice throws in pg-pool.
    if (rc.released) return;
    rc.released = true;
    await this.inner.releaseConnection(rc.current);
  }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) {
    (c as ResilientConnection).inTransaction = true;
    await this.inner.beginTransaction((c as ResilientConnection).current, settings);
  }
  async commitTransaction(c: DatabaseConnection) {
    const rc = c as ResilientConnection;
    try {
      await this.inner.commitTransaction(rc.current);
    } catch (e) {
      if (e instanceof Error) Object.defineProperty(e, COMMIT_SENT, { value: true });
      throw e;
    } finally {
      rc.inTransaction = false;
    }
  }
  async rollbackTransaction(c: DatabaseConnection) {
    const rc = c as ResilientConnection;
    rc.inTransaction = false;
    try {
      await this.inner.rollbackTransaction(rc.current);
    } catch (e) {
      // The connection is gone, and PostgreSQL rolled the transaction back with it: let the
      // error that got us here through rather than this one.
      if (!isConnectionLost(e) && !/discarded/.test((e as Error).message)) throw e;
    }
  }
  savepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.savepoint!((c as ResilientConnection).current, name, compile);
  }
  rollbackToSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.rollbackToSavepoint!((c as ResilientConnection).current, name, compile);
  }
  releaseSavepoint(c: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.inner.releaseSavepoint!((c as ResilientConnection).current, name, compile);
  }
}

class ResilientConnection implements DatabaseConnection {
  inTransaction = false;
  /** True while `current` has gone back to the pool (between a retry's release and its new connection). */
  released = false;
  constructor(private readonly driver: Driver, public current: DatabaseConnection) {}

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.current.executeQuery<R>(q);
    } catch (e) {
      if (this.inTransaction || !isConnectionLost(e) || !isRead(q)) throw e;
      // Give the other clients' termination notices a moment to arrive, so the pool drops
      // them rather than handing us the next dead one.
      this.released = true;
      await this.driver.releaseConnection(this.current);
      await pause(20);
      this.current = await this.driver.acquireConnection();
      this.released = false;
      return this.current.executeQuery<R>(q);
    }
  }

  streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.current.streamQuery<R>(q, chunkSize);
  }
}

/** Kysely whose transactions run once more when their connection was lost before COMMIT. */
export class ResilientKysely<DB> extends Kysely<DB> {
  override transaction(): TransactionBuilder<DB> {
    return retrying(super.transaction());
  }
}

function retrying<DB>(builder: TransactionBuilder<DB>): TransactionBuilder<DB> {
  return new Proxy(builder, {
    get(target, prop) {
      if (prop === 'execute') {
        return async <T>(callback: Parameters<TransactionBuilder<DB>['execute']>[0]): Promise<T> => {
          try {
            return (await target.execute(callback)) as T;
          } catch (e) {
            if (!isConnectionLost(e) || (e as { [COMMIT_SENT]?: boolean })[COMMIT_SENT]) throw e;
            await pause(20);
            return (await target.execute(callback)) as T;
          }
        };
      }
      if (prop === 'setIsolationLevel' || prop === 'setAccessMode') {
        return (arg: never) => retrying((target[prop] as (a: never) => TransactionBuilder<DB>).call(target, arg));
      }
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

