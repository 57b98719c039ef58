/**
 * A sync API job runner in its own process, for the crash test: it delivers the queued broadcasts
 * of the store at argv[2] through the LINE at argv[3] until the test kills it (SIGKILL, no
 * goodbye), exactly as a crashed server would stop.
 *
 *   tsx server/src/broadcasts/testing/crash-child.ts <database url> <LINE api url> <channel access token> [settings JSON]
 *
 * The optional settings JSON overrides delivery settings (e.g. a low narrowcast threshold).
 */
import { openStore } from '../../store/db';
import { createJobs } from '../../jobs/runner';
import { createLogger } from '../../http/logger';
import { systemClock, type AppDeps } from '../../http/context';
import { createSqlEngine } from '../../segments/engine';
import type { Config } from '../../env';
import '../service'; // registers the broadcast.send job kind
import { configureBroadcasts } from '../settings';
import { createLineGateway } from '../line-client';

const [url, lineUrl, token, settings] = process.argv.slice(2);
const store = await openStore(url, { migrate: false });
const logger = createLogger({ level: 'warn' });
const jobs = createJobs({ store, clock: systemClock, logger, workerId: `crash-child-${process.pid}` });
const config = { vendors: { lineApiUrl: lineUrl, lineDataApiUrl: lineUrl } } as Config;
const deps: AppDeps = { store, config, engine: createSqlEngine(store), clock: systemClock, logger, jobs };
configureBroadcasts(deps, {
  ...(settings ? JSON.parse(settings) as Record<string, number> : {}),
  gateway: async () => createLineGateway({ channelAccessToken: token, apiUrl: lineUrl }),
  sleep: async () => {},
});
await jobs.drain(deps);
await store.close();
