/**
 * What every route, service and job receives: the app's dependencies, built once in main.ts (or in
 * server/test/app.ts for tests) and passed in — nothing reaches for a global.
 */
import type { Store } from '../store/db';
import type { Config } from '../env';
import type { Logger } from './logger';
import type { Jobs } from '../jobs/runner';
import type { SegmentEngine } from '../segments/engine';

export interface Clock { now(): number }
export const systemClock: Clock = { now: () => Date.now() };

/** Counts and diagnoses segments: server/src/segments/engine.ts (SQL; later the columnar index). */
export type { SegmentEngine, EngineOptions, CountOptions, CountResult } from '../segments/engine';

export interface AppDeps {
  store: Store;
  config: Config;
  engine: SegmentEngine;
  clock: Clock;
  logger: Logger;
  jobs: Jobs;
}

/** Who did it, for history and the activity log (COORDINATION.md: the auth layer sets `c.var.actor`). */
export interface Actor { type: 'member' | 'token' | 'admin'; id: string; name: string }

/** Who is calling: the admin token, or a token that sees one account. */
export type Caller = { kind: 'admin' } | { kind: 'account'; accountId: string };

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    caller: Caller;
    /** Who is calling, as history and the activity log name them. */
    actor: Actor;
    /** The account of an `/accounts/:a/…` route, once the caller is known to see it. */
    account: { id: string; name: string; timezone: string };
  };
}
