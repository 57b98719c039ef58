/**
 * Segments: list, create, read, change and delete, each change against the segment's version.
 * Every save writes a version (who and when) in the same transaction; a restore is a new version
 * holding an older one's name and definition; a delete keeps the segment aside for 30 days.
 */
import { randomBytes } from 'node:crypto';
import type { Actor, AppDeps } from '../http/context';
import { ApiError, badRequest, notFound, preconditionFailed, preconditionRequired } from '../http/errors';
import { getFolder } from '../repositories/folders';
import { recordActivity } from '../repositories/activity';
import {
  deleteSegment, getSegment, getVersion, insertSegment, listDeleted, listSegments, listVersions, purgeDeleted, undeleteSegment, updateSegment,
  type DeletedRow, type SegmentRow, type VersionedOutcome, type VersionRow,
} from '../repositories/segments';
import { queueCalculation } from './segment-calculation';
import { notifySegmentEvent } from './segment-events';
import type { DeletedSegment, Segment, SegmentVersion } from '../../../lib/contract/api';
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

export async function createSegment(deps: AppDeps, accountId: string, input: { name: string; folderId: string | null; definition: Definition }, actor: Actor): Promise<Segment> {
  await checkFolder(deps, accountId, input.folderId);
  const now = deps.clock.now();
  const row: SegmentRow = {
    id: `seg_${randomBytes(9).toString('base64url')}`, name: input.name, folderId: input.folderId,
    definition: JSON.stringify(input.definition), version: 1, createdAt: now, updatedAt: now,
  };
  await deps.store.db.transaction().execute(async (trx) => {
    await insertSegment(trx, accountId, row, actor);
    await recordActivity(trx, { accountId, actor, action: 'segment.create', target: { type: 'segment', id: row.id, name: row.name }, details: { version: 1 }, at: now });
  });
  await queueCalculation(deps, accountId, row.id);
  return toSegment(row);
}

export async function changeSegment(deps: AppDeps, accountId: string, id: string, version: number,
  patch: { name?: string; folderId?: string | null; definition?: Definition }, actor: Actor): Promise<Segment> {
  if (patch.name === undefined && patch.folderId === undefined && patch.definition === undefined) {
    throw badRequest('Nothing to change: send name, folderId or definition.');
  }
  await checkFolder(deps, accountId, patch.folderId);
  const now = deps.clock.now();
  const before = await getSegment(deps.store.db, accountId, id);
  const r = unwrap(id, await updateSegment(deps.store.db, accountId, id, version, {
    name: patch.name, folderId: patch.folderId, definition: patch.definition && JSON.stringify(patch.definition),
  }, now, actor, (trx, s) => {
    const changed = [
      ...(before && s.name !== before.name ? ['name'] : []),
      ...(before && s.folderId !== before.folderId ? ['folder'] : []),
      ...(before && s.definition !== before.definition ? ['definition'] : []),
    ];
    return recordActivity(trx, {
      accountId, actor, action: 'segment.update', target: { type: 'segment', id, name: s.name },
      details: { version: s.version, changed, ...(changed.includes('name') ? { previousName: before?.name } : {}) }, at: now,
    });
  }));
  if (r.definitionChanged) await queueCalculation(deps, accountId, id);
  return toSegment(r.segment);
}

export async function removeSegment(deps: AppDeps, accountId: string, id: string, version: number, actor: Actor): Promise<void> {
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    const gone = unwrap(id, await deleteSegment(trx, accountId, id, version, now, actor));
    await recordActivity(trx, { accountId, actor, action: 'segment.delete', target: { type: 'segment', id, name: gone.name }, details: { version }, at: now });
  });
  await notifySegmentEvent(deps, accountId, id, 'deleted');
}

// ---- history -----------------------------------------------------------------------------------

const toVersionOut = (v: VersionRow): SegmentVersion => ({
  version: v.version, name: v.name, folderId: v.folderId, definition: JSON.parse(v.definition) as Definition,
  savedAt: new Date(v.savedAt).toISOString(), savedBy: v.savedBy,
});

/** Every saved version of a live segment, newest first. */
export async function segmentVersions(deps: AppDeps, accountId: string, id: string): Promise<SegmentVersion[]> {
  await segmentOrThrow(deps, accountId, id);
  return (await listVersions(deps.store.db, accountId, id)).map(toVersionOut);
}

/**
 * The segment takes `version`'s name and definition as a new version, made against `ifMatch`
 * (412 when stale: of two restoring at once one wins). Its folder stays where it is now. A tag
 * deleted since stays in the definition and shows as broken, as anywhere else.
 */
export async function restoreSegment(deps: AppDeps, accountId: string, id: string, ifMatch: number, version: number, actor: Actor): Promise<Segment> {
  await segmentOrThrow(deps, accountId, id);
  const v = await getVersion(deps.store.db, accountId, id, version);
  if (!v) throw notFound(`Segment "${id}" has no version ${version}.`);
  const now = deps.clock.now();
  const r = unwrap(id, await updateSegment(deps.store.db, accountId, id, ifMatch, { name: v.name, definition: v.definition }, now, actor,
    (trx, s) => recordActivity(trx, {
      accountId, actor, at: now, action: 'segment.restore', target: { type: 'segment', id, name: s.name },
      details: { restoredVersion: version, version: s.version },
    })));
  if (r.definitionChanged) await queueCalculation(deps, accountId, id);
  return toSegment(r.segment);
}

// ---- recently deleted ----------------------------------------------------------------------------

/** How long a deleted segment can be undeleted. */
export const KEEP_DELETED_MS = 30 * 86_400_000;

const toDeletedOut = (d: DeletedRow): DeletedSegment => ({
  ...toSegment(d), deletedAt: new Date(d.deletedAt).toISOString(), deletedBy: d.deletedBy,
  purgeAt: new Date(d.deletedAt + KEEP_DELETED_MS).toISOString(),
});

/** Segments deleted in the last 30 days, most recent first; older ones are forgotten here. */
export async function recentlyDeleted(deps: AppDeps, accountId: string): Promise<DeletedSegment[]> {
  const since = deps.clock.now() - KEEP_DELETED_MS;
  await purgeDeleted(deps.store.db, accountId, since);
  return (await listDeleted(deps.store.db, accountId, since)).map(toDeletedOut);
}

/** Brings a segment deleted in the last 30 days back, with its id, folder, version and history. */
export async function undelete(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<Segment> {
  const now = deps.clock.now();
  const row = await undeleteSegment(deps.store.db, accountId, id, now - KEEP_DELETED_MS, now, (trx, s) => recordActivity(trx, {
    accountId, actor, at: now, action: 'segment.undelete', target: { type: 'segment', id, name: s.name }, details: { version: s.version },
  }));
  if (!row) throw notFound(`There is no segment "${id}" deleted in the last 30 days.`);
  await queueCalculation(deps, accountId, id);
  return toSegment(row);
}

export { ApiError };
