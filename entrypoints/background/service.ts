/**
 * Builds the background: database, API client, cache, outbox, push hub and the message
 * handlers. Nothing here keeps state that matters across worker restarts: the outbox and the
 * cache are in IndexedDB, settings in extension storage. `createBackgroundService` twice over
 * the same database is exactly what a stopped and restarted worker does.
 */
import { createApiClient, type ApiClientOptions } from '../../lib/api/client';
import { isApiError } from '../../lib/api/errors';
import { ApiError } from '../../lib/api/errors';
import { readCredential, writeCredential } from '../../lib/api/credentials';
import { lastAccountItem, originPattern, readApiConfig, signedOutItem } from '../../lib/api/settings';
import { openLumoDb, type LumoDb } from '../../lib/cache/db';
import { createCache } from '../../lib/cache/store';
import { createSwr } from '../../lib/cache/swr';
import { createEventHub, type Handlers } from '../../lib/messages/background';
import { createOutbox, type OutboxDeps } from '../../lib/outbox/outbox';
import { changeHandlers } from './changes';
import { connectionHandlers } from './connections';
import type { Core } from './context';
import { historyHandlers } from './history';
import { createPreviewWatcher } from './previews';
import { readHandlers } from './reads';
import { remoteHandlers } from './remote';
import { resultsHandlers } from './results';
import { richMenuHandlers } from './rich-menus';
import { hasOriginPermission, readSettings, settingsHandlers } from './settings';
import { tagHandlers } from './tags';
import { createViews } from './views';

export const OUTBOX_ALARM = 'lumo-outbox';

export interface ServiceOptions {
  openDb?: () => Promise<LumoDb>;
  /** Backs the outbox's timer with something that survives the worker (chrome.alarms). */
  setAlarm?: (at: number | null) => void;
  api?: Partial<Omit<ApiClientOptions, 'config'>>;
  outbox?: Pick<OutboxDeps, 'backoff' | 'now'>;
  previewDelay?: (n: number) => number;
  /** How long a change's answer waits for its first attempt. */
  firstAttemptWaitMs?: number;
}

export type BackgroundService = ReturnType<typeof createBackgroundService>;

export function createBackgroundService(options: ServiceOptions = {}) {
  const hub = createEventHub();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;
  let lastAccount: string | null = null;

  const ready: Promise<Core> = (async () => {
    const db = await (options.openDb ?? (() => openLumoDb()))();
    const api = createApiClient({
      // Read before every call: the URL or credential may have changed, and the API origin's host
      // permission may have been withdrawn (then nothing is sent; changes wait in the outbox).
      config: async () => {
        const config = await readApiConfig();
        if (config && !(await hasOriginPermission(config.baseUrl))) {
          throw new ApiError('no_permission', `The extension may not reach ${originPattern(config.baseUrl)}: allow it in the options page.`);
        }
        return config;
      },
      onUnauthorized: (token) => void sessionEnded(token),
      ...options.api,
    });
    const cache = createCache(db);
    const swr = createSwr((e) => isApiError(e) && e.isTransient);
    const core = { db, api, cache, swr, hub } as Core;
    let lastReachable: boolean | null = null;
    core.outbox = createOutbox({
      db, api, ...options.outbox,
      schedule: (at) => {
        if (timer) clearTimeout(timer);
        timer = null;
        if (disposed) return;
        // The timer serves a live worker; the alarm wakes a stopped one (Chrome fires alarms
        // no sooner than 30 s, so both are needed).
        if (at !== null) timer = setTimeout(() => void core.outbox.drain(), Math.max(0, at - Date.now()));
        options.setAlarm?.(at);
      },
      onChange: (accountId) => core.views.touch(accountId),
      // The UIs' "sync API unreachable" banners follow the last thing learned, read or write.
      onReachability: (r) => {
        if (r === lastReachable) return;
        lastReachable = r;
        void core.outbox.status().then((status) => hub.emit({ type: 'outbox.changed', status }), () => {});
      },
      onAccepted: (entry, accepted, idAssigned) => {
        if (idAssigned && entry.kind === 'segment.create') {
          hub.emit({ type: 'segment.idAssigned', accountId: entry.accountId, localId: entry.targetId, id: idAssigned });
        }
        // Saving a segment starts its calculation: follow it to the count.
        if (accepted.kind === 'segment') core.previews.watch(entry.accountId, accepted.segment.id);
        if (entry.kind === 'folder.delete') {
          // The API moves a deleted folder's segments out of it; learn where they went.
          void swr.revalidate({
            key: `segments:${entry.accountId}`, read: async () => undefined,
            fetch: () => api.segments(entry.accountId),
            write: (data, at) => cache.setSegments(entry.accountId, data, at),
          }).then(() => core.views.touch(entry.accountId), () => {});
        }
      },
    });
    core.previews = createPreviewWatcher({
      api, cache, delay: options.previewDelay,
      onPreview: (accountId, segmentId, data) => hub.emit({ type: 'fresh.preview', accountId, segmentId, data }),
    });
    core.views = createViews(cache, core.outbox, hub);
    return core;
  })();
  // An unopenable database is a bug worth one loud log; every handler then reports it.
  ready.catch((e) => console.error('[lumo] the background could not start', e));

  /**
   * A 401 for the session in use: it expired or was revoked. It is forgotten and the options page
   * asks to sign in again; changes wait in the outbox (a 401 never refuses them) until then.
   */
  async function sessionEnded(token: string) {
    const credential = await readCredential().catch(() => null);
    if (credential?.kind !== 'session' || credential.token !== token) return;
    await writeCredential(null);
    await signedOutItem.setValue('expired');
    hub.emit({ type: 'settings.changed', settings: await readSettings() });
  }

  const core = () => ready;
  const handlers: Handlers = {
    ...settingsHandlers(core),
    ...readHandlers(core),
    ...changeHandlers(core, options.firstAttemptWaitMs),
    ...remoteHandlers(core),
    ...connectionHandlers(core),
    ...historyHandlers(core),
    ...richMenuHandlers(core),
    ...resultsHandlers(core),
    ...tagHandlers(core),
  };

  return {
    handlers,
    hub,
    ready,
    /** On worker start: changes left mid-send go again, due ones are sent. */
    async start() {
      const c = await ready;
      await c.outbox.resume();
    },
    /** Remembers the account of the manager page in use (the popup's fallback account). */
    noteAccount(accountId: string) {
      if (accountId === lastAccount) return;
      lastAccount = accountId;
      void lastAccountItem.setValue(accountId).catch(() => { lastAccount = null; });
    },
    /** On any message, alarm or browser start: send what is due. */
    wake() {
      void ready.then((c) => c.outbox.drain()).catch(() => {});
    },
    /** Drops everything in memory (tests: "the worker was stopped"). */
    async dispose() {
      disposed = true;
      if (timer) clearTimeout(timer);
      const c = await ready.catch(() => null);
      c?.outbox.stop();
      c?.previews.dispose();
      c?.views.dispose();
      hub.dispose();
      c?.db.close();
    },
  };
}
