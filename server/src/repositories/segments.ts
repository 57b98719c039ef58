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

/** Inserts the segment and its result row (calculating, version 1) in one transaction. */
export async function insertSegment(db: Db, accountId: string, s: SegmentRow): Promise<void> {
  await inTransaction(db, async (trx) => {
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
 * Applies a change made against `expectedVersion`, bumping the version. When the definition
 * changed the result row becomes "calculating" for the new version; otherwise the result carries
 * over to it (a rename does not change who is in the segment).
 */
export async function updateSegment(db: Db, accountId: string, id: string, expectedVersion: number,
  patch: { name?: string; folderId?: string | null; definition?: string }, now: number): Promise<VersionedOutcome<{ segment: SegmentRow; definitionChanged: boolean }>> {
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
    return { ok: true, value: { segment: (await getSegment(trx, accountId, id))!, definitionChanged } };
  });
}

export async function deleteSegment(db: Db, accountId: string, id: string, expectedVersion: number): Promise<VersionedOutcome<null>> {
  return inTransaction(db, async (trx) => {
    const r = await trx.deleteFrom('segments').where('account_id', '=', accountId).where('id', '=', id).where('version', '=', expectedVersion).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) return whyNot(trx, accountId, id);
    await trx.deleteFrom('segment_results').where('account_id', '=', accountId).where('segment_id', '=', id).execute();
    return { ok: true, value: null };
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
