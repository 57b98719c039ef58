/**
 * The ten benchmark segments, each written three ways over the same friends: as a segment
 * definition (the index and the SQL compiler), as a json-logic-js rule and as a hand-written
 * JavaScript filter over plain objects (the two peers). The seed's examples are among them: a tag
 * contains any; Shopify integrated; ≥ 5 purchases; a purchase within 30 days; a HubSpot list; and
 * the OR of two AND groups.
 *
 * Date conditions need "today's local midnight minus N days" in the account's zone; the peers get
 * those bounds computed once per count (`Bounds`), as any careful implementation would.
 */
import { localDayNumber, startOfLocalDayMs, dayNumberOfDate } from '../lib/segment/dates';
import type { Definition } from '../lib/segment/schema';
import type { BenchFriend } from './generate';

export interface Bounds {
  /** Local midnight that starts day `today - n`. */
  daysAgo(n: number): number;
  /** Local midnight that starts the calendar date. */
  date(d: string): number;
}

export function bounds(asOf: number, timeZone: string): Bounds {
  const today = localDayNumber(asOf, timeZone);
  return {
    daysAgo: (n) => startOfLocalDayMs(today - n, timeZone),
    date: (d) => startOfLocalDayMs(dayNumberOfDate(d), timeZone),
  };
}

type Rule = Record<string, unknown>;

export interface BenchSegment {
  name: string;
  /** `tagId` resolves a tag name to its id in the store at hand (ids are per store). */
  definition(tagId: (name: string) => string): Definition;
  jsonLogic(b: Bounds): Rule;
  filter(b: Bounds): (f: BenchFriend) => boolean;
}

const v = (path: string) => ({ var: path });
const has = (path: string) => ({ '!!': v(path) });
const notBlocked = { '!': v('blocked') };
const and = (...xs: unknown[]) => ({ and: xs });

