/**
 * How each kind of change goes to the sync API, and what the cache learns when it is accepted.
 * Sent with `retries: 0`: the outbox owns retrying, with backoff that survives the worker.
 */
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { Cache } from '../cache/store';
import type { Folder, Segment, Tag } from '../contract/api';
import type { OutboxRecord } from '../cache/db';

export type Accepted =
  | { kind: 'segment'; segment: Segment }
  | { kind: 'folder'; folder: Folder }
  | { kind: 'tag'; tag: Tag }
  | { kind: 'deleted' };

const once = { retries: 0 };

/** Sends one change whose ids are already resolved. Throws ApiError when it fails. */
export async function sendChange(api: ApiClient, cache: Cache, e: OutboxRecord): Promise<Accepted> {
  const a = e.accountId;
  const body = (e.body ?? {}) as never;
  const version = e.baseVersion ?? 0;
  switch (e.kind) {
    case 'segment.create': {
      const segment = await api.createSegment(a, body, { ...once, idempotencyKey: e.id });
      await cache.putSegment(a, segment);
      return { kind: 'segment', segment };
    }
    case 'segment.update': {
      const segment = await api.updateSegment(a, e.targetId, version, body, once);
      await cache.putSegment(a, segment);
      return { kind: 'segment', segment };
    }
    case 'segment.delete':
      await goneIsFine(api.deleteSegment(a, e.targetId, version, once));
      await cache.deleteSegment(a, e.targetId);
      return { kind: 'deleted' };
    case 'folder.create': {
      const folder = await api.createFolder(a, body, { ...once, idempotencyKey: e.id });
      await cache.putFolder(a, folder);
      return { kind: 'folder', folder };
    }
    case 'folder.rename': {
      const folder = await api.renameFolder(a, e.targetId, body, once);
      await cache.putFolder(a, folder);
      return { kind: 'folder', folder };
    }
    case 'folder.delete':
      await goneIsFine(api.deleteFolder(a, e.targetId, once));
      await cache.deleteFolder(a, e.targetId);
      return { kind: 'deleted' };
    case 'tag.create': {
      const tag = await api.createTag(a, body, { ...once, idempotencyKey: e.id });
      await cache.putTag(a, tag);
      return { kind: 'tag', tag };
    }
    case 'tag.rename': {
      const tag = await api.renameTag(a, e.targetId, body, once);
      await cache.putTag(a, tag);
      return { kind: 'tag', tag };
    }
    case 'tag.delete':
      await goneIsFine(api.deleteTag(a, e.targetId, once));
      await cache.deleteTag(a, e.targetId);
      return { kind: 'deleted' };
  }
}

/** Deleting what is already gone is what the user wanted. */
async function goneIsFine(p: Promise<unknown>) {
  try { await p; } catch (e) {
    if (e instanceof ApiError && e.kind === 'not_found') return;
    throw e;
  }
}
