/**
 * The sync API for the HTTP benchmark, in its own process (as in production: no benchmark data in
 * its heap, its own event loop): opens the store at LUMO_BENCH_DB, builds the account's columnar
 * index, mints a token and serves on a free loopback port; prints `{ "port", "token", "buildMs" }`
 * as one JSON line when ready. Stops on SIGTERM.
 */
import { serve } from '@hono/node-server';
import { openStore } from '../server/src/store/db';
import { createSqlEngine } from '../server/src/segments/engine';
import { createIndexedEngine } from '../server/src/segments/index/engine';
import { createApp } from '../server/src/app';
import { createLogger } from '../server/src/http/logger';
import { createJobs } from '../server/src/jobs/runner';
import { systemClock, type AppDeps } from '../server/src/http/context';
import { mintAccountToken } from '../server/src/services/accounts';
import type { Config } from '../server/src/env';

const url = process.env.LUMO_BENCH_DB!;
const account = process.env.LUMO_BENCH_ACCOUNT ?? '@bench';
const store = await openStore(url);
const logger = createLogger({ level: 'silent' });
const engine = createIndexedEngine(store, createSqlEngine(store), { waitForBuild: true, crossCheckRate: 0, budgetBytes: 4 * 1024 ** 3 });
const t = performance.now();
await engine.warm(account);
const buildMs = Math.round(performance.now() - t);
const config = {
  port: 0, host: '127.0.0.1', databaseUrl: url, dataDir: '/nonexistent', adminToken: 'bench-admin-token-0123456789abcdef',
  adminTokenGenerated: false, secretKey: Buffer.alloc(32, 1), demo: false, recalcMaxAgeMinutes: 15, logLevel: 'silent',
  vendors: { lineApiUrl: 'http://127.0.0.1:9', lineDataApiUrl: 'http://127.0.0.1:9', shopifyApiUrl: 'http://127.0.0.1:9', hubspotApiUrl: 'http://127.0.0.1:9', klaviyoApiUrl: 'http://127.0.0.1:9' },
  agent: null, version: 'bench',
} satisfies Config;
const deps: AppDeps = { store, config, engine, clock: systemClock, logger, jobs: createJobs({ store, clock: systemClock, logger }) };
const token = await mintAccountToken(deps, account);
const { app } = createApp(deps);
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(JSON.stringify({ port: info.port, token, buildMs }) + '\n');
});
process.on('SIGTERM', () => { server.close(); engine.close(); void store.close().then(() => process.exit(0)); });
