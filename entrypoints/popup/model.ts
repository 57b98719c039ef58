/**
 * The popup's state: which account, its segments with their last known counts, the search, and
 * what waits in the outbox. Everything comes from the background through the message protocol;
 * the first answer is the cache's, so counts show at once and fresh ones replace them.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Account } from '../../lib/contract/api';
import { MANAGER_ORIGIN, accountHomeUrl, getAccountId } from '../../lib/line-manager/urls';
// Not lib/messages itself: its protocol module builds every zod schema on import (see main.tsx).
import { isMessageError } from '../../lib/messages/errors';
import type { PushEvent } from '../../lib/messages/events';
import type { MessageType, OutboxStatus, RequestOf, ResponseOf, SegmentItem } from '../../lib/messages/protocol';
import type { CachedList } from './cached';

export interface PopupClient {
  send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>>;
  subscribe(listener: (event: PushEvent) => void): () => void;
}

export interface PopupEnv {
  client: PopupClient;
  /** The URL of the tab the popup was opened over, if any. */
  currentTabUrl: () => Promise<string | undefined>;
  openTab: (url: string) => Promise<void>;
  /** Closes the popup (after it opened a window or a tab). */
  close?: () => void;
  /**
   * The list as the cache has it, read without the background, for the first paint; the
   * background's answer replaces it. Absent, or null: the popup waits for the background.
   */
  cached?: () => Promise<CachedList | null>;
  /** Clock for "counted 3 min ago"; ticks every 30 s by default. */
  clockMs?: number;
}

export type PopupView =
  | { kind: 'loading' }
  | { kind: 'no_settings' }
  | { kind: 'no_account' }
  | { kind: 'unknown_account' }
  | { kind: 'error'; error: 'unreachable' | 'unauthorized' | 'failed' }
  | { kind: 'ready' };

/** Name search that ignores case and full-/half-width differences (ＶＩＰ finds VIP). */
export function matches(name: string, query: string): boolean {
  const norm = (s: string) => s.normalize('NFKC').toLocaleLowerCase().trim();
  const q = norm(query);
  return q === '' || norm(name).includes(q);
}

const PREVIEW_CONCURRENCY = 4;

