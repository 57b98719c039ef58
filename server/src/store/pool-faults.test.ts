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
});
