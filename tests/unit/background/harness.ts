/**
 * Builds the background service the way the worker does, over a named fake IndexedDB and WXT's
 * fake browser storage, talking to a FakeApi over real HTTP.
 */
import 'fake-indexeddb/auto';
import { settingsItem, tokenItem } from '../../../lib/api/settings';
import { openLumoDb } from '../../../lib/cache/db';
import type { ServiceOptions } from '../../../entrypoints/background/service';
import type { FakeApi } from './fake-api';
import { TOKEN } from './fake-api';

let dbCounter = 0;
/** A database name no other test uses: no test depends on another's leftovers. */
export const freshDbName = () => `lumo-test-${Date.now()}-${dbCounter++}`;

export async function configure(api: FakeApi, token = TOKEN) {
  await settingsItem.setValue({ apiUrl: api.url, language: 'auto' });
  await tokenItem.setValue(token);
}

/** Fast clocks for tests: retries and polls in milliseconds, not seconds. */
export const fastOptions = (dbName: string): ServiceOptions => ({
  openDb: () => openLumoDb(dbName),
  api: { retries: 0, retryDelay: () => 1, timeoutMs: 2000 },
  outbox: { backoff: () => 60_000 },
  previewDelay: () => 5,
  firstAttemptWaitMs: 2000,
});

/** Loads the service module anew, as a restarted worker would: no module state survives. */
export async function freshServiceModule() {
  return import('../../../entrypoints/background/service');
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
