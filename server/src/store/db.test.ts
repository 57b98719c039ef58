import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { openStore } from './db';

forEachStore('store', (ctx) => {
  it('runs the migrations and keeps a friend with a 64-bit timestamp as a number', async () => {
    const { db } = ctx.store;
    await db.insertInto('accounts').values({ id: '@a', name: 'A', timezone: 'Asia/Tokyo', created_at: 1 }).execute();
    await db.insertInto('friends').values({
      account_id: '@a', id: 1, line_user_id: 'U' + '0'.repeat(32), display_name: 'Aoi', picture_url: null,
      added_at: 1_767_225_600_000, blocked_at: null, last_event_at: null, updated_at: 1,
    }).execute();
    const f = await db.selectFrom('friends').selectAll().executeTakeFirstOrThrow();
    expect(f.added_at).toBe(1_767_225_600_000);
  });
});

describe('SQLite store files', () => {
  it('creates the data folder 0700 and the database, its WAL and shared-memory files 0600: friends\' personal data, for the server\'s user alone', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lumo-perm-')), 'data');
    const file = join(dir, 'lumo.sqlite');
    const store = await openStore(`sqlite:${file}`);
    try {
      await store.db.insertInto('accounts').values({ id: '@a', name: 'A', timezone: 'Asia/Tokyo', created_at: 1 }).execute();
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect({ f, mode: statSync(f).mode & 0o777 }).toEqual({ f, mode: 0o600 });
    } finally {
      await store.close();
    }
  });
});
