/**
 * The app under test, over a real store from forEachStore: every route suite starts here.
 *
 *   forEachStore('tags routes', (ctx) => {
 *     const t = useTestApp(ctx);
 *     it('creates a tag', async () => {
 *       const { token } = await t.account();          // a fresh account and a token for it
 *       const res = await t.request('POST', `/v1/accounts/${a}/tags`, { token, json: { name: 'VIP' } });
 *       expect(res.status).toBe(201);
 *     });
 *   });
 *
 * Answers are checked against each route's declared schemas (`checkResponses`), so a route that
 * answers outside its contract fails the test that hit it.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { beforeAll, afterAll } from 'vitest';
import { createApp } from '../src/app';
import type { AppDeps, Clock } from '../src/http/context';
import { createMemoryLogger } from '../src/http/logger';
import { createJobs } from '../src/jobs/runner';
import { createSqlEngine } from '../src/segments/engine';
import { createAccount, mintAccountToken } from '../src/services/accounts';
import type { Config } from '../src/env';
import type { StoreContext } from './stores';
import type { Role } from '../../lib/permissions';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export function testConfig(over: Partial<Config> = {}): Config {
  return {
    port: 0, host: undefined, databaseUrl: 'sqlite::memory:', dataDir: '/nonexistent',
    adminToken: TEST_ADMIN_TOKEN, adminTokenGenerated: false, secretKey: Buffer.alloc(32, 7),
    demo: false, recalcMaxAgeMinutes: 15, shutdownGraceSeconds: 25, logLevel: 'silent', logFormat: 'text',
    vendors: {
      lineApiUrl: 'http://127.0.0.1:9', lineDataApiUrl: 'http://127.0.0.1:9', shopifyApiUrl: 'http://127.0.0.1:9',
      hubspotApiUrl: 'http://127.0.0.1:9', klaviyoApiUrl: 'http://127.0.0.1:9',
    },
    agent: null, version: 'test', ...over,
  };
}

/** A clock the test moves by hand; starts at `start`. */
export function manualClock(start = Date.parse('2026-12-01T03:00:00Z')): Clock & { set(ms: number): void; advance(ms: number): void } {
  let now = start;
  return { now: () => now, set: (ms) => { now = ms; }, advance: (ms) => { now += ms; } };
}

export interface RequestOptions {
  token?: string | null;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

export interface TestApp {
  deps: AppDeps;
  app: ReturnType<typeof createApp>['app'];
  logger: ReturnType<typeof createMemoryLogger>;
  clock: ReturnType<typeof manualClock>;
  adminToken: string;
  /** Creates a fresh account (unique id) and a token that sees it. */
  account(opts?: { timezone?: string; name?: string }): Promise<{ id: string; token: string; base: string }>;
  /** A script token for the account with a role (default admin). */
  accountToken(accountId: string, role?: Role): Promise<string>;
  /**
   * A member with these roles, signed in: invited by the admin token and accepted. Each call makes
   * a new person (unique email) unless `email` names one.
   */
  member(accounts: { id: string; role: Role }[], opts?: { email?: string; name?: string; password?: string }): Promise<{ token: string; memberId: string; email: string; password: string }>;
  request(method: string, path: string, opts?: RequestOptions): Promise<Response>;
  /** request + JSON body, for brevity. */
  json<T = any>(method: string, path: string, opts?: RequestOptions): Promise<{ status: number; body: T; headers: Headers }>;
}

export function useTestApp(ctx: StoreContext, opts: { config?: Partial<Config>; clock?: ReturnType<typeof manualClock> } = {}): TestApp {
  const t = {} as TestApp;
  beforeAll(() => {
    const logger = createMemoryLogger();
    const clock = opts.clock ?? manualClock(Date.now());
    const jobs = createJobs({ store: ctx.store, clock, logger, workerId: `test-${randomBytes(3).toString('hex')}` });
    const deps: AppDeps = { store: ctx.store, config: testConfig(opts.config), engine: createSqlEngine(ctx.store), clock, logger, jobs };
    Object.assign(t, {
      deps, logger, clock, adminToken: TEST_ADMIN_TOKEN,
      app: createApp(deps, { checkResponses: true }).app,
    });
  });
  afterAll(async () => { await t.deps?.jobs.stop(); });

  t.accountToken = (accountId, role) => mintAccountToken(t.deps, accountId, { role });
  t.account = async (o = {}) => {
    const id = `@acct_${randomBytes(5).toString('hex')}`;
    await createAccount(t.deps, { id, name: o.name ?? 'Test shop', timezone: o.timezone });
    return { id, token: await t.accountToken(id), base: `/v1/accounts/${id}` };
  };
  t.member = async (accounts, o = {}) => {
    const email = o.email ?? `person_${randomBytes(5).toString('hex')}@example.com`;
    const password = o.password ?? 'correct horse battery';
    const invite = await t.json('POST', '/v1/invites', { json: { email, accounts } });
    if (invite.status !== 201) throw new Error(`invite: ${invite.status} ${JSON.stringify(invite.body)}`);
    const accepted = await t.json('POST', '/v1/invites/accept', { token: null, json: { code: invite.body.code, name: o.name ?? 'Aoi Tanaka', password } });
    if (accepted.status !== 201) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
    return { token: accepted.body.token, memberId: accepted.body.member.id, email, password };
  };
  t.request = (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? TEST_ADMIN_TOKEN : o.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] ??= 'application/json';
    }
    const init: RequestInit & { duplex?: 'half' } = { method, headers, body };
    if (body instanceof ReadableStream) init.duplex = 'half';
    return Promise.resolve(t.app.request(path, init));
  };
  t.json = async (method, path, o) => {
    const res = await t.request(method, path, o);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return t;
}

/**
 * The test app behind a real HTTP server on 127.0.0.1 (port 0), for suites that need sockets:
 * streaming bodies, timeouts, concurrent traffic. Started before the suite's tests, closed after.
 * `json` is `t.json` over that socket (token: the admin token unless given; null for none), so
 * requests fired together really are in flight together.
 */
export function serveOverHttp(t: TestApp): { readonly origin: string; json: TestApp['json'] } {
  let server: ServerType;
  let origin = '';
  beforeAll(async () => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const json: TestApp['json'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? TEST_ADMIN_TOKEN : o.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (o.json !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${origin}${path}`, { method, headers, body: o.json !== undefined ? JSON.stringify(o.json) : o.body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return { get origin() { return origin; }, json };
}
