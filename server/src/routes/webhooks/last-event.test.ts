/**
 * "Whether LINE events have arrived" (issue 13): the LINE status's lastEventAt is when a validly
 * signed webhook request last arrived — written at most once a minute, never for a forged one.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { followEvent, signLineBody, webhookBody, type FakeLine, type LineWebhookEvent } from '../../../test/fakes/line';
import { CHANNEL_SECRET, connectLine, uid } from '../../integrations/testing';
import { integrationDb } from '../../integrations/tables';

forEachStore('LINE webhook: last event', (ctx) => {
  const t = useTestApp(ctx);
  let account: { id: string; token: string; base: string };
  let fake: FakeLine;

  beforeAll(async () => {
    account = await t.account();
    fake = await connectLine(t, account, { friends: [{ userId: uid(1), displayName: 'Aoi' }] });
  });
  afterAll(async () => { await fake?.close(); });

  const deliver = (events: LineWebhookEvent[], secret = CHANNEL_SECRET) => {
    const body = webhookBody(events);
    return t.json('POST', `/v1/webhooks/line/${account.id}`, { token: null, body, headers: { 'content-type': 'application/json', 'x-line-signature': signLineBody(body, secret) } });
  };
  const lastEventAt = async () => (await t.json('GET', `${account.base}/integrations/line`)).body.lastEventAt;
  const rowWrites = async () => {
    const r = await integrationDb(ctx.store.db).selectFrom('integrations').select(['last_event_at']).where('account_id', '=', account.id).where('provider', '=', 'line').executeTakeFirstOrThrow();
    return r.last_event_at === null ? null : Number(r.last_event_at);
  };

  it('is null until LINE calls, and a forged request does not set it', async () => {
    expect(await lastEventAt()).toBeNull();
    expect((await deliver([followEvent({ userId: uid(1), timestamp: t.clock.now() })], 'ffffffffffffffffffffffffffffffff')).status).toBe(401);
    expect(await lastEventAt()).toBeNull();
  });

  it('is set by a signed request (the console\'s "Verify" sends no events) and moves at most once a minute', async () => {
    const t0 = t.clock.now();
    expect((await deliver([])).status).toBe(200);
    expect(await lastEventAt()).toBe(new Date(t0).toISOString());

    t.clock.advance(30_000);
    await deliver([followEvent({ userId: uid(1), timestamp: t.clock.now() })]);
    expect(await rowWrites()).toBe(t0);

    t.clock.advance(30_000);
    await deliver([]);
    expect(await lastEventAt()).toBe(new Date(t0 + 60_000).toISOString());
  });

  it('is not shown for other services, and is in the OpenAPI document', async () => {
    const all = (await t.json('GET', `${account.base}/integrations`)).body.items as { provider: string; lastEventAt?: unknown }[];
    expect(all.find((i) => i.provider === 'shopify')).not.toHaveProperty('lastEventAt');
    const doc = await t.json('GET', '/v1/openapi.json');
    expect(JSON.stringify(doc.body)).toContain('lastEventAt');
  });
});
