/**
 * Syncs from the four fake services, through the job runner, over real SQLite and PostgreSQL:
 * given what the service holds, the friends end up with exactly the blocks it implies — checked
 * field by field and through segments (the SQL engine's counts against lib/segment's evaluator
 * over the friends the fake data implies). An interrupted sync resumes and ends with the same data
 * as an uninterrupted one; throttling is waited out; one failing service does not hold up another.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { useTestApp, type TestApp } from '../../test/app';
import { DEFAULT_LIFECYCLE_STAGES, type FakeHubspot, type FakeHubspotContact } from '../../test/fakes/hubspot';
import { KLAVIYO_THROTTLED, type FakeKlaviyo, type FakeKlaviyoProfile } from '../../test/fakes/klaviyo';
import type { FakeShopify, FakeShopifyCheckout, FakeShopifyCustomer } from '../../test/fakes/shopify';
import type { FakeLine } from '../../test/fakes/line';
import { addFriends, connectHubspot, connectKlaviyo, connectLine, connectShopify, uid } from './testing';
import { getFriends, loadSegmentFriends } from '../repositories/friends';
import { evaluate } from '../../../lib/segment/evaluate';
import type { Definition } from '../../../lib/segment/schema';
import type { SegmentFriend } from '../../../lib/segment/friend';
import { runSync } from './sync';
import { SYNCERS } from './syncers';
import { getIntegration, propertyDefs, serviceListCounts } from './repository';
import { integrationDb } from './tables';

const AS_OF = Date.parse('2026-12-01T03:00:00Z');
const TZ = 'Asia/Tokyo';
const closers: (() => Promise<void>)[] = [];
afterAll(async () => { await Promise.all(closers.map((c) => c())); });

/** The engine's answer equals the evaluator's over the friends the fake data implies. */
async function expectSegmentsMatch(t: TestApp, accountId: string, expected: SegmentFriend[], definitions: Definition[]) {
  for (const definition of definitions) {
    const want = expected.filter((f) => evaluate(f, definition, { asOf: AS_OF, timeZone: TZ })).length;
    const got = await t.deps.engine.count(accountId, definition, { asOf: AS_OF, timeZone: TZ });
    expect(got.count, JSON.stringify(definition)).toBe(want);
  }
  // And the friends as stored are the friends the data implies.
  const stored = await loadSegmentFriends(t.deps.store.db, accountId);
  const strip = (f: SegmentFriend) => ({ id: f.lineUserId, shopify: f.shopify, hubspot: f.hubspot, klaviyo: f.klaviyo });
  const sortBlocks = (f: ReturnType<typeof strip>) => ({
    ...f,
    shopify: f.shopify && { ...f.shopify, tags: [...f.shopify.tags].sort() },
    hubspot: f.hubspot && { ...f.hubspot, lists: [...f.hubspot.lists].sort() },
    klaviyo: f.klaviyo && { ...f.klaviyo, lists: [...f.klaviyo.lists].sort() },
  });
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  expect(stored.map(strip).map(sortBlocks).sort(byId)).toEqual(expected.map(strip).map(sortBlocks).sort(byId));
}

const friendShell = (id: string): SegmentFriend => ({ lineUserId: id, displayName: '', addedAt: null, blockedAt: null, tags: [], shopify: null, hubspot: null, klaviyo: null });

