/**
 * The indexed segment engine: counts, samples and diagnoses from per-account columnar indexes
 * (./account-index.ts), with the SQL engine as the fallback and the cross-check.
 *
 *  - Built from the store on an account's first count, in the background: until it is ready the
 *    SQL engine answers (a million friends take seconds to load; a preview should not wait).
 *  - Kept fresh from server/src/store/change-feed.ts: changed friends are re-read and their slots
 *    rewritten before the next answer (read-your-writes within this process), never a full
 *    rebuild, unless a change says "all" (a service disconnected) or touches most friends.
 *  - Memory: an LRU over accounts with a byte budget; the least recently used index is dropped
 *    (and rebuilt on its next use) when the budget is exceeded.
 *  - Cross-check: a configurable share of counts is recomputed by SQL in the background; a
 *    disagreement is logged with the account and both counts, and the index is rebuilt.
 *
 * Several server instances: each keeps its own indexes and hears only its own writes in process.
 * With a `changeLog` (./change-log.ts), every instance also appends its changes to a small table
 * and reads the others' before answering — one primary-key read per count. Without one (a single
 * instance), an index only knows this process's writes: a second instance writing to the same
 * store would not be seen.
 */
import type { Diagnosis, SampleFriend } from '../../../../lib/contract/api';
import type { Definition } from '../../../../lib/segment/schema';
import type { Store } from '../../store/db';
import { onFriendsChanged, type ChangedFriends } from '../../store/change-feed';
import { assembleDiagnosis, planDiagnosis } from '../diagnose-plan';
import { DEFAULT_SAMPLE_LIMIT, type CountOptions, type CountResult, type EngineOptions, type SegmentEngine } from '../engine';
import { AccountIndex } from './account-index';
import type { ChangeLog } from './change-log';
import { loadAllFriends, loadFriends, loadPropertyValues, loadSampleDetails } from './load';
import { countFormulas, countMembers, keysOf } from './query';

export interface EngineLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface IndexedEngineOptions {
  /** Bytes all indexes may hold together; default 1 GiB. */
  budgetBytes?: number;
  /** Share of counts (0–1) recomputed by SQL in the background to check the index; default 0.01. */
  crossCheckRate?: number;
  /** Wait for an account's index to be built instead of answering by SQL meanwhile (tests, benchmarks). */
  waitForBuild?: boolean;
  logger?: EngineLogger;
  /** Several instances over one store: learn of the others' writes (./change-log.ts). */
  changeLog?: ChangeLog;
}

export interface IndexStats { accountId: string; friends: number; bytes: number; buildMs: number | null; state: 'building' | 'ready' }

export interface IndexedEngine extends SegmentEngine {
  /** Builds (or refreshes) the account's index now and waits for it. */
  warm(accountId: string): Promise<void>;
  /** Drops an account's index (it is rebuilt on next use). */
  drop(accountId: string): void;
  stats(): IndexStats[];
  /** The index itself, for tests and benchmarks; null when not built. */
  indexOf(accountId: string): AccountIndex | null;
  /** Stops listening to the change feed and drops every index. */
  close(): void;
}

interface Entry {
  accountId: string;
  index: AccountIndex | null;
  building: Promise<void> | null;
  /** Friends changed since the index read them; `all` = rebuild. */
  pending: Set<string>;
  pendingAll: boolean;
  /** Serializes refreshes, so an older read is never applied after a newer one. */
  refreshing: Promise<void>;
  /** The last change-log row applied. */
  seq: number;
  lastUsed: number;
  bytes: number;
  buildMs: number | null;
  /** Sample friends' names and pictures, as fresh as the index: forgotten on the same changes. */
  details: Map<string, SampleFriend>;
  /** Counts the changes noted, so a read that a change overtook is not remembered. */
  changes: number;
}

/** Sample friends remembered per account: the newest friends, shared by most segments' samples. */
const DETAILS_MAX = 2_000;

const silent: EngineLogger = { info() {}, warn() {}, error() {} };
const TOO_BIG_RETRY_MS = 10 * 60_000;

