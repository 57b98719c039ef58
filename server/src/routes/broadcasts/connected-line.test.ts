/**
 * The whole path with nothing of ours swapped out: LINE connected through PUT …/integrations/line
 * (credentials checked with LINE, stored encrypted), a broadcast sent with the stored channel
 * access token through @line/bot-sdk to the fake LINE — and the token never shown or logged.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { testConfig, useTestApp } from '../../../test/app';
import { startFakeLineBroadcast, type FakeLineBroadcast } from '../../../test/fakes/line/broadcast-fake';
import { seedSegment, sorted, TEXT } from '../../broadcasts/testing/fixtures';

forEachStore('broadcasts over a connected LINE', (ctx) => {
  // The app reads its vendors' URLs from this object; the fake's URL is filled in once it runs.
  const vendors = { ...testConfig().vendors };
  const t = useTestApp(ctx, { config: { vendors } });
  const fakes: FakeLineBroadcast[] = [];
  afterAll(async () => { await Promise.all(fakes.map((f) => f.close())); });

  it('sends with the channel access token saved by the LINE integration', async () => {
    const acct = await t.account();
    const fake = await startFakeLineBroadcast({ basicId: acct.id, channelAccessToken: `secret-token-${randomUUID()}` });
    fakes.push(fake);
    vendors.lineApiUrl = fake.url;
    vendors.lineDataApiUrl = fake.dataUrl;
    const auth = { token: acct.token };

    const seg = await seedSegment(t.deps, acct.id, { members: 3, blocked: 1 });
    const send = () => t.json('POST', `${acct.base}/broadcasts`, {
      ...auth, json: { segmentId: seg.segmentId, messages: TEXT }, headers: { 'idempotency-key': randomUUID() },
    });
    const notYet = await send();
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.code).toBe('line_not_connected');

    const connect = await t.json('PUT', `${acct.base}/integrations/line`, {
      ...auth, json: { channelSecret: 'ab'.repeat(16), channelAccessToken: fake.channelAccessToken },
    });
    expect(connect.status).toBe(200);

    const created = await send();
    expect(created.status).toBe(201);
    await t.deps.jobs.drain(t.deps);

    const done = await t.json('GET', `${acct.base}/broadcasts/${created.body.id}`, auth);
    expect(done.body).toMatchObject({ status: 'sent', recipients: 3, sent: 3 });
    expect(sorted(fake.state.deliveries())).toEqual(sorted(seg.members));
    const everything = JSON.stringify([created.body, done.body, (await t.json('GET', `${acct.base}/broadcasts`, auth)).body]) + t.logger.text();
    expect(everything).not.toContain(fake.channelAccessToken);

    // The secret key changed since LINE was connected: a clear refusal, not a 500.
    const key = t.deps.config.secretKey;
    t.deps.config.secretKey = Buffer.alloc(32, 9);
    try {
      const unreadable = await send();
      expect(unreadable.status).toBe(409);
      expect(unreadable.body.error.code).toBe('line_credentials_unreadable');
      expect(unreadable.body.error.message).toContain('Connect the service again');
    } finally {
      t.deps.config.secretKey = key;
    }
  });
});
