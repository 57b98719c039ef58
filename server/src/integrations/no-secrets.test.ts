/**
 * No route answer, log line, error message or stored text ever contains a secret. Every service is
 * connected (and refused, and revoked, and throttled, and unreachable), synced, and sent webhooks;
 * then everything the server said or wrote is searched for every secret it was given.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { forEachStore } from '../../test/stores';
import { useTestApp } from '../../test/app';
import { followEvent, signLineBody, startFakeLine, webhookBody, LINE_RATE_LIMITED, type FakeLine } from '../../test/fakes/line';
import { startFakeShopify, type FakeShopify } from '../../test/fakes/shopify';
import { startFakeHubspot, type FakeHubspot } from '../../test/fakes/hubspot';
import { startFakeKlaviyo, KLAVIYO_THROTTLED, type FakeKlaviyo } from '../../test/fakes/klaviyo';
import { addFriends, uid } from './testing';
import { integrationDb } from './tables';

const SECRETS = {
  lineToken: 'LINEtokenSECRET+/abc123456789xyz=',
  lineSecret: 'fedcba9876543210fedcba9876543210',
  shopify: 'shpat_SHOPIFYsecret0123456789abcdef',
  hubspot: 'pat-na1-HUBSPOTsecret-0123-4567-89ab',
  klaviyo: 'pk_KLAVIYOsecret0123456789abcdef0123',
};
/** Wrong credentials a user might paste: they must not be echoed either. */
const WRONG = {
  lineToken: 'LINEtokenWRONG-0000000000000000',
  shopify: 'shpat_WRONGwrongWRONG000000000000',
  hubspot: 'pat-na1-WRONGwrong-0000-0000-0000',
  klaviyo: 'pk_WRONGwrongWRONG0000000000000000',
};
const ALL = [...Object.values(SECRETS), ...Object.values(WRONG)];

