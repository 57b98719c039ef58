/**
 * Segments and their saved results. Every segment has an integer version: a change names the
 * version it was made against and applies only if that is still the current one (no lost
 * update). A result row remembers the version it was computed for, so a result for an older
 * definition is never shown as current.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';
import { inTransaction } from '../store/db';
import type { SampleFriend } from '../../../lib/contract/api';
import type { Actor } from '../http/context';

type Db = Kysely<Database>;

export interface SegmentRow {
  id: string; name: string; folderId: string | null; definition: string; version: number; createdAt: number; updatedAt: number;
}
export interface ResultRow {
  version: number; status: 'calculating' | 'ready' | 'failed'; count: number | null; sample: SampleFriend[];
  error: string | null; asOf: number | null; computedAt: number | null; durationMs: number | null;
}

const toSegment = (r: Database['segments']): SegmentRow => ({
  id: r.id, name: r.name, folderId: r.folder_id, definition: r.definition, version: r.version, createdAt: r.created_at, updatedAt: r.updated_at,
});

export async function listSegments(db: Db, accountId: string): Promise<SegmentRow[]> {
  const rows = await db.selectFrom('segments').selectAll().where('account_id', '=', accountId).orderBy('name').orderBy('id').execute();
  return rows.map(toSegment);
}

export async function getSegment(db: Db, accountId: string, id: string): Promise<SegmentRow | undefined> {
  const r = await db.selectFrom('segments').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return r && toSegment(r);
}

export interface VersionRow {
  version: number; name: string; folderId: string | null; definition: string; savedAt: number; savedBy: Actor | null;
}

/** Records the segment as it now is as its version `s.version`, saved by `actor`. */
async function insertVersion(db: Db, accountId: string, s: SegmentRow, actor: Actor): Promise<void> {
  await db.insertInto('segment_versions').values({
    account_id: accountId, segment_id: s.id, version: s.version, name: s.name, folder_id: s.folderId, definition: s.definition,
    saved_at: s.updatedAt, saved_by_type: actor.type, saved_by_id: actor.id, saved_by_name: actor.name,
  }).execute();
}

const toVersion = (r: Database['segment_versions']): VersionRow => ({
  version: r.version, name: r.name, folderId: r.folder_id, definition: r.definition, savedAt: Number(r.saved_at),
  savedBy: r.saved_by_type === null ? null
    : { type: r.saved_by_type as Actor['type'], id: r.saved_by_id ?? '', name: r.saved_by_name ?? '' },
});

/** Every saved version of a segment, newest first. */
export async function listVersions(db: Db, accountId: string, segmentId: string): Promise<VersionRow[]> {
  const rows = await db.selectFrom('segment_versions').selectAll()
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId).orderBy('version', 'desc').execute();
  return rows.map(toVersion);
}

export async function getVersion(db: Db, accountId: string, segmentId: string, version: number): Promise<VersionRow | undefined> {
  const r = await db.selectFrom('segment_versions').selectAll()
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId).where('version', '=', version).executeTakeFirst();
  return r && toVersion(r);
}

/** Inserts the segment, its first version and its result row (calculating, version 1) in one transaction. */
export async function insertSegment(db: Db, accountId: string, s: SegmentRow, actor: Actor): Promise<void> {
  await inTransaction(db, async (trx) => {
    await insertVersion(trx, accountId, s, actor);
    await trx.insertInto('segments').values({
      account_id: accountId, id: s.id, name: s.name, folder_id: s.folderId, definition: s.definition, version: s.version,
      created_at: s.createdAt, updated_at: s.updatedAt,
    }).execute();
    await trx.insertInto('segment_results').values({
      account_id: accountId, segment_id: s.id, version: s.version, status: 'calculating',
      count: null, sample: null, error: null, as_of: null, computed_at: null, duration_ms: null,
    }).execute();
  });
}

export type VersionedOutcome<T> = { ok: true; value: T } | { ok: false; reason: 'missing' } | { ok: false; reason: 'stale'; currentVersion: number };

async function whyNot(db: Db, accountId: string, id: string): Promise<VersionedOutcome<never>> {
  const cur = await getSegment(db, accountId, id);
  return cur ? { ok: false, reason: 'stale', currentVersion: cur.version } : { ok: false, reason: 'missing' };
}

