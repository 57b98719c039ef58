/**
 * Saving a segment starts its calculation on the sync API; while a preview says "calculating"
 * the background polls it and pushes each state, so every open UI turns "calculating" into the
 * count by itself. One poll per segment however many UIs ask.
 */
import type { ApiClient } from '../../lib/api/client';
import type { Cache } from '../../lib/cache/store';
import type { Preview } from '../../lib/contract/api';

export interface PreviewWatcherDeps {
  api: ApiClient;
  cache: Cache;
  onPreview: (accountId: string, segmentId: string, preview: Preview) => void;
  /** Delay before poll n (1-based). */
  delay?: (n: number) => number;
  /** Give up after this long; the next request for the preview starts again. */
  maxMs?: number;
}

/** 1 s, 1.5 s, 2.25 s … capped at 5 s. */
const defaultDelay = (n: number) => Math.min(5000, 1000 * 1.5 ** (n - 1));

export type PreviewWatcher = ReturnType<typeof createPreviewWatcher>;

export function createPreviewWatcher(deps: PreviewWatcherDeps) {
  const delay = deps.delay ?? defaultDelay;
  const maxMs = deps.maxMs ?? 180_000;
  const polling = new Map<string, ReturnType<typeof setTimeout>>();

  function watch(accountId: string, segmentId: string) {
    const key = `${accountId}\n${segmentId}`;
    if (polling.has(key)) return;
    const started = Date.now();
    const poll = (n: number) => {
      polling.set(key, setTimeout(async () => {
        let preview: Preview | null = null;
        try {
          preview = await deps.api.preview(accountId, segmentId, { retries: 1 });
          await deps.cache.setPreview(accountId, segmentId, preview);
          deps.onPreview(accountId, segmentId, preview);
        } catch { /* the API is away or the segment is gone: try again until the deadline */ }
        if ((preview === null || preview.status === 'calculating') && Date.now() - started < maxMs) poll(n + 1);
        else polling.delete(key);
      }, delay(n)));
    };
    poll(1);
  }

  return {
    watch,
    get size() { return polling.size; },
    dispose() {
      for (const t of polling.values()) clearTimeout(t);
      polling.clear();
    },
  };
}
