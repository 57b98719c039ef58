/** Reads: answered from the cache at once, refreshed behind (stale-while-revalidate). */
import type { Handlers } from '../../lib/messages/background';
import { MessageError } from '../../lib/messages/errors';
import type { SegmentItem } from '../../lib/messages/protocol';
import { isLocalId } from '../../lib/outbox/outbox';
import { isApiError } from '../../lib/api/errors';
import type { Core } from './context';

type ReadHandlers = Pick<Handlers,
  'listAccounts' | 'getCatalog' | 'listTags' | 'listFolders' | 'listSegments' | 'getSegment' | 'getPreview' | 'listFriends'>;

export function readHandlers(core: () => Promise<Core>): ReadHandlers {
  /** A successful read means the API is back: changes waiting on backoff may go now. */
  const reachable = (c: Core) => {
    if (c.outbox.reachable === false) {
      c.outbox.noteReachable(true);
      void c.outbox.drain({ force: true });
    }
  };
  /** A refresh behind a cached answer failed: an unreachable API is news for the UIs' banners. */
  const logBehind = (c: Core, what: string) => (e: unknown) => {
    if (isApiError(e) && e.kind === 'unreachable') c.outbox.noteReachable(false);
    else if ((e as { kind?: string }).kind === undefined) console.error(`[lumo] refreshing ${what} failed`, e);
  };

  return {
    async listAccounts({ refresh }) {
      const c = await core();
      return c.swr.get({
        key: 'accounts', refresh,
        read: () => c.cache.accounts(),
        fetch: () => c.api.accounts(),
        write: async (data, at) => { await c.cache.setAccounts(data, at); reachable(c); },
        onFresh: (data) => c.hub.emit({ type: 'fresh.accounts', data }),
        onError: logBehind(c, 'accounts'),
      });
    },

    async getCatalog({ accountId, refresh }) {
      const c = await core();
      return c.swr.get({
        key: `catalog:${accountId}`, refresh,
        read: () => c.cache.catalog(accountId),
        fetch: () => c.api.catalog(accountId),
        write: async (data, at) => { await c.cache.setCatalog(accountId, data, at); reachable(c); },
        onFresh: (data) => c.hub.emit({ type: 'fresh.catalog', accountId, data }),
        onError: logBehind(c, 'catalog'),
      });
    },

    async listTags({ accountId, refresh }) {
      const c = await core();
      const r = await c.swr.get({
        key: `tags:${accountId}`, refresh,
        read: () => c.cache.tags(accountId),
        fetch: () => c.api.tags(accountId),
        write: async (data, at) => { await c.cache.setTags(accountId, data, at); reachable(c); },
        onFresh: async (data) => c.hub.emit({ type: 'fresh.tags', accountId, data: await c.views.tags(accountId, data) }),
        onError: logBehind(c, 'tags'),
      });
      return { ...r, data: await c.views.tags(accountId, r.data) };
    },

    async listFolders({ accountId, refresh }) {
      const c = await core();
      const r = await c.swr.get({
        key: `folders:${accountId}`, refresh,
        read: () => c.cache.folders(accountId),
        fetch: () => c.api.folders(accountId),
        write: async (data, at) => { await c.cache.setFolders(accountId, data, at); reachable(c); },
        onFresh: async (data) => c.hub.emit({ type: 'fresh.folders', accountId, data: await c.views.folders(accountId, data) }),
        onError: logBehind(c, 'folders'),
      });
      return { ...r, data: await c.views.folders(accountId, r.data) };
    },

    async listSegments({ accountId, refresh }) {
      const c = await core();
      const r = await c.swr.get({
        key: `segments:${accountId}`, refresh,
        read: () => c.cache.segments(accountId),
        fetch: () => c.api.segments(accountId),
        write: async (data, at) => { await c.cache.setSegments(accountId, data, at); reachable(c); },
        onFresh: async (data) => c.hub.emit({ type: 'fresh.segments', accountId, data: await c.views.segments(accountId, data) }),
        onError: logBehind(c, 'segments'),
      });
      return { ...r, data: await c.views.segments(accountId, r.data) };
    },

    async getSegment({ accountId, segmentId, refresh }) {
      const c = await core();
      const id = await c.outbox.resolveId(segmentId);
      const find = async (): Promise<SegmentItem | undefined> => (await c.views.segments(accountId)).find((i) => i.segment.id === id);
      if (isLocalId(id)) {
        // Created here and not accepted yet: only this browser knows it.
        const item = await find();
        if (!item) throw new MessageError({ kind: 'not_found', message: 'This segment no longer exists.' });
        return { data: item, fetchedAt: null, refreshing: false, offline: false };
      }
      const r = await c.swr.get({
        key: `segment:${accountId}:${id}`, refresh,
        read: async () => {
          const segment = await c.cache.segment(accountId, id);
          const at = (await c.cache.segments(accountId))?.fetchedAt;
          return segment && at ? { data: segment, fetchedAt: at } : undefined;
        },
        fetch: () => c.api.segment(accountId, id),
        write: async (segment) => { await c.cache.putSegment(accountId, segment); reachable(c); },
        onFresh: async () => {
          const item = await find();
          if (item) c.hub.emit({ type: 'fresh.segment', accountId, data: item });
        },
        onError: logBehind(c, 'a segment'),
      });
      const item = await find();
      return { ...r, data: item ?? { segment: r.data, preview: null, sync: 'synced' as const } };
    },

    async getPreview({ accountId, segmentId, refresh }) {
      const c = await core();
      const id = await c.outbox.resolveId(segmentId);
      if (isLocalId(id)) return { data: null, fetchedAt: null, refreshing: false, offline: false };
      const r = await c.swr.get({
        key: `preview:${accountId}:${id}`, refresh,
        read: () => c.cache.preview(accountId, id),
        fetch: () => c.api.preview(accountId, id),
        write: async (data, at) => { await c.cache.setPreview(accountId, id, data, at); reachable(c); },
        onFresh: (data) => {
          c.hub.emit({ type: 'fresh.preview', accountId, segmentId: id, data });
          if (data.status === 'calculating') c.previews.watch(accountId, id);
        },
        onError: logBehind(c, 'a preview'),
      });
      if (r.data.status === 'calculating') c.previews.watch(accountId, id);
      return r;
    },

    async listFriends({ accountId, ...query }) {
      return (await core()).api.friends(accountId, query);
    },

  };
}
