/**
 * The services' part of the catalog: a service's properties are available while it is connected
 * or friends hold its data, with a reason the user can act on otherwise; the value options come
 * from the synced data.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { useTestApp } from '../../test/app';
import type { FakeHubspot } from '../../test/fakes/hubspot';
import { addFriends, connectHubspot, uid } from './testing';
import { applyIntegrationCatalog, integrationCatalog } from './catalog';
import { upsertFriends } from '../repositories/friends';
import { seedIntegrationDemo, DEMO_HUBSPOT_LISTS } from './demo';
import { PROPERTIES } from '../../../lib/segment/catalog';

forEachStore('integration catalog', (ctx) => {
  const t = useTestApp(ctx);
  let fake: FakeHubspot;
  afterAll(async () => { await fake?.close(); });

  let a: Awaited<ReturnType<typeof t.account>>;
  beforeAll(async () => {
    a = await t.account();
    await addFriends(t, a.id, [uid(1), uid(2), uid(3)]);
  });

  const base = () => PROPERTIES.map((p) => ({ id: p.id, available: true, operators: [...p.operators] }));

  it('marks a service unavailable, with what to do, when it is not connected and no friend holds its data', async () => {
    const c = await integrationCatalog(t.deps, a.id);
    const props = applyIntegrationCatalog(base(), c);
    const shopify = props.find((p) => p.id === 'shopify.purchase_count')!;
    expect(shopify).toMatchObject({ available: false, reason: 'Connect Shopify in Settings to use this condition.' });
    expect(props.find((p) => p.id === 'tag')!.available).toBe(true);
  });

  it('offers HubSpot lists by name and lifecycle stages by label once HubSpot is connected and synced', async () => {
    fake = await connectHubspot(t, a, {
      contacts: [
        { id: '1', properties: { line_user_id: uid(1), lifecyclestage: 'customer', plan: 'Gold' } },
        { id: '2', properties: { line_user_id: uid(2), lifecyclestage: 'lead', plan: 'Gold' } },
      ],
      lists: [{ listId: '7', name: 'Newsletter', members: ['1', '2'] }],
      properties: [
        { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', options: [{ label: 'Lead', value: 'lead' }, { label: 'Customer', value: 'customer' }] },
        { name: 'line_user_id', label: 'LINE user ID', custom: true },
        { name: 'plan', label: 'Plan', custom: true },
      ],
    });
    // Connected, before any data: available already.
    expect((await integrationCatalog(t.deps, a.id)).services.hubspot).toMatchObject({ connected: true, hasData: false, available: true });
    await t.deps.jobs.drain(t.deps);
    const props = applyIntegrationCatalog(base(), await integrationCatalog(t.deps, a.id));
    expect(props.find((p) => p.id === 'hubspot.list')!.options).toEqual([{ value: '7', label: 'Newsletter', count: 2 }]);
    const keys = props.find((p) => p.id === 'hubspot.property')!.keys!;
    expect(keys.find((k) => k.key === 'lifecyclestage')).toEqual({
      key: 'lifecyclestage', label: 'Lifecycle Stage',
      values: [{ value: 'lead', label: 'Lead', count: 1 }, { value: 'customer', label: 'Customer', count: 1 }],
    });
    expect(keys.find((k) => k.key === 'plan')).toEqual({ key: 'plan', label: 'Plan', values: [{ value: 'Gold', label: 'Gold', count: 2 }] });
  });

  it('keeps a service available while friends hold its data (an import), and offers what they hold', async () => {
    const b = await t.account();
    await upsertFriends(t.deps.store, b.id, [
      { lineUserId: uid(9), displayName: 'I', shopify: { customerId: 'c9', tags: ['vip', 'wholesale'], purchaseCount: 2, lastPurchaseAt: null, abandonedCart: false } },
      { lineUserId: uid(10), displayName: 'J', shopify: { customerId: 'c10', tags: ['vip'], purchaseCount: 1, lastPurchaseAt: null, abandonedCart: true } },
    ], { now: t.clock.now() });
    const props = applyIntegrationCatalog(base(), await integrationCatalog(t.deps, b.id));
    const tags = props.find((p) => p.id === 'shopify.customer_tag')!;
    expect(tags.available).toBe(true);
    expect(tags.reason).toBeUndefined();
    expect(tags.options).toEqual([{ value: 'vip', label: 'vip', count: 2 }, { value: 'wholesale', label: 'wholesale', count: 1 }]);
  });

  it('gives the demo account list names and lifecycle stages without connecting anything', async () => {
    const d = await t.account();
    await seedIntegrationDemo(t.deps, d.id);
    const c = await integrationCatalog(t.deps, d.id);
    expect(c.options['hubspot.list'].map((o) => o.label)).toEqual([...DEMO_HUBSPOT_LISTS].map((l) => l.name).sort());
    expect(c.keys['hubspot.property'].find((k) => k.key === 'lifecyclestage')!.values.map((v) => v.label)).toContain('Marketing Qualified Lead');
  });
});
