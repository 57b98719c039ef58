/**
 * A throwaway PostgreSQL cluster for the tests: initdb into a temp folder, start on a free port
 * listening on 127.0.0.1 only, stop and delete at the end. Used by vitest's global setup when
 * LUMO_TEST_POSTGRES_URL is not given (CI's .ci/run gives one), and by the benchmarks.
 * initdb refuses to run as root, so as root the cluster runs as the `postgres` user.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function findBin(name: string): string | null {
  const candidates = [`/usr/local/bin/${name}`];
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) candidates.push(`/usr/lib/postgresql/${v}/bin/${name}`);
  }
  return candidates.find((c) => existsSync(c)) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  url: string;
  stop(): void;
  /**
   * Restarts the server (`pg_ctl restart -m fast`: sessions are terminated, as in a real restart)
   * without blocking the event loop, so a test can keep serving traffic meanwhile. Resolves once
   * it accepts connections again.
   */
  restart(): Promise<void>;
}

export async function startPostgresCluster(): Promise<Cluster | null> {
  const initdb = findBin('initdb');
  const pgCtl = findBin('pg_ctl');
  if (!initdb || !pgCtl) return null;
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'lumo-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  const run = (bin: string, args: string[]) => {
    const r = isRoot
      ? spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map((a) => `'${a}'`).join(' ')], { encoding: 'utf8' })
      : spawnSync(bin, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${bin} failed: ${r.stderr || r.stdout}`);
  };
  const runAsync = (bin: string, args: string[]) => new Promise<void>((resolve, reject) => {
    const child = isRoot
      ? spawn('su', ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map((a) => `'${a}'`).join(' ')])
      : spawn(bin, args);
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d; });
    child.stderr.on('data', (d: Buffer) => { out += d; });
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`${bin} failed: ${out}`))));
  });
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  run(initdb, ['-D', data, '--auth=trust', '-U', 'postgres', '--encoding=UTF8', '--locale=C.UTF-8']);
  run(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-w', '-o', serverOptions, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      try { run(pgCtl, ['-D', data, '-m', 'immediate', 'stop']); } catch { /* already gone */ }
      try { rmSync(dir, { recursive: true, force: true }); } catch { /* best effort */ }
    },
    restart: () => runAsync(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-w', '-m', 'fast', '-o', serverOptions, 'restart']),
  };
}

export function hasPostgresBinaries(): boolean {
  return findBin('initdb') !== null;
}
void execFileSync;
