/**
 * Broadcast approval (DESIGN.md, "People and roles"): an operator_no_broadcast prepares a
 * broadcast that waits; a role that may send approves it (it goes out through the usual delivery)
 * or declines it with a reason the requester reads. The role that may not send gets 403 and
 * nothing is queued.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { manualClock, useTestApp } from '../../../test/app';
import { startFakeLineBroadcast, type FakeLineBroadcast } from '../../../test/fakes/line/broadcast-fake';
import { seedSegment, sorted, TEXT, useFakeLine } from '../../broadcasts/testing/fixtures';

forEachStore('broadcast approval', (ctx) => {
  const clock = manualClock();
  const t = useTestApp(ctx, { clock });
  const fakes: FakeLineBroadcast[] = [];
  afterEach(async () => { await Promise.all(fakes.splice(0).map((f) => f.close())); });

  async function setup() {
    const fake = await startFakeLineBroadcast();
    fakes.push(fake);
    const acct = await t.account();
    useFakeLine(t.deps, acct.id, fake);
    const seg = await seedSegment(t.deps, acct.id, { members: 3, blocked: 1 });
    const preparer = await t.member([{ id: acct.id, role: 'operator_no_broadcast' }], { name: 'Part-timer' });
    const approver = await t.member([{ id: acct.id, role: 'operator' }], { name: 'Manager' });
    const post = (token: string, body: Record<string, unknown> = {}) => t.json('POST', `${acct.base}/broadcasts`, {
      token, json: { segmentId: seg.segmentId, messages: TEXT, ...body }, headers: { 'idempotency-key': randomUUID() },
    });
    const jobs = async () => (await ctx.store.db.selectFrom('jobs').select('id').where('account_id', '=', acct.id).where('kind', '=', 'broadcast.send').execute()).length;
    return { fake, acct, seg, preparer, approver, post, jobs };
  }

  it('an operator_no_broadcast may not send (403, nothing queued) but may ask; approval sends it through the usual delivery', async () => {
    const s = await setup();
    const direct = await s.post(s.preparer.token);
    expect(direct.status).toBe(403);
    expect(direct.body.error).toMatchObject({ code: 'forbidden', role: 'operator_no_broadcast', permission: 'send' });
    expect(await s.jobs()).toBe(0);
    const dry = await s.post(s.preparer.token, { dryRun: true });
    expect(dry.status).toBe(200);

    const asked = await s.post(s.preparer.token, { requestApproval: true });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({
      status: 'awaiting_approval', createdBy: 'Part-timer',
      approval: { status: 'awaiting', requestedBy: { type: 'member', id: s.preparer.memberId, name: 'Part-timer' }, decidedBy: null, reason: null },
    });
    await t.deps.jobs.drain(t.deps);
    expect(s.fake.state.accepted).toEqual([]);
    expect(await s.jobs()).toBe(0);

    expect((await t.json('POST', `${s.acct.base}/broadcasts/${asked.body.id}/approve`, { token: s.preparer.token })).status).toBe(403);
    const approved = await t.json('POST', `${s.acct.base}/broadcasts/${asked.body.id}/approve`, { token: s.approver.token });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'queued', approval: { status: 'approved', decidedBy: { id: s.approver.memberId, name: 'Manager' } } });
    await t.deps.jobs.drain(t.deps);
    const sent = (await t.json('GET', `${s.acct.base}/broadcasts/${asked.body.id}`, { token: s.preparer.token })).body;
    expect(sent).toMatchObject({ status: 'sent', recipients: 3, sent: 3 });
    expect(sorted(s.fake.state.accepted.flatMap((a) => a.to))).toEqual(sorted(s.seg.members));

    const again = await t.json('POST', `${s.acct.base}/broadcasts/${asked.body.id}/approve`, { token: s.approver.token });
    expect(again.status).toBe(409);
    const log = (await t.json('GET', `${s.acct.base}/activity`, { token: s.approver.token })).body.items.map((e: any) => e.action);
    expect(log.slice(0, 2)).toEqual(['broadcast.approve', 'broadcast.create']);
  });

  it('a declined broadcast keeps its reason for the requester, sends nothing, and cannot then be approved (409)', async () => {
    const s = await setup();
    const asked = await s.post(s.preparer.token, { requestApproval: true, scheduledAt: new Date(clock.now() + 3600_000).toISOString() });
    const noReason = await t.json('POST', `${s.acct.base}/broadcasts/${asked.body.id}/decline`, { token: s.approver.token, json: { reason: '  ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.issues[0].path).toBe('reason');
    const declined = await t.json('POST', `${s.acct.base}/broadcasts/${asked.body.id}/decline`, { token: s.approver.token, json: { reason: 'The coupon code is wrong' } });
    expect(declined.status).toBe(200);
    const seen = (await t.json('GET', `${s.acct.base}/broadcasts/${asked.body.id}`, { token: s.preparer.token })).body;
    expect(seen).toMatchObject({ status: 'declined', approval: { status: 'declined', reason: 'The coupon code is wrong', decidedBy: { name: 'Manager' } } });
    const approve = await t.json('POST', `${s.acct.base}/broadcasts/${asked.body.id}/approve`, { token: s.approver.token });
    expect(approve.status).toBe(409);
    expect(approve.body.error.message).toContain('The coupon code is wrong');
    expect(await s.jobs()).toBe(0);
    clock.advance(2 * 3600_000);
    await t.deps.jobs.drain(t.deps);
    expect(s.fake.state.accepted).toEqual([]);
  });

  it('an approved broadcast scheduled ahead waits for its time', async () => {
    const s = await setup();
    const at = new Date(clock.now() + 3600_000).toISOString();
    const asked = await s.post(s.preparer.token, { requestApproval: true, scheduledAt: at });
    const approved = await t.json('POST', `${s.acct.base}/broadcasts/${asked.body.id}/approve`, { token: s.approver.token });
    expect(approved.body).toMatchObject({ status: 'scheduled', scheduledAt: at });
    await t.deps.jobs.drain(t.deps);
    expect(s.fake.state.accepted).toEqual([]);
  });
});

forEachStore('broadcasts awaiting approval, listed', (ctx) => {
  const clock = manualClock();
  const t = useTestApp(ctx, { clock });
  const fakes: FakeLineBroadcast[] = [];
  afterEach(async () => { await Promise.all(fakes.splice(0).map((f) => f.close())); });

  it('?status=awaiting_approval lists exactly those, newest first; a status that does not exist is a 400 naming status and the allowed values', async () => {
    const fake = await startFakeLineBroadcast();
    fakes.push(fake);
    const acct = await t.account();
    useFakeLine(t.deps, acct.id, fake);
    const seg = await seedSegment(t.deps, acct.id, { members: 2 });
    const preparer = await t.member([{ id: acct.id, role: 'operator_no_broadcast' }], { name: 'Part-timer' });
    // A second apart, so "newest first" has one answer.
    const post = (token: string, body: Record<string, unknown> = {}) => (clock.advance(1000), t.json('POST', `${acct.base}/broadcasts`, {
      token, json: { segmentId: seg.segmentId, messages: TEXT, ...body }, headers: { 'idempotency-key': randomUUID() },
    }));
    const first = (await post(preparer.token, { requestApproval: true })).body;
    const declined = (await post(preparer.token, { requestApproval: true })).body;
    await t.json('POST', `${acct.base}/broadcasts/${declined.id}/decline`, { token: acct.token, json: { reason: 'Typo' } });
    const sent = (await post(acct.token)).body;
    const second = (await post(preparer.token, { requestApproval: true })).body;
    await t.deps.jobs.drain(t.deps);

    const list = async (q: string) => t.json('GET', `${acct.base}/broadcasts?${q}`, { token: preparer.token });
    const awaiting = await list('status=awaiting_approval');
    expect(awaiting.status).toBe(200);
    expect(awaiting.body.items.map((b: any) => b.id)).toEqual([second.id, first.id]);
    expect((await list('status=declined')).body.items.map((b: any) => [b.id, b.approval.reason])).toEqual([[declined.id, 'Typo']]);
    expect((await list(`status=sent&segmentId=${seg.segmentId}`)).body.items.map((b: any) => b.id)).toEqual([sent.id]);
    expect((await list('')).body.items).toHaveLength(4);

    for (const bad of ['awaiting', 'dry_run', '']) {
      const r = await list(`status=${bad}`);
      expect(r.status, bad).toBe(400);
      expect(r.body.error.issues).toEqual([expect.objectContaining({ path: 'status' })]);
      expect(r.body.error.issues[0].message).toContain('awaiting_approval, declined, scheduled, queued, sending, sent, failed, cancelled');
    }

    const spec = (await t.json('GET', '/v1/openapi.json')).body;
    const param = spec.paths['/v1/accounts/{a}/broadcasts'].get.parameters.find((p: any) => p.name === 'status');
    expect(param.schema.enum).toEqual(['awaiting_approval', 'declined', 'scheduled', 'queued', 'sending', 'sent', 'failed', 'cancelled']);
  });
});
