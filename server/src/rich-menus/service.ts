/**
 * Rich menus: made through the Messaging API (LINE cannot read or link menus made in the OA
 * Manager), shown to segments and kept in step by ./sync.ts.
 */
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { ApiError, badRequest, notFound } from '../http/errors';
import { LineApiError } from '../broadcasts/line-client';
import { getSegment } from '../repositories/segments';
import { checkRichMenuImage, type RichMenuCreate } from '../../../lib/rich-menus/layout';
import type { RichMenu, RichMenuAssignment } from '../../../lib/contract/rich-menus';
import {
  assignmentsOf, failuresOf, findAssignment, findMenu, forgetMenu, insertMenu, linkCounts, listMenus, markImage,
  putAssignment, setAssignmentStatus,
} from './repository';
import { queueRichMenuSync, richMenuGateway } from './sync';
import type { RichMenusTable, SegmentRichMenusTable } from './tables';
import type { RichMenuGateway } from './line-gateway';

async function gatewayOrThrow(deps: AppDeps, accountId: string): Promise<RichMenuGateway> {
  const g = await richMenuGateway(deps, accountId);
  if (!g) throw new ApiError(409, 'line_not_connected', 'Connect LINE first (Connections → LINE): rich menus are made through your channel.');
  return g;
}

/** LINE's refusal as an answer the user can act on. */
function lineProblem(e: unknown): never {
  if (!(e instanceof LineApiError)) throw e;
  if (e.kind === 'unauthorized') throw new ApiError(502, 'line_unauthorized', `LINE refused the channel access token: reconnect LINE in Connections. (${e.describe()})`);
  if (e.kind === 'rate_limited') throw new ApiError(503, 'line_rate_limited', 'LINE asked us to slow down. Try again in a minute.', undefined, undefined, { 'retry-after': '60' });
  if (e.kind === 'transient') throw new ApiError(503, 'line_unavailable', `LINE could not be reached: ${e.describe()} Try again shortly.`, undefined, undefined, { 'retry-after': '10' });
  throw new ApiError(422, 'line_rejected', `LINE refused the rich menu: ${e.describe()}`);
}

const toMenu = (r: RichMenusTable, segmentIds: string[]): RichMenu => ({
  id: r.id, name: r.name, chatBarText: r.chat_bar_text, selected: r.selected === 1,
  size: { width: r.width, height: r.height } as RichMenu['size'], areas: JSON.parse(r.areas), aliasId: r.alias_id,
  hasImage: r.has_image === 1, createdByLumo: true, segmentIds,
});

export async function createRichMenu(deps: AppDeps, accountId: string, input: RichMenuCreate, actor: Actor): Promise<RichMenu> {
  const gateway = await gatewayOrThrow(deps, accountId);
  const menu = { name: input.name, chatBarText: input.chatBarText, selected: input.selected ?? false, size: input.size, areas: input.areas };
  let id: string;
  try { id = await gateway.create(menu); } catch (e) { lineProblem(e); }
  if (input.aliasId) {
    try {
      await gateway.createAlias(input.aliasId, id);
    } catch (e) {
      await gateway.remove(id).catch(() => {}); // nothing half-made stays at LINE
      if (e instanceof LineApiError && e.kind === 'rejected') {
        throw new ApiError(409, 'alias_taken', `The alias "${input.aliasId}" is taken (or LINE refused it: ${e.describe()}). Choose another.`, [{ path: 'aliasId', message: 'This alias is taken.' }]);
      }
      lineProblem(e);
    }
  }
  const row: RichMenusTable = {
    account_id: accountId, id, name: menu.name, chat_bar_text: menu.chatBarText, selected: menu.selected ? 1 : 0,
    width: menu.size.width, height: menu.size.height, areas: JSON.stringify(menu.areas), alias_id: input.aliasId ?? null,
    has_image: 0, created_at: deps.clock.now(),
  };
  await deps.store.db.transaction().execute(async (trx) => {
    await insertMenu(trx, row);
    await recordActivity(trx, { accountId, actor, at: row.created_at, action: 'rich_menu.create', target: { type: 'rich_menu', id, name: row.name }, details: { size: `${row.width}x${row.height}`, areas: menu.areas.length } });
  });
  return toMenu(row, []);
}

