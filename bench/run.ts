/**
 * `npm run bench` (issue 9): counts at scale, printed as a table and written as JSON to
 * bench/results/ (gitignored). Not part of `npm test`.
 *
 *   npm run bench                    100k and 1M friends, every engine, HTTP load, bundle sizes
 *   npm run bench -- --quick         100k only        --sizes=20000,50000 (or --sizes 20000,50000)   other sizes
 *   Above 2M friends (e.g. --sizes 10000000) only the index counts (the peers would hold every
 *   friend as an object: gigabytes) and PostgreSQL is skipped; import, index build, index memory
 *   and the HTTP draft preview are measured as at any size.
 *   npm run bench -- --no-postgres   skip PostgreSQL      --no-http   skip the HTTP load
 *   npm run bench -- --build-extension   run `npx wxt build` first (else .output/chrome-mv3 as it is)
 *   npm run bench -- --no-browser        skip the browser budgets (launcher, popup; headless Chromium)
 *   npm run bench -- --no-tags           skip "Tag everyone" and the CSV export at the largest size (./tags.ts)
 *   npm run bench -- --sqlite-bulk        load 1M into SQLite in bulk (the import is then measured at 100k only)
 *   npm run bench -- --import-all         above 2M too, import through the import service (else loaded in bulk)
 *   npm run bench -- --pg-import-service  import 1M into PostgreSQL through the import service too
 *                                         (by default only 100k are; a million are loaded in bulk)
 *
 * For each size: friends generated deterministically (./generate.ts) and imported as NDJSON
 * through the sync API's import service into SQLite (the import throughput) and PostgreSQL (a
 * throwaway cluster); the columnar index built from SQLite (build time, memory); then the ten
 * segments of ./segments.ts counted with a 10-friend sample by the index, SQLite SQL, PostgreSQL
 * SQL, json-logic-js and a plain JavaScript filter — medians of 5 runs after a warm-up — with the
 * time to read the bytes the index's loop reads once as the baseline. Every engine's count is
 * checked against the plain filter's. Then draft previews through HTTP under autocannon.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { sql } from 'kysely';
import jsonLogic from 'json-logic-js';
import autocannon from 'autocannon';
import { openStore, type Store } from '../server/src/store/db';
import { createSqlEngine, type SegmentEngine } from '../server/src/segments/engine';
import { createIndexedEngine, type IndexedEngine } from '../server/src/segments/index/engine';
import { countMembers, touchedColumns } from '../server/src/segments/index/query';
import { createLogger } from '../server/src/http/logger';
import { createJobs } from '../server/src/jobs/runner';
import { systemClock, type AppDeps } from '../server/src/http/context';
import { createAccount } from '../server/src/services/accounts';
import { importFriends } from '../server/src/services/friend-import';
import type { Config } from '../server/src/env';
import { startPostgresCluster, type Cluster } from '../server/test/postgres-cluster';
import type { Definition } from '../lib/segment/schema';
import { BENCH_NOW, BENCH_TIME_ZONE, benchFriend, ndjsonLine, type BenchFriend } from './generate';
import { SEGMENTS, bounds, countAndSample } from './segments';
import { browserTimings, bundleSizes } from './extension';
import { bulkLoad } from './bulk-load';
import { benchTags, type TagsBench } from './tags';

// ---- a heap big enough for a million plain objects, and gc() for memory figures --------------
if (!process.env.LUMO_BENCH_CHILD && getHeapStatistics().heap_size_limit < 6 * 1024 ** 3) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', '--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env: { ...process.env, LUMO_BENCH_CHILD: '1' } });
  process.exit(r.status ?? 1);
}

const argv = new Set(process.argv.slice(2));
const sizesArg = process.argv.find((a) => a.startsWith('--sizes='))?.slice(8)
  ?? (process.argv.includes('--sizes') ? process.argv[process.argv.indexOf('--sizes') + 1] : undefined);
const SIZES = sizesArg ? sizesArg.split(',').map(Number) : argv.has('--quick') ? [100_000] : [100_000, 1_000_000];
/** Above this, only the index counts: the JavaScript peers, json-logic and the SQL engines are not run. */
const PEERS_UP_TO = 2_000_000;
const RUNS = 5;
const ACCOUNT = '@bench';
const OPTS = { asOf: BENCH_NOW, timeZone: BENCH_TIME_ZONE };
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const log = (msg: string) => process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

