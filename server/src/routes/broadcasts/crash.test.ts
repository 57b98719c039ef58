/**
 * A crash mid-send: a separate runner process is killed (SIGKILL) right after LINE accepted its
 * second batch, before it could record that; a new runner resumes. No batch reaches LINE twice:
 * the interrupted batch is retried with its persisted retry key and LINE answers 409.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it, vi } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { manualClock, useTestApp } from '../../../test/app';
import { startFakeLineBroadcast } from '../../../test/fakes/line/broadcast-fake';
import { seedSegment, sorted, TEXT, useFakeLine } from '../../broadcasts/testing/fixtures';
import { withBroadcastTables } from '../../broadcasts/tables';

// Each case starts a runner process through tsx (several seconds on a loaded 2-core machine) and
// waits for it to be killed and replaced: the 30 s default was met only on a quiet machine.
vi.setConfig({ testTimeout: 120_000 });

const CHILD = join(process.cwd(), 'server', 'src', 'broadcasts', 'testing', 'crash-child.ts');

forEachStore('broadcast crash and resume', (ctx) => {
  const clock = manualClock(Date.now());
  const t = useTestApp(ctx, { clock });
  const children: ChildProcess[] = [];
  afterAll(() => { for (const c of children) c.kill('SIGKILL'); });

  it('kill the runner after LINE accepted batch 2, restart it: every friend gets the broadcast exactly once', async () => {
    let child: ChildProcess | undefined;
    const fake = await startFakeLineBroadcast({
      // The crash: the moment LINE has accepted the 2nd multicast, before its answer is read.
      onAccepted: (send, i) => { if (send.kind === 'multicast' && i === 1) child?.kill('SIGKILL'); },
    });
    try {
      const acct = await t.account();
      useFakeLine(t.deps, acct.id, fake);
      const seg = await seedSegment(t.deps, acct.id, { members: 1201, blocked: 5, outsiders: 5 });
      const created = await t.json('POST', `${acct.base}/broadcasts`, {
        token: acct.token, json: { segmentId: seg.segmentId, messages: TEXT }, headers: { 'idempotency-key': randomUUID() },
      });
      expect(created.status).toBe(201);

      // node itself (not the tsx CLI, which would run the script in a grandchild that SIGKILL misses).
      child = spawn(process.execPath, ['--import', 'tsx', CHILD, ctx.url, fake.url, fake.channelAccessToken], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (d) => { stderr += d; });
      const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => child!.on('exit', (code, signal) => resolve(signal ?? code)));
      expect(exit, stderr).toBe('SIGKILL');

      // What the dead runner left: batch 2 accepted by LINE but still "sending" in the store.
      const db = withBroadcastTables(t.deps.store.db);
      const batches = await db.selectFrom('broadcast_batches').select(['batch_no', 'status', 'retry_key'])
        .where('account_id', '=', acct.id).where('broadcast_id', '=', created.body.id).orderBy('batch_no').execute();
      expect(batches.map((b) => b.status)).toEqual(['sent', 'sending', 'pending']);
      expect(fake.state.accepted).toHaveLength(2);

      // Restart: a new runner takes the job over once the dead one's lease has expired.
      clock.set(Date.now() + 61_000);
      await t.deps.jobs.drain(t.deps);

      const b = await t.json('GET', `${acct.base}/broadcasts/${created.body.id}`, { token: acct.token });
      expect(b.body).toMatchObject({ status: 'sent', recipients: 1201, sent: 1201, failed: 0 });
      const tries = fake.state.requests.filter((r) => r.retryKey === batches[1].retry_key).map((r) => r.status);
      expect(tries).toEqual([200, 409]);
      expect(fake.state.accepted.filter((a) => a.kind === 'multicast')).toHaveLength(3);
      const delivered = fake.state.deliveries();
      expect(delivered).toHaveLength(1201);
      expect(sorted(delivered)).toEqual(sorted(seg.members));
    } finally {
      await fake.close();
    }
  });

  it('kill the runner right after LINE accepted the narrowcast, restart it: the narrowcast is not sent again, and the broadcast completes', async () => {
    let child: ChildProcess | undefined;
    const settings = { narrowcastThreshold: 1000, audienceUploadSize: 1000 };
    clock.set(Date.now()); // the child runs on the real clock: the job must be due for it
    const fake = await startFakeLineBroadcast({
      audienceInProgressReads: 0, narrowcastProgressReads: 1, // READY at once: the child goes straight on to the narrowcast
      onAccepted: (send) => { if (send.kind === 'narrowcast') child?.kill('SIGKILL'); },
    });
    try {
      const acct = await t.account();
      useFakeLine(t.deps, acct.id, fake, settings);
      const seg = await seedSegment(t.deps, acct.id, { members: 1201, blocked: 3, outsiders: 4 });
      const created = await t.json('POST', `${acct.base}/broadcasts`, {
        token: acct.token, json: { segmentId: seg.segmentId, messages: TEXT }, headers: { 'idempotency-key': randomUUID() },
      });
      expect(created.status).toBe(201);

      child = spawn(process.execPath, ['--import', 'tsx', CHILD, ctx.url, fake.url, fake.channelAccessToken, JSON.stringify(settings)], { stdio: ['ignore', 'ignore', 'pipe'] });
      children.push(child);
      let stderr = '';
      child.stderr!.on('data', (d) => { stderr += d; });
      const exit = await new Promise<NodeJS.Signals | number | null>((resolve) => child!.on('exit', (code, signal) => resolve(signal ?? code)));
      expect(exit, stderr).toBe('SIGKILL');
      // LINE has the narrowcast; the store does not know yet.
      expect(fake.state.accepted.map((a) => a.kind)).toEqual(['narrowcast']);
      const db = withBroadcastTables(t.deps.store.db);
      const row = await db.selectFrom('broadcasts').select(['narrowcast_retry_key', 'narrowcast_request_id', 'status'])
        .where('account_id', '=', acct.id).where('id', '=', created.body.id).executeTakeFirstOrThrow();
      expect(row.narrowcast_retry_key).not.toBeNull(); // persisted before the request left
      expect(row.narrowcast_request_id).toBeNull();

      clock.set(Date.now() + 61_000);
      await t.deps.jobs.drain(t.deps);

      const b = await t.json('GET', `${acct.base}/broadcasts/${created.body.id}`, { token: acct.token });
      expect(b.body).toMatchObject({ status: 'sent', method: 'narrowcast', recipients: 1201, sent: 1201, failed: 0 });
      // The retry carried the same key; LINE answered 409 and nobody got the message twice.
      const tries = fake.state.requests.filter((r) => r.retryKey === row.narrowcast_retry_key).map((r) => r.status);
      expect(tries).toEqual([202, 409]);
      expect(fake.state.accepted).toHaveLength(1);
      expect(sorted(fake.state.accepted[0].to)).toEqual(sorted(seg.members));
    } finally {
      await fake.close();
    }
  });
});
