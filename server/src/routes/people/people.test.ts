/**
 * People (DESIGN.md, "People and roles"): invites, sign-in and its throttling, sessions, members,
 * roles, /v1/me — on SQLite and PostgreSQL, through the HTTP API.
 */
import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';

const PASSWORD = 'correct horse battery';

forEachStore('people', (ctx) => {
  const t = useTestApp(ctx);
  const invite = (email: string, accounts: { id: string; role: string }[], token?: string) =>
    t.json('POST', '/v1/invites', { token, json: { email, accounts } });
  const accept = (code: string, password = PASSWORD, name = 'Aoi Tanaka') =>
    t.json('POST', '/v1/invites/accept', { token: null, json: { code, name, password } });
  const signIn = (email: string, password: string) => t.json('POST', '/v1/sessions', { token: null, json: { email, password } });

  describe('invites', () => {
    it('an invited person becomes a member with the role, signed in, and sees the account with it', async () => {
      const a = await t.account({ name: 'Shop A' });
      const inv = await invite('Aoi@Example.com', [{ id: a.id, role: 'operator' }]);
      expect(inv.status).toBe(201);
      expect(inv.body).toEqual({ code: expect.stringMatching(/^inv_/), expiresAt: new Date(t.clock.now() + 24 * 3600_000).toISOString() });

      const joined = await accept(inv.body.code);
      expect(joined.status).toBe(201);
      expect(joined.body.member).toEqual({ id: expect.stringMatching(/^mem_/), email: 'aoi@example.com', name: 'Aoi Tanaka' });
      expect(joined.body.token).toMatch(/^lumos_/);
      const token = joined.body.token;

      const me = await t.json('GET', '/v1/me', { token });
      expect(me.body).toEqual({ member: joined.body.member, accounts: [{ id: a.id, name: 'Shop A', timezone: 'Asia/Tokyo', role: 'operator' }] });
      expect((await t.json('GET', '/v1/accounts', { token })).body.items).toEqual(me.body.accounts);
      expect((await t.json('GET', `${a.base}/segments`, { token })).status).toBe(200);
      expect((await t.json('PUT', `${a.base}/integrations/klaviyo`, { token, json: { apiKey: 'x' } })).status).toBe(403);
    });

    it('is single use, and unknown, used and expired codes say which, naming the field', async () => {
      const a = await t.account();
      const inv = await invite('once@example.com', [{ id: a.id, role: 'admin' }]);
      expect((await accept(inv.body.code)).status).toBe(201);
      const again = await accept(inv.body.code);
      expect(again.status).toBe(400);
      expect(again.body.error).toMatchObject({ code: 'invite_used', issues: [{ path: 'code', message: expect.any(String) }] });
      const unknown = await accept('inv_nope');
      expect(unknown.body.error.code).toBe('invite_unknown');

      const late = await invite('late@example.com', [{ id: a.id, role: 'admin' }]);
      t.clock.advance(24 * 3600_000 + 1);
      const expired = await accept(late.body.code);
      expect(expired.status).toBe(400);
      expect(expired.body.error.code).toBe('invite_expired');
      expect((await signIn('late@example.com', PASSWORD)).status).toBe(401);
    });

    it('refuses a short password, a role not in the list and an account named twice', async () => {
      const a = await t.account();
      const inv = await invite('short@example.com', [{ id: a.id, role: 'admin' }]);
      const short = await accept(inv.body.code, 'nine char');
      expect(short.status).toBe(400);
      expect(short.body.error.issues).toEqual([{ path: 'password', message: 'The password must have at least 10 characters.' }]);
      expect((await accept(inv.body.code)).status).toBe(201); // the failed attempt did not use it up

      const role = await invite('x@example.com', [{ id: a.id, role: 'owner' }]);
      expect(role.status).toBe(400);
      expect(role.body.error.issues).toEqual([{ path: 'accounts.0.role', message: expect.stringContaining('admin, operator, operator_no_broadcast, operator_no_analytics') }]);
      const twice = await invite('x@example.com', [{ id: a.id, role: 'admin' }, { id: a.id, role: 'operator' }]);
      expect(twice.body.error.issues).toEqual([{ path: 'accounts.1.id', message: expect.stringContaining('twice') }]);
      const email = await invite('not-an-email', [{ id: a.id, role: 'admin' }]);
      expect(email.body.error.issues[0].path).toBe('email');
    });

    it('an existing member adds the accounts with their own password, and only with it', async () => {
      const a = await t.account();
      const b = await t.account({ name: 'Shop B' });
      const m = await t.member([{ id: a.id, role: 'admin' }]);
      const inv = await invite(m.email, [{ id: b.id, role: 'operator_no_broadcast' }]);
      const wrong = await accept(inv.body.code, 'someone elses password');
      expect(wrong.status).toBe(401);
      expect(wrong.body.error.code).toBe('invalid_credentials');
      const right = await accept(inv.body.code, m.password, 'Another Name');
      expect(right.status).toBe(201);
      expect(right.body.member).toMatchObject({ id: m.memberId, name: 'Aoi Tanaka' });
      const me = await t.json('GET', '/v1/me', { token: m.token });
      expect(me.body.accounts.map((x: { id: string; role: string }) => [x.id, x.role]).sort()).toEqual([[a.id, 'admin'], [b.id, 'operator_no_broadcast']].sort());
    });

    it('a member invites only to accounts they are admin of: 404 for one they do not see, 403 for one they are not admin of', async () => {
      const a = await t.account();
      const b = await t.account();
      const c = await t.account();
      const m = await t.member([{ id: a.id, role: 'admin' }, { id: b.id, role: 'operator' }]);
      expect((await invite('n1@example.com', [{ id: a.id, role: 'operator' }], m.token)).status).toBe(201);
      const notAdmin = await invite('n2@example.com', [{ id: a.id, role: 'operator' }, { id: b.id, role: 'operator' }], m.token);
      expect(notAdmin.status).toBe(403);
      expect(notAdmin.body.error.code).toBe('forbidden');
      expect((await invite('n3@example.com', [{ id: c.id, role: 'operator' }], m.token)).status).toBe(404);
      expect((await invite('n4@example.com', [{ id: '@nobody', role: 'operator' }])).status).toBe(404);
      const operatorToken = await t.accountToken(a.id, 'operator');
      expect((await invite('n5@example.com', [{ id: a.id, role: 'operator' }], operatorToken)).status).toBe(403);
    });
  });

  describe('signing in', () => {
    it('answers a wrong email and a wrong password alike, and the right one with a 30-day session', async () => {
      const a = await t.account();
      const m = await t.member([{ id: a.id, role: 'operator' }]);
      const wrongPassword = await signIn(m.email, 'not the password');
      const wrongEmail = await signIn('nobody@example.com', m.password);
      expect(wrongPassword.status).toBe(401);
      expect(wrongEmail.status).toBe(401);
      expect(wrongEmail.body).toEqual(wrongPassword.body);
      expect(wrongPassword.body.error.code).toBe('invalid_credentials');

      const ok = await signIn(m.email.toUpperCase(), m.password);
      expect(ok.status).toBe(201);
      expect(ok.body.expiresAt).toBe(new Date(t.clock.now() + 30 * 86_400_000).toISOString());
      expect((await t.json('GET', '/v1/me', { token: ok.body.token })).status).toBe(200);
    });

    it('after 5 failures in 15 minutes answers 429 with Retry-After even for the right password, also after a restart, until the window passes', async () => {
      const a = await t.account();
      const m = await t.member([{ id: a.id, role: 'operator' }]);
      for (let i = 0; i < 5; i++) {
        expect((await signIn(m.email, `wrong password ${i}`)).status).toBe(401);
        t.clock.advance(60_000);
      }
      const locked = await signIn(m.email, m.password);
      expect(locked.status).toBe(429);
      expect(locked.body.error.code).toBe('too_many_attempts');
      // The first failure leaves the window 15 minutes after it: 10 minutes from now.
      expect(locked.headers.get('retry-after')).toBe(String(10 * 60));

      // A restart: a new app over a reopened store remembers the failures.
      const restarted = await restartedApp();
      try {
        const r = await restarted.json('POST', '/v1/sessions', { token: null, json: { email: m.email, password: m.password } });
        expect(r.status).toBe(429);
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      } finally {
        await restarted.close();
      }

      t.clock.advance(10 * 60_000 + 1);
      expect((await signIn(m.email, m.password)).status).toBe(201);
    });

    it('signing out stops the session at once; an unused session ends after 30 days, a used one is renewed', async () => {
      const a = await t.account();
      const m = await t.member([{ id: a.id, role: 'operator' }]);
      const out = await t.json('DELETE', '/v1/sessions/current', { token: m.token });
      expect(out.status).toBe(204);
      expect((await t.json('GET', '/v1/me', { token: m.token })).status).toBe(401);

      const s = await signIn(m.email, m.password);
      t.clock.advance(20 * 86_400_000);
      expect((await t.json('GET', `${a.base}/segments`, { token: s.body.token })).status).toBe(200);
      t.clock.advance(20 * 86_400_000); // 40 days after signing in, 20 after the last use
      expect((await t.json('GET', `${a.base}/segments`, { token: s.body.token })).status).toBe(200);
      t.clock.advance(30 * 86_400_000 + 1);
      expect((await t.json('GET', `${a.base}/segments`, { token: s.body.token })).status).toBe(401);
    });

    it('a member session is not a token for admin-only routes, and tokens cannot use member routes', async () => {
      const a = await t.account();
      const m = await t.member([{ id: a.id, role: 'admin' }]);
      expect((await t.json('POST', '/v1/accounts', { token: m.token, json: { id: '@nope', name: 'N' } })).status).toBe(403);
      expect((await t.json('GET', '/v1/me', { token: a.token })).status).toBe(403);
      expect((await t.json('GET', '/v1/me')).status).toBe(403);
    });
  });

  describe('members and roles', () => {
    it('lists members, changes a role, removes a member (their next request answers 404), and never demotes or removes the last admin', async () => {
      const a = await t.account();
      const admin = await t.member([{ id: a.id, role: 'admin' }], { name: 'Admin' });
      const op = await t.member([{ id: a.id, role: 'operator' }], { name: 'Op' });

      const list = await t.json('GET', `${a.base}/members`, { token: op.token });
      expect(list.status).toBe(200);
      expect(list.body.items.map((x: { member: { id: string }; role: string }) => [x.member.id, x.role]).sort())
        .toEqual([[admin.memberId, 'admin'], [op.memberId, 'operator']].sort());

      const demoteLast = await t.json('PUT', `${a.base}/members/${admin.memberId}`, { token: admin.token, json: { role: 'operator' } });
      expect(demoteLast.status).toBe(409);
      expect(demoteLast.body.error.code).toBe('conflict');
      expect((await t.json('DELETE', `${a.base}/members/${admin.memberId}`, { token: admin.token })).status).toBe(409);

      expect((await t.json('PUT', `${a.base}/members/${admin.memberId}`, { token: op.token, json: { role: 'operator' } })).status).toBe(403);
      const promote = await t.json('PUT', `${a.base}/members/${op.memberId}`, { token: admin.token, json: { role: 'admin' } });
      expect(promote.body).toMatchObject({ member: { id: op.memberId }, role: 'admin' });
      expect((await t.json('PUT', `${a.base}/members/${admin.memberId}`, { token: op.token, json: { role: 'operator_no_analytics' } })).status).toBe(200);

      expect((await t.json('DELETE', `${a.base}/members/${admin.memberId}`, { token: op.token })).status).toBe(204);
      expect((await t.json('GET', `${a.base}/segments`, { token: admin.token })).status).toBe(404);
      expect((await t.json('GET', '/v1/me', { token: admin.token })).body.accounts).toEqual([]);
    });

    it('refuses a role not in the list and a member who is not in the account', async () => {
      const a = await t.account();
      const admin = await t.member([{ id: a.id, role: 'admin' }]);
      const bad = await t.json('PUT', `${a.base}/members/${admin.memberId}`, { token: admin.token, json: { role: 'superuser' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.issues[0].path).toBe('role');
      expect((await t.json('PUT', `${a.base}/members/mem_nobody`, { token: admin.token, json: { role: 'operator' } })).status).toBe(404);
    });

    it('a member of account A gets 404 for account B, as for one that does not exist', async () => {
      const a = await t.account();
      const b = await t.account();
      const m = await t.member([{ id: a.id, role: 'admin' }]);
      const other = await t.json('GET', `${b.base}/segments`, { token: m.token });
      const none = await t.json('GET', '/v1/accounts/@nobody/segments', { token: m.token });
      expect(other.status).toBe(404);
      expect(none.status).toBe(404);
    });
  });

  it('never answers or logs a password, a password hash, a session token or an invite code except where it is created', async () => {
    const a = await t.account();
    const inv = await invite('secret@example.com', [{ id: a.id, role: 'admin' }]);
    const joined = await accept(inv.body.code, 'my very secret password');
    const s = await signIn('secret@example.com', 'my very secret password');
    await signIn('secret@example.com', 'a wrong secret password');
    const row = await ctx.store.db.selectFrom('members').select('password_hash').where('email', '=', 'secret@example.com').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$15\$8\$1\$/);
    const sessions = await ctx.store.db.selectFrom('sessions').select('token_hash').execute();
    expect(sessions.map((x) => x.token_hash)).not.toContain(s.body.token);
    const answers = JSON.stringify([
      await t.json('GET', '/v1/me', { token: s.body.token }), await t.json('GET', `${a.base}/members`, { token: s.body.token }),
      await t.json('GET', `${a.base}/activity`, { token: s.body.token }),
    ].map((r) => r.body));
    const log = t.logger.text();
    for (const secret of ['my very secret password', 'a wrong secret password', row.password_hash, joined.body.token, s.body.token, inv.body.code]) {
      expect(answers).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  });

  /** A second app over the same database, opened anew: a restart, or a second instance. */
  async function restartedApp() {
    const { openStore } = await import('../../store/db');
    const { createApp } = await import('../../app');
    const store = await openStore(ctx.url);
    const deps = { ...t.deps, store };
    const { app } = createApp(deps);
    return {
      json: async (method: string, path: string, o: { token?: string | null; json?: unknown } = {}) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (o.token) headers.authorization = `Bearer ${o.token}`;
        const res = await app.request(path, { method, headers, body: o.json === undefined ? undefined : JSON.stringify(o.json) });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
      },
      close: () => store.close(),
    };
  }
});