forEachStore('integration syncs', (ctx) => {
  const t = useTestApp(ctx);

  // ---- Shopify ---------------------------------------------------------------------------------
  describe('Shopify', () => {
    const FRIENDS = Array.from({ length: 260 }, (_, i) => uid(i + 1));
    const customers: FakeShopifyCustomer[] = [
      { id: 1, tags: ['vip', 'wholesale'], numberOfOrders: 6, lastOrderProcessedAt: '2026-11-20T01:00:00Z', metafields: { 'lumo.line_user_id': uid(1) } },
      { id: 2, tags: [], numberOfOrders: 0, metafields: { 'lumo.line_user_id': uid(2) } },
      { id: 3, tags: ['vip'], numberOfOrders: 2, lastOrderProcessedAt: '2026-10-01T00:00:00Z', metafields: { 'lumo.line_user_id': uid(3) } },
      { id: 4, numberOfOrders: 1, lastOrderProcessedAt: '2026-05-01T00:00:00Z', metafields: { 'lumo.line_user_id': ` ${uid(4)} ` } },
      { id: 5, tags: ['no-link'], numberOfOrders: 3 },
      { id: 6, metafields: { 'lumo.line_user_id': 'not-a-line-id' } },
      { id: 7, tags: ['dup'], numberOfOrders: 9, metafields: { 'lumo.line_user_id': uid(1) } },
      { id: 8, metafields: { 'lumo.line_user_id': uid(9999) } },
      // Enough customers for three pages of 100.
      ...Array.from({ length: 240 }, (_, i) => ({
        id: 100 + i, tags: i % 3 === 0 ? ['newsletter'] : [], numberOfOrders: i % 7,
        lastOrderProcessedAt: i % 7 ? new Date(AS_OF - i * 86_400_000).toISOString() : null,
        metafields: { 'lumo.line_user_id': uid(i + 10) },
      })),
    ];
    const checkouts: FakeShopifyCheckout[] = [
      { id: 1, customerId: 2, createdAt: '2026-11-25T00:00:00Z' },
      { id: 2, customerId: 3, createdAt: '2026-09-01T00:00:00Z' },                                  // before the last order
      { id: 3, customerId: 4, createdAt: '2026-06-01T00:00:00Z' },                                  // after it
      { id: 4, customerId: 1, createdAt: '2026-11-28T00:00:00Z', completedAt: '2026-11-28T01:00:00Z' }, // recovered
      { id: 5, customerId: null, createdAt: '2026-11-28T00:00:00Z' },
      { id: 6, customerId: 105, createdAt: '2026-11-30T00:00:00Z' },
    ];

    /** What the fake's data implies, computed here independently of the sync code. */
    function expectedFriends(): SegmentFriend[] {
      const abandoned = new Set([2, 4, 105]);
      const out = new Map(FRIENDS.map((id) => [id, friendShell(id)]));
      for (const c of customers) {
        const link = c.metafields?.['lumo.line_user_id']?.trim();
        if (!link || !out.has(link) || c.id === 7) continue;
        out.get(link)!.shopify = {
          customerId: `gid://shopify/Customer/${c.id}`, tags: c.tags ?? [], purchaseCount: c.numberOfOrders ?? 0,
          lastPurchaseAt: c.numberOfOrders && c.lastOrderProcessedAt ? new Date(c.lastOrderProcessedAt).toISOString() : null,
          abandonedCart: abandoned.has(c.id),
        };
      }
      return [...out.values()];
    }

    const definitions: Definition[] = [
      { groups: [{ conditions: [{ property: 'shopify.integrated', operator: 'is_integrated' }] }] },
      { groups: [{ conditions: [{ property: 'shopify.integrated', operator: 'is_not_integrated' }] }] },
      { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 5 }] }] },
      { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'eq', value: 0 }] }] },
      { groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 }] }] },
      { groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'is_not_set' }] }] },
      { groups: [{ conditions: [{ property: 'shopify.abandoned_cart', operator: 'is_true' }] }] },
      { groups: [{ conditions: [{ property: 'shopify.customer_tag', operator: 'contains_any', value: ['vip', 'newsletter'] }] }] },
      { groups: [{ conditions: [{ property: 'shopify.customer_tag', operator: 'contains_none', value: ['newsletter'] }, { property: 'shopify.integrated', operator: 'is_integrated' }] }] },
    ];

    let fake: FakeShopify;
    let a: Awaited<ReturnType<TestApp['account']>>;
    beforeAll(async () => {
      a = await t.account();
      await addFriends(t, a.id, FRIENDS);
      fake = await connectShopify(t, a, { customers, abandonedCheckouts: checkouts });
      closers.push(fake.close);
    });

    it('links customers by the metafield and gives friends exactly the data Shopify holds', async () => {
      await t.deps.jobs.drain(t.deps);
      const status = await t.json('GET', `${a.base}/integrations/shopify`, { token: a.token });
      expect(status.body).toMatchObject({ connected: true, status: 'idle', lastError: null, linkField: 'lumo.line_user_id', progress: null });
      expect(status.body.counts).toEqual({
        records: customers.length, linked: 244, withoutLineUserId: 1, invalidLineUserId: 1, duplicateLineUserId: 1, notFriends: 1,
      });
      expect(status.body.nextSyncAt).toBe(new Date(t.clock.now() + 6 * 3_600_000).toISOString());
      await expectSegmentsMatch(t, a.id, expectedFriends(), definitions);
      const [one] = await getFriends(t.deps.store.db, a.id, [uid(1)]);
      expect(one!.shopify).toMatchObject({ purchaseCount: 6, customerId: 'gid://shopify/Customer/1' });
    });

    it('a sync killed after page 2 resumes from its cursor and ends with the same data', async () => {
      await t.deps.jobs.drain(t.deps); // nothing else reads the fake meanwhile
      const b = await t.account();
      await addFriends(t, b.id, FRIENDS);
      await t.json('PUT', `${b.base}/integrations/shopify`, { token: b.token, json: { shop: fake.shop, accessToken: fake.accessToken } });
      const customerQueries = () => fake.requests.filter((r) => /customers\s*\(/.test((r.body as any)?.query ?? '')).length;
      const before = customerQueries();
      await expect(runSync(t.deps, b.id, SYNCERS.shopify, {
        owner: 'worker-that-dies', hooks: { afterPage: (s) => { if (s.pages === 2) throw new Error('killed'); } },
      })).rejects.toThrow('killed');
      // Nothing half-written: no friend has Shopify data yet; the cursor is saved.
      expect((await loadSegmentFriends(t.deps.store.db, b.id)).filter((f) => f.shopify)).toHaveLength(0);
      const saved = await getIntegration(t.deps.store.db, b.id, 'shopify');
      expect(saved!.syncState).toMatchObject({ phase: 'customers', pages: 2 });
      const progress = (await t.json('GET', `${b.base}/integrations/shopify`, { token: b.token })).body;
      expect(progress).toMatchObject({ status: 'syncing', progress: { phase: 'customers', pages: 2, records: 200 } });
      // A dead runner keeps its lease until it expires; then the job takes over.
      await integrationDb(t.deps.store.db).updateTable('integrations').set({ sync_owner: 'worker-that-dies', sync_owner_until: t.clock.now() - 1 })
        .where('account_id', '=', b.id).execute();
      await t.deps.jobs.drain(t.deps);
      expect(customerQueries() - before).toBe(3); // pages 1 and 2 were not read again
      await expectSegmentsMatch(t, b.id, expectedFriends(), definitions);
      expect((await getIntegration(t.deps.store.db, b.id, 'shopify'))!.counts).toEqual((await getIntegration(t.deps.store.db, a.id, 'shopify'))!.counts);
    });

    it('waits out THROTTLED answers (200 and 429) from the cost bucket', async () => {
      for (const throttleAs of ['200', '429'] as const) {
        const c = await t.account();
        await addFriends(t, c.id, FRIENDS.slice(0, 20));
        // A page of 100 customers asks for 302 points: a bucket of 310 restoring 100/s holds one
        // such query at a time, so the second sync's fresh client meets a nearly empty bucket.
        const small = await connectShopify(t, c, { customers: customers.slice(0, 30), maximumAvailable: 310, restoreRate: 100, throttleAs });
        closers.push(small.close);
        // Two syncs in a row from fresh clients: the second one meets an empty bucket.
        await t.deps.jobs.drain(t.deps);
        await t.json('POST', `${c.base}/integrations/shopify/sync`, { token: c.token });
        await t.deps.jobs.drain(t.deps);
        const status = await t.json('GET', `${c.base}/integrations/shopify`, { token: c.token });
        expect(status.body.status).toBe('idle');
        expect(status.body.lastError).toBeNull();
        expect(small.throttled).toBeGreaterThan(0);
      }
    });

    it('a disconnect while a sync finishes leaves no Shopify data behind, whenever it lands', async () => {
      await t.deps.jobs.drain(t.deps);
      for (const when of ['afterPage', 'afterFinish'] as const) {
        const d = await t.account();
        await addFriends(t, d.id, FRIENDS.slice(0, 20));
        await t.json('PUT', `${d.base}/integrations/shopify`, { token: d.token, json: { shop: fake.shop, accessToken: fake.accessToken } });
        const disconnect = async () => { expect((await t.request('DELETE', `${d.base}/integrations/shopify`, { token: d.token })).status).toBe(204); };
        const out = await runSync(t.deps, d.id, SYNCERS.shopify, {
          owner: 'racing-worker',
          hooks: when === 'afterPage' ? { afterPage: async (s) => { if (s.phase === 'finish') await disconnect(); } } : { afterFinish: disconnect },
        });
        expect(out).toEqual({ kind: 'skipped', reason: 'disconnected' });
        expect((await loadSegmentFriends(t.deps.store.db, d.id)).filter((f) => f.shopify)).toHaveLength(0);
      }
    });

    it('disconnecting removes every Shopify block at once', async () => {
      const res = await t.request('DELETE', `${a.base}/integrations/shopify`, { token: a.token });
      expect(res.status).toBe(204);
      const integrated = await t.deps.engine.count(a.id, definitions[0]!, { asOf: AS_OF, timeZone: TZ });
      expect(integrated.count).toBe(0);
      const list = await t.json('GET', `${a.base}/integrations`, { token: a.token });
      expect(list.body.items.find((i: any) => i.provider === 'shopify')).toMatchObject({ connected: false, status: 'not_connected' });
    });
  });

  // ---- HubSpot ---------------------------------------------------------------------------------
  describe('HubSpot', () => {
    const FRIENDS = Array.from({ length: 150 }, (_, i) => uid(1000 + i));
    const contacts: FakeHubspotContact[] = Array.from({ length: 160 }, (_, i) => ({
      id: String(i + 1),
      properties: {
        line_user_id: i < 150 ? uid(1000 + i) : i === 150 ? 'U123' : null,
        lifecyclestage: ['lead', 'customer', 'marketingqualifiedlead', 'evangelist'][i % 4]!,
        plan: i % 5 === 0 ? 'Gold' : i % 5 === 1 ? 'silver' : null,
        email: `c${i}@example.com`,
      },
    }));
    const lists = [
      { listId: '12', name: 'Newsletter', members: contacts.filter((_, i) => i % 2 === 0).map((c) => c.id) },
      { listId: '13', name: 'VIP', members: ['1', '2', '3', '155'] },
      { listId: '14', name: 'Empty list', members: [] },
    ];
    let fake: FakeHubspot;
    let a: Awaited<ReturnType<TestApp['account']>>;

    function expectedFriends(): SegmentFriend[] {
      const out = new Map(FRIENDS.map((id) => [id, friendShell(id)]));
      for (const c of contacts) {
        const link = c.properties.line_user_id;
        if (!link || !out.has(link)) continue;
        const properties: Record<string, string> = {};
        for (const k of ['lifecyclestage', 'plan', 'email']) if (c.properties[k]) properties[k] = c.properties[k]!;
        out.get(link)!.hubspot = { recordId: c.id, lists: lists.filter((l) => l.members.includes(c.id)).map((l) => l.listId), properties };
      }
      return [...out.values()];
    }

    beforeAll(async () => {
      a = await t.account();
      await addFriends(t, a.id, FRIENDS);
      fake = await connectHubspot(t, a, {
        contacts, lists, maxPerWindow: 4, windowMs: 300,
        properties: [
          { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', options: [...DEFAULT_LIFECYCLE_STAGES, { label: 'Champion', value: 'champion_custom' }] },
          { name: 'email', label: 'Email' },
          { name: 'line_user_id', label: 'LINE user ID', custom: true },
          { name: 'plan', label: 'Plan', type: 'enumeration', custom: true, options: [{ label: 'Gold', value: 'Gold' }, { label: 'Silver', value: 'silver' }] },
        ],
      });
      closers.push(fake.close);
    });

    it('syncs contacts, properties and list memberships, staying inside the rolling window', async () => {
      await t.deps.jobs.drain(t.deps);
      const status = await t.json('GET', `${a.base}/integrations/hubspot`, { token: a.token });
      expect(status.body.lastError).toBeNull();
      expect(status.body.counts).toEqual({ records: 160, linked: 150, withoutLineUserId: 9, invalidLineUserId: 1, duplicateLineUserId: 0, notFriends: 0, lists: 3 });
      await expectSegmentsMatch(t, a.id, expectedFriends(), [
        { groups: [{ conditions: [{ property: 'hubspot.integrated', operator: 'is_integrated' }] }] },
        { groups: [{ conditions: [{ property: 'hubspot.list', operator: 'contains_any', value: ['13'] }] }] },
        { groups: [{ conditions: [{ property: 'hubspot.list', operator: 'contains_all', value: ['12', '13'] }] }] },
        { groups: [{ conditions: [{ property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value: 'customer' }] }] },
        { groups: [{ conditions: [{ property: 'hubspot.property', key: 'plan', operator: 'contains', value: 'GOLD' }] }] },
        { groups: [{ conditions: [{ property: 'hubspot.property', key: 'plan', operator: 'is_not_set' }] }] },
      ]);
      expect(fake.peakPerWindow).toBeLessThanOrEqual(4);
      // The catalog's knowledge: list names, and lifecycle stages as the portal defines them.
      expect((await serviceListCounts(t.deps.store.db, a.id, 'hubspot')).map((l) => [l.name, l.count])).toEqual([['Empty list', 0], ['Newsletter', 75], ['VIP', 3]]);
      const stages = (await propertyDefs(t.deps.store.db, a.id, 'hubspot')).find((d) => d.key === 'lifecyclestage');
      expect(stages!.options!.map((o) => o.label)).toContain('Champion');
    });

    it('a contact that loses its link loses its data at the next sync', async () => {
      fake.contacts[0]!.properties.line_user_id = null;
      await t.json('POST', `${a.base}/integrations/hubspot/sync`, { token: a.token });
      await t.deps.jobs.drain(t.deps);
      const [f] = await getFriends(t.deps.store.db, a.id, [uid(1000)]);
      expect(f!.hubspot).toBeNull();
    });
    it('syncs again on schedule, SYNC_INTERVAL_MS after the last one', async () => {
      const before = (await t.json('GET', `${a.base}/integrations/hubspot`, { token: a.token })).body;
      t.clock.set(Date.parse(before.nextSyncAt) - 1000);
      await t.deps.jobs.drain(t.deps);
      expect((await t.json('GET', `${a.base}/integrations/hubspot`, { token: a.token })).body.lastSyncAt).toBe(before.lastSyncAt);
      t.clock.advance(2000);
      await t.deps.jobs.drain(t.deps);
      const after = (await t.json('GET', `${a.base}/integrations/hubspot`, { token: a.token })).body;
      expect(after.lastSyncAt).toBe(new Date(t.clock.now()).toISOString());
      expect(after.nextSyncAt).toBe(new Date(t.clock.now() + 6 * 3_600_000).toISOString());
    });
  });

  // ---- Klaviyo ---------------------------------------------------------------------------------
  describe('Klaviyo', () => {
    const FRIENDS = Array.from({ length: 120 }, (_, i) => uid(2000 + i));
    const profiles: FakeKlaviyoProfile[] = Array.from({ length: 130 }, (_, i) => ({
      id: `01K${String(i).padStart(5, '0')}`,
      email: `p${i}@example.com`,
      external_id: i < 120 ? uid(2000 + i) : null,
      first_name: i % 2 ? 'Aoi' : null,
      properties: { tier: i % 3 === 0 ? 'Gold' : 'Bronze', points: i, opted: i % 2 === 0, line_user_id: uid(2000 + ((i + 1) % 120)) },
    }));
    const lists = Array.from({ length: 12 }, (_, i) => ({ id: `L${i}`, name: `List ${i}`, members: profiles.filter((_, j) => j % (i + 2) === 0).map((p) => p.id) }));
    let fake: FakeKlaviyo;
    let a: Awaited<ReturnType<TestApp['account']>>;

    function expectedFriends(link: 'external_id' | 'properties.line_user_id'): SegmentFriend[] {
      const out = new Map(FRIENDS.map((id) => [id, friendShell(id)]));
      for (const p of profiles) {
        const id = link === 'external_id' ? p.external_id : (p.properties!.line_user_id as string);
        // Two profiles naming the same friend: the smaller profile id wins (profiles are in id order).
        if (!id || !out.has(id) || out.get(id)!.klaviyo) continue;
        const properties: Record<string, string> = { email: p.email!, tier: String(p.properties!.tier), points: String(p.properties!.points), opted: String(p.properties!.opted) };
        if (p.first_name) properties.first_name = p.first_name;
        if (link === 'external_id') properties.line_user_id = String(p.properties!.line_user_id);
        out.get(id)!.klaviyo = { recordId: p.id, lists: lists.filter((l) => l.members.includes(p.id)).map((l) => l.id), properties };
      }
      return [...out.values()];
    }
    const definitions: Definition[] = [
      { groups: [{ conditions: [{ property: 'klaviyo.integrated', operator: 'is_integrated' }] }] },
      { groups: [{ conditions: [{ property: 'klaviyo.list', operator: 'contains_any', value: ['L0', 'L11'] }] }] },
      { groups: [{ conditions: [{ property: 'klaviyo.property', key: 'tier', operator: 'eq', value: 'Gold' }] }] },
      { groups: [{ conditions: [{ property: 'klaviyo.property', key: 'first_name', operator: 'starts_with', value: 'ao' }] }] },
    ];

    beforeAll(async () => {
      a = await t.account();
      await addFriends(t, a.id, FRIENDS);
      fake = await connectKlaviyo(t, a, { profiles, lists });
      closers.push(fake.close);
    });

    it('syncs profiles, lists and memberships by cursor, backing off on 429', async () => {
      fake.injectFault({ reply: KLAVIYO_THROTTLED, match: (r) => r.path === '/api/profiles' });
      await t.deps.jobs.drain(t.deps);
      const status = await t.json('GET', `${a.base}/integrations/klaviyo`, { token: a.token });
      expect(status.body.lastError).toBeNull();
      expect(status.body.counts).toEqual({ records: 130, linked: 120, withoutLineUserId: 10, invalidLineUserId: 0, duplicateLineUserId: 0, notFriends: 0, lists: 12 });
      expect(fake.throttled + fake.requests.filter((r) => r.path === '/api/profiles').length).toBeGreaterThan(2);
      await expectSegmentsMatch(t, a.id, expectedFriends('external_id'), definitions);
    });

    it('links by a custom profile property when the account says so', async () => {
      const b = await t.account();
      await addFriends(t, b.id, FRIENDS);
      const res = await t.json('PUT', `${b.base}/integrations/klaviyo`, { token: b.token, json: { apiKey: fake.apiKey, linkField: 'properties.line_user_id' } });
      expect(res.body.linkField).toBe('properties.line_user_id');
      await t.deps.jobs.drain(t.deps);
      await expectSegmentsMatch(t, b.id, expectedFriends('properties.line_user_id'), definitions);
    });
  });

  // ---- LINE ------------------------------------------------------------------------------------
  describe('LINE "Sync friends"', () => {
    let fake: FakeLine;
    it('adds every follower the webhook never saw, with addedAt unknown', async () => {
      const a = await t.account();
      await addFriends(t, a.id, [uid(5000), uid(5001)]);
      fake = await connectLine(t, a, { friends: Array.from({ length: 1205 }, (_, i) => ({ userId: uid(5000 + i), displayName: `LINE ${i}`, pictureUrl: `https://profile.line-scdn.net/${i}` })) });
      closers.push(fake.close);
      await t.json('POST', `${a.base}/integrations/line/sync`, { token: a.token });
      await t.deps.jobs.drain(t.deps);
      const status = await t.json('GET', `${a.base}/integrations/line`, { token: a.token });
      expect(status.body.lastError).toBeNull();
      expect(status.body.counts).toMatchObject({ records: 1205, friendsAdded: 1203 });
      const [known, added] = await getFriends(t.deps.store.db, a.id, [uid(5000), uid(5100)]);
      expect(known!.displayName).toBe('Friend 0'); // not overwritten
      expect(added).toMatchObject({ displayName: 'LINE 100', pictureUrl: 'https://profile.line-scdn.net/100', addedAt: null, blockedAt: null });
      expect(fake.received.requests.filter((r) => r.path === '/v2/bot/followers/ids')).toHaveLength(2);
    });

    it('says clearly that unverified accounts cannot list followers', async () => {
      const a = await t.account();
      const unverified = await connectLine(t, a, { accountType: 'unverified' });
      closers.push(unverified.close);
      await t.json('POST', `${a.base}/integrations/line/sync`, { token: a.token });
      await t.deps.jobs.drain(t.deps);
      const status = await t.json('GET', `${a.base}/integrations/line`, { token: a.token });
      expect(status.body.status).toBe('failed');
      expect(status.body.lastError.message).toMatch(/verified and premium/);
    });
  });

  // ---- isolation -------------------------------------------------------------------------------
  describe('one service failing', () => {
    it('does not hold up another', async () => {
      const a = await t.account();
      await addFriends(t, a.id, [uid(7000)]);
      const hs = await connectHubspot(t, a, { contacts: [{ id: '1', properties: { line_user_id: uid(7000) } }] });
      const kl = await connectKlaviyo(t, a, { profiles: [{ id: 'P1', external_id: uid(7000) }] });
      closers.push(hs.close, kl.close);
      // HubSpot revokes the token right after connecting.
      hs.injectFault({ times: 100, reply: { status: 401, body: { status: 'error', message: 'Authentication credentials not found.', category: 'INVALID_AUTHENTICATION' } } });
      await t.deps.jobs.drain(t.deps);
      const list = (await t.json('GET', `${a.base}/integrations`, { token: a.token })).body.items;
      expect(list.find((i: any) => i.provider === 'hubspot')).toMatchObject({ status: 'failed', lastError: { message: expect.stringMatching(/HubSpot refused the credentials/) } });
      expect(list.find((i: any) => i.provider === 'klaviyo')).toMatchObject({ status: 'idle', lastError: null, counts: { linked: 1 } });
    });
  });
});
