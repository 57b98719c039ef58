/**
 * Background jobs. Work is written to the jobs table (`jobs.enqueue`) and claimed from it by a
 * runner in any server instance (server/src/repositories/jobs.ts explains the claim), so a
 * restart resumes queued jobs and jobs whose runner died (their lease expires), and two runners
 * never run the same job.
 *
 * Job kinds are pluggable; a module registers its kind at import time:
 *
 *   registerJobKind('broadcast.send', async (job, { deps, signal }) => { ... });
 *
 * A handler that throws is retried with backoff up to `maxAttempts`, then marked failed with the
 * error's message; throw `RetryJob` to ask for a specific delay (a vendor's Retry-After). Handlers
 * must be idempotent: a job may run again after a crash mid-way.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppDeps } from '../http/context';
import type { Logger } from '../http/logger';
import type { Store } from '../store/db';
import { claimJob, dueJobs, finishJob, insertJob, pruneFinishedJobs, renewLease, type JobRow } from '../repositories/jobs';

export interface JobContext {
  deps: AppDeps;
  /** Aborted when the server stops or the lease was lost: stop soon, the job will run again. */
  signal: AbortSignal;
  logger: Logger;
  /** True on the last attempt before the job is marked failed. */
  lastAttempt: boolean;
}
export type JobHandler = (job: JobRow, ctx: JobContext) => Promise<void>;
export interface JobKindOptions { maxAttempts?: number; leaseMs?: number }

/** Thrown by a handler to run the job again after `delayMs` (counts as an attempt). */
export class RetryJob extends Error {
  constructor(message: string, readonly delayMs: number) { super(message); }
}

const kinds = new Map<string, { handler: JobHandler; maxAttempts: number; leaseMs: number }>();

export function registerJobKind(kind: string, handler: JobHandler, opts: JobKindOptions = {}): void {
  kinds.set(kind, { handler, maxAttempts: opts.maxAttempts ?? 5, leaseMs: opts.leaseMs ?? 60_000 });
}
export const registeredJobKinds = () => [...kinds.keys()];

export interface Jobs {
  readonly workerId: string;
  enqueue(accountId: string, kind: string, payload: unknown, opts?: { runAt?: number }): Promise<string>;
  /** Starts polling (main.ts). */
  start(deps: AppDeps): void;
  /** Stops polling, aborts running handlers and waits for them. */
  stop(): Promise<void>;
  /** Claims and runs the jobs due now, once; resolves with how many ran (tests, and the poll loop). */
  runDue(deps: AppDeps): Promise<number>;
  /** Runs due jobs until none is left (tests). */
  drain(deps: AppDeps, maxRounds?: number): Promise<void>;
}

export function newJobId(): string {
  return `job_${randomBytes(10).toString('base64url')}`;
}