// ---- timing ------------------------------------------------------------------------------------
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
async function time<T>(fn: () => T | Promise<T>, runs = RUNS): Promise<{ ms: number; min: number; result: T }> {
  gc(); // no engine pays for the garbage of the one measured before it
  let result = await fn(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = await fn();
    samples.push(performance.now() - t);
  }
  return { ms: median(samples), min: Math.min(...samples), result };
}

// ---- setup -------------------------------------------------------------------------------------
function depsFor(store: Store, engine: SegmentEngine): AppDeps {
  const logger = createLogger({ level: 'silent' });
  const config: Config = {
    port: 0, host: '127.0.0.1', databaseUrl: 'bench', dataDir: tmpdir(), adminToken: 'bench-admin-token-0123456789abcdef',
    adminTokenGenerated: false, secretKey: Buffer.alloc(32, 1), demo: false, recalcMaxAgeMinutes: 15, logLevel: 'silent',
    vendors: { lineApiUrl: 'http://127.0.0.1:9', lineDataApiUrl: 'http://127.0.0.1:9', shopifyApiUrl: 'http://127.0.0.1:9', hubspotApiUrl: 'http://127.0.0.1:9', klaviyoApiUrl: 'http://127.0.0.1:9' },
    agent: null, version: 'bench',
  };
  return { store, config, engine, clock: systemClock, logger, jobs: createJobs({ store, clock: systemClock, logger }) };
}

async function writeNdjson(file: string, n: number, keep: boolean): Promise<BenchFriend[]> {
  const friends: BenchFriend[] = keep ? new Array(n) : [];
  const out = createWriteStream(file);
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    const f = benchFriend(i);
    if (keep) friends[i] = f;
    buf.push(ndjsonLine(f, i));
    if (buf.length === 5000) {
      if (!out.write(buf.join('\n') + '\n')) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = [];
    }
  }
  out.end(buf.length ? buf.join('\n') + '\n' : '');
  await new Promise<void>((r) => out.once('finish', () => r()));
  return friends;
}

async function importInto(store: Store, file: string): Promise<{ ms: number; perSecond: number; imported: number }> {
  const deps = depsFor(store, createSqlEngine(store));
  await createAccount(deps, { id: ACCOUNT, name: 'Benchmark', timezone: BENCH_TIME_ZONE });
  const t = performance.now();
  const r = await importFriends(deps, ACCOUNT, Readable.toWeb(createReadStream(file, { highWaterMark: 1 << 20 })) as unknown as ReadableStream<Uint8Array>);
  const ms = performance.now() - t;
  if (r.rejectedCount > 0) throw new Error(`import rejected ${r.rejectedCount} lines, e.g. ${JSON.stringify(r.rejected[0])}`);
  return { ms, perSecond: Math.round((r.imported / ms) * 1000), imported: r.imported };
}

async function tagIds(store: Store): Promise<(name: string) => string> {
  const rows = await store.db.selectFrom('tags').select(['id', 'name']).where('account_id', '=', ACCOUNT).execute();
  const byName = new Map(rows.map((r) => [r.name, r.id]));
  return (name) => byName.get(name) ?? `missing:${name}`;
}

/** Reads every 32-bit word of `views` once: the floor for any loop over those columns. */
function readOnce(views: ArrayBufferView[]): number {
  let s = 0;
  for (const v of views) {
    const w = new Uint32Array(v.buffer, v.byteOffset, v.byteLength >>> 2);
    for (let i = 0; i < w.length; i++) s = (s + w[i]) | 0;
  }
  return s;
}

