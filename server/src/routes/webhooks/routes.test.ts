/**
 * The LINE webhook, through the app over real SQLite and PostgreSQL, with the fake LINE API
 * answering profile requests: only LINE's signed requests change anything; follows and unfollows
 * land in timestamp order; redeliveries and late older events change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { followEvent, signLineBody, unfollowEvent, webhookBody, messageEvent, type FakeLine, type LineWebhookEvent } from '../../../test/fakes/line';
import { CHANNEL_SECRET, connectLine, uid } from '../../integrations/testing';
import { getFriend } from '../../repositories/friends';

const T0 = Date.parse('2026-11-01T09:00:00Z');

forEachStore('LINE webhook', (ctx) => {
  const t = useTestApp(ctx);
  let account: { id: string; token: string; base: string };
  let fake: FakeLine;
  let path: string;

  beforeAll(async () => {
    account = await t.account();
    fake = await connectLine(t, account, {
      friends: [{ userId: uid(1), displayName: 'Aoi', pictureUrl: 'https://profile.line-scdn.net/aoi' }, { userId: uid(2), displayName: 'Ren' }],
    });
    path = `/v1/webhooks/line/${account.id}`;
  });
  afterAll(async () => { await fake?.close(); });

  const deliver = (events: LineWebhookEvent[], opts: { secret?: string; signature?: string | null; body?: string } = {}) => {
    const body = opts.body ?? webhookBody(events);
    const signature = opts.signature === undefined ? signLineBody(body, opts.secret ?? CHANNEL_SECRET) : opts.signature;
    return t.json('POST', path, { token: null, body, headers: { 'content-type': 'application/json', ...(signature === null ? {} : { 'x-line-signature': signature }) } });
  };
  const friend = (n: number) => getFriend(t.deps.store.db, account.id, uid(n));

  it('refuses a forged request (wrong secret, tampered body, no signature) and changes nothing', async () => {
    const events = [followEvent({ userId: uid(1), timestamp: T0 })];
    const forged = await deliver(events, { secret: 'ffffffffffffffffffffffffffffffff' });
    expect(forged.status).toBe(401);
    expect(forged.body.error.code).toBe('unauthorized');
    const signedOther = signLineBody(webhookBody([]), CHANNEL_SECRET);
    expect((await deliver(events, { signature: signedOther })).status).toBe(401);
    expect((await deliver(events, { signature: null })).status).toBe(401);
    expect((await deliver(events, { signature: 'not base64 at all!' })).status).toBe(401);
    expect(await friend(1)).toBeUndefined();
  });

  it('answers 200 to an empty events array (LINE\'s "Verify" button)', async () => {
    const res = await deliver([]);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ received: 0, applied: 0, duplicates: 0, ignored: 0 });
  });

  it('creates a friend on follow with addedAt = the event time and the profile from LINE', async () => {
    const res = await deliver([followEvent({ userId: uid(1), timestamp: T0 })]);
    expect(res.status).toBe(200);
    expect(res.body.applied).toBe(1);
    const f = await friend(1);
    expect(f).toMatchObject({ displayName: 'Aoi', pictureUrl: 'https://profile.line-scdn.net/aoi', addedAt: new Date(T0).toISOString(), blockedAt: null });
    expect(fake.received.requests.some((r) => r.path === `/v2/bot/profile/${uid(1)}`)).toBe(true);
  });

  it('unfollow blocks; a re-follow clears blockedAt and keeps the first addedAt', async () => {
    await deliver([unfollowEvent({ userId: uid(1), timestamp: T0 + 1000 })]);
    expect((await friend(1))!.blockedAt).toBe(new Date(T0 + 1000).toISOString());
    await deliver([followEvent({ userId: uid(1), timestamp: T0 + 2000, isUnblocked: true })]);
    const f = await friend(1);
    expect(f!.blockedAt).toBeNull();
    expect(f!.addedAt).toBe(new Date(T0).toISOString());
  });

  it('a redelivered event (same webhookEventId) changes nothing', async () => {
    const unfollow = unfollowEvent({ userId: uid(1), timestamp: T0 + 3000, webhookEventId: '01REDELIVERY0000000000000A' });
    await deliver([unfollow]);
    const before = await friend(1);
    // The friend follows again; then LINE redelivers the old unfollow, as LINE does after a timeout.
    await deliver([followEvent({ userId: uid(1), timestamp: T0 + 4000 })]);
    const again = await deliver([{ ...unfollow, deliveryContext: { isRedelivery: true } }]);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ applied: 0, duplicates: 1 });
    const after = await friend(1);
    expect(before!.blockedAt).not.toBeNull();
    expect(after!.blockedAt).toBeNull();
    // And redelivering the very latest event again changes nothing either.
    const follow = followEvent({ userId: uid(2), timestamp: T0 + 5000 });
    await deliver([follow]);
    const first = await friend(2);
    const twice = await deliver([{ ...follow, deliveryContext: { isRedelivery: true } }]);
    expect(twice.body).toMatchObject({ applied: 0, duplicates: 1 });
    expect(await friend(2)).toEqual(first);
  });

  it('applies the events of a delivery in timestamp order, and an older event arriving late changes nothing', async () => {
    const u = uid(3);
    fake.addFriend({ userId: u, displayName: 'Kai' });
    // One delivery, out of order: the unfollow (later) listed before the follow (earlier).
    await deliver([unfollowEvent({ userId: u, timestamp: T0 + 20_000 }), followEvent({ userId: u, timestamp: T0 + 10_000 })]);
    let f = await friend(3);
    expect(f).toMatchObject({ addedAt: new Date(T0 + 10_000).toISOString(), blockedAt: new Date(T0 + 20_000).toISOString() });
    // A follow older than the unfollow, delivered late (a different event id): nothing changes.
    const late = await deliver([followEvent({ userId: u, timestamp: T0 + 15_000 })]);
    expect(late.body.applied).toBe(0);
    f = await friend(3);
    expect(f!.blockedAt).toBe(new Date(T0 + 20_000).toISOString());
  });

  it('ignores other events, and keeps a friend whose profile LINE cannot give', async () => {
    const res = await deliver([messageEvent({ userId: uid(2), timestamp: T0 + 30_000, text: 'hello' })]);
    expect(res.body).toMatchObject({ received: 1, ignored: 1, applied: 0 });
    fake.injectFault({ match: (r) => r.path.startsWith('/v2/bot/profile/'), reply: { status: 500, body: { message: 'Internal error' } } });
    await deliver([followEvent({ userId: uid(9), timestamp: T0 + 40_000 })]);
    expect(await friend(9)).toMatchObject({ displayName: '', addedAt: new Date(T0 + 40_000).toISOString() });
  });

  it('answers 401 when the stored credentials cannot be read (the secret key changed), and logs why for the operator', async () => {
    const key = t.deps.config.secretKey;
    t.deps.config.secretKey = Buffer.alloc(32, 9);
    try {
      const res = await deliver([]);
      expect(res.status).toBe(401);
      expect(res.body).toEqual(await refusal());
      expect(t.logger.text()).toMatch(/stored LINE credentials cannot be read/);
    } finally {
      t.deps.config.secretKey = key;
    }
  });

  /** The answer to a request signed with a wrong secret: every refusal must look exactly like it. */
  const refusal = async () => (await deliver([], { secret: 'ffffffffffffffffffffffffffffffff' })).body;

  it('refuses bodies that are not LINE webhook requests (signed), and answers an account without LINE or unknown exactly like a wrong signature', async () => {
    const bad = await deliver([], { body: '{"events": "nope"}' });
    expect(bad.status).toBe(400);
    const other = await t.account();
    const body = webhookBody([]);
    const signed = { token: null, body, headers: { 'content-type': 'application/json', 'x-line-signature': signLineBody(body, CHANNEL_SECRET) } };
    const notConnected = await t.json('POST', `/v1/webhooks/line/${other.id}`, signed);
    const unknown = await t.json('POST', '/v1/webhooks/line/@no-such-account', signed);
    const unsigned = await t.json('POST', `/v1/webhooks/line/${other.id}`, { ...signed, headers: { 'content-type': 'application/json' } });
    for (const res of [notConnected, unknown, unsigned]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual(await refusal());
    }
  });
});

describe('LINE webhook events (fake builders)', () => {
  it('signs exactly the bytes sent', () => {
    expect(signLineBody('{}', CHANNEL_SECRET)).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});
