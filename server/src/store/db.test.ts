import { expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';

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
