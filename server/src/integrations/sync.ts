/**
 * The sync of one service of one account, resumable:
 *
 *   1. claim  — the connection's sync lease (two runners never sync the same service at once);
 *   2. pages  — each step reads one page from the vendor and writes it to integration_staging
 *               together with the next cursor, in one transaction. A crash (or a kill, or a
 *               restart) before the commit redoes that page; after it, resumes at the next;
 *   3. finish — the staged records become the friends' service blocks in one pass (records linked
 *               by the LINE user id they hold; friends whose record disappeared lose the block),
 *               the report is saved and the staging dropped.
 *
 * So an interrupted sync ends with exactly the data of an uninterrupted one, and the service's
 * blocks never show a half-read state. A disconnect during a sync stops it at the next page (the
 * connection id no longer matches) and its blocks are cleared by the disconnect.
 */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../http/context';
import type { Logger } from '../http/logger';
import type { IntegrationCounts } from '../../../lib/contract/api';
import { claimSync, clearStaging, getIntegration, releaseSync, stagePage, updateIntegration, type IntegrationRow, type StagedRow, type SyncState } from './repository';
import { openCredentials, secretsOf, type CredentialsOf } from './credentials';
import { PROVIDER_NAMES, scrub, VendorError, type Provider } from './errors';
import { SecretUnreadable } from './secrets';
import { clearService } from '../repositories/friends';
import { sleep as realSleep, type Sleep } from './retry';

export interface SyncContext<P extends Provider = Provider> {
  deps: AppDeps;
  accountId: string;
  integration: IntegrationRow;
  credentials: CredentialsOf[P];
  signal: AbortSignal;
  sleep: Sleep;
  logger: Logger;
}

export interface Step {
  rows: StagedRow[];
  /** The next page to read; null when every phase is done. */
  next: { phase: string; cursor: unknown } | null;
  /** Records read by this step, for progress. */
  records: number;
}

export interface Syncer<P extends Provider = Provider> {
  provider: P;
  firstPhase: string;
  step(ctx: SyncContext<P>, state: SyncState): Promise<Step>;
  /** Turns the staged run into the friends' blocks; the report of the sync. */
  finish(ctx: SyncContext<P>, state: SyncState): Promise<IntegrationCounts>;
}

export interface SyncHooks {
  /** After each committed page (tests kill the sync here). */
  afterPage?(state: SyncState): void | Promise<void>;
  /** After the blocks are written, before the sync is recorded as finished. */
  afterFinish?(counts: IntegrationCounts): void | Promise<void>;
}

export type SyncOutcome =
  | { kind: 'done'; counts: IntegrationCounts }
  /** Not connected (any more), or another runner holds the sync. */
  | { kind: 'skipped'; reason: 'not_connected' | 'busy' | 'disconnected' };

const LEASE_MS = 5 * 60_000;

/**
 * Runs (or resumes) a sync to its end. Throws a VendorError when the service fails (recorded on
 * the connection first; the caller decides whether to retry), and any other error scrubbed of the
 * connection's secrets.
 */
export async function runSync<P extends Provider>(deps: AppDeps, accountId: string, syncer: Syncer<P>,
  opts: { owner: string; signal?: AbortSignal; sleep?: Sleep; logger?: Logger; hooks?: SyncHooks }): Promise<SyncOutcome> {
  const { store, clock } = deps;
  const provider = syncer.provider;
  const logger = (opts.logger ?? deps.logger).child({ account: accountId, provider });
  const claimed = await claimSync(store.db, { accountId, provider }, opts.owner, clock.now(), clock.now() + LEASE_MS);
  if (!claimed) {
    const exists = await getIntegration(store.db, accountId, provider);
    return { kind: 'skipped', reason: exists ? 'busy' : 'not_connected' };
  }
  const key = { accountId, provider, connectionId: claimed.connectionId };
  let secrets: string[] = [];
  try {
    let credentials: CredentialsOf[P];
    try {
      credentials = openCredentials(deps.config.secretKey, accountId, provider, claimed.credentials);
    } catch (e) {
      if (e instanceof SecretUnreadable) throw new VendorError(provider, 'auth', e.message);
      throw e;
    }
    secrets = secretsOf(credentials);
    const ctx: SyncContext<P> = {
      deps, accountId, integration: claimed, credentials, logger,
      signal: opts.signal ?? new AbortController().signal, sleep: opts.sleep ?? realSleep,
    };

    let state: SyncState = claimed.syncState ?? {
      runId: randomBytes(8).toString('hex'), phase: syncer.firstPhase, cursor: null, pages: 0, records: 0, startedAt: clock.now(),
    };
    const resumed = claimed.syncState !== null;
    if (!await updateIntegration(store.db, key, { status: 'syncing', syncState: state, ...(resumed ? {} : { lastSyncStartedAt: state.startedAt }) }, clock.now())) {
      return { kind: 'skipped', reason: 'disconnected' };
    }
    logger.info(resumed ? 'sync resumed' : 'sync started', { run: state.runId, phase: state.phase, pages: state.pages });

    while (state.phase !== 'finish') {
      if (ctx.signal.aborted) throw ctx.signal.reason ?? new Error('The sync was stopped.');
      const step = await syncer.step(ctx, state);
      const next: SyncState = {
        ...state,
        phase: step.next?.phase ?? 'finish',
        cursor: step.next?.cursor ?? null,
        pages: state.pages + 1,
        records: state.records + step.records,
      };
      if (!await stagePage(store.db, store.dialect, key, state.runId, step.rows, next, clock.now())) {
        return { kind: 'skipped', reason: 'disconnected' };
      }
      state = next;
      await claimSync(store.db, { accountId, provider }, opts.owner, clock.now(), clock.now() + LEASE_MS);
      await opts.hooks?.afterPage?.(state);
    }

    const counts = await syncer.finish(ctx, state);
    await opts.hooks?.afterFinish?.(counts);
    const now = clock.now();
    const still = await updateIntegration(store.db, key, {
      status: 'idle', lastSyncAt: now, counts: counts as unknown as Record<string, number>, lastError: null, lastErrorAt: null, syncState: null,
    }, now);
    await clearStaging(store.db, accountId, provider);
    if (!still) {
      // Disconnected while finishing: the disconnect cleared the blocks before these were written.
      if (provider !== 'line' && !await getIntegration(store.db, accountId, provider)) await clearService(store, accountId, provider);
      return { kind: 'skipped', reason: 'disconnected' };
    }
    logger.info('sync finished', { run: state.runId, pages: state.pages, ...counts });
    return { kind: 'done', counts };
  } catch (e) {
    const err = e instanceof VendorError ? e : new Error(scrub(e instanceof Error ? e.message : String(e), secrets));
    const message = e instanceof VendorError ? e.message
      : `The ${PROVIDER_NAMES[provider]} sync stopped on an unexpected error; it will try again. (${err.message})`;
    await updateIntegration(store.db, key, { lastError: message, lastErrorAt: clock.now() }, clock.now()).catch(() => {});
    throw err;
  } finally {
    await releaseSync(store.db, { accountId, provider }, opts.owner).catch(() => {});
  }
}
