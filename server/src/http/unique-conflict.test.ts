/**
 * The one place a unique key's refusal becomes an answer (app.ts onError): whatever route a race
 * reaches a key through, the caller gets 409 naming the field — never a 500, never the value that
 * collided — on both engines, whose errors look nothing alike. The routes here write without the
 * check a service would make, which is what a request that lost a race amounts to.
 */
import { expect, it } from 'vitest';
import { forEachStore, forPostgres } from '../../test/stores';
import { useTestApp } from '../../test/app';
import { createApp } from '../app';
import { defineRoutes } from './router';

forEachStore('a unique key refusing a write', (ctx) => {
  const t = useTestApp(ctx);
  const app = () => createApp(t.deps, { extraRoutes: [defineRoutes((r) => {
    const write = (path: string, insert: (trx: typeof ctx.store.db) => Promise<unknown>) => r.add({
      method: 'post', path, permission: 'public', summary: 'Writes a row the store may refuse', responses: { 204: { description: 'written' } },
    }, async (c) => {
      await ctx.store.db.transaction().execute(insert);
      return c.body(null, 204);
    });
    write('/v1/test/member', (trx) => trx.insertInto('members')
      .values({ id: `mem_${Math.random()}`, email: 'taken@example.com', name: 'A', password_hash: 'x', created_at: 0 }).execute());
    write('/v1/test/tag', (trx) => trx.insertInto('tags')
      .values({ account_id: '@acct', id: `tag_${Math.random()}`, name: 'VIP', created_at: 0 }).execute());
    write('/v1/test/friend-tag', (trx) => trx.insertInto('friend_tags')
      .values({ account_id: '@acct', friend_id: 1, tag_id: 'tag_1' }).execute());
  })] }).app;
  const post = async (path: string) => {
    const res = await app().request(path, { method: 'POST' });
    return { status: res.status, body: await res.json().catch(() => null) as any };
  };

  it('a key of one column besides the account: 409 naming it in camelCase, without the value', async () => {
    expect((await post('/v1/test/member')).status).toBe(204);
    const again = await post('/v1/test/member');
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'conflict', reason: 'duplicate', field: 'email',
      message: 'Another request saved the same email at the same moment, and email must be unique. Reload, then try again or choose another.',
      issues: [{ path: 'email', message: expect.any(String) }],
    });
    expect(JSON.stringify(again.body)).not.toContain('taken@example.com');

    expect((await post('/v1/test/tag')).status).toBe(204);
    expect((await post('/v1/test/tag')).body.error).toMatchObject({ code: 'conflict', field: 'name' });
    const warned = t.logger.entries.filter((e) => e.msg === 'unique key refused a concurrent write');
    expect(warned.at(-1)?.fields).toMatchObject({ table: 'tags', columns: ['account_id', 'name'] });
  });

  it('a key of several columns: 409 without a field', async () => {
    expect((await post('/v1/test/friend-tag')).status).toBe(204);
    const again = await post('/v1/test/friend-tag');
    expect(again.status).toBe(409);
    expect(again.body.error).toEqual({ code: 'conflict', reason: 'duplicate', message: 'Another request made the same change at the same moment. Reload, then try again.' });
  });
});

forPostgres('a transaction PostgreSQL ends for a concurrent one', (ctx) => {
  const t = useTestApp(ctx);
  it('a deadlock\'s victim answers 409 concurrent_change, and its writes are gone', async () => {
    await ctx.store.db.insertInto('tags').values([
      { account_id: '@deadlock', id: 'tag_a', name: 'A', created_at: 0 }, { account_id: '@deadlock', id: 'tag_b', name: 'B', created_at: 0 },
    ]).execute();
    // Each request locks one tag, waits until the other has locked the other, then wants it.
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((r) => { release = r; });
    const { app } = createApp(t.deps, { extraRoutes: [defineRoutes((r) => r.add({
      method: 'post', path: '/v1/test/lock/:first/:second', permission: 'public', summary: 'Locks two tags in the order given', responses: { 204: { description: 'done' } },
    }, async (c, { params }) => {
      await ctx.store.db.transaction().execute(async (trx) => {
        const rename = (id: string) => trx.updateTable('tags').set({ name: `${id} by ${params.first}` }).where('account_id', '=', '@deadlock').where('id', '=', id).execute();
        await rename(params.first);
        if (++arrived === 2) release();
        await bothLocked;
        await rename(params.second);
      });
      return c.body(null, 204);
    }))] });
    const answers = await Promise.all([app.request('/v1/test/lock/tag_a/tag_b', { method: 'POST' }), app.request('/v1/test/lock/tag_b/tag_a', { method: 'POST' })]);
    expect(answers.map((a) => a.status).sort()).toEqual([204, 409]);
    const lost = answers.find((a) => a.status === 409)!;
    expect((await lost.json()).error).toMatchObject({ code: 'conflict', reason: 'concurrent_change' });
    const won = answers.findIndex((a) => a.status === 204) === 0 ? 'tag_a' : 'tag_b';
    const names = await ctx.store.db.selectFrom('tags').select(['id', 'name']).where('account_id', '=', '@deadlock').orderBy('id').execute();
    expect(names).toEqual([{ id: 'tag_a', name: `tag_a by ${won}` }, { id: 'tag_b', name: `tag_b by ${won}` }]);
  });
});