export async function setRichMenuImage(deps: AppDeps, accountId: string, id: string, bytes: Uint8Array, contentType: string): Promise<RichMenu> {
  const row = await findMenu(deps.store.db, accountId, id);
  if (!row) throw notFound(`There is no rich menu "${id}" made through Lumo in this account.`);
  const check = checkRichMenuImage(bytes, { width: row.width, height: row.height });
  if (!check.ok) throw new ApiError(check.code === 'image_too_large' ? 413 : 400, check.code, check.message);
  if (check.type !== contentType.split(';')[0]!.trim().toLowerCase()) {
    throw badRequest(`The image is a ${check.type === 'image/png' ? 'PNG' : 'JPEG'} but was sent as ${contentType}. Send it as ${check.type}.`);
  }
  const gateway = await gatewayOrThrow(deps, accountId);
  try { await gateway.setImage(id, bytes, check.type); } catch (e) {
    if (e instanceof LineApiError && e.kind === 'rejected' && e.status === 400 && /already/i.test(e.describe())) {
      throw new ApiError(409, 'image_already_set', 'LINE keeps the first image of a rich menu: create a new menu to use another image.');
    }
    lineProblem(e);
  }
  await markImage(deps.store.db, accountId, id);
  return toMenu({ ...row, has_image: 1 }, await segmentsShowing(deps, accountId, id));
}

export async function richMenuImage(deps: AppDeps, accountId: string, id: string): Promise<{ bytes: Uint8Array; contentType: string }> {
  const gateway = await gatewayOrThrow(deps, accountId);
  let image: { bytes: Uint8Array; contentType: string } | null;
  try { image = await gateway.image(id); } catch (e) { lineProblem(e); }
  if (!image) throw notFound(`LINE has no image for the rich menu "${id}".`);
  return image;
}

async function segmentsShowing(deps: AppDeps, accountId: string, menuId: string): Promise<string[]> {
  return (await assignmentsOf(deps.store.db, accountId)).filter((a) => a.rich_menu_id === menuId && a.status !== 'stopping').map((a) => a.segment_id);
}

/** The channel's rich menus as LINE lists them (GET /v2/bot/richmenu/list), with Lumo's facts beside. */
export async function allRichMenus(deps: AppDeps, accountId: string): Promise<RichMenu[]> {
  const gateway = await gatewayOrThrow(deps, accountId);
  let remote: Awaited<ReturnType<RichMenuGateway['list']>>;
  try { remote = await gateway.list(); } catch (e) { lineProblem(e); }
  const ours = new Map((await listMenus(deps.store.db, accountId)).map((r) => [r.id, r]));
  const assignments = await assignmentsOf(deps.store.db, accountId);
  const showing = (id: string) => assignments.filter((a) => a.rich_menu_id === id && a.status !== 'stopping').map((a) => a.segment_id);
  return remote.map((m) => {
    const row = ours.get(m.richMenuId);
    if (row) return toMenu(row, showing(row.id));
    return {
      id: m.richMenuId, name: m.name, chatBarText: m.chatBarText, selected: m.selected, size: m.size as RichMenu['size'],
      areas: m.areas as RichMenu['areas'], aliasId: null, hasImage: true, createdByLumo: false, segmentIds: showing(m.richMenuId),
    };
  });
}

