/**
 * Runs a server suite once per store: a fresh SQLite file and a fresh PostgreSQL database
 * (created in the cluster from global setup, dropped afterwards). Real engines, never a mock.
 *
 *   forEachStore('segments', (ctx) => { it('...', async () => { const { db } = ctx.store; ... }) })
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import { openStore, type Dialect, type Store } from '../src/store/db';

export interface StoreContext { store: Store; url: string; dialect: Dialect }

export function dialectsUnderTest(): Dialect[] {
  return inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** Creates an empty database and returns its URL and a function that removes it. */
export async function createTestDatabase(dialect: Dialect): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'lumo-sqlite-'));
    return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = inject('postgresUrl');
  const name = `lumo_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = admin.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function forEachStore(title: string, body: (ctx: StoreContext) => void, dialects = dialectsUnderTest()): void {
  for (const dialect of dialects) {
    describe(`${title} [${dialect}]`, () => {
      const ctx = { dialect } as StoreContext;
      let drop: () => Promise<void> = async () => {};
      beforeAll(async () => {
        const created = await createTestDatabase(dialect);
        drop = created.drop;
        ctx.url = created.url;
        ctx.store = await openStore(created.url);
      });
      afterAll(async () => {
        // close() resolves once the pool's connections are gone from the server: dropping the
        // database WITH (FORCE) while one is still closing terminates it (57P01).
        await ctx.store?.close();
        await drop();
      });
      body(ctx);
    });
  }
}

/** A suite about PostgreSQL alone (connections, restarts): skipped, like the PostgreSQL half of forEachStore, without it. */
export function forPostgres(title: string, body: (ctx: StoreContext) => void): void {
  forEachStore(title, body, dialectsUnderTest().filter((d) => d === 'postgres'));
}
