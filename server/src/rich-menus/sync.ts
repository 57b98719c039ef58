/**
 * Keeps every assigned segment's rich menu on exactly its members (DESIGN.md, "Rich menus").
 *
 * One `rich_menus.sync` job per account compares who should see which menu with the links Lumo
 * made (rich_menu_links) and tells LINE the difference: bulk link per menu and bulk unlink, ≤ 500
 * friends a call (LINE's limit), each call's outcome recorded in one transaction. It runs after a
 * segment's membership may have changed (its recount after a save, an import, a sync or a webhook
 * event; a deletion) and after an assignment changes, so links follow within one recalculation.
 *
 * - A friend in two assigned segments gets the menu of the higher priority (ties: the older
 *   assignment), and counts as "overridden" for the other.
 * - Blocked friends are members of no segment, so they are never linked, and a friend who blocks
 *   is unlinked.
 * - Only friends Lumo linked are ever unlinked: a menu someone linked by hand stays.
 * - Crash-safe: the job recomputes the difference from the store each run; a batch LINE took but
 *   the crash kept from recording is sent again, which links the same friends to the same menu.
 * - LINE's bulk link answers 202 and may still fail: a `rich_menus.verify` job reads a sample back
 *   with GET /v2/bot/user/{userId}/richmenu and marks friends LINE did not link as failed.
 */
import { registerJobKind, RetryJob } from '../jobs/runner';
import type { AppDeps } from '../http/context';
import { hasQueuedJob } from '../repositories/jobs';
import { findAccount } from '../repositories/accounts';
import { getSegment } from '../repositories/segments';
import { compileMembers } from '../segments/compile-sql';
import { LineApiError } from '../broadcasts/line-client';
import { lineCredentials } from '../integrations/index';
import { onSegmentEvent } from '../services/segment-events';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';
import type { Definition } from '../../../lib/segment/schema';
import { createRichMenuGateway, type RichMenuGateway } from './line-gateway';
import {
  assignmentsOf, deleteAssignment, findAssignment, forgetLinks, linksOf, recordLinks, sampleLinked, setAssignmentStatus,
} from './repository';

export const SYNC = 'rich_menus.sync';
export const VERIFY = 'rich_menus.verify';
/** LINE's bulk link and unlink take at most 500 user ids a call. */
export const LINE_BULK_MAX = 500;

export interface RichMenuSettings {
  /** The account's LINE rich-menu client; default: its connected LINE channel. */
  gateway?: (deps: AppDeps, accountId: string) => Promise<RichMenuGateway | null>;
  /** How long after linking to read a sample back (LINE links asynchronously). */
  verifyDelayMs: number;
  verifySample: number;
  /** How long to wait after LINE's 429 (it sends no Retry-After). */
  rateLimitDelayMs: number;
  /** Friends' changes come in bursts: sync once a moment later. */
  syncDelayMs: number;
}
const DEFAULTS: RichMenuSettings = { verifyDelayMs: 60_000, verifySample: 10, rateLimitDelayMs: 60_000, syncDelayMs: 1_000 };
const settings = new WeakMap<AppDeps, RichMenuSettings>();
export function configureRichMenus(deps: AppDeps, s: Partial<RichMenuSettings>): void {
  settings.set(deps, { ...DEFAULTS, ...s });
}
const settingsOf = (deps: AppDeps) => settings.get(deps) ?? DEFAULTS;

export async function richMenuGateway(deps: AppDeps, accountId: string): Promise<RichMenuGateway | null> {
  const custom = settingsOf(deps).gateway;
  if (custom) return custom(deps, accountId);
  const creds = await lineCredentials(deps, accountId);
  if (!creds) return null;
  return createRichMenuGateway({ channelAccessToken: creds.channelAccessToken, apiUrl: deps.config.vendors.lineApiUrl, dataApiUrl: deps.config.vendors.lineDataApiUrl });
}

