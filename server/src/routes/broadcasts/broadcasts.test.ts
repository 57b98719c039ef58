/**
 * Broadcasts end to end: HTTP route → recorded broadcast → the job runner → @line/bot-sdk → the
 * fake LINE server, on real SQLite and PostgreSQL. What the fake LINE accepted is what friends
 * would receive, so every delivery test compares it with the segment's unblocked members.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { manualClock, useTestApp } from '../../../test/app';
import { startFakeLineBroadcast, type FakeLineBroadcast, type FakeLineBroadcastOptions } from '../../../test/fakes/line/broadcast-fake';
import { addMember, block, seedSegment, sorted, TEXT, useFakeLine } from '../../broadcasts/testing/fixtures';
import type { BroadcastSettings } from '../../broadcasts/settings';
import type { Broadcast } from '../../../../lib/contract/api';

/** A Broadcast on success, DESIGN.md's error body otherwise: the tests read whichever they expect. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;

forEachStore('broadcasts', (ctx) => {
  const clock = manualClock();
  const t = useTestApp(ctx, { clock });
  const fakes: FakeLineBroadcast[] = [];
  afterEach(async () => { await Promise.all(fakes.splice(0).map((f) => f.close())); });

  async function setup(counts: { members: number; blocked?: number; outsiders?: number }, opts: {
    fake?: FakeLineBroadcastOptions; settings?: Partial<BroadcastSettings>; lineConnected?: boolean;
  } = {}) {
    const fake = await startFakeLineBroadcast(opts.fake);
    fakes.push(fake);
    const acct = await t.account();
    const { sleeps } = useFakeLine(t.deps, acct.id, opts.lineConnected === false ? null : fake, opts.settings);
    const seg = await seedSegment(t.deps, acct.id, counts);
    const auth = { token: acct.token };
    return {
      fake, sleeps, acct, seg,
      // Broadcast on success, DESIGN.md's error body otherwise.
      post: (body: Record<string, unknown>, key: string | null = randomUUID()) => t.json<Answer>('POST', `${acct.base}/broadcasts`, {
        ...auth, json: { segmentId: seg.segmentId, messages: TEXT, ...body }, headers: key ? { 'idempotency-key': key } : {},
      }),
      get: async (id: string) => (await t.json<Broadcast>('GET', `${acct.base}/broadcasts/${id}`, auth)).body,
      list: (query = '') => t.json<{ items: Broadcast[]; nextCursor?: string }>('GET', `${acct.base}/broadcasts${query}`, auth),
      cancel: (id: string) => t.json<Answer>('POST', `${acct.base}/broadcasts/${id}/cancel`, auth),
      drain: () => t.deps.jobs.drain(t.deps),
    };
  }

  describe('recipients are exactly the segment\'s unblocked friends, each once', () => {
    for (const members of [0, 1, 500, 501, 1201]) {
      it(`${members} members → ${Math.ceil(members / 500)} multicast request(s)`, async () => {
        const s = await setup({ members, blocked: 3, outsiders: 4 });
        const created = await s.post({});
        expect(created.status).toBe(201);
        expect(created.body.status).toBe('queued');
        expect(s.fake.state.accepted).toEqual([]); // recorded, nothing sent from the request

        await s.drain();

        const b = await s.get(created.body.id);
        expect(b).toMatchObject({ status: 'sent', method: 'multicast', recipients: members, sent: members, failed: 0, progress: 1 });
        const multicasts = s.fake.state.accepted.filter((a) => a.kind === 'multicast');
        expect(multicasts).toHaveLength(Math.ceil(members / 500));
        expect(multicasts.every((m) => m.to.length <= 500 && m.to.length > 0)).toBe(true);
        expect(new Set(multicasts.map((m) => m.retryKey)).size).toBe(multicasts.length);
        const delivered = s.fake.state.deliveries();
        expect(delivered.length).toBe(members);
        expect(sorted(delivered)).toEqual(sorted(s.seg.members));
        expect(multicasts.every((m) => JSON.stringify(m.messages) === JSON.stringify(TEXT) && m.notificationDisabled === false)).toBe(true);
      });
    }

    it('takes the recipients at send time: a friend who joined is in, one who blocked since is out', async () => {
      const s = await setup({ members: 5 });
      const created = await s.post({});
      await addMember(t.deps, s.acct.id, s.seg.tagId, 'U' + 'f'.repeat(32));
      await block(t.deps, s.acct.id, s.seg.members[0]);
      await s.drain();
      expect(sorted(s.fake.state.deliveries())).toEqual(sorted([...s.seg.members.slice(1), 'U' + 'f'.repeat(32)]));
      expect((await s.get(created.body.id)).recipients).toBe(5);
    });

    it('sends notificationDisabled and every bubble as composed', async () => {
      const s = await setup({ members: 2 });
      const messages = [
        { type: 'text', text: '新作入荷しました ✨' },
        { type: 'image', originalContentUrl: 'https://cdn.example.com/a.jpg', previewImageUrl: 'https://cdn.example.com/a-small.jpg' },
        { type: 'sticker', packageId: '446', stickerId: '1988' },
      ];
      await s.post({ messages, notificationDisabled: true });
      await s.drain();
      expect(s.fake.state.accepted).toHaveLength(1);
      expect(s.fake.state.accepted[0]).toMatchObject({ messages, notificationDisabled: true });
    });
  });

  describe('never twice', () => {
    it('a repeated Idempotency-Key returns the same broadcast and sends once', async () => {
      const s = await setup({ members: 501 });
      const key = randomUUID();
      const first = await s.post({}, key);
      const again = await s.post({}, key);
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      await s.drain();
      const third = await s.post({}, key);
      expect(third.body).toMatchObject({ id: first.body.id, status: 'sent' });
      await s.drain();
      expect(sorted(s.fake.state.deliveries())).toEqual(sorted(s.seg.members));
      expect((await s.list()).body.items).toHaveLength(1);
    });

    it('a double click (two requests at once with one key) records one broadcast', async () => {
      const s = await setup({ members: 3 });
      const key = randomUUID();
      const [a, b] = await Promise.all([s.post({}, key), s.post({}, key)]);
      expect(a.body.id).toBe(b.body.id);
      expect([a.status, b.status].sort()).toEqual([200, 201]);
      await s.drain();
      expect(sorted(s.fake.state.deliveries())).toEqual(sorted(s.seg.members));
    });

    it('a retry of a broadcast scheduled "in a minute" that arrives later is still the same broadcast', async () => {
      const s = await setup({ members: 2 });
      const key = randomUUID();
      const body = { scheduledAt: new Date(clock.now() + 90_000).toISOString() };
      const first = await s.post(body, key);
      expect(first.body.status).toBe('scheduled');
      clock.advance(60_000); // now the time is "now"
      const again = await s.post(body, key);
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(first.body.id);
      await s.cancel(first.body.id);
    });

    it('refuses the same key for another body, and a send without a key', async () => {
      const s = await setup({ members: 1 });
      const key = randomUUID();
      await s.post({}, key);
      const other = await s.post({ messages: [{ type: 'text', text: 'Something else' }] }, key);
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe('idempotency_key_reused');
      const none = await s.post({}, null);
      expect(none.status).toBe(400);
      expect(none.body.error.code).toBe('idempotency_key_required');
      await s.drain();
      expect(s.fake.state.deliveries()).toHaveLength(1);
    });

    it('a batch LINE accepted but whose answer was lost is retried with its key and not delivered again', async () => {
      const s = await setup({ members: 1201 });
      s.fake.state.fail({ path: '/v2/bot/message/multicast', status: 500, times: 1, onlyNth: [2], afterAccepting: true });
      const created = await s.post({});
      await s.drain();
      const multicastRequests = s.fake.state.requests.filter((r) => r.path === '/v2/bot/message/multicast');
      expect(multicastRequests.map((r) => r.status)).toEqual([200, 500, 409, 200]);
      expect(multicastRequests[1].retryKey).toBe(multicastRequests[2].retryKey);
      expect(sorted(s.fake.state.deliveries())).toEqual(sorted(s.seg.members));
      expect(await s.get(created.body.id)).toMatchObject({ status: 'sent', sent: 1201 });
    });
  });

  describe('LINE errors', () => {
    it('a LINE error mid-way is reported while the broadcast resumes and completes', async () => {
      const s = await setup({ members: 1201 });
      // Batch 2 fails three times: more than the in-process retries (2), so the job hands back.
      s.fake.state.fail({ path: '/v2/bot/message/multicast', status: 500, times: 3, onlyNth: [2, 3, 4],
        body: { message: 'An internal server error occurred.' } });
      const created = await s.post({});
      await s.drain();

      const midway = await s.get(created.body.id);
      expect(midway).toMatchObject({ status: 'sending', recipients: 1201, sent: 500 });
      expect(midway.lastProblem).toMatchObject({ code: 'line_unavailable', lineStatus: 500 });
      expect(midway.lastProblem!.message).toContain('An internal server error occurred.');
      expect(s.sleeps).toEqual([100, 200]);

      clock.advance(60_000);
      await s.drain();
      const done = await s.get(created.body.id);
      expect(done).toMatchObject({ status: 'sent', sent: 1201, failed: 0, error: null });
      expect(done.lastProblem?.code).toBe('line_unavailable'); // still tells what happened on the way
      expect(sorted(s.fake.state.deliveries())).toEqual(sorted(s.seg.members));
    });

    it('backs off on 429 rate limits (longer waits) and goes on', async () => {
      const s = await setup({ members: 10 });
      s.fake.state.fail({ path: '/v2/bot/message/multicast', status: 429, times: 2 });
      const created = await s.post({});
      await s.drain();
      expect(s.sleeps).toEqual([200, 400]);
      expect(await s.get(created.body.id)).toMatchObject({ status: 'sent', sent: 10, lastProblem: { code: 'line_rate_limited', lineStatus: 429 } });
      expect(sorted(s.fake.state.deliveries())).toEqual(sorted(s.seg.members));
    });

    it('LINE refusing the request stops the broadcast with LINE\'s reason', async () => {
      const s = await setup({ members: 1201 });
      s.fake.state.fail({ path: '/v2/bot/message/multicast', status: 400, times: 1, onlyNth: [2],
        body: { message: 'The request body has 1 error(s)', details: [{ message: 'Invalid message', property: 'messages[0]' }] } });
      const created = await s.post({});
      await s.drain();
      const b = await s.get(created.body.id);
      expect(b).toMatchObject({ status: 'failed', recipients: 1201, sent: 500, error: { code: 'line_rejected', lineStatus: 400 } });
      expect(b.error!.message).toContain('messages[0]: Invalid message');
      expect(s.fake.state.deliveries()).toHaveLength(500);
    });

    it('a batch LINE refuses for its recipients fails alone; the others go', async () => {
      const s = await setup({ members: 1201 });
      s.fake.state.fail({ path: '/v2/bot/message/multicast', status: 400, times: 1, onlyNth: [1], body: { message: 'Failed to send messages' } });
      const created = await s.post({});
      await s.drain();
      const b = await s.get(created.body.id);
      expect(b).toMatchObject({ status: 'failed', sent: 701, failed: 500, error: { code: 'line_rejected' } });
      expect(b.error!.message).toMatch(/batch 1 \(500 friends\)/);
      expect(s.fake.state.deliveries()).toHaveLength(701);
    });
  });

  describe('monthly quota', () => {
    it('refuses a send that would pass the month\'s limit, before recording anything', async () => {
      const s = await setup({ members: 120 }, { fake: { quota: { type: 'limited', value: 1000 }, totalUsage: 900 } });
      const res = await s.post({});
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('quota_exceeded');
      expect(res.body.error.message).toBe('This broadcast needs 120 messages, but only 100 of this month\'s 1,000 remain on LINE (900 used). '
        + 'Narrow the segment, or raise the monthly limit in LINE Official Account Manager, then send again.');
      expect((await s.list()).body.items).toEqual([]);
      expect(s.fake.state.accepted).toEqual([]);
    });

    it('checks again at send time: a scheduled broadcast that no longer fits fails with the reason', async () => {
      const s = await setup({ members: 50 }, { fake: { quota: { type: 'limited', value: 1000 }, totalUsage: 0 } });
      const created = await s.post({ scheduledAt: new Date(clock.now() + 3_600_000).toISOString() });
      s.fake.state.totalUsage = 990;
      clock.advance(3_600_000);
      await s.drain();
      expect(await s.get(created.body.id)).toMatchObject({ status: 'failed', sent: 0, error: { code: 'quota_exceeded' } });
      expect(s.fake.state.accepted).toEqual([]);
    });

    it('stops when LINE says the monthly limit is reached mid-way', async () => {
      let fake: FakeLineBroadcast | undefined;
      const s = await setup({ members: 1201 }, { fake: {
        quota: { type: 'limited', value: 1201 },
        // Other sends of the account use 200 messages while ours is under way.
        onAccepted: (_send, i) => { if (i === 0) fake!.state.totalUsage += 200; },
      } });
      fake = s.fake;
      const created = await s.post({});
      await s.drain();
      const b = await s.get(created.body.id);
      expect(b).toMatchObject({ status: 'failed', sent: 1000, error: { code: 'quota_exceeded', lineStatus: 429 } });
      expect(b.error!.message).toContain('You have reached your monthly limit.');
      expect(s.fake.state.deliveries()).toHaveLength(1000);
    });
  });

  describe('scheduling and cancelling', () => {
    it('a scheduled broadcast sends at its time, not before', async () => {
      const s = await setup({ members: 7 });
      const at = clock.now() + 2 * 3_600_000;
      const created = await s.post({ scheduledAt: new Date(at).toISOString() });
      expect(created.body).toMatchObject({ status: 'scheduled', scheduledAt: new Date(at).toISOString(), recipients: null });
      await s.drain();
      clock.set(at - 1000);
      await s.drain();
      expect(s.fake.state.accepted).toEqual([]);
      expect((await s.get(created.body.id)).status).toBe('scheduled');
      clock.set(at);
      await s.drain();
      expect(await s.get(created.body.id)).toMatchObject({ status: 'sent', sent: 7 });
      expect(sorted(s.fake.state.deliveries())).toEqual(sorted(s.seg.members));
    });

    it('a cancelled broadcast never sends', async () => {
      const s = await setup({ members: 7 });
      const created = await s.post({ scheduledAt: new Date(clock.now() + 3_600_000).toISOString() });
      const cancelled = await s.cancel(created.body.id);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled' });
      expect((await s.cancel(created.body.id)).status).toBe(200);
      clock.advance(3_600_000);
      await s.drain();
      expect(s.fake.state.accepted).toEqual([]);
      expect((await s.get(created.body.id)).status).toBe('cancelled');
    });

    it('cannot cancel once sending started', async () => {
      const s = await setup({ members: 3 });
      const created = await s.post({});
      await s.drain();
      const res = await s.cancel(created.body.id);
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('not_cancellable');
    });

    it('refuses a time in the past with the field named', async () => {
      const s = await setup({ members: 1 });
      const res = await s.post({ scheduledAt: new Date(clock.now() - 3_600_000).toISOString() });
      expect(res.status).toBe(400);
      expect(res.body.error.issues).toEqual([{ path: 'scheduledAt', message: 'Pick a time in the future, or send now.' }]);
    });
  });

  describe('narrowcast for large segments', () => {
    it('uploads the snapshot as an audience, waits for READY, narrowcasts once and follows the progress', async () => {
      const s = await setup({ members: 1201, blocked: 2 }, {
        fake: { audienceInProgressReads: 2, narrowcastProgressReads: 1 },
        settings: { narrowcastThreshold: 1000, audienceUploadSize: 1000 },
      });
      const created = await s.post({});
      await s.drain();
      const b = await s.get(created.body.id);
      expect(b).toMatchObject({ status: 'sent', method: 'narrowcast', recipients: 1201, sent: 1201, failed: 0 });
      const paths = s.fake.state.requests.map((r) => `${r.method} ${r.path.replace(/\d{6,}/, '{id}')}`);
      expect(paths.filter((p) => p.includes('audienceGroup/upload'))).toEqual([
        'POST /v2/bot/audienceGroup/upload', 'PUT /v2/bot/audienceGroup/upload']);
      // LINE refuses a narrowcast to an audience that is not READY: we never asked before it was.
      expect(s.fake.state.requests.filter((r) => r.path === '/v2/bot/message/narrowcast').map((r) => r.status)).toEqual([202]);
      const [sent] = s.fake.state.accepted;
      expect(s.fake.state.accepted).toHaveLength(1);
      expect(sent.kind).toBe('narrowcast');
      expect(sorted(sent.to)).toEqual(sorted(s.seg.members));
      expect(s.fake.state.audiences.size).toBe(0); // deleted once delivered
    });
  });

  describe('dry run, test push, history', () => {
    it('a dry run counts the recipients and shows the quota without recording or sending', async () => {
      const s = await setup({ members: 12, blocked: 2 }, { fake: { quota: { type: 'limited', value: 1000 }, totalUsage: 10 } });
      const res = await s.post({ dryRun: true }, null);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'dry_run', dryRun: true, recipients: 12, quota: { limit: 1000, used: 10, remaining: 990 } });
      expect(res.body.sample).toHaveLength(10);
      expect((await s.list()).body.items).toEqual([]);
      await s.drain();
      expect(s.fake.state.requests.filter((r) => r.method === 'POST')).toEqual([]);
    });

    it('pushes a test to one friend', async () => {
      const s = await setup({ members: 2, blocked: 1 });
      const to = s.seg.members[1];
      const ok = await t.json('POST', `${s.acct.base}/broadcasts/test`, { token: s.acct.token, json: { messages: TEXT, userId: to } });
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ ok: true, to: { lineUserId: to, displayName: 'Member 1' } });
      expect(s.fake.state.accepted).toMatchObject([{ kind: 'push', to: [to], messages: TEXT }]);
      const blocked = await t.json('POST', `${s.acct.base}/broadcasts/test`, { token: s.acct.token, json: { messages: TEXT, userId: s.seg.blocked[0] } });
      expect(blocked.status).toBe(404);
      expect(blocked.body.error.issues[0].path).toBe('userId');
    });

    it('lists a segment\'s broadcasts newest first, with who sent them and how many, page by page', async () => {
      const s = await setup({ members: 4 });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push((await s.post({})).body.id);
        clock.advance(1000);
      }
      await s.drain();
      const first = await s.list(`?segmentId=${s.seg.segmentId}&limit=2`);
      expect(first.status).toBe(200);
      expect(first.body.items.map((b) => b.id)).toEqual([ids[2], ids[1]]);
      expect(first.body.items[0]).toMatchObject({ status: 'sent', recipients: 4, sent: 4, segmentName: s.seg.segmentName });
      expect(first.body.items[0].createdBy).toMatch(/^token [0-9a-f]{8}$/);
      const second = await s.list(`?segmentId=${s.seg.segmentId}&limit=2&cursor=${first.body.nextCursor}`);
      expect(second.body.items.map((b) => b.id)).toEqual([ids[0]]);
      expect(second.body.nextCursor).toBeUndefined();
      expect((await s.list('?segmentId=seg_other')).body.items).toEqual([]);
    });
  });

  describe('bad input and other accounts', () => {
    it('names every invalid message field', async () => {
      const s = await setup({ members: 1 });
      const res = await s.post({ messages: [
        { type: 'text', text: 'x'.repeat(5001) },
        { type: 'image', originalContentUrl: 'http://example.com/a.jpg', previewImageUrl: 'https://example.com/a b.jpg' },
        { type: 'sticker', packageId: '446' },
      ] });
      expect(res.status).toBe(400);
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toEqual([
        'messages.0.text', 'messages.1.originalContentUrl', 'messages.1.previewImageUrl', 'messages.2.stickerId']);
      const six = await s.post({ messages: Array(6).fill(TEXT[0]) });
      expect(six.body.error.issues).toEqual([{ path: 'messages', message: 'LINE sends at most 5 messages at once.' }]);
    });

    it('a segment or broadcast of another account is not found', async () => {
      const s = await setup({ members: 1 });
      const created = await s.post({});
      const other = await t.account();
      const res = await t.json('GET', `${other.base}/broadcasts/${created.body.id}`, { token: other.token });
      expect(res.status).toBe(404);
      const cross = await t.json('POST', `${other.base}/broadcasts`, {
        token: other.token, json: { segmentId: s.seg.segmentId, messages: TEXT }, headers: { 'idempotency-key': randomUUID() },
      });
      expect(cross.status).toBe(404);
      expect(cross.body.error.issues).toEqual([{ path: 'segmentId', message: 'No such segment.' }]);
    });

    it('asks to connect LINE when the account has none', async () => {
      const s = await setup({ members: 1 }, { lineConnected: false });
      const res = await s.post({});
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('line_not_connected');
    });
  });
});
