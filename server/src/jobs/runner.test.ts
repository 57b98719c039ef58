import { beforeEach, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { manualClock, testConfig } from '../../test/app';
import { openStore } from '../store/db';
import { createMemoryLogger } from '../http/logger';
import { createJobs, registerJobKind, RetryJob } from './runner';
import { createSqlEngine } from '../segments/engine';
import type { AppDeps } from '../http/context';
import type { Store } from '../store/db';

const ran: { worker: string; id: string; n: number }[] = [];
let hang: Promise<void> | null = null;
registerJobKind('test.record', async (job, { deps }) => {
  await new Promise((r) => setTimeout(r, 2));
  ran.push({ worker: deps.jobs.workerId, id: (job.payload as { id: string }).id, n: job.attempts });
});
registerJobKind('test.hang', async (_job, { signal }) => {
  await new Promise<void>((resolve) => { signal.addEventListener('abort', () => resolve()); void hang; });
}, { leaseMs: 5_000 });
let flaky = 0;
registerJobKind('test.flaky', async () => {
  flaky++;
  if (flaky < 3) throw new RetryJob('vendor said wait', 1_000);
}, { maxAttempts: 5 });
registerJobKind('test.broken', async () => { throw new Error('always broken'); }, { maxAttempts: 2 });

function runner(store: Store, clock: ReturnType<typeof manualClock>, workerId: string) {
  const logger = createMemoryLogger();
  const jobs = createJobs({ store, clock, logger, workerId, concurrency: 3 });
  const deps: AppDeps = { store, config: testConfig(), engine: createSqlEngine(store), clock, logger, jobs };
  return { jobs, deps, logger };
}

forEachStore('job runner', (ctx) => {
  beforeEach(() => { ran.length = 0; });
  it('runs a queued job after a restart: a new runner picks up what the old one left', async () => {
    const clock = manualClock();
    const before = runner(ctx.store, clock, 'before-restart');
    await before.jobs.enqueue('@a', 'test.record', { id: 'left-behind' });
    await before.jobs.stop(); // the server stops before running it

    const after = runner(ctx.store, clock, 'after-restart');
    await after.jobs.drain(after.deps);
    expect(ran.filter((r) => r.id === 'left-behind')).toEqual([{ worker: 'after-restart', id: 'left-behind', n: 1 }]);
  });

  it('resumes a job whose runner died mid-way, once its lease expires', async () => {
    const clock = manualClock();
    const dying = runner(ctx.store, clock, 'dying');
    const id = await dying.jobs.enqueue('@a', 'test.hang', {});
    const running = dying.jobs.runDue(dying.deps); // claims it and hangs
    await new Promise((r) => setTimeout(r, 50));
    const row = await ctx.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'running', locked_by: 'dying' });

    const other = runner(ctx.store, clock, 'survivor');
    expect(await other.jobs.runDue(other.deps)).toBe(0); // lease still held
    clock.advance(6_000); // the dying runner never renewed: lease expired
    const taken = other.jobs.runDue(other.deps);
    await new Promise((r) => setTimeout(r, 50));
    const row2 = await ctx.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row2).toMatchObject({ status: 'running', locked_by: 'survivor', attempts: 2 });
    await other.jobs.stop();
    await dying.jobs.stop();
    await Promise.all([running, taken]);
  });

  it('never lets two runners run the same job, even on two connections at once', async () => {
    const clock = manualClock();
    const store2 = await openStore(ctx.url);
    try {
      const a = runner(ctx.store, clock, 'runner-a');
      const b = runner(store2, clock, 'runner-b');
      const ids = Array.from({ length: 60 }, (_, i) => `race-${i}`);
      for (const id of ids) await a.jobs.enqueue('@race', 'test.record', { id });
      await Promise.all([a.jobs.drain(a.deps), b.jobs.drain(b.deps), a.jobs.drain(a.deps), b.jobs.drain(b.deps)]);
      const runs = ran.filter((r) => r.id.startsWith('race-'));
      expect(runs.map((r) => r.id).sort()).toEqual([...ids].sort());
      const done = await ctx.store.db.selectFrom('jobs').select('status').where('account_id', '=', '@race').execute();
      expect(done.every((j) => j.status === 'done')).toBe(true);
    } finally {
      await store2.close();
    }
  });

  it('retries a failing job after the delay it asks for, then succeeds', async () => {
    const clock = manualClock();
    const r = runner(ctx.store, clock, 'retrier');
    flaky = 0;
    const id = await r.jobs.enqueue('@a', 'test.flaky', {});
    await r.jobs.runDue(r.deps);
    let row = await ctx.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'queued', attempts: 1, last_error: 'vendor said wait', run_at: clock.now() + 1_000 });
    expect(await r.jobs.runDue(r.deps)).toBe(0); // not due yet
    clock.advance(1_000);
    await r.jobs.runDue(r.deps);
    clock.advance(1_000);
    await r.jobs.runDue(r.deps);
    row = await ctx.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('marks a job failed with its error after its last attempt', async () => {
    const clock = manualClock();
    const r = runner(ctx.store, clock, 'failer');
    const id = await r.jobs.enqueue('@a', 'test.broken', {});
    await r.jobs.runDue(r.deps);
    clock.advance(60_000);
    await r.jobs.runDue(r.deps);
    const row = await ctx.store.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 2, last_error: 'always broken' });
  });

  it('refuses to enqueue a kind nobody registered', async () => {
    const r = runner(ctx.store, manualClock(), 'x');
    await expect(r.jobs.enqueue('@a', 'test.nobody', {})).rejects.toThrow(/registerJobKind/);
  });
});
