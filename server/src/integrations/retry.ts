/**
 * Retrying vendor calls that failed for a passing reason (throttled, unavailable): wait what the
 * vendor asked (Retry-After, Shopify's cost arithmetic) or back off exponentially, a bounded number
 * of times, and give up with the VendorError when waiting longer would hold a job for too long —
 * the sync job then runs again later from its saved cursor.
 */
import { VendorError } from './errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) => new Promise((resolve, reject) => {
  if (signal?.aborted) { reject(signal.reason ?? new Error('aborted')); return; }
  const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
  const onAbort = () => { clearTimeout(t); reject(signal!.reason ?? new Error('aborted')); };
  signal?.addEventListener('abort', onAbort, { once: true });
});

export interface RetryOptions {
  signal?: AbortSignal;
  /** Attempts in all, the first included (default 6). */
  maxAttempts?: number;
  /** A single wait longer than this gives up instead (default 60 s). */
  maxWaitMs?: number;
  sleep?: Sleep;
  /** Told about each wait, for progress and counters. */
  onWait?: (ms: number, error: VendorError) => void;
}

export function backoffMs(attempt: number): number {
  const base = Math.min(30_000, 500 * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const max = opts.maxAttempts ?? 6;
  const maxWait = opts.maxWaitMs ?? 60_000;
  const doSleep = opts.sleep ?? sleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof VendorError) || !e.transient || attempt + 1 >= max) throw e;
      const wait = e.retryAfterMs ?? backoffMs(attempt);
      if (wait > maxWait) throw e;
      opts.onWait?.(wait, e);
      await doSleep(wait, opts.signal);
    }
  }
}
