/**
 * The official SDKs pointed at the local fakes: each speaks its vendor's slice, pages, and survives
 * the vendor's throttling, and its failures come out as VendorErrors without the secret.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLine, LINE_RATE_LIMITED } from '../../test/fakes/line';
import { startFakeShopify } from '../../test/fakes/shopify';
import { startFakeHubspot } from '../../test/fakes/hubspot';
import { startFakeKlaviyo, KLAVIYO_THROTTLED } from '../../test/fakes/klaviyo';
import { lineClients } from './line/client';
import { shopifyAdmin, normalizeShopDomain } from './shopify/client';
import { hubspotApi } from './hubspot/client';
import { klaviyoApi, nextCursor } from './klaviyo/client';
import { VendorError } from './errors';
import { withRetry } from './retry';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => { await Promise.all(closers.splice(0).map((c) => c())); });
const uid = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

async function failure(p: Promise<unknown>): Promise<VendorError> {
  try { await p; } catch (e) { if (e instanceof VendorError) return e; throw e; }
  throw new Error('expected a failure');
}

describe('LINE through @line/bot-sdk', () => {
  it('reads bot info, pages the followers and fetches profiles', async () => {
    const fake = await startFakeLine({ friends: Array.from({ length: 7 }, (_, i) => ({ userId: uid(i), displayName: `F${i}` })) });
    closers.push(fake.close);
    const line = lineClients({ channelAccessToken: fake.channelAccessToken }, { lineApiUrl: fake.url, lineDataApiUrl: fake.dataUrl });
    expect((await line.call((c) => c.messaging.getBotInfo())).basicId).toBe('@fake123');
    const ids: string[] = [];
    let start: string | undefined;
    do {
      const page = await line.call((c) => c.messaging.getFollowers(start, 3));
      ids.push(...page.userIds);
      start = page.next;
    } while (start);
    expect(ids).toEqual(Array.from({ length: 7 }, (_, i) => uid(i)));
    expect((await line.call((c) => c.messaging.getProfile(uid(3)))).displayName).toBe('F3');
  });

  it('reports a wrong token, an unverified account and throttling without the token', async () => {
    const fake = await startFakeLine({ accountType: 'unverified' });
    closers.push(fake.close);
    const vendors = { lineApiUrl: fake.url, lineDataApiUrl: fake.dataUrl };
    const wrong = await failure(lineClients({ channelAccessToken: 'wrong-token-123456' }, vendors).call((c) => c.messaging.getBotInfo()));
    expect(wrong.kind).toBe('auth');
    expect(wrong.message).not.toContain('wrong-token-123456');
    const line = lineClients({ channelAccessToken: fake.channelAccessToken }, vendors);
    const forbidden = await failure(line.call((c) => c.messaging.getFollowers()));
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.message).toContain('not available for your account');
    fake.injectFault({ reply: LINE_RATE_LIMITED, times: 2 });
    const waits: number[] = [];
    const info = await withRetry(() => line.call((c) => c.messaging.getBotInfo()), { sleep: async (ms) => { waits.push(ms); } });
    expect(info.displayName).toBe('Fake shop');
    expect(waits).toHaveLength(2);
  });
});

describe('Shopify through @shopify/shopify-api', () => {
  const customersQuery = `query Customers($first: Int!, $after: String) {
    customers(first: $first, after: $after) { nodes { id tags numberOfOrders lastOrder { processedAt } metafield(namespace: "lumo", key: "line_user_id") { value } }
      pageInfo { hasNextPage endCursor } } }`;

  it('normalizes shop domains', () => {
    expect(normalizeShopDomain('my-shop')).toBe('my-shop.myshopify.com');
    expect(normalizeShopDomain('https://My-Shop.myshopify.com/admin')).toBe('my-shop.myshopify.com');
    expect(normalizeShopDomain('https://admin.shopify.com/store/my-shop/customers')).toBe('my-shop.myshopify.com');
    expect(normalizeShopDomain('evil.com')).toBeNull();
  });

  it('pages customers (numberOfOrders is a string) and waits out THROTTLED answers, as 200 and as 429', async () => {
    for (const throttleAs of ['200', '429'] as const) {
      // A tiny bucket: each page of 2 customers costs 2 + 2×3 = 8 of 10 points, restoring 40/s.
      const fake = await startFakeShopify({
        maximumAvailable: 10, restoreRate: 40, throttleAs,
        customers: Array.from({ length: 5 }, (_, i) => ({ id: i + 1, tags: ['vip'], numberOfOrders: i, lastOrderProcessedAt: i ? '2026-11-01T00:00:00Z' : null, metafields: { 'lumo.line_user_id': uid(i) } })),
      });
      closers.push(fake.close);
      // Without pacing (each admin client starts with no bucket knowledge), the second query of
      // a fresh client is throttled; the client must recover.
      const nodes: any[] = [];
      let after: string | null = null;
      do {
        const admin = shopifyAdmin({ shop: fake.shop, accessToken: fake.accessToken }, { shopifyApiUrl: fake.url });
        const r: any = await admin.query(customersQuery, { first: 2, after });
        nodes.push(...r.customers.nodes);
        after = r.customers.pageInfo.hasNextPage ? r.customers.pageInfo.endCursor : null;
      } while (after);
      expect(nodes.map((n) => n.numberOfOrders)).toEqual(['0', '1', '2', '3', '4']);
      expect(nodes[0].lastOrder).toBeNull();
      expect(nodes[4].metafield.value).toBe(uid(4));
      expect(fake.throttled).toBeGreaterThan(0);
    }
  });

  it('paces itself from extensions.cost so a sequence of queries is not throttled', async () => {
    const fake = await startFakeShopify({ maximumAvailable: 10, restoreRate: 40, customers: Array.from({ length: 6 }, (_, i) => ({ id: i + 1 })) });
    closers.push(fake.close);
    const admin = shopifyAdmin({ shop: fake.shop, accessToken: fake.accessToken }, { shopifyApiUrl: fake.url });
    let after: string | null = null;
    let pages = 0;
    do {
      const r: any = await admin.query(customersQuery, { first: 2, after });
      after = r.customers.pageInfo.hasNextPage ? r.customers.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(fake.throttled).toBe(0);
  });

  it('reports a refused token without it', async () => {
    const fake = await startFakeShopify();
    closers.push(fake.close);
    const err = await failure(shopifyAdmin({ shop: fake.shop, accessToken: 'shpat_wrongwrongwrong' }, { shopifyApiUrl: fake.url }).query('{ shop { name } }'));
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('shpat_wrongwrongwrong');
  });
});

describe('HubSpot through @hubspot/api-client', () => {
  it('pages contacts and keeps under the rolling window, waiting out a 429', async () => {
    const fake = await startFakeHubspot({
      maxPerWindow: 4, windowMs: 400,
      contacts: Array.from({ length: 9 }, (_, i) => ({ id: String(i + 1), properties: { line_user_id: uid(i), lifecyclestage: 'lead' } })),
    });
    closers.push(fake.close);
    // Another tool spends the window first: our first call meets a 429.
    fake.injectFault({ reply: {
      status: 429,
      headers: { 'x-hubspot-ratelimit-interval-milliseconds': '400', 'x-hubspot-ratelimit-max': '4', 'x-hubspot-ratelimit-remaining': '0' },
      body: { status: 'error', message: 'You have reached your ten_secondly_rolling limit.', errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' },
    } });
    const hs = hubspotApi({ accessToken: fake.accessToken }, { hubspotApiUrl: fake.url });
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const page = await hs.call((c) => c.crm.contacts.basicApi.getPageWithHttpInfo(2, after, ['line_user_id', 'lifecyclestage']));
      ids.push(...page.results.map((r) => r.id));
      expect(page.results[0]!.properties.lifecyclestage).toBe('lead');
      after = page.paging?.next?.after;
    } while (after);
    expect(ids).toHaveLength(9);
    expect(hs.rateLimited).toBe(1);
    expect(fake.rateLimited).toBe(0); // after learning the window from the headers, never refused
    expect(fake.peakPerWindow).toBeLessThanOrEqual(4);
  });

  it('reads lifecycle stages from the property definition and list names from lists v3', async () => {
    const fake = await startFakeHubspot({ lists: [{ listId: '12', name: 'Newsletter', members: ['1'] }] });
    closers.push(fake.close);
    const hs = hubspotApi({ accessToken: fake.accessToken }, { hubspotApiUrl: fake.url });
    const prop = await hs.call((c) => c.crm.properties.coreApi.getByNameWithHttpInfo('contacts', 'lifecyclestage'));
    expect(prop.options.map((o) => o.label)).toContain('Marketing Qualified Lead');
    const lists = await hs.call((c) => c.crm.lists.listsApi.doSearchWithHttpInfo({ offset: 0, count: 100, processingTypes: ['MANUAL', 'DYNAMIC', 'SNAPSHOT'] }));
    expect(lists.lists.map((l) => [l.listId, l.name])).toEqual([['12', 'Newsletter']]);
    const members = await hs.call((c) => c.crm.lists.membershipsApi.getPageWithHttpInfo('12', undefined, undefined, 100));
    expect(members.results.map((m) => m.recordId)).toEqual(['1']);
  });

  it('reports a refused token without it', async () => {
    const fake = await startFakeHubspot();
    closers.push(fake.close);
    const err = await failure(hubspotApi({ accessToken: 'pat-wrong-secret-value' }, { hubspotApiUrl: fake.url }).call((c) => c.crm.contacts.basicApi.getPageWithHttpInfo(1)));
    expect(err.kind).toBe('auth');
    expect(err.message).not.toContain('pat-wrong-secret-value');
  });
});

describe('Klaviyo through klaviyo-api', () => {
  it('pages profiles and lists by cursor and backs off on 429', async () => {
    const fake = await startFakeKlaviyo({
      profiles: Array.from({ length: 5 }, (_, i) => ({ id: `P${i}`, external_id: uid(i), properties: { plan: 'gold' } })),
      lists: Array.from({ length: 12 }, (_, i) => ({ id: `L${i}`, name: `List ${i}`, members: ['P1'] })),
    });
    closers.push(fake.close);
    fake.injectFault({ reply: KLAVIYO_THROTTLED, match: (r) => r.path === '/api/profiles' });
    const k = klaviyoApi({ apiKey: fake.apiKey }, { klaviyoApiUrl: fake.url }, { maxIntervalSeconds: 1 });
    const profiles: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await k.call((a) => a.profiles.getProfiles({ pageSize: 2, pageCursor: cursor ?? undefined }));
      profiles.push(...page.data);
      cursor = nextCursor(page.links);
    } while (cursor);
    expect(profiles.map((p) => p.attributes.externalId ?? p.attributes.external_id)).toEqual(Array.from({ length: 5 }, (_, i) => uid(i)));
    expect(profiles[0].attributes.properties).toEqual({ plan: 'gold' });
    const lists: string[] = [];
    cursor = null;
    do {
      const page: any = await k.call((a) => a.lists.getLists({ pageCursor: cursor ?? undefined }));
      lists.push(...page.data.map((l: any) => l.attributes.name));
      cursor = nextCursor(page.links);
    } while (cursor);
    expect(lists).toHaveLength(12);
    expect(fake.requests.filter((r) => r.path === '/api/profiles').length).toBe(4); // 3 pages + 1 throttled
  });

  it('reports a refused key without it', async () => {
    const fake = await startFakeKlaviyo();
    closers.push(fake.close);
    const err = await failure(klaviyoApi({ apiKey: 'pk_wrongwrongwrong' }, { klaviyoApiUrl: fake.url }).call((a) => a.accounts.getAccounts()));
    expect(err.kind).toBe('auth');
    expect(JSON.stringify({ m: err.message, s: err.stack })).not.toContain('pk_wrongwrongwrong');
  });
});
