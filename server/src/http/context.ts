/**
 * What every route, service and job receives: the app's dependencies, built once in main.ts (or in
 * server/test/app.ts for tests) and passed in — nothing reaches for a global.
 */
import type { Store } from '../store/db';
import type { Config } from '../env';
import type { Logger } from './logger';
import type { Jobs } from '../jobs/runner';
import type { SegmentEngine } from '../segments/engine';
import type { Role } from '../../../lib/permissions';

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

/**
 * Who did it, for the activity log and a segment's history: the admin token, a script token (its
 * id and name, never the token) or a member (their id and name).
 */
export interface Actor { type: 'member' | 'token' | 'admin'; id: string; name: string }
export const ADMIN_ACTOR: Actor = { type: 'admin', id: 'admin', name: 'Admin token' };

/**
 * Who is calling: the admin token (every account, as `admin`), a script token (one account, with
 * its role) or a member's session (their accounts, a role in each). `role` is the caller's role on
 * the path's `:a` account, set once the caller is known to see it; null outside an account.
 */
export type Caller =
  | { kind: 'admin'; actor: Actor; role: Role | null }
  | { kind: 'token'; actor: Actor; role: Role | null; tokenId: string; accountId: string; tokenRole: Role }
  | { kind: 'member'; actor: Actor; role: Role | null; memberId: string; sessionId: string; expiresAt: number };

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    caller: Caller;
    /** Who is calling, for the activity log (the caller's actor). */
    actor: Actor;
    /** The account of an `/accounts/:a/…` route, once the caller is known to see it. */
    account: { id: string; name: string; timezone: string };
  };
}
