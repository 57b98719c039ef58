/**
 * The segment compiler, executed on real SQLite and real PostgreSQL (never string-compared):
 * given these friends, this segment, expect these friends.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import type { SegmentFriend, ServiceBlock, ShopifyBlock } from '../../../lib/segment/friend';
import type { Condition, Definition } from '../../../lib/segment/schema';
import { definitionSchema } from '../../../lib/segment/schema';
import { createSqlEngine, type SegmentEngine } from './engine';
import { compileMembers } from './compile-sql';
import { ensureAccount, insertFriends } from './testing/friends-builder';

const A = '@compiler';
const OTHER = '@other';

function friend(n: number, over: Partial<SegmentFriend> = {}): SegmentFriend {
  return {
    lineUserId: `U${n.toString(16).padStart(32, '0')}`, displayName: `Friend ${n}`, pictureUrl: null,
    addedAt: null, blockedAt: null, tags: [], shopify: null, hubspot: null, klaviyo: null, ...over,
  };
}
const shopify = (over: Partial<ShopifyBlock> = {}): ShopifyBlock =>
  ({ customerId: 'gid://shopify/Customer/1', tags: [], purchaseCount: 0, lastPurchaseAt: null, abandonedCart: false, ...over });
const service = (over: Partial<ServiceBlock> = {}): ServiceBlock => ({ recordId: 'r', lists: [], properties: {}, ...over });
const c = (property: Condition['property'], operator: Condition['operator'], value?: Condition['value'], key?: string): Condition =>
  ({ property, operator, ...(key !== undefined ? { key } : {}), ...(value !== undefined ? { value } : {}) });
function segment(...groups: Condition[][]): Definition {
  return definitionSchema.parse({ groups: groups.map((conditions) => ({ conditions })) }) as Definition;
}

const HOSTILE = "'; DROP TABLE friends; --";
// "Today": 2026-06-15 12:00 in Tokyo.
const TOKYO = { asOf: Date.parse('2026-06-15T03:00:00Z'), timeZone: 'Asia/Tokyo' };

const cast: SegmentFriend[] = [
  friend(1, { displayName: HOSTILE, addedAt: '2026-06-01T00:00:00.000Z', tags: [HOSTILE, '😀'],
    hubspot: service({ lists: ['100%'], properties: { note: 'discount 100% off', [HOSTILE]: 'x', stage: 'Ärger' } }) }),
  friend(2, { addedAt: '2026-06-01T00:00:00.000Z', tags: ['a_b'],
    hubspot: service({ lists: ['100_'], properties: { note: 'discount 1000 off', stage: 'ärger' } }) }),
  friend(3, { addedAt: '2026-05-01T00:00:00.000Z', tags: ['ab'],
    hubspot: service({ properties: { note: 'Quote "it"', stage: 'CUSTOMER' } }) }),
  friend(4, { addedAt: null, klaviyo: service({ properties: { city: 'ｇifu 😀' } }),
    shopify: shopify({ purchaseCount: 0 }) }),
  friend(5, { addedAt: '2026-06-14T15:00:00.000Z' /* 06-15 00:00 Tokyo */, blockedAt: '2026-06-14T16:00:00.000Z', tags: ['a_b'] }),
  friend(6, { addedAt: '2026-06-14T14:59:59.999Z' /* 06-14 23:59:59.999 Tokyo */,
    shopify: shopify({ tags: ['Gold'], purchaseCount: 7, lastPurchaseAt: '2026-06-10T01:00:00Z', abandonedCart: true }) }),
];

