/** Segments: list, create, read, change and delete, each change against the segment's version. */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../http/context';
import { ApiError, badRequest, notFound, preconditionFailed, preconditionRequired } from '../http/errors';
import { getFolder } from '../repositories/folders';
import { deleteSegment, getSegment, insertSegment, listSegments, updateSegment, type SegmentRow, type VersionedOutcome } from '../repositories/segments';
import { queueCalculation } from './segment-calculation';
import { notifySegmentEvent } from './segment-events';
import type { Segment } from '../../../lib/contract/api';
import type { Definition } from '../../../lib/segment/schema';

export const toSegment = (s: SegmentRow): Segment => ({
  id: s.id, name: s.name, folderId: s.folderId, definition: JSON.parse(s.definition) as Definition, version: s.version,
  createdAt: new Date(s.createdAt).toISOString(), updatedAt: new Date(s.updatedAt).toISOString(),
});

const missing = (id: string) => notFound(`There is no segment "${id}" in this account.`);

/** The version an `If-Match` header names: `3`, `"3"` or `W/"3"`. 428 when absent, 400 when unreadable. */
export function versionFromIfMatch(header: string | undefined): number {
  if (header === undefined || header.trim() === '') {
    throw preconditionRequired('Send the version you are changing as "If-Match: <version>", so a newer change is not overwritten.');
  }
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw badRequest('The If-Match header is not valid.', [{ path: 'If-Match', message: 'If-Match must be the segment\'s version, a whole number like 3.' }]);
  return Number(m[1]);
}

async function checkFolder(deps: AppDeps, accountId: string, folderId: string | null | undefined): Promise<void> {
  if (folderId === null || folderId === undefined) return;
  if (!await getFolder(deps.store.db, accountId, folderId)) {
    throw badRequest('The folder does not exist.', [{ path: 'folderId', message: `There is no folder "${folderId}" in this account. Create it first, or use null for no folder.` }]);
  }
}

function unwrap<T>(id: string, r: VersionedOutcome<T>): T {
  if (r.ok) return r.value;
  if (r.reason === 'missing') throw missing(id);
  throw preconditionFailed(
    `This segment was changed since you loaded it (it is now version ${r.currentVersion}). Reload it and make your change again.`,
    { currentVersion: r.currentVersion },
  );
}

export async function allSegments(deps: AppDeps, accountId: string): Promise<Segment[]> {
  return (await listSegments(deps.store.db, accountId)).map(toSegment);
}

export async function segmentOrThrow(deps: AppDeps, accountId: string, id: string): Promise<SegmentRow> {
  const s = await getSegment(deps.store.db, accountId, id);
  if (!s) throw missing(id);
  return s;
}

export async function createSegment(deps: AppDeps, accountId: string, input: { name: string; folderId: string | null; definition: Definition }): Promise<Segment> {
  await checkFolder(deps, accountId, input.folderId);
  const now = deps.clock.now();
  const row: SegmentRow = {
    id: `seg_${randomBytes(9).toString('base64url')}`, name: input.name, folderId: input.folderId,
    definition: JSON.stringify(input.definition), version: 1, createdAt: now, updatedAt: now,
  };
  await insertSegment(deps.store.db, accountId, row);
  await queueCalculation(deps, accountId, row.id);
  return toSegment(row);
}

export async function changeSegment(deps: AppDeps, accountId: string, id: string, version: number,
  patch: { name?: string; folderId?: string | null; definition?: Definition }): Promise<Segment> {
  if (patch.name === undefined && patch.folderId === undefined && patch.definition === undefined) {
    throw badRequest('Nothing to change: send name, folderId or definition.');
  }
  await checkFolder(deps, accountId, patch.folderId);
  const r = unwrap(id, await updateSegment(deps.store.db, accountId, id, version, {
    name: patch.name, folderId: patch.folderId, definition: patch.definition && JSON.stringify(patch.definition),
  }, deps.clock.now()));
  if (r.definitionChanged) await queueCalculation(deps, accountId, id);
  return toSegment(r.segment);
}

export async function removeSegment(deps: AppDeps, accountId: string, id: string, version: number): Promise<void> {
  unwrap(id, await deleteSegment(deps.store.db, accountId, id, version));
  await notifySegmentEvent(deps, accountId, id, 'deleted');
}

export { ApiError };
