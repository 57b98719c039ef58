/**
 * How broadcasts reach LINE, per app instance: the gateway to LINE for an account and the
 * delivery's limits and delays. Production uses the defaults (and the LINE credentials the
 * integrations keep); tests shorten the delays and point at the fake LINE server through
 * `configureBroadcasts(deps, …)`, so the real code paths run against real HTTP.
 */
import type { AppDeps } from '../http/context';
import { createLineGateway, type LineGateway } from './line-client';
import { lineChannelAccessToken } from './line-credentials';

export interface DeliverySettings {
  /** LINE's maximum `to` per multicast request. */
  multicastBatchSize: number;
  /** LINE's maximum user ids per JSON audience upload (create or add). */
  audienceUploadSize: number;
  /**
   * From this many recipients on, send by narrowcast to an uploaded-ID audience instead of
   * multicast batches. Why it is this high: see README "Broadcasts" and ./delivery.ts.
   */
  narrowcastThreshold: number;
  /** Waits between in-process retries of one LINE request (429, 5xx, timeouts). */
  retryDelaysMs: number[];
  /** After those retries: the job runs again this much later (the broadcast stays "sending"). */
  resumeDelayMs: number;
  /** Waits while an audience is IN_PROGRESS or a narrowcast is waiting/sending, before handing back to the runner. */
  pollDelaysMs: number[];
  /** LINE honours a retry key for 24 h after the first attempt; past this we must not resend. */
  retryKeyLifetimeMs: number;
  /** Per-request timeout. */
  requestTimeoutMs: number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface BroadcastSettings extends DeliverySettings {
  /** A ready LINE client for the account, or null when LINE is not connected. */
  gateway(accountId: string): Promise<LineGateway | null>;
}

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal!.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  multicastBatchSize: 500,
  audienceUploadSize: 10_000,
  narrowcastThreshold: 100_000,
  retryDelaysMs: [1_000, 2_000, 4_000, 8_000, 16_000],
  resumeDelayMs: 60_000,
  pollDelaysMs: [1_000, 2_000, 3_000, 5_000, 8_000, 10_000],
  retryKeyLifetimeMs: 23 * 3_600_000,
  requestTimeoutMs: 30_000,
  sleep: abortableSleep,
};

const overrides = new WeakMap<AppDeps, Partial<BroadcastSettings>>();

/** Replaces parts of the settings for one app instance (tests: fake LINE, short delays). */
export function configureBroadcasts(deps: AppDeps, settings: Partial<BroadcastSettings>): void {
  overrides.set(deps, { ...overrides.get(deps), ...settings });
}

export function broadcastSettings(deps: AppDeps): BroadcastSettings {
  const o = overrides.get(deps) ?? {};
  const delivery = { ...DEFAULT_DELIVERY, ...o };
  return {
    ...delivery,
    gateway: o.gateway ?? (async (accountId) => {
      const token = await lineChannelAccessToken(deps, accountId);
      return token === null ? null : createLineGateway({
        channelAccessToken: token, apiUrl: deps.config.vendors.lineApiUrl, timeoutMs: delivery.requestTimeoutMs,
      });
    }),
  };
}