/**
 * Applies a change made against `expectedVersion`, bumping the version and recording the new
 * version (and whatever `also` writes, e.g. the activity entry) in the same transaction. When the definition
 * changed the result row becomes "calculating" for the new version; otherwise the result carries
 * over to it (a rename does not change who is in the segment).
 */
export async function updateSegment(db: Db, accountId: string, id: string, expectedVersion: number,
  patch: { name?: string; folderId?: string | null; definition?: string }, now: number, actor: Actor,
  also?: (trx: Db, segment: SegmentRow) => Promise<void>): Promise<VersionedOutcome<{ segment: SegmentRow; definitionChanged: boolean }>> {
  return inTransaction(db, async (trx) => {
    const before = await getSegment(trx, accountId, id);
    if (!before || before.version !== expectedVersion) return whyNot(trx, accountId, id);
    const definitionChanged = patch.definition !== undefined && patch.definition !== before.definition;
    const r = await trx.updateTable('segments').set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.folderId !== undefined ? { folder_id: patch.folderId } : {}),
      ...(patch.definition !== undefined ? { definition: patch.definition } : {}),
      version: expectedVersion + 1, updated_at: now,
    }).where('account_id', '=', accountId).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return whyNot(trx, accountId, id); // a concurrent change won
    if (definitionChanged) {
      await trx.updateTable('segment_results').set({ version: expectedVersion + 1, status: 'calculating', error: null })
        .where('account_id', '=', accountId).where('segment_id', '=', id).execute();
    } else {
      await trx.updateTable('segment_results').set({ version: expectedVersion + 1 })
        .where('account_id', '=', accountId).where('segment_id', '=', id).where('version', '=', expectedVersion).execute();
    }
    const segment = (await getSegment(trx, accountId, id))!;
    await insertVersion(trx, accountId, segment, actor);
    await also?.(trx, segment);
    return { ok: true, value: { segment, definitionChanged } };
  });
}

export interface DeletedRow extends SegmentRow { deletedAt: number; deletedBy: Actor }

/**
 * Deletes the segment made against `expectedVersion`: it moves whole to deleted_segments (its
 * versions stay), so nothing that reads segments sees it and an undelete can bring it back.
 */
export async function deleteSegment(db: Db, accountId: string, id: string, expectedVersion: number, now: number, actor: Actor): Promise<VersionedOutcome<SegmentRow>> {
  return inTransaction(db, async (trx) => {
    const before = await getSegment(trx, accountId, id);
    if (!before || before.version !== expectedVersion) return whyNot(trx, accountId, id);
    const r = await trx.deleteFrom('segments').where('account_id', '=', accountId).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return whyNot(trx, accountId, id);
    await trx.deleteFrom('segment_results').where('account_id', '=', accountId).where('segment_id', '=', id).execute();
    await trx.insertInto('deleted_segments').values({
      account_id: accountId, id, name: before.name, folder_id: before.folderId, definition: before.definition, version: before.version,
      created_at: before.createdAt, updated_at: before.updatedAt, deleted_at: now,
      deleted_by_type: actor.type, deleted_by_id: actor.id, deleted_by_name: actor.name,
    }).execute();
    return { ok: true, value: before };
  });
}

const toDeleted = (r: Database['deleted_segments']): DeletedRow => ({
  id: r.id, name: r.name, folderId: r.folder_id, definition: r.definition, version: r.version,
  createdAt: Number(r.created_at), updatedAt: Number(r.updated_at), deletedAt: Number(r.deleted_at),
  deletedBy: { type: r.deleted_by_type as Actor['type'], id: r.deleted_by_id, name: r.deleted_by_name },
});

/** Segments deleted at or after `since`, most recently deleted first. */
export async function listDeleted(db: Db, accountId: string, since: number): Promise<DeletedRow[]> {
  const rows = await db.selectFrom('deleted_segments').selectAll()
    .where('account_id', '=', accountId).where('deleted_at', '>=', since).orderBy('deleted_at', 'desc').orderBy('id').execute();
  return rows.map(toDeleted);
}