/** Queues one sync of the account's rich menus unless one already waits. */
export async function queueRichMenuSync(deps: AppDeps, accountId: string): Promise<void> {
  if (await hasQueuedJob(deps.store.db, accountId, SYNC)) return;
  await deps.jobs.enqueue(accountId, SYNC, {}, { runAt: deps.clock.now() + settingsOf(deps).syncDelayMs });
}

// A recount or deletion of an assigned segment: its members may have changed.
onSegmentEvent(async (deps, accountId, segmentId) => {
  if (await findAssignment(deps.store.db, accountId, segmentId)) await queueRichMenuSync(deps, accountId);
});

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

async function membersOf(deps: AppDeps, accountId: string, definition: Definition, timeZone: string): Promise<string[]> {
  const q = compileMembers(definition, { accountId, asOf: deps.clock.now(), timeZone, dialect: deps.store.dialect });
  const { rows } = await q.execute(deps.store.db);
  return rows.map((r) => r.line_user_id);
}

/** Why LINE refused, in words for the panel. */
function reasonOf(e: LineApiError): string {
  return e.describe();
}

export async function syncRichMenus(deps: AppDeps, accountId: string, signal?: AbortSignal): Promise<void> {
  const db = deps.store.db;
  const now = () => deps.clock.now();
  const assignments = await assignmentsOf(db, accountId);
  if (assignments.length === 0 && (await linksOf(db, accountId)).length === 0) return;
  const gateway = await richMenuGateway(deps, accountId);
  if (!gateway) {
    for (const a of assignments) {
      await setAssignmentStatus(db, accountId, a.segment_id, { status: 'broken', error: 'LINE is not connected: connect LINE in Connections to show rich menus.' }, now());
    }
    return;
  }
  const timeZone = (await findAccount(db, accountId))?.timezone ?? DEFAULT_TIME_ZONE;

  // Who should see which menu: the highest priority first, so the first claim on a friend wins.
  const desired = new Map<string, { menu: string; segment: string }>();
  const stopping: string[] = [];
  for (const a of assignments) {
    if (a.status === 'stopping') { stopping.push(a.segment_id); continue; }
    if (a.status === 'broken' && a.error?.startsWith('LINE no longer has')) continue;
    const seg = await getSegment(db, accountId, a.segment_id);
    if (!seg) { stopping.push(a.segment_id); continue; }
    const members = await membersOf(deps, accountId, JSON.parse(seg.definition) as Definition, timeZone);
    let overridden = 0;
    for (const id of members) {
      if (desired.has(id)) overridden++;
      else desired.set(id, { menu: a.rich_menu_id, segment: a.segment_id });
    }
    await setAssignmentStatus(db, accountId, a.segment_id, { members: members.length, overridden, ...(a.status === 'in_sync' ? { status: 'syncing' } : {}) }, now());
  }

  const links = new Map((await linksOf(db, accountId)).map((l) => [l.lineUserId, l]));
  const toLink = new Map<string, Map<string, string[]>>(); // menu → segment → friends
  const relabel = new Map<string, Map<string, string[]>>(); // the same menu, now for another segment
  for (const [id, want] of desired) {
    const have = links.get(id);
    const target = have && have.state === 'linked' && have.richMenuId === want.menu ? relabel : toLink;
    if (target === relabel && have!.segmentId === want.segment) continue;
    const bySegment = target.get(want.menu) ?? new Map<string, string[]>();
    bySegment.set(want.segment, [...(bySegment.get(want.segment) ?? []), id]);
    target.set(want.menu, bySegment);
  }
  const toUnlink = [...links.values()].filter((l) => !desired.has(l.lineUserId));

  for (const [menu, bySegment] of relabel) {
    for (const [segment, ids] of bySegment) await recordLinks(db, accountId, ids, { richMenuId: menu, segmentId: segment, state: 'linked', error: null }, now());
  }
  let linkedAny = false;
  for (const [menu, bySegment] of toLink) {
    for (const [segment, ids] of bySegment) {
      for (const batch of chunks(ids, LINE_BULK_MAX)) {
        if (signal?.aborted) throw new Error('stopped');
        try {
          await gateway.bulkLink(menu, batch);
          await recordLinks(db, accountId, batch, { richMenuId: menu, segmentId: segment, state: 'linked', error: null }, now());
          linkedAny = true;
        } catch (e) {
          if (!(e instanceof LineApiError)) throw e;
          if (e.kind === 'rate_limited') throw new RetryJob('LINE asked us to slow down (429).', settingsOf(deps).rateLimitDelayMs);
          if (e.kind === 'transient') throw e;
          if (e.kind === 'unauthorized') {
            for (const a of assignments) await setAssignmentStatus(db, accountId, a.segment_id, { status: 'broken', error: `LINE refused the channel access token (${e.describe()}): reconnect LINE in Connections.` }, now());
            return;
          }
          if (e.status === 404 || /rich ?menu/i.test(e.lineMessage) && /not found|invalid|does not exist/i.test(e.describe())) {
            // The menu is gone at LINE (deleted elsewhere): the assignment cannot work.
            await setAssignmentStatus(db, accountId, segment, { status: 'broken', error: `LINE no longer has this rich menu (${e.describe()}). Choose another menu for this segment.` }, now());
            break;
          }
          await recordLinks(db, accountId, batch, { richMenuId: menu, segmentId: segment, state: 'failed', error: reasonOf(e) }, now());
        }
      }
    }
  }
  for (const batch of chunks(toUnlink, LINE_BULK_MAX)) {
    if (signal?.aborted) throw new Error('stopped');
    // Friends whose link failed were never linked: nothing to ask LINE.
    const linked = batch.filter((l) => l.state === 'linked').map((l) => l.lineUserId);
    try {
      if (linked.length) await gateway.bulkUnlink(linked);
    } catch (e) {
      if (!(e instanceof LineApiError)) throw e;
      if (e.kind === 'rate_limited') throw new RetryJob('LINE asked us to slow down (429).', settingsOf(deps).rateLimitDelayMs);
      throw e;
    }
    await forgetLinks(db, accountId, batch.map((l) => l.lineUserId));
  }
  for (const segmentId of stopping) await deleteAssignment(db, accountId, segmentId);
  for (const a of assignments) {
    if (stopping.includes(a.segment_id)) continue;
    const cur = await findAssignment(db, accountId, a.segment_id);
    if (cur && cur.status !== 'broken') await setAssignmentStatus(db, accountId, a.segment_id, { status: 'in_sync', error: null, last_synced_at: now() }, now());
  }
  if (linkedAny) await deps.jobs.enqueue(accountId, VERIFY, {}, { runAt: now() + settingsOf(deps).verifyDelayMs });
}