export function createIndexedEngine(store: Store, fallback: SegmentEngine, opts: IndexedEngineOptions = {}): IndexedEngine {
  const budget = opts.budgetBytes ?? 1024 ** 3;
  const crossCheckRate = opts.crossCheckRate ?? 0.01;
  const log = opts.logger ?? silent;
  const entries = new Map<string, Entry>();
  const tooBig = new Map<string, number>();

  const changeLog = opts.changeLog;
  const unsubscribe = onFriendsChanged((accountId, ids) => {
    noteChanges(accountId, ids);
    // Tell the other instances, whether or not this one has the account's index.
    changeLog?.record(accountId, ids).catch((err: unknown) => log.warn('could not log a friends change for other instances', { accountId, err }));
  });

  function noteChanges(accountId: string, ids: ChangedFriends): void {
    const e = entries.get(accountId);
    if (!e) return;
    e.changes++;
    if (ids === 'all') { e.details.clear(); e.pendingAll = true; e.pending.clear(); return; }
    for (const id of ids) e.details.delete(id);
    if (e.pendingAll) return;
    for (const id of ids) e.pending.add(id);
    // Re-reading most friends one by one costs more than reading them all in pages.
    if (e.index && e.pending.size > Math.max(10_000, e.index.size / 4)) { e.pendingAll = true; e.pending.clear(); }
  }

  function startBuild(e: Entry): Promise<void> {
    if (e.building) return e.building;
    e.pendingAll = false;
    e.pending.clear();
    const started = performance.now();
    e.building = (async () => {
      // The log's head before reading: later changes are replayed (at worst twice), none missed.
      if (changeLog) e.seq = await changeLog.head(e.accountId);
      const index = new AccountIndex();
      for await (const page of loadAllFriends(store.db, e.accountId)) index.apply(page);
      index.compact();
      index.sampleOrder();
      e.index = index;
      e.buildMs = Math.round(performance.now() - started);
      e.bytes = index.bytes();
      log.info('segment index built', { accountId: e.accountId, friends: index.size, bytes: e.bytes, ms: e.buildMs });
      enforceBudget(e);
    })().catch((err: unknown) => {
      e.index = null;
      log.error('segment index build failed; counting by SQL', { accountId: e.accountId, err });
    }).finally(() => { e.building = null; });
    return e.building;
  }

  function enforceBudget(current: Entry): void {
    let total = [...entries.values()].reduce((n, x) => n + (x.index ? x.bytes : 0), 0);
    const byAge = [...entries.values()].filter((x) => x.index && x !== current).sort((a, b) => a.lastUsed - b.lastUsed);
    for (const victim of byAge) {
      if (total <= budget) break;
      total -= victim.bytes;
      entries.delete(victim.accountId);
      log.info('segment index dropped for memory', { accountId: victim.accountId, bytes: victim.bytes });
    }
    if (total > budget && current.index) {
      log.warn('segment index exceeds the memory budget alone; counting by SQL', { accountId: current.accountId, bytes: current.bytes, budget });
      entries.delete(current.accountId);
      // Not rebuilt on every count just to be dropped again: SQL answers for a while.
      tooBig.set(current.accountId, Date.now() + TOO_BIG_RETRY_MS);
    }
  }

  async function refresh(e: Entry): Promise<void> {
    const run = async () => {
      if (!e.index || e.pending.size === 0) return;
      const ids = [...e.pending];
      e.pending.clear();
      let loaded: Awaited<ReturnType<typeof loadFriends>>;
      try {
        loaded = await loadFriends(store.db, e.accountId, ids, e.index.loadedKeys());
      } catch (err) {
        // The store went away mid-read: keep the changes for the next refresh, or they are lost.
        for (const id of ids) e.pending.add(id);
        throw err;
      }
      const { found, gone } = loaded;
      e.index.apply(found, gone);
      e.bytes = e.index.bytes();
    };
    e.refreshing = e.refreshing.then(run, run);
    await e.refreshing;
  }

  /** The account's index, fresh; null when SQL must answer (building, or too big). */
  async function ready(accountId: string, wait = opts.waitForBuild ?? false): Promise<AccountIndex | null> {
    if ((tooBig.get(accountId) ?? 0) > Date.now()) return null;
    let e = entries.get(accountId);
    if (!e) {
      e = {
        accountId, index: null, building: null, pending: new Set(), pendingAll: false, refreshing: Promise.resolve(), seq: 0,
        lastUsed: Date.now(), bytes: 0, buildMs: null, details: new Map(), changes: 0,
      };
      entries.set(accountId, e);
    }
    e.lastUsed = Date.now();
    if (changeLog && e.index && !e.building) {
      const { seq, changes } = await changeLog.since(accountId, e.seq);
      e.seq = seq;
      if (changes) noteChanges(accountId, changes);
    }
    for (let attempt = 0; !e.index || e.pendingAll; attempt++) {
      // A stale index is never answered from; a build started after the change replaces it.
      if (e.pendingAll && !e.building) e.index = null;
      const building = startBuild(e);
      if (!wait || attempt >= 3) return null;
      await building;
      if (!e.index && !e.pendingAll) return null; // the build failed: SQL answers
    }
    await refresh(e);
    return entries.get(accountId) === e ? e.index : null;
  }

  /** Loads the property columns a definition needs; they count toward the memory budget like the rest. */
  async function ensureKeys(accountId: string, index: AccountIndex, definition: Definition): Promise<void> {
    let loaded = false;
    for (const { provider, key } of keysOf(definition)) {
      if (!index.hasKey(provider, key)) {
        index.loadKey(provider, key, await loadPropertyValues(store.db, accountId, provider, key));
        loaded = true;
      }
    }
    const e = entries.get(accountId);
    if (loaded && e?.index === index) {
      e.bytes = index.bytes();
      enforceBudget(e);
    }
  }

  /**
   * The sample friends' names, pictures and added dates: remembered ones from memory, the rest in
   * one read (with a million friends, ten rows scattered over the friends table took 0.1–0.7 ms
   * here, more than many counts). Null when one of them is gone from the store.
   */
  async function sampleDetails(accountId: string, ids: string[]): Promise<SampleFriend[] | null> {
    const e = entries.get(accountId);
    const known = new Map<string, SampleFriend>();
    for (const id of ids) {
      const f = e?.details.get(id);
      if (f) known.set(id, f);
    }
    const missing = ids.filter((id) => !known.has(id));
    if (missing.length > 0) {
      const changes = e?.changes;
      const rows = await loadSampleDetails(store.db, accountId, missing);
      if (rows.length !== missing.length) return null;
      for (const r of rows) {
        known.set(r.line_user_id, {
          lineUserId: r.line_user_id, displayName: r.display_name, pictureUrl: r.picture_url ?? null,
          addedAt: r.added_at === null ? null : new Date(Number(r.added_at)).toISOString(),
        });
      }
      // Remembered only when no change was noted while reading: the read may predate it.
      if (e && entries.get(accountId) === e && e.changes === changes) {
        if (e.details.size + missing.length > DETAILS_MAX) e.details.clear();
        for (const id of missing) e.details.set(id, known.get(id)!);
      }
    }
    return ids.map((id) => known.get(id)!);
  }

  function crossCheck(accountId: string, definition: Definition, o: CountOptions, mine: CountResult): void {
    if (crossCheckRate <= 0 || Math.random() >= crossCheckRate) return;
    void fallback.count(accountId, definition, o).then((sql) => {
      const same = sql.count === mine.count && sql.sample.map((s) => s.lineUserId).join() === mine.sample.map((s) => s.lineUserId).join();
      if (same) return;
      // Writes may have landed between the two answers; only a stable disagreement is a bug,
      // but a rebuild is cheap insurance either way.
      log.error('segment index disagrees with SQL; rebuilding it', { accountId, indexCount: mine.count, sqlCount: sql.count });
      const e = entries.get(accountId);
      if (e) e.pendingAll = true;
    }, (err: unknown) => log.warn('segment cross-check failed', { accountId, err }));
  }

  return {
    async count(accountId, definition, o) {
      const index = await ready(accountId);
      if (!index) return fallback.count(accountId, definition, o);
      await ensureKeys(accountId, index, definition);
      const out = new Uint32Array(index.words);
      const count = countMembers(index, definition, o, out);
      const ids = index.sample(out, count, o.sampleLimit ?? DEFAULT_SAMPLE_LIMIT).map((s) => index.ids.idAt(s));
      const sample = await sampleDetails(accountId, ids);
      // A sample friend deleted since: let SQL answer this one.
      if (!sample) return fallback.count(accountId, definition, o);
      const result: CountResult = { count, sample };
      crossCheck(accountId, definition, o, result);
      return result;
    },

    async diagnose(accountId: string, definition: Definition, o: EngineOptions): Promise<Diagnosis> {
      const index = await ready(accountId);
      if (!index) return fallback.diagnose(accountId, definition, o);
      await ensureKeys(accountId, index, definition);
      const plan = planDiagnosis(definition);
      return assembleDiagnosis(plan, countFormulas(index, plan.conditions, plan.formulas, o));
    },

    async warm(accountId) { await ready(accountId, true); },
    drop(accountId) { entries.delete(accountId); },
    stats() {
      return [...entries.values()].map((e) => ({
        accountId: e.accountId, friends: e.index?.size ?? 0, bytes: e.bytes, buildMs: e.buildMs, state: e.index ? 'ready' as const : 'building' as const,
      }));
    },
    indexOf(accountId) { return entries.get(accountId)?.index ?? null; },
    close() { unsubscribe(); entries.clear(); },
  };
}
