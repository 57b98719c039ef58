/**
 * The outbox: every create, change and delete of segments, folders and tags is written to
 * IndexedDB before it is sent, then sent until the sync API accepts or refuses it.
 *
 * - Durable: all state is in the `outbox` store; nothing in memory is needed to resume. A worker
 *   stopped mid-send leaves the entry `sending`; `resume()` (on start) makes it `pending` again,
 *   and creates carry their entry id as Idempotency-Key so a repeat cannot make two.
 * - Ordered: an account's entries go in the order they were made; while the API is away the
 *   queue waits (backoff) rather than sending later changes first.
 * - Never silent: a refusal (412 conflict, another 4xx) keeps the entry with its reason and the
 *   user's version until the user retries (maybe overwriting) or discards it.
 * - Woken by `schedule(at)`, which the background backs with a timer and a chrome alarm (a timer
 *   alone dies with the worker after 30 s idle).
 */
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import type { LumoDb, OutboxRecord } from '../cache/db';
import type { ErrorInfo, OutboxKind, OutboxStatus } from '../messages/protocol';
import { sendChange, type Accepted } from './send';

export type Change = {
  accountId: string;
  kind: OutboxKind;
  targetId: string;
  label: string;
  body?: Record<string, unknown> | null;
  baseVersion?: number | null;
};

/** What became of one entry's attempt. */
export type Outcome =
  | { id: string; state: 'sent'; accepted: Accepted }
  | { id: string; state: 'refused'; error: ErrorInfo }
  | { id: string; state: 'pending'; error: ErrorInfo | null };

export interface OutboxDeps {
  db: LumoDb;
  api: ApiClient;
  /** Wake the outbox at this epoch ms (null: nothing is waiting). */
  schedule?: (at: number | null) => void;
  /** Something in the outbox changed for this account (enqueued, sent, refused, discarded). */
  onChange?: (accountId: string) => void;
  /** An entry was accepted; a create's `local-…` id now has the API's id. */
  onAccepted?: (entry: OutboxRecord, accepted: Accepted, idAssigned: string | null) => void;
  /** The API answered (true) or could not be reached (false). */
  onReachability?: (reachable: boolean) => void;
  now?: () => number;
  /** Delay before attempt n + 1 after n failed attempts. */
  backoff?: (attempts: number) => number;
}

/** 2 s, 4 s, 8 s … capped at 5 minutes, with ±20 % jitter. */
export const defaultBackoff = (attempts: number) => Math.min(300_000, 2000 * 2 ** Math.max(0, attempts - 1)) * (0.8 + Math.random() * 0.4);

export const isLocalId = (id: string) => id.startsWith('local-');
export const newLocalId = () => `local-${crypto.randomUUID()}`;

let lastStamp = 0;
let seq = 0;
/** Sortable entry ids: the outbox's key order is the order changes were made. */
function entryId(now: number): string {
  if (now === lastStamp) seq++;
  else { lastStamp = now; seq = 0; }
  return `${now.toString(36).padStart(9, '0')}${seq.toString(36).padStart(3, '0')}-${crypto.randomUUID().slice(0, 8)}`;
}

export type Outbox = ReturnType<typeof createOutbox>;