/** Reads a sample of each assignment's linked friends back from LINE; marks those LINE did not link. */
export async function verifyRichMenus(deps: AppDeps, accountId: string): Promise<number> {
  const db = deps.store.db;
  const gateway = await richMenuGateway(deps, accountId);
  if (!gateway) return 0;
  let failed = 0;
  for (const a of await assignmentsOf(db, accountId)) {
    if (a.status === 'broken' || a.status === 'stopping') continue;
    for (const id of await sampleLinked(db, accountId, a.segment_id, a.rich_menu_id, settingsOf(deps).verifySample)) {
      const actual = await gateway.menuOf(id);
      if (actual !== a.rich_menu_id) {
        failed++;
        await recordLinks(db, accountId, [id], {
          richMenuId: a.rich_menu_id, segmentId: a.segment_id, state: 'failed',
          error: actual ? `LINE shows this friend another menu (${actual}).` : 'LINE accepted the link but did not apply it (the friend may have blocked the account or left).',
        }, deps.clock.now());
      }
    }
  }
  return failed;
}

registerJobKind(SYNC, async (job, { deps, signal }) => { await syncRichMenus(deps, job.accountId, signal); }, { maxAttempts: 8, leaseMs: 10 * 60_000 });
registerJobKind(VERIFY, async (job, { deps }) => { await verifyRichMenus(deps, job.accountId); }, { maxAttempts: 3 });
