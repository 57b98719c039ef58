/**
 * DESIGN.md's role table, enforced route by route. The routes come from the app's registry and
 * the expectations from lib/permissions.ts, so a route added later is covered without touching this
 * file — and one that declares no permission fails here.
 */
import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { useTestApp } from '../../test/app';
import { createApp } from '../app';
import {
  PERMISSIONS, ROLES, isAccountPermission, rolesThatMay, type Permission, type Role,
} from '../../../lib/permissions';

const FAKE_ID = 'U0123456789abcdef0123456789abcdef';

forEachStore('permissions', (ctx) => {
  const t = useTestApp(ctx);

  /** For each role, a script token and a signed-in member with that role on the account. */
  async function callersOf(accountId: string): Promise<{ role: Role; kind: 'token' | 'member'; token: string }[]> {
    const out: { role: Role; kind: 'token' | 'member'; token: string }[] = [];
    // The member roles are given in one go: an admin first, so the others never demote the last one.
    for (const role of ROLES) {
      out.push({ role, kind: 'token', token: await t.accountToken(accountId, role) });
      out.push({ role, kind: 'member', token: (await t.member([{ id: accountId, role }])).token });
    }
    return out;
  }

  it('every route in /v1/openapi.json declares a known permission, and an account route\'s roles are the table\'s', async () => {
    const { body: doc } = await t.json('GET', '/v1/openapi.json', { token: null });
    const missing: string[] = [];
    let n = 0;
    for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
      for (const [method, op] of Object.entries(ops)) {
        n++;
        const p = op['x-lumo-permission'] as Permission | undefined;
        if (!p || !PERMISSIONS.includes(p)) { missing.push(`${method.toUpperCase()} ${path}`); continue; }
        expect(op.description, `${method} ${path}`).toContain(`Permission \`${p}\``);
        if (isAccountPermission(p)) {
          expect(op['x-lumo-roles'], `${method} ${path}`).toEqual(rolesThatMay(p));
          expect(path, 'an account permission needs an account in the path').toMatch(/^\/v1\/accounts\/\{a\}\//);
        } else if (path.startsWith('/v1/accounts/{a}/')) {
          missing.push(`${method.toUpperCase()} ${path} is in an account but declares "${p}"`);
        }
      }
    }
    expect(n).toBeGreaterThan(30);
    expect(missing).toEqual([]);
  });

  it('the registrar refuses a route without a permission', () => {
    const bad = () => createApp(t.deps, { extraRoutes: [(r) => r.add({ method: 'get', path: '/v1/nothing', summary: 'x', responses: {} } as never, (c) => c.body(null))] });
    expect(bad).toThrow(/declares no permission/);
  });

  it('each role gets 403 forbidden exactly where the table says, on every account route, and the 403 changes nothing', async () => {
    const { id, base } = await t.account();
    const callers = await callersOf(id);
    const { routes } = createApp(t.deps);
    const wrong: string[] = [];
    const activityBefore = await ctx.store.db.selectFrom('activity').select('id').where('account_id', '=', id).execute();
    let checked = 0;
    for (const { spec } of routes) {
      if (!isAccountPermission(spec.permission)) continue;
      const allowed = rolesThatMay(spec.permission);
      for (const { role, kind, token } of callers) {
        if (allowed.includes(role)) continue;
        const path = spec.path.replace(':a', id).replace(/:[A-Za-z]+/g, FAKE_ID);
        const res = await t.json(spec.method.toUpperCase(), path, { token, json: spec.method === 'get' || spec.method === 'delete' ? undefined : {} });
        checked++;
        if (res.status !== 403 || res.body?.error?.code !== 'forbidden') wrong.push(`${kind} ${role} ${spec.method.toUpperCase()} ${spec.path} → ${res.status}, expected 403`);
        else if (!String(res.body.error.message).includes(role)) wrong.push(`${role} ${spec.path}: the 403 does not name the caller's role`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(0);
    const activityAfter = await ctx.store.db.selectFrom('activity').select('id').where('account_id', '=', id).execute();
    expect(activityAfter.length).toBe(activityBefore.length);
    void base;
  }, 120_000);

  it('each role the table allows gets past the permission check (anything but 403) on every account route', async () => {
    const { id } = await t.account();
    const callers = await callersOf(id);
    const { routes } = createApp(t.deps);
    const wrong: string[] = [];
    for (const { spec } of routes) {
      if (!isAccountPermission(spec.permission)) continue;
      const allowed = rolesThatMay(spec.permission);
      for (const { role, kind, token } of callers) {
        if (!allowed.includes(role)) continue;
        const path = spec.path.replace(':a', id).replace(/:[A-Za-z]+/g, FAKE_ID);
        // An empty object: the allowed role is past the role check and meets validation (400), a
        // missing resource (404) or does the harmless thing the route does with nothing.
        const res = await t.json(spec.method.toUpperCase(), path, { token, json: spec.method === 'get' || spec.method === 'delete' ? undefined : {} });
        if (res.status === 403 || res.status === 401 || res.status >= 500) wrong.push(`${kind} ${role} ${spec.method.toUpperCase()} ${spec.path} → ${res.status} ${JSON.stringify(res.body?.error)}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  describe('routes outside an account', () => {
    it('admin_token routes refuse every script token with 403 and take the admin token', async () => {
      const { id } = await t.account();
      const { routes } = createApp(t.deps);
      const adminOnly = routes.filter((r) => r.spec.permission === 'admin_token');
      expect(adminOnly.length).toBeGreaterThan(0);
      for (const { spec } of adminOnly) {
        for (const role of ROLES) {
          const res = await t.json(spec.method.toUpperCase(), spec.path, { token: await t.accountToken(id, role), json: spec.method === 'get' ? undefined : {} });
          expect(res.status, `${role} ${spec.path}`).toBe(403);
        }
        const admin = await t.json(spec.method.toUpperCase(), spec.path, { json: spec.method === 'get' ? undefined : {} });
        expect([401, 403]).not.toContain(admin.status);
      }
    });

    it('signed_in routes take any valid token and refuse none', async () => {
      const { id } = await t.account();
      const { routes } = createApp(t.deps);
      for (const { spec } of routes.filter((r) => r.spec.permission === 'signed_in' && r.spec.method === 'get')) {
        expect((await t.json('GET', spec.path, { token: null })).status).toBe(401);
        for (const role of ROLES) expect((await t.json('GET', spec.path, { token: await t.accountToken(id, role) })).status).toBe(200);
      }
    });

    it('public routes need no token', async () => {
      const { routes } = createApp(t.deps);
      for (const { spec } of routes.filter((r) => r.spec.permission === 'public' && r.spec.method === 'get')) {
        expect((await t.json('GET', spec.path, { token: null })).status, spec.path).not.toBe(401);
      }
    });
  });

  it('the 403 names the role needed, and a role that may not never reaches the handler', async () => {
    const { id, base } = await t.account();
    const token = await t.accountToken(id, 'operator');
    const res = await t.json('PUT', `${base}/integrations/klaviyo`, { token, json: { apiKey: 'pk_x', linkField: 'external_id' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', role: 'operator', permission: 'manage' });
    expect(res.body.error.message).toContain('you need the role admin');
  });
});
