/**
 * The activity log: who changed what in an account. Services call `recordActivity` with the SAME
 * transaction handle as the change, so a change that fails leaves no entry and an entry never
 * describes a change that did not happen.
 *
 *   await deps.store.db.transaction().execute(async (trx) => {
 *     await insertTag(trx, …);
 *     await recordActivity(trx, { accountId, actor, action: 'tag.create', target: { type: 'tag', id, name } });
 *   });
 *
 * Action names are `<resource>.<verb>` (COORDINATION.md lists them). `details` is a small JSON
 * object for the reader (a rename's old name, a broadcast's recipients) — never a secret.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';
import type { Actor } from '../http/context';

export interface ActivityTarget { type: string; id: string; name: string }
export interface ActivityInput {
  accountId: string;
  actor: Actor;
  action: string;
  target: ActivityTarget;
  details?: Record<string, unknown> | null;
  /** Defaults to Date.now(); services pass their clock's now. */
  at?: number;
}
export interface ActivityEntry { at: number; actor: Actor; action: string; target: ActivityTarget; details: Record<string, unknown> | null }

/**
 * Entries order by (at, id). Within one millisecond the id keeps them in the order they were made
 * (the process's monotonic clock), then a random tail keeps two instances' ids apart. Fixed-width
 * hex, so both engines compare ids alike whatever their collation.
 */
const newId = () => process.hrtime.bigint().toString(16).padStart(16, '0') + randomBytes(4).toString('hex');

export async function recordActivity(db: Kysely<Database>, e: ActivityInput): Promise<void> {
  await db.insertInto('activity').values({
    account_id: e.accountId,
    id: newId(),
    at: e.at ?? Date.now(),
    actor_type: e.actor.type, actor_id: e.actor.id, actor_name: e.actor.name,
    action: e.action,
    target_type: e.target.type, target_id: e.target.id, target_name: e.target.name,
    details: e.details ? JSON.stringify(e.details) : null,
  }).execute();
}

/** A page of the account's activity, newest first; `cursor` continues after the previous page. */
export async function listActivity(db: Kysely<Database>, accountId: string, opts: { limit: number; cursor?: { at: number; id: string } }): Promise<{ items: ActivityEntry[]; next?: { at: number; id: string } }> {
  let q = db.selectFrom('activity').selectAll().where('account_id', '=', accountId);
  const c = opts.cursor;
  if (c) q = q.where((eb) => eb.or([eb('at', '<', c.at), eb.and([eb('at', '=', c.at), eb('id', '<', c.id)])]));
  const rows = await q.orderBy('at', 'desc').orderBy('id', 'desc').limit(opts.limit + 1).execute();
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({
      at: r.at,
      actor: { type: r.actor_type as Actor['type'], id: r.actor_id, name: r.actor_name },
      action: r.action,
      target: { type: r.target_type, id: r.target_id, name: r.target_name },
      details: r.details ? JSON.parse(r.details) as Record<string, unknown> : null,
    })),
    next: rows.length > opts.limit && last ? { at: last.at, id: last.id } : undefined,
  };
}
