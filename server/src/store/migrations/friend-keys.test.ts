/**
 * The compact friend key migration (2026-12-06T03-friend-keys) converts a store written before it:
 * every friend numbered per account, every row that hangs off a friend kept with its number, and
 * new friends numbered after the converted ones.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type MigrationProvider } from 'kysely';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createTestDatabase, dialectsUnderTest } from '../../../test/stores';
import { migrations } from './index';
import { openStore, type Store } from '../db';
import { getFriend, loadSegmentFriends, upsertFriends } from '../../repositories/friends';

const BEFORE = '2026-11-29T02-friend-changes';
const provider: MigrationProvider = { getMigrations: async () => migrations };
const A = '@a', B = '@b';
const uid = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

for (const dialect of dialectsUnderTest()) {
  describe(`friend keys migration [${dialect}]`, () => {
    let drop: () => Promise<void>;
    let store: Store;
    beforeAll(async () => {
      const created = await createTestDatabase(dialect);
      drop = created.drop;
      const db = new Kysely<any>({
        dialect: dialect === 'sqlite'
          ? new SqliteDialect({ database: new SQLite(created.url.replace(/^sqlite:/, '')) })
          : new PostgresDialect({ pool: new pg.Pool({ connectionString: created.url, max: 2 }) }),
      });
      const r = await new Migrator({ db, provider }).migrateTo(BEFORE);
      expect(r.error).toBeUndefined();
      // The old shape: every row keyed by the LINE user id. Friend 3 is @a's first in id order.
      for (const a of [A, B]) await db.insertInto('accounts').values({ id: a, name: a, timezone: 'Asia/Tokyo', created_at: 1 }).execute();
      const friend = (account: string, n: number, name: string) => ({
        account_id: account, line_user_id: uid(n), display_name: name, picture_url: null, added_at: n * 1000, blocked_at: null, last_event_at: null, updated_at: 1,
      });
      await db.insertInto('friends').values([friend(A, 9, 'Nine'), friend(A, 3, 'Three'), friend(B, 9, 'Other nine')]).execute();
      await db.insertInto('tags').values([{ account_id: A, id: 'tag_vip', name: 'VIP', created_at: 1 }, { account_id: B, id: 'tag_x', name: 'X', created_at: 1 }]).execute();
      await db.insertInto('friend_tags').values([
        { account_id: A, line_user_id: uid(9), tag_id: 'tag_vip' }, { account_id: B, line_user_id: uid(9), tag_id: 'tag_x' },
      ]).execute();
      await db.insertInto('shopify_customers').values({ account_id: A, line_user_id: uid(3), customer_id: 'c3', purchase_count: 4, last_purchase_at: 5000, abandoned_cart: 1 }).execute();
      await db.insertInto('shopify_customer_tags').values({ account_id: A, line_user_id: uid(3), tag: 'wholesale' }).execute();
      await db.insertInto('service_records').values({ account_id: A, provider: 'hubspot', line_user_id: uid(9), record_id: 'h9' }).execute();
      await db.insertInto('service_list_members').values({ account_id: A, provider: 'hubspot', line_user_id: uid(9), list_id: '12' }).execute();
      await db.insertInto('service_properties').values({ account_id: A, provider: 'hubspot', line_user_id: uid(9), key: 'city', value: 'Tokyo' }).execute();
      await db.destroy();
      store = await openStore(created.url); // runs the rest: the friend keys migration
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    it('numbers friends per account in LINE user id order and keeps every row of theirs', async () => {
      const rows = await store.db.selectFrom('friends').select(['account_id', 'id', 'line_user_id']).orderBy('account_id').orderBy('id').execute();
      expect(rows.map((r) => [r.account_id, Number(r.id), r.line_user_id])).toEqual([[A, 1, uid(3)], [A, 2, uid(9)], [B, 1, uid(9)]]);
      expect(await getFriend(store.db, A, uid(9))).toMatchObject({
        displayName: 'Nine', tags: [{ id: 'tag_vip', name: 'VIP' }], shopify: null,
        hubspot: { recordId: 'h9', lists: ['12'], properties: { city: 'Tokyo' } }, klaviyo: null,
      });
      expect(await getFriend(store.db, A, uid(3))).toMatchObject({
        displayName: 'Three', tags: [], hubspot: null,
        shopify: { customerId: 'c3', tags: ['wholesale'], purchaseCount: 4, abandonedCart: true },
      });
      expect(await getFriend(store.db, B, uid(9))).toMatchObject({ displayName: 'Other nine', tags: [{ id: 'tag_x', name: 'X' }], hubspot: null });
      const old = await sql<{ n: number }>`SELECT count(*) AS n FROM friend_tags`.execute(store.db);
      expect(Number(old.rows[0].n)).toBe(2);
    });

    it('numbers a friend added after the conversion after the converted ones', async () => {
      await upsertFriends(store, A, [{ lineUserId: uid(1), displayName: 'One', tagNames: ['VIP'] }], { now: 2 });
      const row = await store.db.selectFrom('friends').select('id').where('account_id', '=', A).where('line_user_id', '=', uid(1)).executeTakeFirstOrThrow();
      expect(Number(row.id)).toBe(3);
      expect((await loadSegmentFriends(store.db, A)).map((f) => [f.lineUserId, f.tags])).toEqual([
        [uid(9), ['tag_vip']], [uid(3), []], [uid(1), ['tag_vip']],
      ]);
    });
  });
}
