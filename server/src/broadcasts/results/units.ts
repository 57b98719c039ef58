/**
 * Aggregation units: one per multicast broadcast, named from the broadcast id, carried in
 * `customAggregationUnits` by every multicast request of that broadcast so LINE adds them up as one
 * (`GET /v2/bot/insight/message/event/aggregation` reads it back).
 *
 * LINE keeps 1,000 units per channel and calendar month and silently drops statistics for the rest,
 * so the units are counted here (per account, per month in Japan time, as LINE's dates are) and
 * checked against LINE's own count (`GET /v2/bot/message/aggregation/info`: other tools may use
 * the channel too). Past the limit a broadcast is sent without a unit and its results say why.
 */
import { createHash } from 'node:crypto';
import type { AppDeps } from '../../http/context';
import type { BroadcastKey } from '../repository';
import type { LineGateway } from '../line-client';
import { countUnitsInMonth, findResultRow, insertResultRow, reserveUnit } from './repository';
import { resultsSettings } from './settings';
import type { ResultReason } from '../../../../lib/contract/results';

const UNIT = /^[A-Za-z0-9_]{1,30}$/;

/** The unit of a broadcast: its id when LINE accepts it as a unit name, else a hash of it. */
export function unitFor(broadcastId: string): string {
  if (UNIT.test(broadcastId)) return broadcastId;
  return `bc_${createHash('sha256').update(broadcastId).digest('hex').slice(0, 27)}`;
}

const JST_MS = 9 * 3_600_000;
/** yyyyMM of an instant in Japan time (LINE's statistics dates are UTC+9). */
export const jstMonth = (ms: number) => new Date(ms + JST_MS).toISOString().slice(0, 7).replace('-', '');
/** yyyyMMdd of an instant in Japan time. */
export const jstDate = (ms: number) => new Date(ms + JST_MS).toISOString().slice(0, 10).replace(/-/g, '');

/**
 * The broadcast's unit, assigned once (a resumed delivery gets the same one back), or null when it
 * goes without one: fewer recipients than LINE reports on, or the month's units are used up.
 */
export async function assignUnit(deps: AppDeps, key: BroadcastKey, gateway: LineGateway, recipients: number): Promise<string | null> {
  const db = deps.store.db;
  const existing = await findResultRow(db, key);
  if (existing) return existing.unit;
  const s = resultsSettings(deps);
  const now = deps.clock.now();
  const month = jstMonth(now);
  let unit: string | null = null;
  let reason: ResultReason | null = null;
  if (recipients < s.minRecipients) {
    reason = tooFew(recipients, s.minRecipients);
  } else {
    const ours = await countUnitsInMonth(db, key.accountId, month);
    // LINE's count includes units from other tools on the channel; when LINE cannot be asked, ours.
    const theirs = ours < s.unitsPerMonth ? await gateway.aggregationUnitsUsed().catch(() => 0) : 0;
    // The reservation, not the counts above, decides: they were read before a concurrent
    // broadcast may have taken the last unit.
    if (await reserveUnit(db, key.accountId, month, s.unitsPerMonth, theirs)) unit = unitFor(key.id);
    else {
      const used = Math.max(ours, theirs, s.unitsPerMonth);
      reason = {
        code: 'unit_limit',
        message: `Sent without an aggregation unit: this channel used LINE's ${s.unitsPerMonth.toLocaleString('en')} units for this month (${used.toLocaleString('en')} used), so LINE cannot count this broadcast's opens and clicks. Units are available again next month.`,
      };
    }
  }
  await insertResultRow(db, {
    account_id: key.accountId, broadcast_id: key.id, method: 'multicast', unit, unit_month: unit ? month : null,
    reason: reason && JSON.stringify(reason), created_at: now, updated_at: now,
  });
  // Another runner may have assigned it in between: theirs is the one its requests carry.
  return (await findResultRow(db, key))!.unit;
}

export const tooFew = (recipients: number, min: number): ResultReason => ({
  code: 'too_few_recipients',
  message: `Sent to ${recipients} ${recipients === 1 ? 'friend' : 'friends'}: LINE shows opens and clicks only for messages to ${min} or more, so these results stay empty.`,
});