// ---- one size ----------------------------------------------------------------------------------
interface SegmentRow {
  segment: string; count: number;
  indexMs: number; indexCoreMs: number; baselineMs: number; baselineBytes: number;
  sqliteMs: number | null; postgresMs: number | null; jsonLogicMs: number | null; jsFilterMs: number | null;
  /** null: not checked (above PEERS_UP_TO there is no peer to check against). */
  agree: boolean | null;
}

async function benchSize(n: number, work: string, cluster: Cluster | null) {
  log(`${n.toLocaleString('en')} friends`);
  const file = join(work, `friends-${n}.ndjson`);
  const peers = n <= PEERS_UP_TO;
  const importing = n <= 100_000 || (!argv.has('--sqlite-bulk') && (peers || argv.has('--import-all')));
  // Above PEERS_UP_TO without --import-all nothing reads the NDJSON: friends are made as they are loaded.
  const friends = peers || importing ? await writeNdjson(file, n, peers) : [];

  const sqliteUrl = `sqlite:${join(work, `bench-${n}.sqlite`)}`;
  const sqlite = await openStore(sqliteUrl);
  let importSqlite: Awaited<ReturnType<typeof importInto>> | null = null;
  if (importing) {
    log('importing into SQLite through the import service');
    importSqlite = await importInto(sqlite, file);
    log(`  ${importSqlite.imported.toLocaleString('en')} friends in ${(importSqlite.ms / 1000).toFixed(1)} s = ${importSqlite.perSecond.toLocaleString('en')} friends/s`);
  } else {
    log('loading SQLite in bulk (json_each); the import service is measured at the smaller sizes (--import-all: at every size)');
    await createAccount(depsFor(sqlite, createSqlEngine(sqlite)), { id: ACCOUNT, name: 'Benchmark', timezone: BENCH_TIME_ZONE });
    const t = performance.now();
    await bulkLoad(sqlite.db, 'sqlite', ACCOUNT, n, (i) => friends[i] ?? benchFriend(i));
    log(`  ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  let postgres: Store | null = null;
  let importPostgres: Awaited<ReturnType<typeof importInto>> | null = null;
  if (cluster && !peers) log('PostgreSQL skipped above 2M friends');
  if (cluster && peers) {
    const admin = await openStore(cluster.url, { migrate: false });
    await sql.raw(`CREATE DATABASE bench_${n}`).execute(admin.db);
    await admin.close();
    postgres = await openStore(cluster.url.replace(/\/[^/]*$/, `/bench_${n}`));
    if ((n <= 100_000 && !argv.has('--pg-bulk')) || argv.has('--pg-import-service')) {
      log('importing into PostgreSQL through the import service');
      importPostgres = await importInto(postgres, file);
      log(`  ${(importPostgres.ms / 1000).toFixed(1)} s = ${importPostgres.perSecond.toLocaleString('en')} friends/s`);
    } else {
      // The import service's PostgreSQL throughput is measured at 100k; a million go in bulk.
      log('loading PostgreSQL in bulk (unnest)');
      await createAccount(depsFor(postgres, createSqlEngine(postgres)), { id: ACCOUNT, name: 'Benchmark', timezone: BENCH_TIME_ZONE });
      const t = performance.now();
      await bulkLoad(postgres.db, 'postgres', ACCOUNT, n, (i) => friends[i]);
      log(`  ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    await sql`ANALYZE`.execute(postgres.db); // what autovacuum would have done by now
  }

  log('building the columnar index from SQLite');
  const sqliteEngine = createSqlEngine(sqlite);
  const indexed: IndexedEngine = createIndexedEngine(sqlite, sqliteEngine, { waitForBuild: true, crossCheckRate: 0, budgetBytes: 8 * 1024 ** 3 });
  gc();
  const heap0 = process.memoryUsage();
  const tb = performance.now();
  await indexed.warm(ACCOUNT);
  const buildMs = performance.now() - tb;
  gc();
  const heap1 = process.memoryUsage();
  const ix = indexed.indexOf(ACCOUNT)!;
  const index = {
    buildMs: Math.round(buildMs), bytes: ix.bytes(),
    heapDeltaBytes: (heap1.heapUsed + heap1.arrayBuffers) - (heap0.heapUsed + heap0.arrayBuffers),
  };
  log(`  ${(buildMs / 1000).toFixed(1)} s, ${(index.bytes / 1e6).toFixed(1)} MB accounted, heap delta ${(index.heapDeltaBytes / 1e6).toFixed(1)} MB`);

  const pgEngine = postgres ? createSqlEngine(postgres) : null;
  const tagIdSqlite = await tagIds(sqlite);
  const tagIdPg = postgres ? await tagIds(postgres) : null;
  const b = bounds(BENCH_NOW, BENCH_TIME_ZONE);
  jsonLogic.add_operation('fold', (s: unknown) => (typeof s === 'string' ? s.replace(/[A-Z]/g, (c) => c.toLowerCase()) : s));

  const rows: SegmentRow[] = [];
  for (const seg of SEGMENTS) {
    const def: Definition = seg.definition(tagIdSqlite);
    const viaIndex = await time(() => indexed.count(ACCOUNT, def, OPTS));
    const out = new Uint32Array(ix.words);
    const core = await time(() => { const c = countMembers(ix, def, OPTS, out); ix.sample(out, c, 10); return c; }, 21);
    const views = touchedColumns(ix, def, OPTS);
    const base = await time(() => readOnce(views), 21);
    if (!peers) {
      rows.push({
        segment: seg.name, count: viaIndex.result.count, indexMs: viaIndex.ms, indexCoreMs: core.ms, baselineMs: base.ms,
        baselineBytes: views.reduce((s, v) => s + v.byteLength, 0), sqliteMs: null, postgresMs: null, jsonLogicMs: null, jsFilterMs: null, agree: null,
      });
      log(`  ${seg.name}: ${viaIndex.result.count.toLocaleString('en')} — index ${viaIndex.ms.toFixed(2)} ms (core ${core.ms.toFixed(2)}, bytes ${base.ms.toFixed(2)})`);
      continue;
    }
    const js = await time(() => countAndSample(friends, seg.filter(b)));
    const rule = seg.jsonLogic(b);
    const jl = await time(() => countAndSample(friends, (f) => jsonLogic.apply(rule, f) === true));
    const viaSqlite = await time(() => sqliteEngine.count(ACCOUNT, def, OPTS));
    const viaPg = pgEngine ? await time(() => pgEngine.count(ACCOUNT, seg.definition(tagIdPg!), OPTS)) : null;
    const ids = (s: { lineUserId: string }[]) => s.map((x) => x.lineUserId).join();
    const expected = { count: js.result.count, ids: ids(js.result.sample) };
    const agree = [viaIndex.result, viaSqlite.result, ...(viaPg ? [viaPg.result] : []), jl.result]
      .every((r) => r.count === expected.count && ids(r.sample) === expected.ids) && core.result === expected.count;
    rows.push({
      segment: seg.name, count: expected.count,
      indexMs: viaIndex.ms, indexCoreMs: core.ms, baselineMs: base.ms, baselineBytes: views.reduce((s, v) => s + v.byteLength, 0),
      sqliteMs: viaSqlite.ms, postgresMs: viaPg?.ms ?? null, jsonLogicMs: jl.ms, jsFilterMs: js.ms, agree,
    });
    log(`  ${seg.name}: ${expected.count.toLocaleString('en')} — index ${viaIndex.ms.toFixed(2)} ms (core ${core.ms.toFixed(2)}, bytes ${base.ms.toFixed(2)}), SQLite ${viaSqlite.ms.toFixed(0)}, PostgreSQL ${viaPg ? viaPg.ms.toFixed(0) : '–'}, json-logic ${jl.ms.toFixed(0)}, JS ${js.ms.toFixed(0)} ms${agree ? '' : '  *** ENGINES DISAGREE ***'}`);
  }
  return { n, file, friends, sqlite, sqliteUrl, postgres, indexed, importSqlite, importPostgres, index, rows };
}

// ---- HTTP ----------------------------------------------------------------------------------------
/** Draft previews against the sync API in its own process (./http-server.ts) over the SQLite store. */
async function benchHttp(dbUrl: string, n: number, tagId: (name: string) => string) {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '--import', 'tsx', fileURLToPath(new URL('./http-server.ts', import.meta.url))],
    { env: { ...process.env, LUMO_BENCH_DB: dbUrl, LUMO_BENCH_ACCOUNT: ACCOUNT }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const ready = await new Promise<{ port: number; token: string; buildMs: number }>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => { buf += d.toString(); if (buf.includes('\n')) resolve(JSON.parse(buf.split('\n')[0])); });
      child.once('exit', (code) => reject(new Error(`the sync API process exited (${code})`)));
    });
    log(`  sync API process ready (its index built in ${(ready.buildMs / 1000).toFixed(1)} s)`);
    const url = `http://127.0.0.1:${ready.port}/v1/accounts/${encodeURIComponent(ACCOUNT)}/preview`;
    const bodies = SEGMENTS.map((s) => JSON.stringify({ definition: s.definition(tagId), asOf: new Date(BENCH_NOW).toISOString() }));
    const headers = { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' };

    // One at a time: what a marketer typing sees.
    const one: number[] = [];
    for (let i = 0; i < 220; i++) {
      const t = performance.now();
      const res = await fetch(url, { method: 'POST', headers, body: bodies[i % bodies.length] });
      if (res.status !== 200) throw new Error(`preview answered ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      if (i >= 20) one.push(performance.now() - t);
    }
    const sorted = [...one].sort((a, b) => a - b);
    const sequential = { medianMs: median(one), p99Ms: sorted[Math.floor(sorted.length * 0.99)] };
    log(`  HTTP one at a time: median ${sequential.medianMs.toFixed(2)} ms, p99 ${sequential.p99Ms.toFixed(2)} ms`);

    // Under load: autocannon on loopback, the ten segments in turn.
    const load = await autocannon({
      url, connections: 10, duration: 10, method: 'POST', headers,
      requests: bodies.map((body) => ({ method: 'POST' as const, path: new URL(url).pathname, headers, body })),
    });
    const result = {
      friends: n, serverIndexBuildMs: ready.buildMs, sequential,
      load: { connections: 10, durationS: 10, requestsPerSecond: Math.round(load.requests.average), p50Ms: load.latency.p50, p99Ms: load.latency.p99, non2xx: load.non2xx, errors: load.errors },
    };
    log(`  HTTP under load: ${result.load.requestsPerSecond} req/s, p50 ${result.load.p50Ms} ms, p99 ${result.load.p99Ms} ms`);
    return result;
  } finally {
    child.kill('SIGTERM');
  }
}

// ---- report ------------------------------------------------------------------------------------
const fmt = (ms: number | null) => (ms === null ? '–' : ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));
const ratio = (a: number | null, b: number) => (a === null ? '–' : `${(a / b).toFixed(0)}×`);
const medianOf = (xs: (number | null)[]) => { const v = xs.filter((x): x is number => x !== null); return v.length ? median(v) : null; };

function table(rows: SegmentRow[]): string {
  const head = ['segment', 'count', 'index', 'core', 'bytes once', 'core/bytes', 'SQLite', 'PostgreSQL', 'json-logic', 'JS filter', 'SQLite/ix', 'PG/ix', 'JL/ix', 'JS/ix'];
  const body = rows.map((r) => [
    r.segment + (r.agree === false ? ' (!)' : ''), r.count.toLocaleString('en'), fmt(r.indexMs), fmt(r.indexCoreMs), fmt(r.baselineMs),
    `${(r.indexCoreMs / r.baselineMs).toFixed(1)}×`, fmt(r.sqliteMs), fmt(r.postgresMs), fmt(r.jsonLogicMs), fmt(r.jsFilterMs),
    ratio(r.sqliteMs, r.indexMs), ratio(r.postgresMs, r.indexMs), ratio(r.jsonLogicMs, r.indexMs), ratio(r.jsFilterMs, r.indexMs),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => String(row[i]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(head), `|${widths.map((w, i) => (i < 1 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|')}|`, ...body.map(line)].join('\n');
}

async function main() {
  const machine = {
    cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version, platform: `${process.platform} ${process.arch}`, loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
  };
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);
  const work = mkdtempSync(join(tmpdir(), 'lumo-bench-'));
  const cluster = argv.has('--no-postgres') ? null : await startPostgresCluster();
  if (!cluster && !argv.has('--no-postgres')) log('PostgreSQL binaries not found: skipping PostgreSQL');
  const started = Date.now();
  const sizes = [];
  let http = null;
  try {
    for (const n of SIZES) {
      const r = await benchSize(n, work, cluster);
      if (n === SIZES[SIZES.length - 1] && !argv.has('--no-http')) {
        // The server gets the machine to itself: the peers' million objects and this process's index go first.
        const tagId = await tagIds(r.sqlite);
        r.indexed.close();
        r.friends.length = 0;
        gc();
        http = await benchHttp(r.sqliteUrl, n, tagId);
      }
      sizes.push({
        friends: n, import: { sqlite: r.importSqlite, postgres: r.importPostgres },
        index: { ...r.index, bytesPerMillion: Math.round(r.index.bytes * (1e6 / n)) }, segments: r.rows,
        medians: {
          indexMs: median(r.rows.map((x) => x.indexMs)), indexCoreMs: median(r.rows.map((x) => x.indexCoreMs)),
          jsFilterMs: medianOf(r.rows.map((x) => x.jsFilterMs)), sqliteMs: medianOf(r.rows.map((x) => x.sqliteMs)),
        },
      });
      r.indexed.close();
      await r.sqlite.close();
      await r.postgres?.close();
      rmSync(r.file, { force: true });
      gc();
    }
  } finally {
    cluster?.stop();
    rmSync(work, { recursive: true, force: true });
  }

  // Tags at scale (issue 14): "Tag everyone" and the CSV export over the largest size's segment.
  let tags: TagsBench | null = null;
  if (!argv.has('--no-tags')) {
    tags = await benchTags(SIZES[SIZES.length - 1]!, log);
    gc();
  }

  if (argv.has('--build-extension')) {
    log('building the extension (npx wxt build)');
    spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
  }
  // The browser budgets are measured in this run, in headless Chromium, by the e2e harness in a
  // process of its own (a figure from an older build would say nothing about this one).
  let browser = browserTimings();
  if (!argv.has('--no-browser')) {
    log('measuring the extension in headless Chromium (tests/e2e/support/budgets.ts)');
    const measured = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/support/budgets.ts'], {
      stdio: 'inherit', env: { ...process.env, LUMO_E2E_FRESH_BUILD: '1' },
    });
    browser = measured.status === 0 ? browserTimings()
      : { launcherVisibleMs: null, popupFirstCountMs: null, note: 'not measured in this run: the browser measurement failed (see above)' };
  }
  const extension = { bundles: bundleSizes(), browser };
  const results = { at: new Date().toISOString(), durationS: Math.round((Date.now() - started) / 1000), machine, runs: RUNS, sizes, http, tags, extension };

  process.stdout.write('\n');
  for (const s of sizes) {
    process.stdout.write(`### ${s.friends.toLocaleString('en')} friends — count + 10-friend sample, median of ${RUNS} runs after a warm-up (ms)\n\n${table(s.segments)}\n\n`);
    process.stdout.write(`import into SQLite: ${s.import.sqlite ? `${s.import.sqlite.perSecond.toLocaleString('en')} friends/s` : 'not measured (bulk-loaded)'}` +
      (s.import.postgres ? `; into PostgreSQL: ${s.import.postgres.perSecond.toLocaleString('en')} friends/s` : '') +
      `\nindex: built in ${(s.index.buildMs / 1000).toFixed(1)} s; ${(s.index.bytes / 1e6).toFixed(1)} MB (${(s.index.bytesPerMillion / 1e6).toFixed(1)} MB per 1M friends; heap delta ${(s.index.heapDeltaBytes / 1e6).toFixed(1)} MB)\n\n`);
  }
  if (http) {
    process.stdout.write(`draft preview over HTTP at ${http.friends.toLocaleString('en')} friends: one at a time median ${http.sequential.medianMs.toFixed(2)} ms (p99 ${http.sequential.p99Ms.toFixed(2)}); ` +
      `under load (${http.load.connections} connections) ${http.load.requestsPerSecond} req/s, p50 ${http.load.p50Ms} ms, p99 ${http.load.p99Ms} ms\n\n`);
  }
  if (tags) {
    const s = (m: { ms: number; cpuMs: number }) => `${(m.ms / 1000).toFixed(1)} s (CPU ${(m.cpuMs / 1000).toFixed(1)} s)`;
    process.stdout.write(`tags at ${tags.friends.toLocaleString('en')} friends (${tags.members.toLocaleString('en')} members): tag everyone ${s(tags.tagEveryone)} ` +
      `(${tags.tagEveryone.changed.toLocaleString('en')} changed, peak RSS ${tags.tagEveryone.peakRssMb} MB from ${tags.tagEveryone.rssBeforeMb}), ` +
      `${(tags.tagEveryone.cpuMs / tags.floor.insertSelect.cpuMs).toFixed(1)}× one INSERT … SELECT (${s(tags.floor.insertSelect)}); undo ${s(tags.undo)}; ` +
      `export CSV ${s(tags.exportCsv)} (${tags.exportCsv.rows.toLocaleString('en')} rows, ${(tags.exportCsv.bytes / 1e6).toFixed(1)} MB, ` +
      `peak RSS ${tags.exportCsv.peakRssMb} MB from ${tags.exportCsv.rssBeforeMb}), ${(tags.exportCsv.cpuMs / tags.floor.selectRows.cpuMs).toFixed(1)}× one SELECT (${s(tags.floor.selectRows)})\n\n`);
  }

  if (extension.bundles) {
    process.stdout.write(`extension bundles (built ${extension.bundles.builtAt}):\n${extension.bundles.entrypoints.map((e) => `  ${e.entrypoint}: ${(e.gzipBytes / 1024).toFixed(1)} KB gzip (${(e.bytes / 1024).toFixed(1)} KB, ${e.files} files)`).join('\n')}\n`);
  } else {
    process.stdout.write('extension bundles: .output/chrome-mv3 not built (run with --build-extension)\n');
  }
  process.stdout.write(`browser timings: ${JSON.stringify(extension.browser)}\n`);

  mkdirSync('bench/results', { recursive: true });
  const stamp = results.at.replace(/[:.]/g, '-');
  writeFileSync(`bench/results/${stamp}.json`, JSON.stringify(results, null, 2));
  writeFileSync('bench/results/latest.json', JSON.stringify(results, null, 2));
  log(`results: bench/results/${stamp}.json (and latest.json), ${results.durationS} s`);
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
