/**
 * The real sync API as a child process (`tsx server/src/main.ts`) on a fresh SQLite database in a
 * temp folder, pointed at the fake LINE API. It can be stopped and started again over the same
 * data, for the "sync API down" scenario.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');
export const E2E_ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export interface SyncApi {
  url: string;
  adminToken: string;
  output(): string;
  /** Kills the API (SIGKILL): the marketer's network to it is gone. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
  /** Suspends it (SIGSTOP): requests are accepted by the kernel and hang unanswered. */
  freeze(): void;
  /** Resumes a frozen API; it then answers what it was sent meanwhile. */
  thaw(): void;
  dispose(): Promise<void>;
  /**
   * Moves the API's clock forward by `ms` (started with `{ clock: true }`; ./server-clock.ts) and
   * resolves once it has jumped.
   */
  advanceClock(ms: number): Promise<void>;
  /** Calls the API with a token (admin by default) and answers the parsed JSON body. */
  call<T = any>(method: string, path: string, body?: unknown, opts?: { token?: string; headers?: Record<string, string>; raw?: string | Uint8Array }): Promise<{ status: number; body: T }>;
}

export async function startSyncApi(env: Record<string, string> = {}, opts: { clock?: boolean } = {}): Promise<SyncApi> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lumo-e2e-api-'));
  const clockFile = join(dataDir, 'clock-offset');
  let clockOffset = 0;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  let out = '';

  const start = async () => {
    if (child && child.exitCode === null) return; // already up
    // One process, tsx as a loader: the tsx CLI would run the server in a child of its own, which
    // SIGKILL leaves running (the "API down" scenario would then talk to a live API).
    const clock = opts.clock ? ['--import', join(ROOT, 'tests/e2e/support/server-clock.ts')] : [];
    child = spawn(process.execPath, ['--import', 'tsx', ...clock, join(ROOT, 'server/src/main.ts')], {
      cwd: ROOT,
      env: {
        ...process.env,
        PORT: String(port), HOST: '127.0.0.1',
        DATABASE_URL: `sqlite:${join(dataDir, 'lumo.sqlite')}`,
        LUMO_DATA_DIR: dataDir,
        LUMO_ADMIN_TOKEN: E2E_ADMIN_TOKEN,
        LUMO_LOG_LEVEL: 'warn',
        ...(opts.clock ? { LUMO_E2E_CLOCK_FILE: clockFile } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d) => { out += d; });
    child.stderr!.on('data', (d) => { out += d; });
    // Two cores shared by every test run: a cold start (tsx compiling the server) has taken over 60 s.
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`The sync API exited: ${out}`);
      try {
        const r = await fetch(`${url}/v1/health`);
        if (r.ok) return;
      } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`The sync API did not start in 120 s: ${out}`);
  };

  // Never leave a server behind when the test process ends early.
  const killOnExit = () => { child?.kill('SIGKILL'); };
  process.once('exit', killOnExit);

  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((res) => {
      c.once('exit', () => res());
      c.kill('SIGKILL');
    });
  };

  try {
    await start();
  } catch (e) {
    await stop();
    process.removeListener('exit', killOnExit);
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    url,
    adminToken: E2E_ADMIN_TOKEN,
    output: () => out,
    start,
    stop,
    freeze() { child?.kill('SIGSTOP'); },
    async advanceClock(ms) {
      if (!opts.clock || !child) throw new Error('advanceClock needs a running sync API started with { clock: true }.');
      clockOffset += ms;
      writeFileSync(clockFile, String(clockOffset));
      const done = `lumo-e2e-clock ${clockOffset}\n`;
      child.kill('SIGUSR2');
      const deadline = Date.now() + 10_000;
      while (!out.includes(done)) {
        if (Date.now() > deadline) throw new Error(`The sync API's clock did not move: ${out.slice(-500)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    thaw() { child?.kill('SIGCONT'); },
    async dispose() {
      child?.kill('SIGCONT');
      await stop();
      process.removeListener('exit', killOnExit);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async call(method, path, body, opts = {}) {
      const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? E2E_ADMIN_TOKEN}`, ...opts.headers };
      let payload: string | Uint8Array<ArrayBuffer> | undefined;
      if (opts.raw !== undefined) payload = typeof opts.raw === 'string' ? opts.raw : new Uint8Array(opts.raw);
      else if (body !== undefined) { payload = JSON.stringify(body); headers['content-type'] = 'application/json'; }
      const r = await fetch(url + path, { method, headers, body: payload });
      const text = await r.text();
      return { status: r.status, body: text ? JSON.parse(text) : null };
    },
  };
}
