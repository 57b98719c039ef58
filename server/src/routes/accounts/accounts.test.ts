import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { insertToken } from '../../repositories/people';
import { hashToken } from '../../http/auth';

forEachStore('accounts routes', (ctx) => {
  const t = useTestApp(ctx);

  it('lets the admin create an account, mint a token for it, and that token sees only it', async () => {
    const created = await t.json('POST', '/v1/accounts', { json: { id: '@shop_one', name: 'Shop One', timezone: 'Europe/London' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: '@shop_one', name: 'Shop One', timezone: 'Europe/London' });
    await t.json('POST', '/v1/accounts', { json: { id: '@shop_two', name: 'Shop Two' } });

    const minted = await t.json('POST', '/v1/accounts/@shop_one/tokens');
    expect(minted.status).toBe(201);
    const token = minted.body.token as string;
    expect(token).toMatch(/^lumo_/);
    expect(minted.body).toMatchObject({ id: expect.stringMatching(/^tok_/), role: 'admin', name: 'API token' });

    const mine = await t.json('GET', '/v1/accounts', { token });
    expect(mine.body.items).toEqual([{ id: '@shop_one', name: 'Shop One', timezone: 'Europe/London', role: 'admin' }]);
    const all = await t.json('GET', '/v1/accounts');
    expect(all.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining(['@shop_one', '@shop_two']));
  });

  it('defaults the time zone to Asia/Tokyo', async () => {
    const r = await t.json('POST', '/v1/accounts', { json: { id: '@tokyo', name: 'Tokyo' } });
    expect(r.body.timezone).toBe('Asia/Tokyo');
  });

  it('stores tokens hashed, never in the clear', async () => {
    const { id, token } = await t.account();
    const rows = await ctx.store.db.selectFrom('api_tokens').selectAll().where('account_id', '=', id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0].token_hash).not.toContain(token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('answers 409 for an id that is taken', async () => {
    await t.json('POST', '/v1/accounts', { json: { id: '@dup', name: 'A' } });
    const r = await t.json('POST', '/v1/accounts', { json: { id: '@dup', name: 'B' } });
    expect(r.status).toBe(409);
    expect(r.body.error.code).toBe('conflict');
  });

  describe('bad input', () => {
    it('names each wrong field', async () => {
      const r = await t.json('POST', '/v1/accounts', { json: { id: 'no-at-sign', name: '', timezone: 'Mars/Olympus' } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['id', 'name']);
    });
    it('rejects a time zone that does not exist', async () => {
      const r = await t.json('POST', '/v1/accounts', { json: { id: '@mars', name: 'Mars', timezone: 'Mars/Olympus' } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues).toEqual([{ path: 'timezone', message: expect.stringContaining('IANA') }]);
    });
    it('rejects unknown fields at their own path', async () => {
      const r = await t.json('POST', '/v1/accounts', { json: { id: '@x1', name: 'X', plan: 'gold' } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues).toEqual([{ path: 'plan', message: expect.stringContaining('Unknown field') }]);
    });
    it('answers malformed JSON with 400 invalid_json', async () => {
      const r = await t.json('POST', '/v1/accounts', { body: '{"id": "@x", ', headers: { 'content-type': 'application/json' } });
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('invalid_json');
    });
    it('answers a missing body with 400', async () => {
      const r = await t.json('POST', '/v1/accounts');
      expect(r.status).toBe(400);
    });
    it('answers wrong types with 400 and the path', async () => {
      const r = await t.json('POST', '/v1/accounts', { json: { id: 42, name: ['x'] } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['id', 'name']);
    });
    it('answers an oversized body with 413', async () => {
      const r = await t.json('POST', '/v1/accounts', { json: { id: '@big', name: 'x'.repeat(2 * 1024 * 1024) } });
      expect(r.status).toBe(413);
      expect(r.body.error.code).toBe('payload_too_large');
    });
  });

  describe('authorization', () => {
    it('answers 401 without a token, and with a wrong one', async () => {
      expect((await t.json('GET', '/v1/accounts', { token: null })).status).toBe(401);
      const wrong = await t.json('GET', '/v1/accounts', { token: 'lumo_not-a-real-token' });
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('unauthorized');
    });
    it('does not let an account token create accounts, nor a token that is not admin mint tokens', async () => {
      const { id, token } = await t.account();
      expect((await t.json('POST', '/v1/accounts', { token, json: { id: '@evil', name: 'E' } })).status).toBe(403);
      const operator = await t.accountToken(id, 'operator');
      const r = await t.json('POST', `/v1/accounts/${id}/tokens`, { token: operator });
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
      expect((await t.json('GET', `/v1/accounts/${id}/tokens`, { token: operator })).body.items).toBeUndefined();
    });
    it('answers 404 for an account the token does not see, exactly as for one that does not exist', async () => {
      const mine = await t.account();
      const other = await t.account();
      const r1 = await t.json('POST', `/v1/accounts/${other.id}/tokens`, { token: mine.token });
      const r2 = await t.json('POST', '/v1/accounts/@nobody/tokens', { token: mine.token });
      expect(r1.status).toBe(404);
      expect(r2.status).toBe(404);
      expect((await t.json('POST', '/v1/accounts/@nobody/tokens')).status).toBe(404);
    });

    // Tokens and accounts the store confirmed are remembered for a minute (server/src/http/auth.ts).
    it('never remembers a miss: a token works the moment it is stored, an account the moment it exists', async () => {
      const { id, base } = await t.account();
      const token = 'lumo_stored-a-moment-later';
      expect((await t.json('GET', `${base}/segments`, { token })).status).toBe(401);
      await insertToken(ctx.store.db, { tokenHash: hashToken(token), id: 'tok_later', accountId: id, name: 'Later', role: 'admin', createdAt: t.clock.now() });
      expect((await t.json('GET', `${base}/segments`, { token })).status).toBe(200);

      expect((await t.json('GET', '/v1/accounts/@opens_later/segments')).status).toBe(404);
      await t.json('POST', '/v1/accounts', { json: { id: '@opens_later', name: 'Later' } });
      expect((await t.json('GET', '/v1/accounts/@opens_later/segments')).status).toBe(200);
    });

    it('checks a remembered token\'s account on every request', async () => {
      const mine = await t.account();
      const other = await t.account();
      for (let i = 0; i < 3; i++) {
        expect((await t.json('GET', `${mine.base}/segments`, { token: mine.token })).status).toBe(200);
        expect((await t.json('GET', `${other.base}/segments`, { token: mine.token })).status).toBe(404);
      }
    });

    it('stops accepting a token deleted from the store by hand at once: tokens are never cached', async () => {
      const { id, base, token } = await t.account();
      expect((await t.json('GET', `${base}/segments`, { token })).status).toBe(200);
      await ctx.store.db.deleteFrom('api_tokens').where('account_id', '=', id).execute();
      expect((await t.json('GET', `${base}/segments`, { token })).status).toBe(401);
    });
  });

  describe('script tokens', () => {
    it('mints a token with a role and a name, lists it without the token, and revokes it at once', async () => {
      const { id, base } = await t.account();
      const made = await t.json('POST', `${base}/tokens`, { json: { role: 'operator_no_broadcast', name: 'Nightly import' } });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({ id: expect.stringMatching(/^tok_/), token: expect.stringMatching(/^lumo_/), role: 'operator_no_broadcast', name: 'Nightly import' });
      const token = made.body.token as string;
      expect((await t.json('GET', `${base}/segments`, { token })).status).toBe(200);
      expect((await t.json('POST', `${base}/broadcasts/test`, { token, json: {} })).status).toBe(403);

      const list = await t.json('GET', `${base}/tokens`);
      const mine = list.body.items.find((x: { id: string }) => x.id === made.body.id);
      expect(mine).toEqual({ id: made.body.id, name: 'Nightly import', role: 'operator_no_broadcast', createdAt: expect.any(String), lastUsedAt: expect.any(String) });
      expect(JSON.stringify(list.body)).not.toContain(token);

      expect((await t.json('DELETE', `${base}/tokens/${made.body.id}`)).status).toBe(204);
      expect((await t.json('GET', `${base}/segments`, { token })).status).toBe(401);
      expect((await t.json('DELETE', `${base}/tokens/${made.body.id}`)).status).toBe(404);
      void id;
    });
    it('refuses a role that is not in the list, naming the field', async () => {
      const { base } = await t.account();
      const r = await t.json('POST', `${base}/tokens`, { json: { role: 'owner' } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues).toEqual([{ path: 'role', message: expect.stringContaining('operator_no_analytics') }]);
    });
  });

  it('never logs the Authorization header or request bodies', async () => {
    const { token } = await t.account();
    await t.json('GET', '/v1/accounts', { token });
    await t.json('POST', '/v1/accounts', { json: { id: '@secretive', name: 'Very Secret Shop Name' } });
    const log = t.logger.text();
    expect(log).toContain('/v1/accounts');
    expect(log).not.toContain(token);
    expect(log).not.toContain(t.adminToken);
    expect(log).not.toContain('Very Secret Shop Name');
  });
});
