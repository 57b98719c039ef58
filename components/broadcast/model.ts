/**
 * The broadcast window's state, one small model per concern, built in one factory with the
 * message protocol passed in and disposed in one place:
 *
 * - target: the segment, a fresh count and its first friends;
 * - composer: the bubbles, their issues, notifications, the scheduled time;
 * - test: the friend search and the test push;
 * - send: the confirmation (a dry run gives the exact recipient count and the quota), the create
 *   with one Idempotency-Key per confirmed broadcast, then live progress by polling.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Broadcast, Friend, SampleFriend } from '@/lib/contract/api';
import { isMessageError, type PushEvent } from '@/lib/messages';
import { t } from '@/lib/i18n';
import { roleMay, type Role } from '@/lib/permissions';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';
import { composerIssues, moveBubble, newBubble, toLineMessage, MAX_BUBBLES, type Bubble, type BubbleField, type BubbleType, type FieldIssue } from './bubbles';

export const TERMINAL: ReadonlySet<Broadcast['status']> = new Set(['sent', 'failed', 'cancelled', 'declined']);

/**
 * Whether this role sends, or asks for approval ("Request approval"). No role (the admin token,
 * or accounts not loaded yet) may do everything: the sync API still says no when it must.
 */
export function sendsDirectly(role: Role | null | undefined): boolean {
  return !role || roleMay(role, 'send');
}

export interface Target {
  status: 'loading' | 'calculating' | 'ready' | 'error';
  name: string | null;
  count: number | null;
  sample: SampleFriend[];
  error?: string;
}

export interface Confirmation {
  kind: 'now' | 'schedule';
  /** ISO instant, for "schedule". */
  scheduledAt: string | null;
  status: 'checking' | 'ready' | 'error';
  recipients?: number;
  quota?: { limit: number | null; used: number; remaining: number | null } | null;
  error?: string;
}

export interface TestState {
  query: string;
  results: Friend[];
  searching: boolean;
  selected: { lineUserId: string; displayName: string } | null;
  status: 'idle' | 'sending' | 'sent' | 'error';
  message?: string;
}

export interface BroadcastModelOptions {
  client: PanelClient;
  accountId: string;
  segmentId: string;
  /** A fresh Idempotency-Key (tests pass a predictable one). */
  newKey?: () => string;
  /** How often progress is polled while sending. */
  pollMs?: number;
  now?: () => number;
}

/** An error as one sentence for this window; the sync API's own messages already say what to do. */
export function explain(error: unknown, context: string): string {
  if (isMessageError(error)) {
    if (error.code === 'line_not_connected') return t('broadcast.error.lineNotConnected');
    if (error.code === 'not_cancellable') return t('broadcast.error.notCancellable');
    if (error.kind === 'invalid' || error.kind === 'conflict') return error.issues?.[0]?.message ?? error.message;
    if (error.kind === 'server' && error.code?.startsWith('line_')) return error.message;
  }
  return describeError(error, context);
}

