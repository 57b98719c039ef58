/**
 * HubSpot through @hubspot/api-client 13 (`new Client({ accessToken, basePath })`; basePath from
 * LUMO_HUBSPOT_API_URL).
 *
 * Rate limit: private apps get 100 (Pro/Enterprise: 190) requests per rolling 10 seconds. The
 * SDK's own retry waits a fixed 10 s per attempt and its decorators are process-global, so it is
 * turned off (numberOfApiCallRetries 0) and the limit is kept here instead: calls for one token
 * pace themselves to stay under the window (90 per 10 s by default, adapted to the
 * X-HubSpot-RateLimit-Max / -Interval-Milliseconds headers HubSpot sends), and a 429 waits for the
 * oldest call of the window to age out before trying again.
 */
import { createHash } from 'node:crypto';
import { Client } from '@hubspot/api-client';
import { networkFailure, VendorError, vendorError } from '../errors';
import { sleep as realSleep, type Sleep } from '../retry';
import type { VendorUrls } from '../vendors';

export interface HubspotCredentials { accessToken: string }

interface Window { max: number; intervalMs: number; sent: number[] }
/** One rolling window per HubSpot token (a portal's budget is shared by all its syncs here). */
const windows = new Map<string, Window>();
const DEFAULT_MAX = 90;
const DEFAULT_INTERVAL = 10_000;

export interface HubspotApi {
  client: Client;
  /** Runs one SDK call within the rate limit; throws a scrubbed VendorError on failure. */
  call<T>(fn: (client: Client) => Promise<{ httpStatusCode: number; headers: Record<string, string>; data: T }>): Promise<T>;
  /** Requests refused with 429 so far (progress, tests). */
  readonly rateLimited: number;
}

export function hubspotApi(creds: HubspotCredentials, vendors: Pick<VendorUrls, 'hubspotApiUrl'>, opts: { sleep?: Sleep; signal?: AbortSignal; maxAttempts?: number } = {}): HubspotApi {
  const client = new Client({ accessToken: creds.accessToken, basePath: vendors.hubspotApiUrl.replace(/\/$/, ''), numberOfApiCallRetries: 0 });
  const key = createHash('sha256').update(`${vendors.hubspotApiUrl}\n${creds.accessToken}`).digest('hex');
  const win = windows.get(key) ?? { max: DEFAULT_MAX, intervalMs: DEFAULT_INTERVAL, sent: [] };
  windows.set(key, win);
  const doSleep = opts.sleep ?? realSleep;
  const secrets = [creds.accessToken];
  let rateLimited = 0;

  /** Waits until one more call fits in the window, then books it. */
  async function slot(): Promise<void> {
    for (;;) {
      const now = Date.now();
      while (win.sent.length && win.sent[0]! <= now - win.intervalMs) win.sent.shift();
      if (win.sent.length < win.max) { win.sent.push(now); return; }
      await doSleep(win.sent[0]! + win.intervalMs - now + 5, opts.signal);
    }
  }

  function learn(headers: Record<string, string> | undefined) {
    if (!headers) return;
    const max = Number(headers['x-hubspot-ratelimit-max']);
    const interval = Number(headers['x-hubspot-ratelimit-interval-milliseconds']);
    // Keep a margin of 10% for other tools using the same app.
    if (Number.isFinite(max) && max > 0) win.max = Math.max(1, Math.floor(max * 0.9));
    if (Number.isFinite(interval) && interval > 0) win.intervalMs = interval;
  }

  return {
    client,
    get rateLimited() { return rateLimited; },
    async call(fn) {
      const maxAttempts = opts.maxAttempts ?? 6;
      for (let attempt = 1; ; attempt++) {
        await slot();
        try {
          const res = await fn(client);
          learn(res.headers);
          return res.data;
        } catch (e) {
          const err = hubspotError(e, secrets);
          const headers = (e as { headers?: Record<string, string> }).headers;
          learn(headers);
          if (err.kind === 'rate_limited' && attempt < maxAttempts) {
            rateLimited++;
            // The window is full on HubSpot's side (other tools share the app's budget): mark it
            // full, so the next slot waits for a whole interval to pass.
            const now = Date.now();
            win.sent = win.sent.filter((t) => t > now - win.intervalMs);
            while (win.sent.length < win.max) win.sent.push(now);
            if (err.retryAfterMs) await doSleep(err.retryAfterMs, opts.signal);
            continue;
          }
          if (err.kind === 'unavailable' && attempt < Math.min(3, maxAttempts)) {
            await doSleep(500 * 2 ** attempt, opts.signal);
            continue;
          }
          throw err;
        }
      }
    },
  };
}

export function hubspotError(e: unknown, secrets: readonly string[]): VendorError {
  if (e instanceof VendorError) return e;
  const ex = e as { code?: unknown; body?: unknown; headers?: Record<string, string> };
  if (typeof ex?.code === 'number') {
    return vendorError('hubspot', { status: ex.code, body: ex.body, retryAfter: ex.headers?.['retry-after'] ?? null }, secrets);
  }
  return vendorError('hubspot', { status: null, network: networkFailure(e) }, secrets);
}
