/**
 * `npm run server`: environment → store → app → HTTP server → job runner. Stops cleanly on
 * SIGINT/SIGTERM: stop taking requests, finish those in flight (for LUMO_SHUTDOWN_GRACE_SECONDS
 * at most), let running jobs reach a safe point (they resume on the next start), close the
 * store, exit 0.
 */
import { serve } from '@hono/node-server';
import { EnvError, loadConfig, type Config } from './env';
import { openStore } from './store/db';
import { createApp } from './app';
import { createLogger } from './http/logger';
import { isStreamedImport, limitReceiveTime } from './http/receive-limit';
import { systemClock, type AppDeps } from './http/context';
import { createJobs } from './jobs/runner';
import { createSqlEngine } from './segments/engine';
import { createIndexedEngine } from './segments/index/engine';
import { createChangeLog } from './segments/index/change-log';
import { seedDemo } from './demo/seed';
import { refreshSegmentsOnFriendChanges } from './services/segment-calculation';

async function main() {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`${e.message}\n\nFix the variables above (see README.md, "Configuration") and start again.\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  const store = await openStore(config.databaseUrl, { logger }).catch((err: Error) => {
    process.stderr.write(`Could not open the store (${config.databaseUrl.startsWith('postgres') ? 'PostgreSQL' : config.databaseUrl}): ${err.message}\n`);
    process.exit(1);
  });
  const clock = systemClock;
  const jobs = createJobs({ store, clock, logger });
  // Interactive counts from the columnar index, SQL while it builds and as its cross-check; the
  // change log keeps it fresh when other instances write to the same store.
  const engine = createIndexedEngine(store, createSqlEngine(store), { logger, changeLog: createChangeLog(store) });
  const deps: AppDeps = { store, config, engine, clock, logger, jobs };
  const { app } = createApp(deps);
  const stopRefresh = refreshSegmentsOnFriendChanges(deps);

  const demo = config.demo ? await seedDemo(deps) : null;

  // Node's requestTimeout would cut off a long streamed import: off here, and our own receive
  // limit applies to every other route (server/src/http/receive-limit.ts).
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, serverOptions: { requestTimeout: 0 } }, (info) => {
    const url = `http://${config.host ?? 'localhost'}:${info.port}`;
    const lines = [
      '',
      `Lumo sync API listening on ${url}  (store: ${store.dialect}, version ${config.version})`,
      `  OpenAPI: ${url}/v1/openapi.json`,
    ];
    if (config.adminTokenGenerated) {
      lines.push(`  Admin token (generated now, kept in ${config.dataDir}/admin-token):`, `    ${config.adminToken}`);
    } else if (demo) {
      lines.push(`  Admin token: ${config.adminToken}`);
    } else {
      lines.push(`  Admin token: set by LUMO_ADMIN_TOKEN or kept in ${config.dataDir}/admin-token`);
    }
    if (demo) {
      lines.push(
        `  Demo account ${demo.accountId}: ${demo.friends.toLocaleString('en')} friends${demo.seededNow ? ` (seeded in ${demo.ms} ms)` : ''}`,
        `  Extension options → Sync API URL: ${url}`,
        `                      API token:    ${demo.token}`,
      );
      if (demo.firstAdminInvite) {
        lines.push(
          `  Sign in as the demo account's first admin (${demo.firstAdminInvite.email}): in the extension's`,
          `  options, accept this one-time invite (valid 24 h) with your name and a password of 10+ characters:`,
          `                      Invite code:  ${demo.firstAdminInvite.code}`,
          `    (or: curl -X POST ${url}/v1/invites/accept -H 'content-type: application/json' \\`,
          `      -d '{"code":"${demo.firstAdminInvite.code}","name":"Your name","password":"at least 10 characters"}')`,
        );
      }
    }
    process.stdout.write(lines.join('\n') + '\n\n');
    jobs.start(deps);
  });
  limitReceiveTime(server, { receiveMs: (config.requestReceiveSeconds ?? 300) * 1000, exempt: isStreamedImport });
  server.on('error', (err: NodeJS.ErrnoException) => {
    process.stderr.write(err.code === 'EADDRINUSE'
      ? `Port ${config.port} is in use. Stop the other server or set PORT to a free port.\n`
      : `The HTTP server failed: ${err.message}\n`);
    process.exit(1);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const graceSeconds = config.shutdownGraceSeconds ?? 25;
    const graceMs = graceSeconds * 1000;
    logger.info('stopping: no new requests; waiting for those in flight and for running jobs to reach a safe point', { signal, graceSeconds });
    // Past the grace period plus a margin for closing the store, something hangs: give up.
    const force = setTimeout(() => { logger.error('could not stop in time; exiting'); process.exit(1); }, graceMs + 10_000);
    force.unref();
    // Stop listening at once; keep-alive connections close as soon as they are idle.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const idle = setInterval(() => (server as { closeIdleConnections?: () => void }).closeIdleConnections?.(), 100);
    const cutOff = setTimeout(() => {
      logger.warn('requests still running after the grace period; closing their connections', { graceSeconds });
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    }, graceMs);
    // Jobs take no new work now; running ones are told to stop and are requeued at a safe point
    // (each handler checks its signal between steps), to resume on the next start.
    await Promise.all([closed, jobs.stop()]);
    clearInterval(idle);
    clearTimeout(cutOff);
    stopRefresh();
    engine.close();
    await store.close();
    logger.info('stopped', { signal });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`The server could not start: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