export async function deleteRichMenu(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<void> {
  const gateway = await gatewayOrThrow(deps, accountId);
  const row = await findMenu(deps.store.db, accountId, id);
  try {
    if (row?.alias_id) await gateway.deleteAlias(row.alias_id);
    await gateway.remove(id);
  } catch (e) { lineProblem(e); }
  await deps.store.db.transaction().execute(async (trx) => {
    await forgetMenu(trx, accountId, id, 'LINE no longer has this rich menu: it was deleted. Choose another menu for this segment.', deps.clock.now());
    await recordActivity(trx, { accountId, actor, at: deps.clock.now(), action: 'rich_menu.delete', target: { type: 'rich_menu', id, name: row?.name ?? id } });
  });
}

export async function assignRichMenu(deps: AppDeps, accountId: string, segmentId: string, input: { richMenuId: string; priority?: number }, actor: Actor): Promise<RichMenuAssignment> {
  const segment = await getSegment(deps.store.db, accountId, segmentId);
  if (!segment) throw notFound(`There is no segment "${segmentId}" in this account.`);
  const menus = await allRichMenus(deps, accountId);
  if (!menus.some((m) => m.id === input.richMenuId)) {
    throw badRequest('LINE has no such rich menu on this channel.', [{ path: 'richMenuId', message: `There is no rich menu "${input.richMenuId}" on this LINE channel. Menus made in the OA Manager cannot be used: create one in Rich menus.` }]);
  }
  const menu = menus.find((m) => m.id === input.richMenuId)!;
  await deps.store.db.transaction().execute(async (trx) => {
    await putAssignment(trx, { accountId, segmentId, richMenuId: input.richMenuId, priority: input.priority ?? 0, now: deps.clock.now() });
    await recordActivity(trx, { accountId, actor, at: deps.clock.now(), action: 'rich_menu.assign', target: { type: 'segment', id: segmentId, name: segment.name }, details: { richMenuId: menu.id, richMenu: menu.name, priority: input.priority ?? 0 } });
  });
  await queueRichMenuSync(deps, accountId);
  return assignmentStatus(deps, accountId, segmentId);
}

export async function unassignRichMenu(deps: AppDeps, accountId: string, segmentId: string, actor: Actor): Promise<RichMenuAssignment> {
  const current = await findAssignment(deps.store.db, accountId, segmentId);
  if (!current) throw notFound('This segment shows no rich menu.');
  const segment = await getSegment(deps.store.db, accountId, segmentId);
  await deps.store.db.transaction().execute(async (trx) => {
    await setAssignmentStatus(trx, accountId, segmentId, { status: 'stopping' }, deps.clock.now());
    await recordActivity(trx, { accountId, actor, at: deps.clock.now(), action: 'rich_menu.unassign', target: { type: 'segment', id: segmentId, name: segment?.name ?? segmentId }, details: { richMenuId: current.rich_menu_id } });
  });
  await queueRichMenuSync(deps, accountId);
  return assignmentStatus(deps, accountId, segmentId);
}

/** "Unlink everything Lumo linked": every assignment stops; the sync unlinks exactly Lumo's links. */
export async function stopAllRichMenus(deps: AppDeps, accountId: string, actor: Actor): Promise<{ assignments: number }> {
  const all = await assignmentsOf(deps.store.db, accountId);
  await deps.store.db.transaction().execute(async (trx) => {
    for (const a of all) await setAssignmentStatus(trx, accountId, a.segment_id, { status: 'stopping' }, deps.clock.now());
    await recordActivity(trx, { accountId, actor, at: deps.clock.now(), action: 'rich_menu.unlink_all', target: { type: 'account', id: accountId, name: accountId }, details: { assignments: all.length } });
  });
  await queueRichMenuSync(deps, accountId);
  return { assignments: all.length };
}

function toStatus(a: SegmentRichMenusTable, counts: { linked: number; failed: number }, failures: RichMenuAssignment['failures']): RichMenuAssignment {
  const pending = a.status === 'stopping' ? 0 : Math.max(0, a.members - a.overridden - counts.linked - counts.failed);
  return {
    segmentId: a.segment_id, richMenuId: a.rich_menu_id, priority: a.priority, status: a.status as RichMenuAssignment['status'],
    members: a.members, linked: counts.linked, pending, failed: counts.failed, overridden: a.overridden, failures, error: a.error,
    lastSyncedAt: a.last_synced_at === null ? null : new Date(a.last_synced_at).toISOString(),
  };
}

export async function assignmentStatus(deps: AppDeps, accountId: string, segmentId: string): Promise<RichMenuAssignment> {
  const a = await findAssignment(deps.store.db, accountId, segmentId);
  if (!a) throw notFound('This segment shows no rich menu.');
  const counts = (await linkCounts(deps.store.db, accountId)).get(segmentId) ?? { linked: 0, failed: 0 };
  return toStatus(a, counts, await failuresOf(deps.store.db, accountId, segmentId, 20));
}

export async function allAssignments(deps: AppDeps, accountId: string): Promise<RichMenuAssignment[]> {
  const counts = await linkCounts(deps.store.db, accountId);
  const out: RichMenuAssignment[] = [];
  for (const a of await assignmentsOf(deps.store.db, accountId)) {
    out.push(toStatus(a, counts.get(a.segment_id) ?? { linked: 0, failed: 0 }, await failuresOf(deps.store.db, accountId, a.segment_id, 5)));
  }
  return out;
}
