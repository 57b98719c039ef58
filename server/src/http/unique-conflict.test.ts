/**
 * The one place a unique key's refusal becomes an answer (app.ts onError): whatever route a race
 * reaches a key through, the caller gets 409 naming the field — never a 500, never the value that
 * collided — on both engines, whose errors look nothing alike. The routes here write without the
 * check a service would make, which is what a request that lost a race amounts to.
 */
import { expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
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
