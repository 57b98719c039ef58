/**
 * SQL for rich menus: the menus made through Lumo, segment assignments, and the links Lumo made.
 * Every write of links is one transaction per LINE call, so a crash leaves the table true to what
 * LINE was told (at worst a batch LINE took is sent again: linking a friend to the menu they
 * already have changes nothing).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/types';
import { inTransaction } from '../store/db';
import { withRichMenuTables, type AssignmentStatus, type LinkState, type RichMenusTable, type SegmentRichMenusTable } from './tables';

type Db = Kysely<Database>;

export async function insertMenu(db: Db, row: RichMenusTable): Promise<void> {
  await withRichMenuTables(db).insertInto('rich_menus').values(row).execute();
}
export async function findMenu(db: Db, accountId: string, id: string): Promise<RichMenusTable | undefined> {
  return withRichMenuTables(db).selectFrom('rich_menus').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
}
export async function listMenus(db: Db, accountId: string): Promise<RichMenusTable[]> {
  return withRichMenuTables(db).selectFrom('rich_menus').selectAll().where('account_id', '=', accountId).orderBy('created_at').execute();
}
export async function markImage(db: Db, accountId: string, id: string): Promise<void> {
  await withRichMenuTables(db).updateTable('rich_menus').set({ has_image: 1 }).where('account_id', '=', accountId).where('id', '=', id).execute();
}
/** Forgets a deleted menu: its row, and its links (LINE drops them with the menu). Assignments break. */
export async function forgetMenu(db: Db, accountId: string, id: string, reason: string, now: number): Promise<void> {
  await inTransaction(db, async (trx) => {
    const t = withRichMenuTables(trx);
    await t.deleteFrom('rich_menus').where('account_id', '=', accountId).where('id', '=', id).execute();
    await t.deleteFrom('rich_menu_links').where('account_id', '=', accountId).where('rich_menu_id', '=', id).execute();
    await t.updateTable('segment_rich_menus').set({ status: 'broken', error: reason, updated_at: now })
      .where('account_id', '=', accountId).where('rich_menu_id', '=', id).execute();
  });
}

export async function assignmentsOf(db: Db, accountId: string): Promise<SegmentRichMenusTable[]> {
  return withRichMenuTables(db).selectFrom('segment_rich_menus').selectAll().where('account_id', '=', accountId)
    .orderBy('priority', 'desc').orderBy('created_at').orderBy('segment_id').execute();
}
export async function findAssignment(db: Db, accountId: string, segmentId: string): Promise<SegmentRichMenusTable | undefined> {
  return withRichMenuTables(db).selectFrom('segment_rich_menus').selectAll()
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId).executeTakeFirst();
}
/** Shows the menu to the segment, or changes the menu or priority it shows; one statement, so two at once both land (the later wins). */
export async function putAssignment(db: Db, row: { accountId: string; segmentId: string; richMenuId: string; priority: number; now: number }): Promise<void> {
  const changed = { rich_menu_id: row.richMenuId, priority: row.priority, status: 'syncing' as const, error: null, updated_at: row.now };
  await withRichMenuTables(db).insertInto('segment_rich_menus').values({
    account_id: row.accountId, segment_id: row.segmentId, ...changed, members: 0, overridden: 0, last_synced_at: null, created_at: row.now,
  }).onConflict((oc) => oc.columns(['account_id', 'segment_id']).doUpdateSet(changed)).execute();
}
export async function setAssignmentStatus(db: Db, accountId: string, segmentId: string,
  set: { status?: AssignmentStatus; error?: string | null; members?: number; overridden?: number; last_synced_at?: number }, now: number): Promise<void> {
  await withRichMenuTables(db).updateTable('segment_rich_menus').set({ ...set, updated_at: now })
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId).execute();
}
export async function deleteAssignment(db: Db, accountId: string, segmentId: string): Promise<void> {
  await withRichMenuTables(db).deleteFrom('segment_rich_menus').where('account_id', '=', accountId).where('segment_id', '=', segmentId).execute();
}

