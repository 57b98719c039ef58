/**
 * What the UIs see: the cache with the outbox's unsent changes laid over it, and the push
 * events that carry it. Coalesces bursts (an outbox drain touches many entries) into one push
 * per account and list.
 */
import type { Cache } from '../../lib/cache/store';
import type { Folder, Segment, Tag } from '../../lib/contract/api';
import type { EventHub } from '../../lib/messages/background';
import type { SegmentItem } from '../../lib/messages/protocol';
import type { Outbox } from '../../lib/outbox/outbox';
import { overlayFolders, overlaySegments, overlayTags } from '../../lib/outbox/overlay';

export type Views = ReturnType<typeof createViews>;

export function createViews(cache: Cache, outbox: Outbox, hub: EventHub) {
  // The cache, the outbox and the previews are read in one transaction (cache.withOutbox): read
  // one by one, an accept landing in between showed a new segment or folder twice.
  async function segments(accountId: string, server?: Segment[]): Promise<SegmentItem[]> {
    const { rows, entries, previews } = await cache.withOutbox('segments', accountId);
    return overlaySegments(server ?? rows ?? [], entries, previews);
  }
  async function folders(accountId: string, server?: Folder[]): Promise<Folder[]> {
    const { rows, entries } = await cache.withOutbox('folders', accountId);
    return overlayFolders(server ?? rows ?? [], entries);
  }
  async function tags(accountId: string, server?: Tag[]): Promise<Tag[]> {
    const { rows, entries } = await cache.withOutbox('tags', accountId);
    return overlayTags(server ?? rows ?? [], entries);
  }

  const dirty = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  /** Pushes this account's lists and the outbox status soon (once per burst). */
  function touch(accountId: string) {
    if (disposed) return;
    dirty.add(accountId);
    timer ??= setTimeout(flush, 0);
  }

  async function flush() {
    timer = null;
    const accounts = [...dirty];
    dirty.clear();
    try {
      hub.emit({ type: 'outbox.changed', status: await outbox.status() });
      for (const accountId of accounts) {
        hub.emit({ type: 'fresh.segments', accountId, data: await segments(accountId) });
        hub.emit({ type: 'fresh.folders', accountId, data: await folders(accountId) });
        hub.emit({ type: 'fresh.tags', accountId, data: await tags(accountId) });
      }
    } catch (e) {
      if (!disposed) console.error('[lumo] could not push the outbox state', e);
    }
  }

  return {
    segments, folders, tags, touch,
    /** Waits for a pending push (tests). */
    async settled() { if (timer) { clearTimeout(timer); await flush(); } },
    dispose() { disposed = true; if (timer) clearTimeout(timer); timer = null; },
  };
}
