/**
 * The friends repository's bulk path (COPY on PostgreSQL, json_each on SQLite) keeps every
 * character a friend's fields hold, and numbers new friends after the account's others.
 */
import { expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { getFriend, upsertFriends } from './friends';

const A = '@copy';
const uid = (n: number) => `U${n.toString(16).padStart(32, '0')}`;
// What COPY's text format gives a meaning to: tab, newline, carriage return, backslash, \N (NULL).
const AWKWARD = ['tab\there', 'line\nbreak', 'carriage\rreturn', 'back\\slash', '\\N', '\\', 'a\\tb', '', '絵文字 🍣'];

forEachStore('friends repository', (ctx) => {
  it('keeps names, tags, lists and properties with tabs, newlines, backslashes and "\\N" exactly as given', async () => {
    await ctx.store.db.insertInto('accounts').values({ id: A, name: A, timezone: 'Asia/Tokyo', created_at: 1 }).execute();
    const friends = AWKWARD.map((s, i) => ({
      lineUserId: uid(i + 1), displayName: s, pictureUrl: null, addedAt: i, blockedAt: null,
      tagNames: [`tag ${s}`],
      shopify: { customerId: `c${s}`, tags: [s || 'x'], purchaseCount: i, lastPurchaseAt: null, abandonedCart: false },
      hubspot: { recordId: `h${s}`, lists: [`l${s}`], properties: { [`k${s}`]: s } },
      klaviyo: null,
    }));
    await upsertFriends(ctx.store, A, friends, { now: 1 });
    for (const [i, s] of AWKWARD.entries()) {
      expect(await getFriend(ctx.store.db, A, uid(i + 1))).toMatchObject({
        displayName: s, pictureUrl: null, tags: [{ name: `tag ${s}` }],
        shopify: { customerId: `c${s}`, tags: [s || 'x'], purchaseCount: i, lastPurchaseAt: null },
        hubspot: { recordId: `h${s}`, lists: [`l${s}`], properties: { [`k${s}`]: s } }, klaviyo: null,
      });
    }
  });

  // Within one batch, new friends are numbered in LINE user id order (see writeFriends: the unique
  // index on LINE user ids then fills in its own order).
  it('numbers new friends after the account\'s friends, a batch in LINE user id order, and keeps the numbers on a re-import', async () => {
    await upsertFriends(ctx.store, A, [{ lineUserId: uid(200), displayName: 'Later' }, { lineUserId: uid(100), displayName: 'Then' }], { now: 2 });
    await upsertFriends(ctx.store, A, [{ lineUserId: uid(100), displayName: 'Renamed' }, { lineUserId: uid(1), displayName: 'First again' }], { now: 3 });
    const rows = await ctx.store.db.selectFrom('friends').select(['id', 'line_user_id', 'display_name']).where('account_id', '=', A).orderBy('id').execute();
    expect(rows.map((r) => [Number(r.id), r.line_user_id, r.display_name]).slice(-3)).toEqual([
      [AWKWARD.length, uid(AWKWARD.length), '絵文字 🍣'], [AWKWARD.length + 1, uid(100), 'Renamed'], [AWKWARD.length + 2, uid(200), 'Later'],
    ]);
    expect((await getFriend(ctx.store.db, A, uid(1)))?.displayName).toBe('First again');
  });
});