export interface LinkRow { lineUserId: string; richMenuId: string; segmentId: string; state: LinkState }
export async function linksOf(db: Db, accountId: string): Promise<LinkRow[]> {
  const rows = await withRichMenuTables(db).selectFrom('rich_menu_links').select(['line_user_id', 'rich_menu_id', 'segment_id', 'state'])
    .where('account_id', '=', accountId).execute();
  return rows.map((r) => ({ lineUserId: r.line_user_id, richMenuId: r.rich_menu_id, segmentId: r.segment_id, state: r.state as LinkState }));
}
/** Records one LINE call's outcome for its friends (upsert), in one transaction. */
export async function recordLinks(db: Db, accountId: string, userIds: string[], link: { richMenuId: string; segmentId: string; state: LinkState; error: string | null }, now: number): Promise<void> {
  if (userIds.length === 0) return;
  await db.transaction().execute(async (trx) => {
    const t = withRichMenuTables(trx);
    for (let i = 0; i < userIds.length; i += 500) {
      await t.insertInto('rich_menu_links').values(userIds.slice(i, i + 500).map((id) => ({
        account_id: accountId, line_user_id: id, rich_menu_id: link.richMenuId, segment_id: link.segmentId,
        state: link.state, error: link.error, updated_at: now,
      }))).onConflict((oc) => oc.columns(['account_id', 'line_user_id']).doUpdateSet({
        rich_menu_id: (eb) => eb.ref('excluded.rich_menu_id'), segment_id: (eb) => eb.ref('excluded.segment_id'),
        state: (eb) => eb.ref('excluded.state'), error: (eb) => eb.ref('excluded.error'), updated_at: (eb) => eb.ref('excluded.updated_at'),
      })).execute();
    }
  });
}
export async function forgetLinks(db: Db, accountId: string, userIds: string[]): Promise<void> {
  if (userIds.length === 0) return;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < userIds.length; i += 500) {
      await withRichMenuTables(trx).deleteFrom('rich_menu_links').where('account_id', '=', accountId)
        .where('line_user_id', 'in', userIds.slice(i, i + 500)).execute();
    }
  });
}
export async function linkCounts(db: Db, accountId: string): Promise<Map<string, { linked: number; failed: number }>> {
  const rows = await withRichMenuTables(db).selectFrom('rich_menu_links')
    .select(['segment_id', 'state', sql<number>`count(*)`.as('n')])
    .where('account_id', '=', accountId).groupBy(['segment_id', 'state']).execute();
  const out = new Map<string, { linked: number; failed: number }>();
  for (const r of rows) {
    const c = out.get(r.segment_id) ?? { linked: 0, failed: 0 };
    if (r.state === 'linked') c.linked = Number(r.n); else c.failed = Number(r.n);
    out.set(r.segment_id, c);
  }
  return out;
}
export async function failuresOf(db: Db, accountId: string, segmentId: string, limit: number): Promise<{ lineUserId: string; reason: string }[]> {
  const rows = await withRichMenuTables(db).selectFrom('rich_menu_links').select(['line_user_id', 'error'])
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId).where('state', '=', 'failed')
    .orderBy('line_user_id').limit(limit).execute();
  return rows.map((r) => ({ lineUserId: r.line_user_id, reason: r.error ?? 'LINE did not say why.' }));
}
/** A few friends linked to `richMenuId` for `segmentId`, to read back from LINE. */
export async function sampleLinked(db: Db, accountId: string, segmentId: string, richMenuId: string, limit: number): Promise<string[]> {
  const rows = await withRichMenuTables(db).selectFrom('rich_menu_links').select('line_user_id')
    .where('account_id', '=', accountId).where('segment_id', '=', segmentId).where('rich_menu_id', '=', richMenuId)
    .where('state', '=', 'linked').orderBy('updated_at', 'desc').orderBy('line_user_id').limit(limit).execute();
  return rows.map((r) => r.line_user_id);
}