forEachStore('secrets never leak', (ctx) => {
  const t = useTestApp(ctx);
  const said: string[] = [];
  let line: FakeLine; let shopify: FakeShopify; let hubspot: FakeHubspot; let klaviyo: FakeKlaviyo;
  let a: Awaited<ReturnType<typeof t.account>>;
  const spies: { mockRestore(): void }[] = [];

  beforeAll(async () => {
    // Whatever reaches the console or the process's output counts as a log line too.
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream);
      spies.push(vi.spyOn(stream, 'write').mockImplementation((chunk: any, ...rest: any[]) => { said.push(String(chunk)); return write(chunk, ...rest); }));
    }
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(vi.spyOn(console, m).mockImplementation((...args: unknown[]) => { said.push(args.map((x) => (x instanceof Error ? `${x.message}\n${x.stack}` : typeof x === 'string' ? x : JSON.stringify(x))).join(' ')); }));
    }
    a = await t.account();
    await addFriends(t, a.id, [uid(1), uid(2)]);
    [line, shopify, hubspot, klaviyo] = await Promise.all([
      startFakeLine({ basicId: a.id, channelAccessToken: SECRETS.lineToken, friends: [{ userId: uid(1), displayName: 'A' }, { userId: uid(3), displayName: 'C' }] }),
      startFakeShopify({ accessToken: SECRETS.shopify, maximumAvailable: 310, restoreRate: 1000, customers: [{ id: 1, metafields: { 'lumo.line_user_id': uid(1) } }] }),
      startFakeHubspot({ accessToken: SECRETS.hubspot, maxPerWindow: 2, windowMs: 200, contacts: [{ id: '1', properties: { line_user_id: uid(2) } }], lists: [{ listId: '1', name: 'L', members: ['1'] }] }),
      startFakeKlaviyo({ apiKey: SECRETS.klaviyo, profiles: [{ id: 'P1', external_id: uid(1) }], lists: [{ id: 'L1', name: 'K', members: ['P1'] }] }),
    ]);
    Object.assign(t.deps.config.vendors, {
      lineApiUrl: line.url, lineDataApiUrl: line.dataUrl, shopifyApiUrl: shopify.url, hubspotApiUrl: hubspot.url, klaviyoApiUrl: klaviyo.url,
    });
  });
  afterAll(async () => {
    for (const s of spies) s.mockRestore();
    await Promise.all([line, shopify, hubspot, klaviyo].map((f) => f?.close()));
  });

  const call = async (method: string, path: string, json?: unknown, headers?: Record<string, string>, body?: string) => {
    const res = await t.request(method, path, { token: a.token, json, headers, body });
    said.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
    return res.status;
  };
  const connectAll = async () => {
    expect(await call('PUT', `${a.base}/integrations/line`, { channelSecret: SECRETS.lineSecret, channelAccessToken: SECRETS.lineToken })).toBe(200);
    expect(await call('PUT', `${a.base}/integrations/shopify`, { shop: shopify.shop, accessToken: SECRETS.shopify })).toBe(200);
    expect(await call('PUT', `${a.base}/integrations/hubspot`, { accessToken: SECRETS.hubspot })).toBe(200);
    expect(await call('PUT', `${a.base}/integrations/klaviyo`, { apiKey: SECRETS.klaviyo })).toBe(200);
  };

  it('through refusals, connections, syncs with throttling and outages, revocations and webhooks', async () => {
    // Wrong and malformed credentials.
    expect(await call('PUT', `${a.base}/integrations/line`, { channelSecret: SECRETS.lineSecret, channelAccessToken: WRONG.lineToken })).toBe(400);
    expect(await call('PUT', `${a.base}/integrations/line`, { channelSecret: SECRETS.lineToken, channelAccessToken: `${SECRETS.lineToken} x` })).toBe(400);
    expect(await call('PUT', `${a.base}/integrations/shopify`, { shop: shopify.shop, accessToken: WRONG.shopify })).toBe(400);
    expect(await call('PUT', `${a.base}/integrations/hubspot`, { accessToken: WRONG.hubspot })).toBe(400);
    expect(await call('PUT', `${a.base}/integrations/klaviyo`, { apiKey: WRONG.klaviyo })).toBe(400);
    expect(await call('PUT', `${a.base}/integrations/klaviyo`, { apiKey: SECRETS.klaviyo, apiSecret: SECRETS.klaviyo })).toBe(400);
    expect(await call('PUT', `${a.base}/integrations/hubspot`, `{"accessToken": "${SECRETS.hubspot}"`)).toBe(400);

    await connectAll();
    // Syncs through throttling and outages.
    line.injectFault({ reply: LINE_RATE_LIMITED, times: 2 });
    line.injectFault({ reply: { status: 500, body: { message: 'Internal server error' } }, times: 1 });
    klaviyo.injectFault({ reply: KLAVIYO_THROTTLED, times: 2 });
    klaviyo.injectFault({ reply: { status: 503, body: 'upstream down' }, times: 1 });
    hubspot.injectFault({ drop: true, times: 1 });
    shopify.injectFault({ reply: { status: 502, body: '<html>Bad gateway</html>' }, times: 1 });
    for (const p of ['line', 'shopify', 'hubspot', 'klaviyo']) await call('POST', `${a.base}/integrations/${p}/sync`);
    await t.deps.jobs.drain(t.deps);
    for (let i = 0; i < 3; i++) { t.clock.advance(120_000); await t.deps.jobs.drain(t.deps); }

    // Webhooks: forged, valid, malformed.
    const body = webhookBody([followEvent({ userId: uid(3), timestamp: Date.now() })]);
    await call('POST', `/v1/webhooks/line/${a.id}`, undefined, { 'content-type': 'application/json', 'x-line-signature': signLineBody(body, 'x'.repeat(32)) }, body);
    await call('POST', `/v1/webhooks/line/${a.id}`, undefined, { 'content-type': 'application/json', 'x-line-signature': signLineBody(body, SECRETS.lineSecret) }, body);
    await call('POST', `/v1/webhooks/line/${a.id}`, undefined, { 'content-type': 'application/json', 'x-line-signature': signLineBody('nope', SECRETS.lineSecret) }, 'nope');

    // Every service revokes the credentials; the syncs fail with errors the user reads.
    for (const f of [line, shopify, hubspot, klaviyo]) {
      f.injectFault({ times: 1000, reply: { status: 401, body: { message: 'Authentication failed', errors: [{ detail: 'Missing or invalid private key.' }] } } });
    }
    for (const p of ['line', 'shopify', 'hubspot', 'klaviyo']) await call('POST', `${a.base}/integrations/${p}/sync`);
    for (let i = 0; i < 3; i++) { t.clock.advance(120_000); await t.deps.jobs.drain(t.deps); }
    await call('GET', `${a.base}/integrations`);
    for (const p of ['line', 'shopify', 'hubspot', 'klaviyo']) await call('GET', `${a.base}/integrations/${p}`);
    await call('GET', '/v1/openapi.json');

    // Disconnect and reconnect with the same credentials.
    for (const p of ['line', 'shopify', 'hubspot', 'klaviyo']) await call('DELETE', `${a.base}/integrations/${p}`);
  });

  it('left no secret in any answer, log line, error message or stored row', async () => {
    const db = integrationDb(t.deps.store.db);
    const stored = [
      ...(await db.selectFrom('integrations').selectAll().execute()),
      ...(await db.selectFrom('jobs').selectAll().execute()),
      ...(await db.selectFrom('integration_staging').selectAll().execute()),
    ].map((r) => JSON.stringify(r));
    const errors = (await db.selectFrom('jobs').select('last_error').execute()).map((r) => r.last_error ?? '');
    const everything = [...said, t.logger.text(), ...stored, ...errors];
    // The test saw real failures, not a quiet run.
    expect(t.logger.text()).toMatch(/sync started/);
    expect(said.join('\n')).toMatch(/credentials_rejected/);
    for (const name of ['LINE', 'Shopify', 'HubSpot', 'Klaviyo']) expect(said.join('\n')).toContain(`${name} refused the credentials`);
    for (const secret of ALL) {
      for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])) {
        const leak = everything.find((s) => s.includes(form));
        expect(leak, `secret ${secret.slice(0, 8)}… appears in: ${leak?.slice(0, 300)}`).toBeUndefined();
      }
    }
  });
});
