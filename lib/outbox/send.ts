/**
 * How each kind of change goes to the sync API.
 * Sent with `retries: 0`: the outbox owns retrying, with backoff that survives the worker.
 */
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { Folder, Segment, Tag } from '../contract/api';
import type { OutboxRecord } from '../cache/db';

export type Accepted =
  | { kind: 'segment'; segment: Segment }
  | { kind: 'folder'; folder: Folder }
  | { kind: 'tag'; tag: Tag }
  | { kind: 'deleted'; entity: 'segment' | 'folder' | 'tag'; id: string };

const once = { retries: 0 };

/**
 * Sends one change whose ids are already resolved. Throws ApiError when it fails. It writes
 * nothing: the outbox records what the API accepted in the cache and removes the entry in one
 * transaction, so no reader ever sees both the accepted thing and its pending change.
 */
export async function sendChange(api: ApiClient, e: OutboxRecord): Promise<Accepted> {
  const a = e.accountId;
  const body = (e.body ?? {}) as never;
  const version = e.baseVersion ?? 0;
  switch (e.kind) {
    case 'segment.create':
      return { kind: 'segment', segment: await api.createSegment(a, body, { ...once, idempotencyKey: e.id }) };
    case 'segment.update':
      return { kind: 'segment', segment: await api.updateSegment(a, e.targetId, version, body, once) };
    case 'segment.delete':
      await goneIsFine(api.deleteSegment(a, e.targetId, version, once));
      return { kind: 'deleted', entity: 'segment', id: e.targetId };
    case 'folder.create':
      return { kind: 'folder', folder: await api.createFolder(a, body, { ...once, idempotencyKey: e.id }) };
    case 'folder.rename':
      return { kind: 'folder', folder: await api.renameFolder(a, e.targetId, body, once) };
    case 'folder.delete':
      await goneIsFine(api.deleteFolder(a, e.targetId, once));
      return { kind: 'deleted', entity: 'folder', id: e.targetId };
    case 'tag.create':
      return { kind: 'tag', tag: await api.createTag(a, body, { ...once, idempotencyKey: e.id }) };
    case 'tag.rename':
      return { kind: 'tag', tag: await api.renameTag(a, e.targetId, body, once) };
    case 'tag.delete':
      await goneIsFine(api.deleteTag(a, e.targetId, once));
      return { kind: 'deleted', entity: 'tag', id: e.targetId };
  }
}

/** Deleting what is already gone is what the user wanted. */
async function goneIsFine(p: Promise<unknown>) {
  try { await p; } catch (e) {
    if (e instanceof ApiError && e.kind === 'not_found') return;
    throw e;
  }
}