forEachStore('segment compiler', (ctx) => {
  let engine: SegmentEngine;
  const ids = (ns: number[]) => ns.map((n) => friend(n).lineUserId).sort();
  async function members(def: Definition, opts = TOKYO): Promise<string[]> {
    const { rows } = await compileMembers(def, { accountId: A, dialect: ctx.dialect, ...opts }).execute(ctx.store.db);
    return rows.map((r) => r.line_user_id).sort();
  }

  beforeAll(async () => {
    await ensureAccount(ctx.store.db, A);
    await ensureAccount(ctx.store.db, OTHER);
    await insertFriends(ctx.store.db, A, cast);
    // The same people in another account: never counted for A.
    await insertFriends(ctx.store.db, OTHER, cast.map((f) => ({ ...f, blockedAt: null })));
    engine = createSqlEngine(ctx.store);
  });

  describe('hostile values are just values', () => {
    it('matches a tag id that looks like SQL, and the table is still there', async () => {
      expect(await members(segment([c('tag', 'contains_any', [HOSTILE])]))).toEqual(ids([1]));
      expect(await members(segment([c('tag', 'contains_any', ['😀'])]))).toEqual(ids([1]));
      const { count } = await engine.count(A, segment([c('tag', 'contains_none', [HOSTILE])]), TOKYO);
      expect(count).toBe(4); // 2, 3, 4, 6 — 5 is blocked
    });

    it('treats % and _ as plain characters, not wildcards', async () => {
      expect(await members(segment([c('tag', 'contains_any', ['a_b'])]))).toEqual(ids([2]));
      expect(await members(segment([c('hubspot.list', 'contains_any', ['100%'])]))).toEqual(ids([1]));
      expect(await members(segment([c('hubspot.property', 'contains', '100%', 'note')]))).toEqual(ids([1]));
      expect(await members(segment([c('hubspot.property', 'contains', '_', 'note')]))).toEqual([]);
      expect(await members(segment([c('hubspot.property', 'starts_with', '%', 'note')]))).toEqual([]);
    });

    it('reads quotes, emoji and a SQL-looking key verbatim', async () => {
      expect(await members(segment([c('hubspot.property', 'contains', '"it"', 'note')]))).toEqual(ids([3]));
      expect(await members(segment([c('hubspot.property', 'eq', 'x', HOSTILE)]))).toEqual(ids([1]));
      expect(await members(segment([c('klaviyo.property', 'contains', '😀', 'city')]))).toEqual(ids([4]));
      const { sample } = await engine.count(A, segment([c('hubspot.property', 'eq', 'x', HOSTILE)]), TOKYO);
      expect(sample[0].displayName).toBe(HOSTILE);
    });
  });

  describe('text: contains / starts_with fold ASCII A–Z only; eq is exact', () => {
    it('folds ASCII letters', async () => {
      expect(await members(segment([c('hubspot.property', 'starts_with', 'cust', 'stage')]))).toEqual(ids([3]));
      expect(await members(segment([c('hubspot.property', 'contains', 'ÄRGER', 'stage')]))).toEqual(ids([1]));
    });
    it('leaves Ä, ｇ and every other non-ASCII letter as it is', async () => {
      expect(await members(segment([c('hubspot.property', 'contains', 'ä', 'stage')]))).toEqual(ids([2]));
      expect(await members(segment([c('klaviyo.property', 'starts_with', 'Ｇ', 'city')]))).toEqual([]);
    });
    it('eq and neq compare exactly, and a friend without the property matches neither', async () => {
      expect(await members(segment([c('hubspot.property', 'eq', 'customer', 'stage')]))).toEqual([]);
      expect(await members(segment([c('hubspot.property', 'neq', 'CUSTOMER', 'stage')]))).toEqual(ids([1, 2]));
    });
    it('is_not_set holds for friends without the service', async () => {
      expect(await members(segment([c('hubspot.property', 'is_not_set', undefined, 'stage')]))).toEqual(ids([4, 6]));
    });
  });

  describe('missing values', () => {
    it('a comparison is false without a value; a missing set is empty', async () => {
      expect(await members(segment([c('shopify.purchase_count', 'neq', 7)]))).toEqual(ids([4]));
      expect(await members(segment([c('shopify.purchase_count', 'lt', 1)]))).toEqual(ids([4]));
      expect(await members(segment([c('shopify.customer_tag', 'contains_none', ['Gold'])]))).toEqual(ids([1, 2, 3, 4]));
      expect(await members(segment([c('shopify.days_since_last_purchase', 'is_not_set')]))).toEqual(ids([1, 2, 3, 4]));
      expect(await members(segment([c('shopify.abandoned_cart', 'is_false')]))).toEqual(ids([4]));
    });
  });

  describe('dates are calendar dates in the account time zone', () => {
    it('counts friend-added days in Tokyo', async () => {
      // 06-14 23:59:59.999 Tokyo is 0 days… no: today 06-15 − 06-14 = 1 day ago.
      expect(await members(segment([c('line.friend_added_at', 'on', '2026-06-14')]))).toEqual(ids([6]));
      expect(await members(segment([c('line.friend_added_at', 'within_last_days', 0)]))).toEqual([]);
      expect(await members(segment([c('line.friend_added_at', 'within_last_days', 1)]))).toEqual(ids([6]));
      expect(await members(segment([c('line.friend_added_at', 'not_within_last_days', 14)]))).toEqual(ids([3]));
      expect(await members(segment([c('line.friend_added_at', 'between', ['2026-05-01', '2026-06-01'])]))).toEqual(ids([1, 2, 3]));
    });
    it('counts the same instants differently in New York', async () => {
      const ny = { asOf: TOKYO.asOf, timeZone: 'America/New_York' };
      // 2026-06-14T14:59:59Z is 06-14 10:59 in New York; today there is 06-14 (23:00 on 06-14).
      expect(await members(segment([c('line.friend_added_at', 'within_last_days', 0)]), ny)).toEqual(ids([6]));
      expect(await members(segment([c('line.friend_added_at', 'on', '2026-05-31')]), ny)).toEqual(ids([1, 2]));
    });
    it('days since last purchase', async () => {
      expect(await members(segment([c('shopify.days_since_last_purchase', 'eq', 5)]))).toEqual(ids([6]));
      expect(await members(segment([c('shopify.days_since_last_purchase', 'between', [0, 4])]))).toEqual([]);
      expect(await members(segment([c('shopify.days_since_last_purchase', 'neq', 4)]))).toEqual(ids([6]));
    });
  });

  describe('count and sample', () => {
    it('excludes blocked friends and other accounts, and orders the sample newest first, unknown last', async () => {
      const everyone = segment([c('line.friend_added_at', 'after', '2000-01-01')], [c('line.friend_added_at', 'before', '2000-01-01')], [c('tag', 'contains_none', ['nobody'])]);
      const { count, sample } = await engine.count(A, everyone, TOKYO);
      expect(count).toBe(5);
      expect(sample.map((s) => s.lineUserId)).toEqual([6, 1, 2, 3, 4].map((n) => friend(n).lineUserId));
      expect(sample[0]).toEqual({ lineUserId: friend(6).lineUserId, displayName: 'Friend 6', pictureUrl: null, addedAt: '2026-06-14T14:59:59.999Z' });
      expect(sample[4].addedAt).toBeNull();
    });
    it('limits the sample but not the count', async () => {
      const { count, sample } = await engine.count(A, segment([c('tag', 'contains_none', ['nobody'])]), { ...TOKYO, sampleLimit: 2 });
      expect(count).toBe(5);
      expect(sample).toHaveLength(2);
    });
    it('answers 0 and an empty sample when nobody matches', async () => {
      expect(await engine.count(A, segment([c('tag', 'contains_all', ['ab', 'a_b'])]), TOKYO)).toEqual({ count: 0, sample: [] });
    });
    it('takes 500 values in one condition (bound as one parameter)', async () => {
      const many = Array.from({ length: 499 }, (_, i) => `tag-${i}`).concat(['ab']);
      expect((await engine.count(A, segment([c('tag', 'contains_any', many)]), TOKYO)).count).toBe(1);
    });
  });

  describe('diagnose', () => {
    it('points at the condition that empties the segment', async () => {
      const def = segment(
        [c('hubspot.integrated', 'is_integrated'), c('hubspot.property', 'eq', 'customer', 'stage')],
        [c('shopify.purchase_count', 'gte', 5)],
      );
      const d = await engine.diagnose(A, def, TOKYO);
      expect(d).toEqual({
        count: 1,
        groups: [
          { count: 0, conditions: [
            { alone: 3, running: 3, withoutIt: 1 }, // stage = customer (exact) matches nobody
            { alone: 0, running: 0, withoutIt: 4 }, // without it: HubSpot friends 1, 2, 3 + friend 6
          ] },
          { count: 1, conditions: [{ alone: 1, running: 1, withoutIt: 0 }] },
        ],
      });
    });
    it('counts every unblocked friend when removing the condition leaves no group', async () => {
      const d = await engine.diagnose(A, segment([c('tag', 'contains_any', ['nobody'])]), TOKYO);
      expect(d.groups[0].conditions[0]).toEqual({ alone: 0, running: 0, withoutIt: 5 });
    });
  });
});