export function createBroadcastModel(o: BroadcastModelOptions) {
  const { client, accountId, segmentId } = o;
  const newKey = o.newKey ?? (() => crypto.randomUUID());
  const pollMs = o.pollMs ?? 1500;
  const now = o.now ?? (() => Date.now());
  let disposed = false;
  let pollTimer: ReturnType<typeof setTimeout> | null = null;

  // ---- target ------------------------------------------------------------------------------
  const target = signal<Target>({ status: 'loading', name: null, count: null, sample: [] });
  const setPreview = (p: { status: string; count: number | null; sample: SampleFriend[]; error?: string }) => {
    target.value = {
      ...target.value,
      status: p.status === 'ready' ? 'ready' : p.status === 'failed' ? 'error' : 'calculating',
      count: p.count, sample: p.sample,
      ...(p.status === 'failed' ? { error: p.error ?? t('broadcast.target.countFailed') } : {}),
    };
  };
  /** The account's display name (LINE shows it atop the chat), the id until it is known. */
  const accountName = signal(accountId);
  /** The caller's role on this account (from the cached accounts list); null = the admin token. */
  const role = signal<Role | null>(null);
  /** false: the send card asks for approval instead of sending (operator_no_broadcast). */
  const direct = computed(() => sendsDirectly(role.value));
  async function loadAccountName() {
    try {
      const accounts = await client.send('listAccounts', {});
      const account = accounts.data.find((a) => a.id === accountId);
      const name = account?.name;
      role.value = account?.role ?? null;
      if (name) accountName.value = name;
    } catch { /* the id will do */ }
  }
  async function loadTarget() {
    void loadAccountName();
    try {
      const item = await client.send('getSegment', { accountId, segmentId });
      target.value = { ...target.value, name: item.data.segment.name, status: target.value.status === 'loading' ? 'calculating' : target.value.status };
      if (item.data.preview) setPreview(item.data.preview);
      // A fresh count: wait for the network rather than show the cached one as current.
      const fresh = await client.send('getPreview', { accountId, segmentId, refresh: true });
      if (fresh.data) setPreview(fresh.data);
    } catch (e) {
      target.value = { ...target.value, status: 'error', error: explain(e, 'broadcast: load the segment') };
    }
  }
  const unsubscribe = client.subscribe((event: PushEvent) => {
    if (event.type === 'fresh.preview' && event.accountId === accountId && event.segmentId === segmentId) setPreview(event.data);
    // The cached accounts list answered first; the fresh one may carry another role.
    if (event.type === 'fresh.accounts') {
      const account = event.data.find((a) => a.id === accountId);
      if (account) role.value = account.role ?? null;
    }
  });

  // ---- composer ----------------------------------------------------------------------------
  const bubbles = signal<Bubble[]>([newBubble('text')]);
  const notify = signal(true);
  const scheduleAt = signal(''); // <input type="datetime-local"> value, local time
  const touched = signal<ReadonlySet<string>>(new Set());
  const attempted = signal(false);
  const issues = computed(() => composerIssues(bubbles.value));
  const valid = computed(() => bubbles.value.length > 0 && issues.value.size === 0);

  const touch = (id: string, field: BubbleField) => {
    const k = `${id}.${field}`;
    if (!touched.value.has(k)) touched.value = new Set([...touched.value, k]);
  };
  /** The issue to show in place: once the field was left, or after a send was attempted. */
  const issueOf = (id: string, field: BubbleField): FieldIssue | undefined => {
    const issue = issues.value.get(id)?.[field];
    if (!issue) return undefined;
    return attempted.value || touched.value.has(`${id}.${field}`) ? issue : undefined;
  };
  const update = (id: string, patch: Partial<Omit<Bubble, 'id'>>) => {
    bubbles.value = bubbles.value.map((b) => (b.id === id ? { ...b, ...patch } : b));
  };
  const add = (type: BubbleType) => {
    if (bubbles.value.length < MAX_BUBBLES) bubbles.value = [...bubbles.value, newBubble(type)];
  };
  const remove = (id: string) => {
    if (bubbles.value.length > 1) bubbles.value = bubbles.value.filter((b) => b.id !== id);
  };
  const move = (id: string, by: -1 | 1) => {
    const i = bubbles.value.findIndex((b) => b.id === id);
    bubbles.value = moveBubble(bubbles.value, i, i + by);
  };
  /** The scheduled time as an ISO instant, or an error key. */
  const schedule = computed((): { at: string } | { issue: string } => {
    if (!scheduleAt.value) return { issue: 'schedule.pickTime' };
    const ms = new Date(scheduleAt.value).getTime();
    if (Number.isNaN(ms)) return { issue: 'schedule.pickTime' };
    if (ms <= now() + 60_000) return { issue: 'schedule.inPast' };
    return { at: new Date(ms).toISOString() };
  });

  // ---- test push ---------------------------------------------------------------------------
  const test = signal<TestState>({ query: '', results: [], searching: false, selected: null, status: 'idle' });
  let searchSeq = 0;
  async function searchFriends(query: string) {
    const seq = ++searchSeq;
    test.value = { ...test.value, query, searching: query.trim() !== '' };
    if (query.trim() === '') { test.value = { ...test.value, results: [] }; return; }
    try {
      const res = await client.send('listFriends', { accountId, q: query.trim(), limit: 8 });
      if (seq !== searchSeq) return; // a newer search is on its way
      test.value = { ...test.value, results: res.items.filter((f) => f.blockedAt === null), searching: false };
    } catch (e) {
      if (seq === searchSeq) test.value = { ...test.value, searching: false, status: 'error', message: explain(e, 'broadcast: search friends') };
    }
  }
  const chooseTestFriend = (f: { lineUserId: string; displayName: string } | null) => {
    test.value = { ...test.value, selected: f, status: 'idle', message: undefined, results: f ? [] : test.value.results };
  };
  async function sendTest() {
    attempted.value = true;
    const to = test.value.selected;
    if (!to || !valid.value) return;
    test.value = { ...test.value, status: 'sending', message: undefined };
    try {
      await client.send('testBroadcast', { accountId, messages: bubbles.value.map(toLineMessage), userId: to.lineUserId });
      test.value = { ...test.value, status: 'sent', message: t('broadcast.test.sent', { name: to.displayName || to.lineUserId }) };
    } catch (e) {
      test.value = { ...test.value, status: 'error', message: explain(e, 'broadcast: test push') };
    }
  }

  // ---- confirm, send, progress ---------------------------------------------------------------
  const confirmation = signal<Confirmation | null>(null);
  const broadcast = signal<Broadcast | null>(null);
  const sendError = signal<string | null>(null);
  const sending = signal(false);
  /**
   * One Idempotency-Key per broadcast as composed: a double click, or sending again after an
   * error (the first request may have reached the sync API), reuses it, so it goes out once.
   * A changed message, notification setting or time is another broadcast: another key.
   */
  let key: { value: string; draft: string } | null = null;

  /** Opens the confirmation with the recipients counted now (a dry run: nothing is sent). */
  async function requestSend(kind: 'now' | 'schedule') {
    attempted.value = true;
    sendError.value = null;
    if (!valid.value) return;
    let scheduledAt: string | null = null;
    if (kind === 'schedule') {
      const s = schedule.value;
      if ('issue' in s) return;
      scheduledAt = s.at;
    }
    const draft = { segmentId, messages: bubbles.value.map(toLineMessage), notificationDisabled: !notify.value };
    const fingerprint = JSON.stringify([draft, scheduledAt]);
    if (key?.draft !== fingerprint) key = { value: newKey(), draft: fingerprint };
    confirmation.value = { kind, scheduledAt, status: 'checking' };
    try {
      const dry = await client.send('createBroadcast', { accountId, idempotencyKey: newKey(), broadcast: { ...draft, dryRun: true } });
      if (confirmation.value?.kind !== kind) return; // closed meanwhile
      confirmation.value = { kind, scheduledAt, status: 'ready', recipients: dry.recipients ?? 0, quota: dry.quota ?? null };
    } catch (e) {
      if (confirmation.value) confirmation.value = { kind, scheduledAt, status: 'error', error: explain(e, 'broadcast: count recipients') };
    }
  }
  const closeConfirmation = () => { confirmation.value = null; };

  async function confirmSend() {
    const c = confirmation.value;
    if (!c || c.status !== 'ready' || sending.value || !key) return;
    sending.value = true;
    sendError.value = null;
    try {
      const created = await client.send('createBroadcast', {
        accountId, idempotencyKey: key.value,
        broadcast: {
          segmentId, messages: bubbles.value.map(toLineMessage), notificationDisabled: !notify.value,
          ...(c.scheduledAt ? { scheduledAt: c.scheduledAt } : {}),
        },
      });
      batch(() => {
        broadcast.value = created;
        confirmation.value = null;
      });
      key = null;
      schedulePoll();
    } catch (e) {
      // The key is kept (see above): sending this again cannot make a second broadcast.
      sendError.value = explain(e, 'broadcast: create');
      confirmation.value = null;
    } finally {
      sending.value = false;
    }
  }

  /**
   * For a role that may not send: records the broadcast as awaiting approval (nothing is sent, so
   * no confirmation), with the same Idempotency-Key rule as a send.
   */
  async function requestApproval() {
    attempted.value = true;
    sendError.value = null;
    if (!valid.value || sending.value) return;
    const draft = { segmentId, messages: bubbles.value.map(toLineMessage), notificationDisabled: !notify.value, requestApproval: true };
    const fingerprint = JSON.stringify([draft, null]);
    if (key?.draft !== fingerprint) key = { value: newKey(), draft: fingerprint };
    sending.value = true;
    try {
      broadcast.value = await client.send('createBroadcast', { accountId, idempotencyKey: key.value, broadcast: draft });
      key = null;
      schedulePoll();
    } catch (e) {
      sendError.value = explain(e, 'broadcast: request approval');
    } finally {
      sending.value = false;
    }
  }

  function schedulePoll() {
    if (pollTimer) clearTimeout(pollTimer);
    const b = broadcast.value;
    if (disposed || !b || TERMINAL.has(b.status)) return;
    // A scheduled broadcast changes rarely before its time; poll it gently.
    const gently = b.status === 'scheduled' || b.status === 'awaiting_approval';
    pollTimer = setTimeout(() => void poll(), gently ? pollMs * 10 : pollMs);
  }
  async function poll() {
    const b = broadcast.value;
    if (!b || disposed) return;
    try {
      broadcast.value = await client.send('getBroadcast', { accountId, broadcastId: b.id });
    } catch {
      // Keep the last known progress; the next poll tries again.
    }
    schedulePoll();
  }

  async function cancelScheduled() {
    const b = broadcast.value;
    if (!b) return;
    try {
      broadcast.value = await client.send('cancelBroadcast', { accountId, broadcastId: b.id });
      sendError.value = null;
    } catch (e) {
      sendError.value = explain(e, 'broadcast: cancel');
    }
  }

  /** Back to the composer after a broadcast went out, to write another. */
  function startOver() {
    if (pollTimer) clearTimeout(pollTimer);
    batch(() => {
      broadcast.value = null;
      bubbles.value = [newBubble('text')];
      attempted.value = false;
      touched.value = new Set();
      scheduleAt.value = '';
    });
  }

  return {
    /** The way to the background, for views beside the composer (the last broadcast's results). */
    client,
    accountId, segmentId,
    accountName: accountName as ReadonlySignal<string>,
    role: role as ReadonlySignal<Role | null>,
    direct,
    target: target as ReadonlySignal<Target>,
    bubbles: bubbles as ReadonlySignal<Bubble[]>,
    notify, scheduleAt,
    issues, valid, attempted: attempted as ReadonlySignal<boolean>, schedule,
    test: test as ReadonlySignal<TestState>,
    confirmation: confirmation as ReadonlySignal<Confirmation | null>,
    broadcast: broadcast as ReadonlySignal<Broadcast | null>,
    sendError: sendError as ReadonlySignal<string | null>,
    sending: sending as ReadonlySignal<boolean>,
    load: loadTarget, issueOf, touch, update, add, remove, move,
    searchFriends, chooseTestFriend, sendTest,
    requestSend, requestApproval, closeConfirmation, confirmSend, cancelScheduled, startOver,
    dispose() {
      disposed = true;
      if (pollTimer) clearTimeout(pollTimer);
      unsubscribe();
    },
  };
}

export type BroadcastModel = ReturnType<typeof createBroadcastModel>;
