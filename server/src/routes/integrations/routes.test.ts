/**
 * The integrations routes over real SQLite and PostgreSQL with the fake services: credentials are
 * checked with the service before anything is saved, refusals say what to fix (4xx, field paths),
 * secrets never come back, and only the account's own token sees its integrations.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { startFakeLine, type FakeLine } from '../../../test/fakes/line';
import { startFakeShopify, type FakeShopify } from '../../../test/fakes/shopify';
import { startFakeHubspot, type FakeHubspot } from '../../../test/fakes/hubspot';
import { startFakeKlaviyo, type FakeKlaviyo } from '../../../test/fakes/klaviyo';
import { CHANNEL_SECRET } from '../../integrations/testing';
import { getIntegration } from '../../integrations/repository';

forEachStore('integrations routes', (ctx) => {
  const t = useTestApp(ctx);
  let line: FakeLine; let shopify: FakeShopify; let hubspot: FakeHubspot; let klaviyo: FakeKlaviyo;
  let a: Awaited<ReturnType<typeof t.account>>;

  beforeAll(async () => {
    a = await t.account();
    [line, shopify, hubspot, klaviyo] = await Promise.all([startFakeLine({ basicId: a.id }), startFakeShopify(), startFakeHubspot(), startFakeKlaviyo()]);
    Object.assign(t.deps.config.vendors, {
      lineApiUrl: line.url, lineDataApiUrl: line.dataUrl, shopifyApiUrl: shopify.url, hubspotApiUrl: hubspot.url, klaviyoApiUrl: klaviyo.url,
    });
  });
  afterAll(async () => { await Promise.all([line, shopify, hubspot, klaviyo].map((f) => f?.close())); });

  it('lists the four services, none connected, with the link-field defaults and LINE\'s webhook path', async () => {
    const res = await t.json('GET', `${a.base}/integrations`, { token: a.token });
    expect(res.status).toBe(200);
    expect(res.body.items.map((i: any) => [i.provider, i.connected, i.status, i.linkField])).toEqual([
      ['line', false, 'not_connected', null],
      ['shopify', false, 'not_connected', 'lumo.line_user_id'],
      ['hubspot', false, 'not_connected', 'line_user_id'],
      ['klaviyo', false, 'not_connected', 'external_id'],
    ]);
    expect(res.body.items[0].webhookPath).toBe(`/v1/webhooks/line/${a.id}`);
  });

  it('refuses malformed credentials with field paths, before calling anyone', async () => {
    const calls = line.received.requests.length;
    const res = await t.json('PUT', `${a.base}/integrations/line`, { token: a.token, json: { channelSecret: 'short', channelAccessToken: '', extra: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues.map((i: any) => i.path).sort()).toEqual(['channelAccessToken', 'channelSecret', 'extra']);
    expect(line.received.requests.length).toBe(calls);
    const shop = await t.json('PUT', `${a.base}/integrations/shopify`, { token: a.token, json: { shop: 'not a shop!', accessToken: shopify.accessToken } });
    expect(shop.status).toBe(400);
    expect(shop.body.error.issues).toEqual([{ path: 'shop', message: expect.stringContaining('myshopify.com') }]);
    const link = await t.json('PUT', `${a.base}/integrations/klaviyo`, { token: a.token, json: { apiKey: klaviyo.apiKey, linkField: 'phone' } });
    expect(link.status).toBe(400);
    expect(link.body.error.issues[0].path).toBe('linkField');
  });

  it('refuses credentials the service refuses, saving nothing', async () => {
    const res = await t.json('PUT', `${a.base}/integrations/hubspot`, { token: a.token, json: { accessToken: 'pat-na1-revoked-token' } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('credentials_rejected');
    expect(res.body.error.issues).toEqual([{ path: 'accessToken', message: expect.any(String) }]);
    expect(await getIntegration(t.deps.store.db, a.id, 'hubspot')).toBeUndefined();
    const missing = await t.json('PUT', `${a.base}/integrations/hubspot`, { token: a.token, json: { accessToken: hubspot.accessToken, linkField: 'no_such_property' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: 'link_field_missing', issues: [{ path: 'linkField' }] });
  });

  it('refuses a LINE token of another LINE Official Account', async () => {
    const other = await t.account();
    const res = await t.json('PUT', `${other.base}/integrations/line`, { token: other.token, json: { channelSecret: CHANNEL_SECRET, channelAccessToken: line.channelAccessToken } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('wrong_line_account');
    expect(res.body.error.message).toContain(a.id);
  });

  it('answers 503 and saves nothing when the service cannot be reached', async () => {
    klaviyo.injectFault({ drop: true, times: 5 });
    const res = await t.json('PUT', `${a.base}/integrations/klaviyo`, { token: a.token, json: { apiKey: klaviyo.apiKey } });
    expect(res.status).toBe(503);
    expect(res.body.error.code).toBe('service_unavailable');
    expect(await getIntegration(t.deps.store.db, a.id, 'klaviyo')).toBeUndefined();
  });

  it('connects, never returns the secret, queues the first sync, and stores the secret encrypted', async () => {
    const res = await t.json('PUT', `${a.base}/integrations/line`, { token: a.token, json: { channelSecret: CHANNEL_SECRET, channelAccessToken: line.channelAccessToken } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: 'line', connected: true, status: 'queued', settings: { basicId: a.id } });
    expect(JSON.stringify(res.body)).not.toContain(line.channelAccessToken);
    expect(JSON.stringify(res.body)).not.toContain(CHANNEL_SECRET);
    const row = await getIntegration(t.deps.store.db, a.id, 'line');
    expect(row!.credentials).not.toContain(line.channelAccessToken);
    expect(row!.credentials).toMatch(/^v1\./);
    const shop = await t.json('PUT', `${a.base}/integrations/shopify`, { token: a.token, json: { shop: `https://${shopify.shop}/admin`, accessToken: shopify.accessToken, linkField: 'crm.line_id' } });
    expect(shop.body).toMatchObject({ connected: true, linkField: 'crm.line_id', settings: { shop: shopify.shop } });
  });

  it('starts a sync on request, and answers 404 for a service that is not connected', async () => {
    const ok = await t.json('POST', `${a.base}/integrations/shopify/sync`, { token: a.token });
    expect(ok.status).toBe(202);
    expect(ok.body.status).toBe('queued');
    const no = await t.json('POST', `${a.base}/integrations/klaviyo/sync`, { token: a.token });
    expect(no.status).toBe(404);
    expect(no.body.error.message).toMatch(/Klaviyo is not connected/);
    expect((await t.json('DELETE', `${a.base}/integrations/klaviyo`, { token: a.token })).status).toBe(404);
  });

  it('hides an account\'s integrations from other accounts\' tokens', async () => {
    const other = await t.account();
    expect((await t.json('GET', `${a.base}/integrations`, { token: other.token })).status).toBe(404);
    expect((await t.json('DELETE', `${a.base}/integrations/line`, { token: other.token })).status).toBe(404);
    expect((await t.json('GET', `${a.base}/integrations`, { token: null })).status).toBe(401);
  });

  it('documents every integration route in the OpenAPI document', async () => {
    const doc = (await t.json('GET', '/v1/openapi.json', { token: null })).body;
    for (const p of ['line', 'shopify', 'hubspot', 'klaviyo']) {
      expect(Object.keys(doc.paths[`/v1/accounts/{a}/integrations/${p}`] ?? {}).sort()).toEqual(['delete', 'get', 'put']);
    }
    expect(doc.paths['/v1/webhooks/line/{a}']?.post).toBeDefined();
  });
});
