/**
 * PostgreSQL connections ended under the sync API (a restart, a failover, pg_terminate_backend,
 * DROP DATABASE … WITH (FORCE)): the process must live on, log it once, and the store must work
 * again on fresh connections. And closing a store must wait until its connections are gone, or a
 * database dropped right after terminates them (57P01) as an uncaught error.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { createMemoryLogger } from '../http/logger';
import { forPostgres } from '../../test/stores';
import { openStore, type Store } from './db';
import { storeUnavailable } from './faults';

forPostgres('PostgreSQL connections that go away', (ctx) => {
  /** A second store on the same database whose connections are named, so a test can find them. */
  async function namedStore(logger = createMemoryLogger()) {
    const name = `lumo_${randomBytes(4).toString('hex')}`;
    const store = await openStore(`${ctx.url}?application_name=${name}`, { migrate: false, poolSize: 4, logger });
    return { store, name, logger };
  }
  const connections = async (name: string) =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${name}`.execute(ctx.store.db)).rows[0].n);
  const terminate = (name: string) =>
    sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${name}`.execute(ctx.store.db);
  /** Opens `n` connections at once (each query holds one for a moment). */
  const openConnections = (store: Store, n: number) =>
    Promise.all(Array.from({ length: n }, () => sql`SELECT pg_sleep(0.05)`.execute(store.db)));

  it('logs each idle connection that PostgreSQL terminates once, drops it and answers the next query on a new one', async () => {
    const { store, name, logger } = await namedStore();
    try {
      await openConnections(store, 3);
      expect(await connections(name)).toBe(3);
      await terminate(name);
      await expect.poll(() => logger.entries.length, { timeout: 5_000 }).toBe(3);
      expect(logger.entries.every((e) => e.level === 'warn' && e.fields.code === '57P01')).toBe(true);
      const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db);
      expect(rows).toEqual([{ one: 1 }]);
      expect(await connections(name)).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('closes a store only when its connections are gone from the server', async () => {
    const { store, name } = await namedStore();
    await openConnections(store, 4);
    expect(await connections(name)).toBe(4);
    await store.close();
    expect(await connections(name)).toBe(0);
  });

  /** Terminates the named store's connections after `ms`, while its query runs. */
  const terminateAfter = (name: string, ms: number) => new Promise((r) => setTimeout(r, ms)).then(() => terminate(name));

  it('runs a read whose connection is terminated mid-query once more on a fresh connection', async () => {
    const { store, name } = await namedStore();
    try {
      const [{ rows }] = await Promise.all([
        sql<{ one: number }>`SELECT 1 AS one FROM pg_sleep(0.4)`.execute(store.db),
        terminateAfter(name, 150),
      ]);
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
    }
  });

  it('runs a transaction whose connection is terminated before COMMIT once more, from the start, and keeps one copy of its writes', async () => {
    const { store, name } = await namedStore();
    const id = `@retry_${randomBytes(3).toString('hex')}`;
    let runs = 0;
    try {
      await Promise.all([
        store.db.transaction().execute(async (trx) => {
          runs++;
          await trx.insertInto('accounts').values({ id, name: 'Retried', timezone: 'Asia/Tokyo', created_at: 1 }).execute();
          await sql`SELECT pg_sleep(0.4)`.execute(trx);
        }),
        terminateAfter(name, 150),
      ]);
      expect(runs).toBe(2);
      expect(await ctx.store.db.selectFrom('accounts').select('name').where('id', '=', id).execute()).toEqual([{ name: 'Retried' }]);
    } finally {
      await store.close();
    }
  });

  it('does not repeat a write outside a transaction (it may have been applied): the caller gets an error that says the store is unavailable', async () => {
    const { store, name } = await namedStore();
    const id = `@once_${randomBytes(3).toString('hex')}`;
    try {
      const [outcome] = await Promise.all([
        sql`INSERT INTO accounts (id, name, timezone, created_at) SELECT ${id}, 'Once', 'Asia/Tokyo', 1 FROM pg_sleep(0.4)`.execute(store.db).then(() => null, (e: unknown) => e),
        terminateAfter(name, 150),
      ]);
      expect(storeUnavailable(outcome)).toEqual({ retryAfterSeconds: 2, reason: 'connection_lost' });
      expect(await ctx.store.db.selectFrom('accounts').select('id').where('id', '=', id).execute()).toEqual([]);
      // …and the store answers again on a fresh connection.
      expect((await sql<{ one: number }>`SELECT 1 AS one`.execute(store.db)).rows).toEqual([{ one: 1 }]);
    } finally {
      await store.close();
    }
  });
});
