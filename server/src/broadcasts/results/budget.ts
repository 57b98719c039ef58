/**
 * The channel's budget of statistics calls. LINE allows 60 calls an hour to its insight endpoints
 * per channel; scheduled reads, "Refresh" clicks and every instance of the sync API share it.
 *
 * The budget is 60 slots per account, each holding when it was last spent. A call takes the slot
 * spent longest ago if that was more than an hour back — one conditional UPDATE, so two callers
 * (here or on another instance) never take the same slot — hence at most 60 calls in any hour,
 * sliding, not per clock hour. Scheduled reads leave `reserve` slots for people's refreshes.
 * When LINE answers 429 anyway, `spendAll` marks every slot spent now: nothing calls for an hour.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/types';
import { withResultsTables } from './tables';

export const HOUR_MS = 3_600_000;

type Db = Kysely<Database>;

async function ensureSlots(db: Db, accountId: string, slots: number): Promise<void> {
  const r = withResultsTables(db);
  const have = await r.selectFrom('insight_call_slots').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).executeTakeFirstOrThrow();
  if (Number(have.n) >= slots) return;
  await r.insertInto('insight_call_slots')
    .values(Array.from({ length: slots }, (_, slot) => ({ account_id: accountId, slot, spent_at: 0 })))
    .onConflict((oc) => oc.columns(['account_id', 'slot']).doNothing()).execute();
}

/** Slots free now (spent more than an hour ago). */
export async function freeCalls(db: Db, accountId: string, now: number, slots: number): Promise<number> {
  await ensureSlots(db, accountId, slots);
  const r = await withResultsTables(db).selectFrom('insight_call_slots').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('slot', '<', slots).where('spent_at', '<=', now - HOUR_MS)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * Takes one call from the budget; true when taken. `reserve`: leave at least this many free (the
 * scheduler leaves some for refreshes people ask for).
 */
export async function takeCall(db: Db, accountId: string, now: number, opts: { slots: number; reserve?: number }): Promise<boolean> {
  const reserve = opts.reserve ?? 0;
  for (let attempt = 0; attempt < 5; attempt++) {
    if ((await freeCalls(db, accountId, now, opts.slots)) <= reserve) return false;
    const r = withResultsTables(db);
    const oldest = await r.selectFrom('insight_call_slots').select(['slot', 'spent_at'])
      .where('account_id', '=', accountId).where('slot', '<', opts.slots).where('spent_at', '<=', now - HOUR_MS)
      .orderBy('spent_at').orderBy('slot').limit(1).executeTakeFirst();
    if (!oldest) return false;
    const took = await r.updateTable('insight_call_slots').set({ spent_at: now })
      .where('account_id', '=', accountId).where('slot', '=', oldest.slot).where('spent_at', '=', oldest.spent_at)
      .executeTakeFirst();
    if (Number(took.numUpdatedRows) === 1) return true;
    // Another caller took that slot first: look again.
  }
  return false;
}

/** When the next call can be made (with `reserve` slots left free): now, or when enough slots age past the hour. */
export async function nextCallAt(db: Db, accountId: string, now: number, opts: { slots: number; reserve?: number }): Promise<number> {
  await ensureSlots(db, accountId, opts.slots);
  const rows = await withResultsTables(db).selectFrom('insight_call_slots').select('spent_at')
    .where('account_id', '=', accountId).where('slot', '<', opts.slots).orderBy('spent_at').execute();
  // Free now must exceed `reserve`: the (reserve+1)-th oldest slot decides.
  const decisive = rows[opts.reserve ?? 0];
  if (!decisive) return now;
  return Math.max(now, Number(decisive.spent_at) + HOUR_MS);
}

/** LINE said 429: treat the whole hour's budget as spent from now. */
export async function spendAll(db: Db, accountId: string, now: number, slots: number): Promise<void> {
  await ensureSlots(db, accountId, slots);
  await withResultsTables(db).updateTable('insight_call_slots').set({ spent_at: now })
    .where('account_id', '=', accountId).execute();
}