export function createOutbox(deps: OutboxDeps) {
  const { db, api } = deps;
  const now = deps.now ?? Date.now;
  const backoff = deps.backoff ?? defaultBackoff;
  const waiters = new Map<string, ((o: Outcome) => void)[]>();
  let reachable: boolean | null = null;
  let draining: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const all = () => db.getAll('outbox');

  function settle(outcome: Outcome) {
    const list = waiters.get(outcome.id);
    waiters.delete(outcome.id);
    list?.forEach((resolve) => resolve(outcome));
  }

  function setReachable(r: boolean) {
    reachable = r;
    deps.onReachability?.(r);
  }

  /** Resolves a `local-…` id to the API's id once its create was accepted. */
  async function resolveId(id: string): Promise<string> {
    if (!isLocalId(id)) return id;
    return (await db.get('ids', id))?.id ?? id;
  }

  /**
   * Writes a change to the outbox (before anything is sent). Folds it into a waiting change to
   * the same thing where that loses nothing: an edit of a segment whose create has not gone yet
   * joins the create; two waiting edits from the same version become one; deleting something
   * never sent removes its create (and answers null: nothing is left to send).
   */
  async function enqueue(change: Change): Promise<OutboxRecord | null> {
    const targetId = await resolveId(change.targetId);
    const tx = db.transaction('outbox', 'readwrite');
    const store = tx.objectStore('outbox');
    const same = (await store.index('byAccount').getAll(change.accountId)).filter((e) => e.targetId === targetId);
    const waiting = same.filter((e) => e.state === 'pending' && e.attempts === 0);
    const entity = change.kind.split('.')[0];
    const op = change.kind.split('.')[1];
    let result: OutboxRecord | undefined;

    // The user's newer version supersedes a refused one of the same thing.
    for (const e of same) if (e.state === 'refused' && e.kind === change.kind) await store.delete(e.id);

    const create = waiting.find((e) => e.kind === `${entity}.create`);
    if (op !== 'create' && op !== 'delete' && create) {
      result = { ...create, body: { ...create.body, ...change.body }, label: change.label || create.label };
    } else if (op === 'delete' && create) {
      // Never sent, so there is nothing to delete remotely: the create and its waiting edits go.
      for (const e of same) if (e.state === 'pending' && e.attempts === 0) await store.delete(e.id);
      await tx.done;
      deps.onChange?.(change.accountId);
      return null;
    } else if (op !== 'create' && op !== 'delete') {
      const edit = waiting.find((e) => e.kind === change.kind && e.baseVersion === (change.baseVersion ?? null));
      if (edit) result = { ...edit, body: { ...edit.body, ...change.body }, label: change.label || edit.label };
    }
    if (!result) {
      result = {
        id: entryId(now()), accountId: change.accountId, kind: change.kind, targetId, label: change.label,
        body: change.body ?? null, baseVersion: change.baseVersion ?? null,
        state: 'pending', attempts: 0, createdAt: new Date(now()).toISOString(), nextAttemptAt: now(), lastError: null,
      };
    }
    await store.put(result);
    await tx.done;
    deps.onChange?.(change.accountId);
    return result;
  }

  /** Sends every due entry. One drain at a time; a request during a drain runs one more pass. */
  function drain(options: { force?: boolean } = {}): Promise<void> {
    if (stopped) return Promise.resolve();
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      do {
        again = false;
        try {
          await pass(options.force ?? false);
        } catch (e) {
          // The database went away (worker stopping) or a bug: the entries stay stored, and
          // the next wake-up tries again.
          if (!stopped) console.error('[lumo] the outbox could not drain', e);
          return;
        }
      } while (again && !stopped);
    })().finally(() => { draining = null; });
    return draining;
  }

  async function pass(force: boolean) {
    const entries = await all();
    const blockedAccounts = new Set<string>();
    for (const stored of entries) {
      if (stored.state === 'refused' || blockedAccounts.has(stored.accountId)) continue;
      if (!force && stored.nextAttemptAt !== null && stored.nextAttemptAt > now()) {
        blockedAccounts.add(stored.accountId); // keep the account's order
        continue;
      }
      const ok = await attempt(stored.id);
      if (!ok) blockedAccounts.add(stored.accountId);
    }
    await reschedule();
  }

  /**
   * Claims an entry for sending, in one transaction with the latest stored version of it, so a
   * change folded into it a moment ago goes along, and nothing folds into it while it is away.
   */
  async function claim(id: string): Promise<OutboxRecord | null> {
    const tx = db.transaction('outbox', 'readwrite');
    const fresh = await tx.store.get(id);
    if (!fresh || fresh.state !== 'pending') { await tx.done; return null; }
    const sending: OutboxRecord = { ...fresh, state: 'sending', attempts: fresh.attempts + 1 };
    await tx.store.put(sending);
    await tx.done;
    return sending;
  }

  /** One attempt at one entry; false when the account's queue must wait. */
  async function attempt(id: string): Promise<boolean> {
    const claimed = await claim(id);
    if (!claimed) return true; // folded, discarded or sent meanwhile
    const targetId = await resolveId(claimed.targetId);
    const body = claimed.body && typeof claimed.body.folderId === 'string'
      ? { ...claimed.body, folderId: await resolveId(claimed.body.folderId) }
      : claimed.body;
    const waitsFor = isLocalId(targetId) && !claimed.kind.endsWith('.create') ? targetId
      : typeof body?.folderId === 'string' && isLocalId(body.folderId) ? body.folderId : null;
    if (waitsFor) {
      // Its create is still waiting ahead of it (wait), or was discarded (refuse).
      const createWaits = (await all()).some((e) => e.targetId === waitsFor && e.kind.endsWith('.create'));
      if (createWaits) {
        await db.put('outbox', { ...claimed, state: 'pending', attempts: claimed.attempts - 1 });
        return false;
      }
      await refuse(claimed, { kind: 'not_found', message: 'This depends on something that was never created on the sync API: its creation was discarded.' });
      return true;
    }

    const sending: OutboxRecord = { ...claimed, targetId, body };
    let accepted: Accepted;
    try {
      accepted = await sendChange(api, sending);
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError('unreachable', String(e));
      setReachable(error.kind !== 'unreachable');
      // A refusal about the change itself is final; a wrong token or a missing URL is not the
      // change's fault: it waits until settings are fixed (the background forces a drain then).
      const final = error.kind === 'conflict' || error.kind === 'invalid' || error.kind === 'not_found' || error.kind === 'bad_response'
        || error.status === 403; // a role that may not do this (DESIGN.md "People and roles"): retrying will not change it
      if (final) {
        await refuse(sending, error.toInfo());
        return true;
      }
      await db.put('outbox', { ...sending, state: 'pending', nextAttemptAt: now() + backoff(sending.attempts), lastError: error.toInfo() });
      deps.onChange?.(sending.accountId);
      settle({ id, state: 'pending', error: error.toInfo() });
      return false;
    }
    setReachable(true);
    const idAssigned = await accept(sending, accepted);
    deps.onAccepted?.(sending, accepted, idAssigned);
    deps.onChange?.(sending.accountId);
    settle({ id, state: 'sent', accepted });
    return true;
  }

  async function refuse(entry: OutboxRecord, error: ErrorInfo) {
    await db.put('outbox', { ...entry, state: 'refused', nextAttemptAt: null, lastError: error });
    deps.onChange?.(entry.accountId);
    settle({ id: entry.id, state: 'refused', error });
  }

  /**
   * Removes the accepted entry. For a create, records the API's id and rewrites the entries
   * still waiting on the local id; for a segment, moves later edits made on the version this one
   * started from onto the version the API now holds (they were made by the same user, in order).
   * The cache learns what the API accepted in the same transaction: a reader sees either the
   * pending change or its result, never both (a new folder listed twice, once under each id).
   */
  async function accept(entry: OutboxRecord, accepted: Accepted): Promise<string | null> {
    const tx = db.transaction(['outbox', 'ids', 'segments', 'folders', 'tags', 'previews'], 'readwrite');
    const store = tx.objectStore('outbox');
    await store.delete(entry.id);
    const accountId = entry.accountId;
    if (accepted.kind === 'segment') await tx.objectStore('segments').put({ accountId, id: accepted.segment.id, segment: accepted.segment });
    else if (accepted.kind === 'folder') await tx.objectStore('folders').put({ accountId, id: accepted.folder.id, folder: accepted.folder });
    else if (accepted.kind === 'tag') await tx.objectStore('tags').put({ accountId, id: accepted.tag.id, tag: accepted.tag });
    else {
      const store = accepted.entity === 'segment' ? 'segments' : accepted.entity === 'folder' ? 'folders' : 'tags';
      await tx.objectStore(store).delete([accountId, accepted.id]);
      if (accepted.entity === 'segment') await tx.objectStore('previews').delete([accountId, accepted.id]);
    }
    let idAssigned: string | null = null;
    const newId = accepted.kind === 'segment' ? accepted.segment.id : accepted.kind === 'folder' ? accepted.folder.id : accepted.kind === 'tag' ? accepted.tag.id : null;
    if (entry.kind.endsWith('.create') && newId && isLocalId(entry.targetId)) {
      idAssigned = newId;
      await tx.objectStore('ids').put({ localId: entry.targetId, id: newId, accountId: entry.accountId });
    }
    const newVersion = accepted.kind === 'segment' ? accepted.segment.version : null;
    const fromVersion = entry.kind === 'segment.create' ? null : entry.baseVersion;
    for (const later of await store.index('byAccount').getAll(entry.accountId)) {
      let changed = false;
      const next = { ...later };
      if (idAssigned && later.targetId === entry.targetId) { next.targetId = idAssigned; changed = true; }
      if (idAssigned && later.body?.folderId === entry.targetId) { next.body = { ...later.body, folderId: idAssigned }; changed = true; }
      if (newVersion !== null && next.targetId === (idAssigned ?? entry.targetId) && later.kind.startsWith('segment.')
        && (later.baseVersion === fromVersion || (fromVersion === null && (later.baseVersion ?? 0) === 0))) {
        next.baseVersion = newVersion;
        changed = true;
      }
      if (changed) await store.put(next);
    }
    await tx.done;
    return idAssigned;
  }

  async function reschedule() {
    const next = (await all())
      .filter((e) => e.state !== 'refused' && e.nextAttemptAt !== null)
      .reduce<number | null>((min, e) => (min === null || e.nextAttemptAt! < min ? e.nextAttemptAt! : min), null);
    deps.schedule?.(next);
  }

  /** Waits for the next outcome of an entry, or gives up after `timeoutMs` (still pending). */
  function waitFor(id: string, timeoutMs: number): Promise<Outcome> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const list = waiters.get(id)?.filter((r) => r !== done);
        if (list?.length) waiters.set(id, list); else waiters.delete(id);
        resolve({ id, state: 'pending', error: null });
      }, timeoutMs);
      const done = (o: Outcome) => { clearTimeout(timer); resolve(o); };
      waiters.set(id, [...(waiters.get(id) ?? []), done]);
    });
  }

  return {
    enqueue,
    drain,
    waitFor,
    resolveId,

    /**
     * After a worker (re)start: an entry left `sending` is sent again, and every waiting entry
     * gets one attempt now (the worker may have slept through its backoff, or the browser
     * through an outage).
     */
    async resume(): Promise<void> {
      const tx = db.transaction('outbox', 'readwrite');
      for (const e of await tx.store.getAll()) {
        if (e.state === 'sending') await tx.store.put({ ...e, state: 'pending', nextAttemptAt: now() });
      }
      await tx.done;
      await drain({ force: true });
    },

    async entries(accountId?: string): Promise<OutboxRecord[]> {
      return accountId ? db.getAllFromIndex('outbox', 'byAccount', accountId) : all();
    },

    async status(accountId?: string): Promise<OutboxStatus> {
      const entries = accountId ? await db.getAllFromIndex('outbox', 'byAccount', accountId) : await all();
      return {
        entries: entries.map((e) => ({
          id: e.id, accountId: e.accountId, kind: e.kind, targetId: e.targetId, label: e.label, state: e.state,
          attempts: e.attempts, createdAt: e.createdAt,
          nextAttemptAt: e.nextAttemptAt === null ? null : new Date(e.nextAttemptAt).toISOString(),
          lastError: e.lastError, body: e.body,
        })),
        pending: entries.filter((e) => e.state !== 'refused').length,
        refused: entries.filter((e) => e.state === 'refused').length,
        reachable,
      };
    },

    /**
     * Sends an entry again now. `overwrite` on a conflicting segment change re-bases it on the
     * version the API holds now, so the user's version wins.
     */
    async retry(id: string, options: { overwrite?: boolean } = {}): Promise<void> {
      const entry = await db.get('outbox', id);
      if (!entry) return;
      let baseVersion = entry.baseVersion;
      if (options.overwrite && (entry.kind === 'segment.update' || entry.kind === 'segment.delete')) {
        baseVersion = (await api.segment(entry.accountId, await resolveId(entry.targetId))).version;
      }
      await db.put('outbox', { ...entry, baseVersion, state: 'pending', nextAttemptAt: now(), lastError: entry.lastError });
      deps.onChange?.(entry.accountId);
      await drain({ force: true });
    },

    /** The user gives a change up. Later waiting changes to the same unsent thing go with it. */
    async discard(id: string): Promise<void> {
      const entry = await db.get('outbox', id);
      if (!entry) return;
      const tx = db.transaction('outbox', 'readwrite');
      await tx.store.delete(id);
      if (entry.kind.endsWith('.create') && isLocalId(entry.targetId)) {
        for (const e of await tx.store.index('byAccount').getAll(entry.accountId)) {
          if (e.targetId === entry.targetId) await tx.store.delete(e.id);
        }
      }
      await tx.done;
      deps.onChange?.(entry.accountId);
      await reschedule();
    },

    get reachable() { return reachable; },
    /** What a read learned about the sync API (a refresh behind failed, or came back). */
    noteReachable(r: boolean) { if (r !== reachable) setReachable(r); },

    /** Stops draining (the worker is going away); stored entries are untouched. */
    stop() { stopped = true; },
  };
}