export function createPopupModel(env: PopupEnv) {
  const { client } = env;
  const view = signal<PopupView>({ kind: 'loading' });
  const accountId = signal<string | null>(null);
  const accounts = signal<Account[]>([]);
  const items = signal<SegmentItem[]>([]);
  const query = signal('');
  const offlineSince = signal<string | null>(null);
  /** When the list shown came from the sync API (null: not known). */
  const listFetchedAt = signal<string | null>(null);
  const outbox = signal<OutboxStatus | null>(null);
  const recounting = signal<ReadonlySet<string>>(new Set());
  const notice = signal<string | null>(null);
  const now = signal(Date.now());
  const clock = setInterval(() => { now.value = Date.now(); }, env.clockMs ?? 30_000);
  let generation = 0;

  const visible: ReadonlySignal<SegmentItem[]> = computed(() => items.value.filter((i) => matches(i.segment.name, query.value)));
  const accountOutbox = computed(() => {
    const status = outbox.value;
    if (!status) return { pending: 0, refused: 0, reachable: null as boolean | null };
    const mine = status.entries.filter((e) => e.accountId === accountId.value);
    return {
      pending: mine.filter((e) => e.state !== 'refused').length,
      refused: mine.filter((e) => e.state === 'refused').length,
      reachable: status.reachable,
    };
  });

  function setPreview(segmentId: string, preview: SegmentItem['preview']) {
    items.value = items.value.map((i) => (i.segment.id === segmentId ? { ...i, preview } : i));
  }

  const unsubscribe = client.subscribe((event) => {
    if (event.type === 'outbox.changed') outbox.value = event.status;
    else if (event.type === 'fresh.accounts') accounts.value = event.data;
    else if (event.type === 'settings.changed' && view.value.kind !== 'ready') void load();
    else if ('accountId' in event && event.accountId === accountId.value) {
      if (event.type === 'fresh.segments') {
        const known = new Set(items.value.map((i) => i.segment.id));
        batch(() => { items.value = event.data; offlineSince.value = null; listFetchedAt.value = new Date().toISOString(); });
        // Segments saved elsewhere since the cached list: count them too, or they stay "not counted".
        void refreshPreviews(event.accountId, event.data.filter((i) => !known.has(i.segment.id)), false);
      } else if (event.type === 'fresh.preview') {
        setPreview(event.segmentId, event.data);
      } else if (event.type === 'fresh.segment') {
        items.value = items.value.map((i) => (i.segment.id === event.data.segment.id ? event.data : i));
      }
    }
  });

  /** Asks for every saved segment's preview: cached ones come back at once, fresh ones as pushes. */
  async function refreshPreviews(account: string, list: SegmentItem[], refresh: boolean) {
    const ids = list.map((i) => i.segment.id).filter((id) => !id.startsWith('local-')); // unsaved: nothing to count yet
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const r = await client.send('getPreview', { accountId: account, segmentId: id, ...(refresh && { refresh }) });
          if (r.data && account === accountId.value) setPreview(id, r.data);
        } catch { /* this count stays as it was; the row shows its age */ }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PREVIEW_CONCURRENCY, ids.length) }, worker));
  }

  async function chooseAccount(settingsLast: string | null): Promise<string | null> {
    const fromTab = getAccountId((await env.currentTabUrl().catch(() => undefined)) ?? '');
    if (fromTab) return fromTab;
    if (settingsLast) return settingsLast;
    try {
      const r = await client.send('listAccounts', {});
      accounts.value = r.data;
      return r.data[0]?.id ?? null;
    } catch {
      return null;
    }
  }

  async function load(account?: string) {
    const gen = ++generation;
    notice.value = null;
    if (account === undefined && view.value.kind === 'loading' && env.cached) {
      const first = await env.cached().catch(() => null);
      if (gen !== generation) return;
      if (first) {
        batch(() => {
          accountId.value = first.accountId;
          items.value = first.items;
          view.value = { kind: 'ready' };
        });
      }
    }
    try {
      const settings = await client.send('getSettings', {});
      if (!settings.apiUrl || !settings.hasToken) {
        view.value = { kind: 'no_settings' };
        return;
      }
      const chosen = account ?? (await chooseAccount(settings.lastAccountId));
      if (gen !== generation) return;
      accountId.value = chosen;
      if (!chosen) {
        view.value = { kind: 'no_account' };
        return;
      }
      const list = await client.send('listSegments', { accountId: chosen });
      if (gen !== generation) return;
      batch(() => {
        items.value = list.data;
        offlineSince.value = list.offline ? list.fetchedAt : null;
        listFetchedAt.value = list.fetchedAt;
        view.value = { kind: 'ready' };
      });
      void client.send('outboxStatus', {}).then((s) => { outbox.value = s; }, () => {});
      void client.send('listAccounts', {}).then((r) => { accounts.value = r.data; }, () => {});
      void refreshPreviews(chosen, list.data, false);
    } catch (e) {
      if (gen !== generation) return;
      const kind = isMessageError(e) ? e.kind : 'internal';
      view.value = kind === 'not_configured' ? { kind: 'no_settings' }
        : kind === 'not_found' ? { kind: 'unknown_account' }
          : kind === 'unauthorized' ? { kind: 'error', error: 'unauthorized' }
            : kind === 'unreachable' || kind === 'server' ? { kind: 'error', error: 'unreachable' }
              : { kind: 'error', error: 'failed' };
    }
  }

  async function recount(segmentId: string) {
    const account = accountId.value;
    if (!account) return;
    recounting.value = new Set([...recounting.value, segmentId]);
    try {
      const r = await client.send('getPreview', { accountId: account, segmentId, refresh: true });
      if (r.data) setPreview(segmentId, r.data);
      offlineSince.value = r.offline ? r.fetchedAt : null;
    } catch { /* the row keeps its last count and age */ } finally {
      const next = new Set(recounting.value);
      next.delete(segmentId);
      recounting.value = next;
    }
  }

  return {
    view: view as ReadonlySignal<PopupView>,
    accountId: accountId as ReadonlySignal<string | null>,
    accounts: accounts as ReadonlySignal<Account[]>,
    items: items as ReadonlySignal<SegmentItem[]>,
    visible,
    query: query as ReadonlySignal<string>,
    /**
     * Since when the counts shown are all we have: the list came from the cache because the API
     * was away, or a refresh behind it found the API unreachable.
     */
    offlineSince: computed(() => offlineSince.value
      ?? (outbox.value?.reachable === false ? listFetchedAt.value : null)) as ReadonlySignal<string | null>,
    outbox: accountOutbox,
    recounting: recounting as ReadonlySignal<ReadonlySet<string>>,
    notice: notice as ReadonlySignal<string | null>,
    now: now as ReadonlySignal<number>,

    load,
    setQuery(q: string) { query.value = q; },
    async switchAccount(id: string) {
      if (id === accountId.value) return;
      items.value = [];
      view.value = { kind: 'loading' };
      await client.send('rememberAccount', { accountId: id }).catch(() => {});
      await load(id);
    },
    recount,
    async recountAll() {
      const account = accountId.value;
      if (!account) return;
      const ids = items.value.map((i) => i.segment.id).filter((id) => !id.startsWith('local-'));
      recounting.value = new Set(ids);
      await refreshPreviews(account, items.value, true);
      recounting.value = new Set();
    },
    async createBroadcast(segmentId: string) {
      const account = accountId.value;
      if (!account) return;
      notice.value = null;
      try {
        await client.send('openBroadcastWindow', { accountId: account, segmentId });
        env.close?.();
      } catch (e) {
        notice.value = isMessageError(e) && e.kind === 'invalid' ? 'broadcastNotSaved' : 'failed';
      }
    },
    async openSettings() {
      await client.send('openOptions', {}).catch(() => {});
      env.close?.();
    },
    async openManager() {
      const account = accountId.value;
      await env.openTab(account ? accountHomeUrl(account) : `${MANAGER_ORIGIN}/`);
      env.close?.();
    },
    dispose() {
      clearInterval(clock);
      unsubscribe();
    },
  };
}
export type PopupModel = ReturnType<typeof createPopupModel>;