/** Forgets segments deleted before `before`, and their versions, for good. */
export async function purgeDeleted(db: Db, accountId: string, before: number): Promise<number> {
  return inTransaction(db, async (trx) => {
    const gone = await trx.deleteFrom('deleted_segments').where('account_id', '=', accountId).where('deleted_at', '<', before)
      .returning('id').execute();
    const ids = gone.map((g) => g.id);
    if (ids.length > 0) {
      await trx.deleteFrom('segment_versions').where('account_id', '=', accountId).where('segment_id', 'in', ids).execute();
    }
    return ids.length;
  });
}

/**
 * Brings a segment deleted at or after `since` back, with its id, version and folder (no folder
 * when that folder was deleted since), and a result row "calculating". Undefined when there is no
 * such deleted segment (never deleted, too old, or another undelete was first).
 */
export async function undeleteSegment(db: Db, accountId: string, id: string, since: number, now: number,
  also?: (trx: Db, segment: SegmentRow) => Promise<void>): Promise<SegmentRow | undefined> {
  return inTransaction(db, async (trx) => {
    const gone = await trx.deleteFrom('deleted_segments').where('account_id', '=', accountId).where('id', '=', id).where('deleted_at', '>=', since)
      .returningAll().executeTakeFirst();
    if (!gone) return undefined;
    const folder = gone.folder_id === null ? undefined
      : await trx.selectFrom('folders').select('id').where('account_id', '=', accountId).where('id', '=', gone.folder_id).executeTakeFirst();
    const row: SegmentRow = { ...toDeleted(gone), folderId: folder ? gone.folder_id : null, updatedAt: now };
    await trx.insertInto('segments').values({
      account_id: accountId, id: row.id, name: row.name, folder_id: row.folderId, definition: row.definition, version: row.version,
      created_at: row.createdAt, updated_at: row.updatedAt,
    }).execute();
    await trx.insertInto('segment_results').values({
      account_id: accountId, segment_id: row.id, version: row.version, status: 'calculating',
      count: null, sample: null, error: null, as_of: null, computed_at: null, duration_ms: null,
    }).execute();
    const back: SegmentRow = { id: row.id, name: row.name, folderId: row.folderId, definition: row.definition, version: row.version, createdAt: row.createdAt, updatedAt: row.updatedAt };
    await also?.(trx, back);
    return back;
  });
}

export async function getResult(db: Db, accountId: string, segmentId: string): Promise<ResultRow | undefined> {
  const r = await db.selectFrom('segment_results').selectAll().where('account_id', '=', accountId).where('segment_id', '=', segmentId).executeTakeFirst();
  if (!r) return undefined;
  return {
    version: r.version, status: r.status as ResultRow['status'], count: r.count, sample: r.sample ? JSON.parse(r.sample) : [],
    error: r.error, asOf: r.as_of, computedAt: r.computed_at, durationMs: r.duration_ms,
  };
}

/**
 * Records the outcome of computing `definition`, for the segment's current version — only if the
 * segment still has that definition (else a newer calculation is due and this one is dropped).
 * True when recorded.
 */
export async function recordResult(db: Db, accountId: string, segmentId: string, definition: string,
  outcome: { status: 'ready' | 'failed'; count: number | null; sample: SampleFriend[]; error: string | null; asOf: number; computedAt: number; durationMs: number }): Promise<boolean> {
  const current = (eb: any) => eb.selectFrom('segments').where('account_id', '=', accountId).where('id', '=', segmentId).where('definition', '=', definition);
  const r = await db.updateTable('segment_results')
    .set((eb) => ({
      status: outcome.status, count: outcome.count, sample: JSON.stringify(outcome.sample), error: outcome.error,
      as_of: outcome.asOf, computed_at: outcome.computedAt, duration_ms: outcome.durationMs,
      version: current(eb).select('version'),
    }))
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId)
    .where((eb) => eb.exists(current(eb).select('id')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Names of HubSpot / Klaviyo lists, for summaries: provider → list id → name. */
export async function listNames(db: Db, accountId: string): Promise<{ hubspot: Record<string, string>; klaviyo: Record<string, string> }> {
  const rows = await db.selectFrom('service_lists').select(['provider', 'list_id', 'name']).where('account_id', '=', accountId).execute();
  const out = { hubspot: {} as Record<string, string>, klaviyo: {} as Record<string, string> };
  for (const r of rows) if (r.provider === 'hubspot' || r.provider === 'klaviyo') out[r.provider][r.list_id] = r.name;
  return out;
}