export function createJobs(opts: {
  store: Store;
  clock: { now(): number };
  logger: Logger;
  workerId?: string;
  pollMs?: number;
  concurrency?: number;
}): Jobs {
  const workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const pollMs = opts.pollMs ?? 500;
  const concurrency = opts.concurrency ?? 2;
  const { store, clock } = opts;
  const log = opts.logger.child({ worker: workerId });
  const stopping = new AbortController();
  const running = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let started: AppDeps | null = null;
  let polling = false;
  let lastPrune = 0;

  async function runOne(row: JobRow, deps: AppDeps): Promise<void> {
    const kind = kinds.get(row.kind)!;
    const key = { accountId: row.accountId, id: row.id };
    const ac = new AbortController();
    const onStop = () => ac.abort(stopping.signal.reason);
    stopping.signal.addEventListener('abort', onStop);
    const renew = setInterval(() => {
      renewLease(store.db, key, workerId, clock.now() + kind.leaseMs, clock.now())
        .then((ours) => { if (!ours) ac.abort(new Error('lease lost')); })
        .catch((e) => log.warn('job lease renewal failed', { job: row.id, kind: row.kind, err: e }));
    }, Math.max(1000, kind.leaseMs / 3));
    const jobLog = log.child({ job: row.id, kind: row.kind, account: row.accountId });
    try {
      if (row.attempts > kind.maxAttempts) {
        // Claimed again after its runner died mid-way too many times.
        await finishJob(store.db, key, workerId, { status: 'failed', error: row.lastError ?? 'The job was interrupted too many times.' }, clock.now());
        return;
      }
      const started = clock.now();
      await kind.handler(row, { deps, signal: ac.signal, logger: jobLog, lastAttempt: row.attempts >= kind.maxAttempts });
      await finishJob(store.db, key, workerId, { status: 'done', error: null }, clock.now());
      jobLog.debug('job done', { ms: clock.now() - started });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (ac.signal.aborted) {
        // Stopping: leave it to the next runner (its lease expires, or we release it now).
        await finishJob(store.db, key, workerId, { status: 'queued', runAt: clock.now() }, clock.now()).catch(() => {});
        return;
      }
      const retry = row.attempts < kind.maxAttempts;
      const delay = e instanceof RetryJob ? e.delayMs : Math.min(300_000, 1000 * 2 ** (row.attempts - 1));
      if (retry) jobLog.warn('job failed; will retry', { attempt: row.attempts, inMs: delay, err: message });
      else jobLog.error('job failed', { attempts: row.attempts, err: e });
      await finishJob(store.db, key, workerId,
        retry ? { status: 'queued', error: message, runAt: clock.now() + delay } : { status: 'failed', error: message },
        clock.now()).catch((err) => jobLog.error('could not record the job failure', { err }));
    } finally {
      clearInterval(renew);
      stopping.signal.removeEventListener('abort', onStop);
    }
  }

  async function runDue(deps: AppDeps): Promise<number> {
    const now = clock.now();
    const due = await dueJobs(store.db, [...kinds.keys()], now, concurrency * 4);
    let ran = 0;
    const batch: Promise<void>[] = [];
    for (const key of due) {
      if (stopping.signal.aborted) break;
      while (running.size >= concurrency) await Promise.race(running);
      const kind = kinds.get(key.kind);
      if (!kind) continue;
      const row = await claimJob(store.db, { accountId: key.accountId, id: key.id }, workerId, clock.now(), clock.now() + kind.leaseMs);
      if (!row) continue; // another runner won it
      ran++;
      const p = runOne(row, deps).finally(() => running.delete(p));
      running.add(p);
      batch.push(p);
    }
    await Promise.all(batch);
    return ran;
  }

  function schedule(delay = pollMs) {
    if (!started || stopping.signal.aborted) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(poll, delay);
    timer.unref?.();
  }

  async function poll() {
    timer = null;
    if (!started || polling) return;
    polling = true;
    try {
      const ran = await runDue(started);
      if (clock.now() - lastPrune > 3_600_000) {
        lastPrune = clock.now();
        await pruneFinishedJobs(store.db, clock.now() - 7 * 86_400_000);
      }
      polling = false;
      schedule(ran > 0 ? 0 : pollMs);
    } catch (e) {
      polling = false;
      if (!stopping.signal.aborted) log.error('job poll failed', { err: e });
      schedule(pollMs * 4);
    }
  }

  return {
    workerId,
    async enqueue(accountId, kind, payload, o = {}) {
      if (!kinds.has(kind)) throw new Error(`Unknown job kind "${kind}": register it with registerJobKind first.`);
      const id = newJobId();
      const now = clock.now();
      await insertJob(store.db, { accountId, id, kind, payload, runAt: o.runAt ?? now, now });
      if (!polling) schedule(0); // run it soon rather than at the next poll
      return id;
    },
    start(deps) {
      started = deps;
      schedule(0);
    },
    async stop() {
      stopping.abort(new Error('server stopping'));
      if (timer) clearTimeout(timer);
      started = null;
      await Promise.allSettled([...running]);
    },
    runDue,
    async drain(deps, maxRounds = 100) {
      for (let i = 0; i < maxRounds; i++) {
        if ((await runDue(deps)) === 0) return;
      }
      throw new Error(`Jobs still due after ${maxRounds} rounds.`);
    },
  };
}
