/**
 * Migration 2026-12-06T01-people over a store that already has account tokens: tokens minted
 * before roles existed could do everything on their account, so they keep working, as admin.
 */
import { afterAll, expect, it } from 'vitest';
import { Migrator, type MigrationProvider } from 'kysely';
import { createTestDatabase, dialectsUnderTest } from '../../test/stores';
import { openStore, migrate } from './db';
import { migrations } from './migrations/index';
import { hashToken } from '../http/auth';
import { findTokenByHash } from '../repositories/people';

for (const dialect of dialectsUnderTest()) {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => { for (const d of drops) await d(); });

  it(`keeps every existing account token working as an admin token [${dialect}]`, async () => {
    const created = await createTestDatabase(dialect);
    drops.push(created.drop);
    const store = await openStore(created.url, { migrate: false });
    try {
      const before: MigrationProvider = { getMigrations: async () => Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-06T01')) };
      const r = await new Migrator({ db: store.db, provider: before }).migrateToLatest();
      expect(r.error).toBeUndefined();
      const old = store.db as unknown as import('kysely').Kysely<any>;
      await old.insertInto('accounts').values({ id: '@old', name: 'Old', timezone: 'Asia/Tokyo', created_at: 1 }).execute();
      await old.insertInto('api_tokens').values([
        { token_hash: hashToken('lumo_old-one'), account_id: '@old', created_at: 1 },
        { token_hash: hashToken('lumo_old-two'), account_id: '@old', created_at: 2 },
      ]).execute();

      await migrate(store.db);

      const one = await findTokenByHash(store.db, hashToken('lumo_old-one'));
      const two = await findTokenByHash(store.db, hashToken('lumo_old-two'));
      expect(one).toMatchObject({ accountId: '@old', role: 'admin', name: 'API token', lastUsedAt: null });
      expect(one?.id).toMatch(/^tok_[0-9a-f]{16}$/);
      expect(two?.id).not.toBe(one?.id);
    } finally {
      await store.close();
    }
  });
}
