/**
 * `npx tsx bench/import-profile.ts [n] [sqlite|postgres-url]`: where an import's time goes —
 * the NDJSON read and check alone, then the whole import through the import service.
 * `IMPORT_FILE=friends.ndjson` imports that file instead of generating one (it is kept), so two
 * versions of the code can be measured on the same friends, side by side: on a shared machine
 * only runs made at the same time under the same load compare.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { openStore } from '../server/src/store/db';
import { createSqlEngine } from '../server/src/segments/engine';
import { createLogger } from '../server/src/http/logger';
import { createJobs } from '../server/src/jobs/runner';
import { systemClock, type AppDeps } from '../server/src/http/context';
import { createAccount } from '../server/src/services/accounts';
import { importFriends, parseFriendLine, readLines } from '../server/src/services/friend-import';
import type { Config } from '../server/src/env';
import { BENCH_TIME_ZONE, benchFriend, ndjsonLine } from './generate';

const n = Number(process.argv[2] ?? 100_000);
const url = process.argv[3];
const work = mkdtempSync(join(tmpdir(), 'lumo-import-'));
const given = process.env.IMPORT_FILE;
const file = given ?? join(work, 'friends.ndjson');
const body = () => Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array>;

async function generate() {
  const out = createWriteStream(file);
  for (let i = 0; i < n; i += 5000) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(n, i + 5000); j++) lines.push(ndjsonLine(benchFriend(j), j));
    if (!out.write(lines.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  out.end();
  await new Promise<void>((r) => out.once('finish', () => r()));
}

async function main() {
  if (!given) await generate();
  const load = loadavg()[0];
  let t = performance.now();
  let k = 0;
  for await (const line of readLines(body())) { if (line.text) k++; }
  const readMs = performance.now() - t;
  t = performance.now();
  for await (const line of readLines(body())) { if (line.text && parseFriendLine(line.text).ok) k++; }
  const parseMs = performance.now() - t;
  const lines = k / 2;
  console.log(`read lines ${readMs.toFixed(0)} ms; read + check ${parseMs.toFixed(0)} ms (${Math.round(lines / parseMs * 1000)}/s)`);

  const store = await openStore(url ?? `sqlite:${join(work, 'db.sqlite')}`);
  const logger = createLogger({ level: 'silent' });
  const config = { port: 0, host: '127.0.0.1', databaseUrl: 'x', dataDir: work, adminToken: 'x'.repeat(32), adminTokenGenerated: false,
    secretKey: Buffer.alloc(32, 1), demo: false, recalcMaxAgeMinutes: 15, logLevel: 'silent', vendors: {}, agent: null, version: 'x' } as unknown as Config;
  const deps: AppDeps = { store, config, engine: createSqlEngine(store), clock: systemClock, logger, jobs: createJobs({ store, clock: systemClock, logger }) };
  const account = `@imp${Date.now() % 100000}`;
  await createAccount(deps, { id: account, name: 'Import', timezone: BENCH_TIME_ZONE });
  t = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await importFriends(deps, account, body());
  const ms = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // On a shared machine the wall clock includes other processes' turns; CPU time does not.
  console.log(`import ${lines}: ${(ms / 1000).toFixed(1)} s = ${Math.round(r.imported / ms * 1000)} friends/s wall; CPU ${(cpuMs / 1000).toFixed(1)} s = ${Math.round(r.imported / cpuMs * 1000)} friends/s of CPU, ${(cpuMs * 1000 / r.imported).toFixed(1)} µs a friend (imported ${r.imported}, rejected ${r.rejectedCount}); load average ${load.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
  if (process.env.AGAIN) {
    t = performance.now();
    const r2 = await importFriends(deps, account, body());
    const ms2 = performance.now() - t;
    console.log(`re-import: ${Math.round(r2.updated / ms2 * 1000)} friends/s`);
  }
  await store.close();
  rmSync(work, { recursive: true, force: true });
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
