/**
 * `npm run server` as an operator runs it, in a process of its own: SIGTERM (what a deploy or
 * `docker stop` sends) stops taking requests at once, lets the request in flight finish, and the
 * process exits 0 — a friend import streaming when the signal came is not cut off.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = join(process.cwd(), 'server', 'src', 'main.ts');
const ADMIN = 'graceful-admin-token-0123456789';
const line = (i: number) => JSON.stringify({ lineUserId: `U${String(i).padStart(32, '0')}`, displayName: `Friend ${i}`, addedAt: '2026-11-01T00:00:00Z' }) + '\n';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const START_LIMIT_MS = 120_000;

/** Starts the server on a free port over a fresh SQLite file; resolves with its origin. */
function startServer(env: Record<string, string> = {}): Promise<{ child: ChildProcess; origin: string; output: () => string; exit: Promise<number | null> }> {
  const dir = mkdtempSync(join(tmpdir(), 'lumo-stop-'));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env, PORT: '0', HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'lumo.sqlite')}`, LUMO_DATA_DIR: dir,
      LUMO_ADMIN_TOKEN: ADMIN, LUMO_LOG_LEVEL: 'info', LUMO_DEMO: '0', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    // tsx compiles the server on start: 8–16 s on this 2-core machine under load 13, past 30 s under
    // load 18 (CI's Node 24 pass ran then, and both cases failed here with nothing printed yet).
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${out}`)), START_LIMIT_MS);
    const check = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) { clearTimeout(timer); child.stdout!.off('data', check); resolve({ child, origin: m[1], output: () => out, exit }); }
    };
    child.stdout!.on('data', check);
    exit.then((code) => reject(new Error(`the server exited (${code}) before listening:\n${out}`)));
  });
}

describe('stopping the server (SIGTERM)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => { if (child && child.exitCode === null) child.kill('SIGKILL'); });

  it('refuses new connections, finishes the import in flight, and exits 0', async () => {
    const server = await startServer();
    child = server.child;
    const created = await fetch(`${server.origin}/v1/accounts`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: '@stop', name: 'Stop' }),
    });
    expect(created.status).toBe(201);

    // An import whose body arrives slowly: 40 lines, one every 50 ms; SIGTERM after the fifth.
    const answer = new Promise<{ status: number; body: any }>((resolve, reject) => {
      const req = request(`${server.origin}/v1/accounts/@stop/friends/import`, {
        method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson' },
      }, (res) => {
        let text = '';
        res.on('data', (d) => { text += d; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
      });
      req.on('error', reject);
      void (async () => {
        for (let i = 1; i <= 40; i++) {
          req.write(line(i));
          if (i === 5) child!.kill('SIGTERM');
          await sleep(50);
        }
        req.end();
      })();
    });

    await expect.poll(server.output, { timeout: 10_000 }).toMatch(/stopping: no new requests/);
    // A new connection is refused while the import is still streaming (ECONNRESET when it reached
    // the listen backlog just before the listener closed, ECONNREFUSED after).
    await expect(new Promise((resolve, reject) => {
      request(`${server.origin}/v1/health`, { agent: false }, resolve).on('error', reject).end();
    })).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNREFUSED|ECONNRESET)$/) });
    const done = await answer;
    expect(done).toMatchObject({ status: 200, body: { imported: 40, updated: 0 } });
    expect(await server.exit).toBe(0);
    expect(server.output()).toMatch(/stopping: no new requests/);
    expect(server.output()).toMatch(/\bstopped\b/);
  }, START_LIMIT_MS + 60_000);

  it('stops waiting for a request that outlasts the grace period, and still exits 0', async () => {
    const server = await startServer({ LUMO_SHUTDOWN_GRACE_SECONDS: '1' });
    child = server.child;
    await fetch(`${server.origin}/v1/accounts`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: '@slow', name: 'Slow' }),
    });
    // A client that sends one line and then nothing more.
    const req = request(`${server.origin}/v1/accounts/@slow/friends/import`, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/x-ndjson' },
    });
    const closed = new Promise<void>((resolve) => {
      req.on('error', () => resolve());
      req.on('response', (res) => { res.on('error', () => resolve()); res.resume(); res.on('end', () => resolve()); });
    });
    req.write(line(1));
    await sleep(300);
    const started = Date.now();
    child.kill('SIGTERM');
    expect(await server.exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(8_000);
    await closed;
    expect(server.output()).toMatch(/requests still running after the grace period/);
  }, START_LIMIT_MS + 60_000);
});
