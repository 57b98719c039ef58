/**
 * Stale-while-revalidate: answer from the cache at once and refresh behind; the fresh data goes
 * to `onFresh` (the background pushes it to the UIs). With nothing cached, or when the caller
 * asks for a refresh, the answer waits for the API, and falls back to the cache when the API
 * cannot be reached.
 */
import type { Entry } from './store';

export interface SwrResult<T> {
  data: T;
  fetchedAt: string | null;
  /** A refresh runs behind this answer. */
  refreshing: boolean;
  /** The API could not be reached; `data` is what the cache knew. */
  offline: boolean;
}

export interface SwrSource<T> {
  /** Identifies the resource; concurrent refreshes of one key share one request. */
  key: string;
  read: () => Promise<Entry<T> | undefined>;
  fetch: () => Promise<T>;
  write: (data: T, fetchedAt: string) => Promise<void>;
  /** Fresh data from a refresh behind a cached answer. */
  onFresh?: (data: T, fetchedAt: string) => void | Promise<void>;
  /** A refresh behind failed (the cached answer stands). */
  onError?: (error: unknown) => void;
  /** Wait for the API instead of answering from the cache. */
  refresh?: boolean;
}

/** True when an error means "the API is away": the cache may answer for it. */
export type IsOffline = (error: unknown) => boolean;

export function createSwr(isOffline: IsOffline) {
  const inFlight = new Map<string, Promise<Entry<unknown>>>();

  function revalidate<T>(source: SwrSource<T>): Promise<Entry<T>> {
    const running = inFlight.get(source.key) as Promise<Entry<T>> | undefined;
    if (running) return running;
    const p = (async () => {
      const data = await source.fetch();
      const fetchedAt = new Date().toISOString();
      await source.write(data, fetchedAt);
      return { data, fetchedAt };
    })().finally(() => inFlight.delete(source.key));
    inFlight.set(source.key, p);
    return p;
  }

  async function get<T>(source: SwrSource<T>): Promise<SwrResult<T>> {
    const cached = await source.read().catch(() => undefined);
    if (cached && !source.refresh) {
      revalidate(source)
        .then((fresh) => source.onFresh?.(fresh.data, fresh.fetchedAt))
        .catch((e) => source.onError?.(e));
      return { data: cached.data, fetchedAt: cached.fetchedAt, refreshing: true, offline: false };
    }
    try {
      const fresh = await revalidate(source);
      return { data: fresh.data, fetchedAt: fresh.fetchedAt, refreshing: false, offline: false };
    } catch (e) {
      if (cached && isOffline(e)) return { data: cached.data, fetchedAt: cached.fetchedAt, refreshing: false, offline: true };
      throw e;
    }
  }

  return { get, revalidate, get pending() { return inFlight.size; } };
}
export type Swr = ReturnType<typeof createSwr>;