export const SEGMENTS: BenchSegment[] = [
  {
    name: 'Tag: VIP or Newsletter',
    definition: (t) => ({ groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [t('VIP'), t('Newsletter')] }] }] }),
    jsonLogic: () => and(notBlocked, { or: [{ in: ['VIP', v('tags')] }, { in: ['Newsletter', v('tags')] }] }),
    filter: () => (f) => !f.blocked && (f.tags.includes('VIP') || f.tags.includes('Newsletter')),
  },
  {
    name: 'Shopify integrated',
    definition: () => ({ groups: [{ conditions: [{ property: 'shopify.integrated', operator: 'is_integrated' }] }] }),
    jsonLogic: () => and(notBlocked, has('shopify')),
    filter: () => (f) => !f.blocked && f.shopify !== null,
  },
  {
    name: '5 or more purchases',
    definition: () => ({ groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 5 }] }] }),
    jsonLogic: () => and(notBlocked, has('shopify'), { '>=': [v('shopify.purchaseCount'), 5] }),
    filter: () => (f) => !f.blocked && f.shopify !== null && f.shopify.purchaseCount >= 5,
  },
  {
    name: 'Purchased within 30 days',
    definition: () => ({ groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 }] }] }),
    jsonLogic: (b) => and(notBlocked, has('shopify.lastPurchaseAt'), { '>=': [v('shopify.lastPurchaseAt'), b.daysAgo(30)] }),
    filter: (b) => { const lo = b.daysAgo(30); return (f) => !f.blocked && f.shopify !== null && f.shopify.lastPurchaseAt !== null && f.shopify.lastPurchaseAt >= lo; },
  },
  {
    name: 'HubSpot list 105',
    definition: () => ({ groups: [{ conditions: [{ property: 'hubspot.list', operator: 'contains_any', value: ['105'] }] }] }),
    jsonLogic: () => and(notBlocked, { in: ['105', v('hubspot.lists')] }),
    filter: () => (f) => !f.blocked && f.hubspot !== null && f.hubspot.lists.includes('105'),
  },
  {
    name: 'Repeat buyers OR HubSpot customers',
    definition: () => ({ groups: [
      { conditions: [{ property: 'shopify.integrated', operator: 'is_integrated' }, { property: 'shopify.purchase_count', operator: 'gte', value: 5 }] },
      { conditions: [{ property: 'hubspot.integrated', operator: 'is_integrated' }, { property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value: 'customer' }] },
    ] }),
    jsonLogic: () => and(notBlocked, { or: [
      and(has('shopify'), { '>=': [v('shopify.purchaseCount'), 5] }),
      and(has('hubspot'), { '===': [v('hubspot.properties.lifecyclestage'), 'customer'] }),
    ] }),
    filter: () => (f) => !f.blocked && ((f.shopify !== null && f.shopify.purchaseCount >= 5)
      || (f.hubspot !== null && f.hubspot.properties.lifecyclestage === 'customer')),
  },
  {
    name: 'Added in the last 30 days, not VIP',
    definition: (t) => ({ groups: [{ conditions: [
      { property: 'line.friend_added_at', operator: 'within_last_days', value: 30 },
      { property: 'tag', operator: 'contains_none', value: [t('VIP')] },
    ] }] }),
    jsonLogic: (b) => and(notBlocked, has('addedAt'), { '>=': [v('addedAt'), b.daysAgo(30)] }, { '!': { in: ['VIP', v('tags')] } }),
    filter: (b) => { const lo = b.daysAgo(30); return (f) => !f.blocked && f.addedAt !== null && f.addedAt >= lo && !f.tags.includes('VIP'); },
  },
  {
    name: 'Abandoned cart, no purchase in 14 days',
    definition: () => ({ groups: [{ conditions: [
      { property: 'shopify.abandoned_cart', operator: 'is_true' },
      { property: 'shopify.purchase_count', operator: 'gte', value: 1 },
      { property: 'shopify.days_since_last_purchase', operator: 'gt', value: 14 },
    ] }] }),
    jsonLogic: (b) => and(notBlocked, { '===': [v('shopify.abandonedCart'), true] }, { '>=': [v('shopify.purchaseCount'), 1] },
      has('shopify.lastPurchaseAt'), { '<': [v('shopify.lastPurchaseAt'), b.daysAgo(14)] }),
    filter: (b) => { const hi = b.daysAgo(14); return (f) => !f.blocked && f.shopify !== null && f.shopify.abandonedCart
      && f.shopify.purchaseCount >= 1 && f.shopify.lastPurchaseAt !== null && f.shopify.lastPurchaseAt < hi; },
  },
  {
    name: 'HubSpot: Tokyo, plan starts with "pro"',
    definition: () => ({ groups: [{ conditions: [
      { property: 'hubspot.property', key: 'city', operator: 'eq', value: 'Tokyo' },
      { property: 'hubspot.property', key: 'plan', operator: 'starts_with', value: 'pro' },
    ] }] }),
    jsonLogic: () => and(notBlocked, { '===': [v('hubspot.properties.city'), 'Tokyo'] },
      { '===': [{ substr: [{ fold: v('hubspot.properties.plan') }, 0, 3] }, 'pro'] }),
    filter: () => (f) => !f.blocked && f.hubspot !== null && f.hubspot.properties.city === 'Tokyo'
      && typeof f.hubspot.properties.plan === 'string' && f.hubspot.properties.plan.toLowerCase().startsWith('pro'),
  },
  {
    name: 'Klaviyo Instagram, not on list A, added 2025–H1 2026',
    definition: () => ({ groups: [{ conditions: [
      { property: 'klaviyo.property', key: 'source', operator: 'contains', value: 'instagram' },
      { property: 'klaviyo.list', operator: 'contains_none', value: ['LISTA'] },
      { property: 'line.friend_added_at', operator: 'between', value: ['2025-01-01', '2026-06-30'] },
    ] }] }),
    jsonLogic: (b) => and(notBlocked, has('klaviyo'), { in: ['instagram', { fold: v('klaviyo.properties.source') }] },
      { '!': { in: ['LISTA', v('klaviyo.lists')] } }, has('addedAt'),
      { '>=': [v('addedAt'), b.date('2025-01-01')] }, { '<': [v('addedAt'), b.date('2026-07-01')] }),
    filter: (b) => { const lo = b.date('2025-01-01'), hi = b.date('2026-07-01'); return (f) => !f.blocked && f.klaviyo !== null
      && typeof f.klaviyo.properties.source === 'string' && f.klaviyo.properties.source.toLowerCase().includes('instagram')
      && !f.klaviyo.lists.includes('LISTA') && f.addedAt !== null && f.addedAt >= lo && f.addedAt < hi; },
  },
];

/** DESIGN.md's sample order over plain objects: newest first, unknown last, ties by id. */
export function sampleOrder(a: BenchFriend, b: BenchFriend): number {
  if (a.addedAt !== b.addedAt) {
    if (a.addedAt === null) return 1;
    if (b.addedAt === null) return -1;
    return b.addedAt - a.addedAt;
  }
  return a.lineUserId < b.lineUserId ? -1 : a.lineUserId > b.lineUserId ? 1 : 0;
}

/** Count and the first `limit` matches in sample order, in one pass (what both peers do). */
export function countAndSample(friends: readonly BenchFriend[], test: (f: BenchFriend) => boolean, limit = 10): { count: number; sample: BenchFriend[] } {
  let count = 0;
  const top: BenchFriend[] = [];
  for (const f of friends) {
    if (!test(f)) continue;
    count++;
    if (top.length < limit || sampleOrder(f, top[top.length - 1]) < 0) {
      let k = Math.min(top.length, limit - 1);
      if (top.length < limit) top.push(f);
      while (k > 0 && sampleOrder(f, top[k - 1]) < 0) { top[k] = top[k - 1]; k--; }
      top[k] = f;
    }
  }
  return { count, sample: top };
}
