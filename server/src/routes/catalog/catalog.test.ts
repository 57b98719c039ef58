import { expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { PROPERTIES } from '../../../../lib/segment/catalog';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

forEachStore('catalog route', (ctx) => {
  const t = useTestApp(ctx);

  it('lists every property with its operators; LINE and tags always available, services only with data or a connection', async () => {
    const { base, token } = await t.account({ timezone: 'Europe/Paris' });
    const r = await t.json('GET', `${base}/catalog`, { token });
    expect(r.status).toBe(200);
    expect(r.body.timezone).toBe('Europe/Paris');
    expect(r.body.properties.map((p: { id: string }) => p.id)).toEqual(PROPERTIES.map((p) => p.id));
    const byId = Object.fromEntries(r.body.properties.map((p: { id: string }) => [p.id, p]));
    expect(byId['line.friend_added_at']).toMatchObject({ available: true, operators: expect.arrayContaining(['within_last_days']) });
    expect(byId['tag']).toMatchObject({ available: true, options: [] });
    expect(byId['shopify.purchase_count']).toMatchObject({ available: false, reason: expect.stringContaining('Connect Shopify') });
    expect(byId['hubspot.list']).toMatchObject({ available: false, reason: expect.stringContaining('HubSpot') });
  });

  it('offers the account\'s tags with counts and marks a service available once friends hold its data', async () => {
    const { base, token } = await t.account();
    const lines = [
      { lineUserId: uid(1), displayName: 'A', tags: ['VIP', 'New'], shopify: { customerId: 'c1', tags: ['wholesale'] } },
      { lineUserId: uid(2), displayName: 'B', tags: ['VIP'], klaviyo: { profileId: 'p2', lists: ['L1'] } },
    ];
    await t.request('POST', `${base}/friends/import`, { token, body: lines.map((l) => JSON.stringify(l)).join('\n') });
    const r = await t.json('GET', `${base}/catalog`, { token });
    const byId = Object.fromEntries(r.body.properties.map((p: { id: string }) => [p.id, p]));
    expect(byId['tag'].options.map((o: { label: string; count: number }) => [o.label, o.count])).toEqual([['New', 1], ['VIP', 2]]);
    expect(byId['shopify.customer_tag'].available).toBe(true);
    expect(byId['shopify.customer_tag'].reason).toBeUndefined();
    expect(byId['klaviyo.list'].available).toBe(true);
    expect(byId['hubspot.list'].available).toBe(false);
  });

  it('answers 401 without a token and 404 for another account', async () => {
    const mine = await t.account();
    const other = await t.account();
    expect((await t.json('GET', `${other.base}/catalog`, { token: null })).status).toBe(401);
    expect((await t.json('GET', `${other.base}/catalog`, { token: mine.token })).status).toBe(404);
  });
});

forEachStore('catalog route with service data', (ctx) => {
  const t = useTestApp(ctx);
  it('offers Shopify customer tags and Klaviyo lists with counts and property keys with values', async () => {
    const { base, token } = await t.account();
    const lines = [
      { lineUserId: uid(1), displayName: 'A', shopify: { customerId: 'c1', tags: ['wholesale', 'vip'] }, klaviyo: { profileId: 'p1', lists: ['L1'], properties: { tier: 'Gold' } } },
      { lineUserId: uid(2), displayName: 'B', shopify: { customerId: 'c2', tags: ['vip'] }, klaviyo: { profileId: 'p2', lists: ['L1', 'L2'], properties: { tier: 'Gold' } } },
    ];
    await t.request('POST', `${base}/friends/import`, { token, body: lines.map((l) => JSON.stringify(l)).join('\n') });
    const byId = Object.fromEntries((await t.json('GET', `${base}/catalog`, { token })).body.properties.map((p: { id: string }) => [p.id, p]));
    expect(byId['shopify.customer_tag'].options).toEqual(expect.arrayContaining([
      expect.objectContaining({ value: 'vip', count: 2 }), expect.objectContaining({ value: 'wholesale', count: 1 }),
    ]));
    expect(byId['klaviyo.list'].options).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'L1', count: 2 })]));
    expect(byId['klaviyo.property'].keys).toEqual([expect.objectContaining({ key: 'tier', values: [expect.objectContaining({ value: 'Gold', count: 2 })] })]);
  });
});
