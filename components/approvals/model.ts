/**
 * Broadcasts awaiting approval (issue 16), for the roles that may send: who asked, what, to which
 * segment and how many friends it has now; approve (the sync API sends it through the usual
 * delivery path) or decline with a reason the person who asked sees.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { Broadcast, LineMessage } from '@/lib/contract/api';
import { t } from '@/lib/i18n';
import type { Role } from '@/lib/permissions';
import type { PanelClient } from '../models/client';
import { explain, sendsDirectly } from '../broadcast/model';

export type ApprovalsState =
  | { status: 'loading' }
  | { status: 'not_allowed' }
  | { status: 'ready'; items: Broadcast[] }
  | { status: 'error'; message: string };

export interface Declining {
  broadcast: Broadcast;
  reason: string;
  error: string | null;
  busy: boolean;
}

/** The message as one line: the first bubble's text (or its kind), and how many follow. */
export function messagePreview(messages: readonly LineMessage[]): { text: string; more: number } {
  const first = messages[0];
  const text = !first ? '' : first.type === 'text' ? first.text : t('approvals.nonText', { type: first.type });
  return { text, more: Math.max(0, messages.length - 1) };
}

/** Who asked: the requester's name from the approval record, else the creator as recorded. */
export function requesterName(b: Broadcast): string {
  return b.approval?.requestedBy.name || b.createdBy;
}

export function createApprovalsModel(client: PanelClient, accountId: string) {
  const state = signal<ApprovalsState>({ status: 'loading' });
  const role = signal<Role | null>(null);
  /** Each segment's count now (undefined while counting, null when it could not be counted). */
  const counts = signal<Record<string, number | null | undefined>>({});
  const busy = signal<string | null>(null);
  const notice = signal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const declining = signal<Declining | null>(null);
  let seq = 0;
  // The cached accounts list answers first; when the fresh one carries another role, look again.
  const unsubscribe = client.subscribe((event) => {
    if (event.type !== 'fresh.accounts') return;
    const fresh = event.data.find((a) => a.id === accountId)?.role ?? null;
    if (fresh !== role.value) void load();
  });

  async function countSegment(segmentId: string) {
    try {
      const p = await client.send('getPreview', { accountId, segmentId, refresh: true });
      counts.value = { ...counts.value, [segmentId]: p.data?.count ?? null };
    } catch {
      counts.value = { ...counts.value, [segmentId]: null };
    }
  }

  async function load() {
    const mine = ++seq;
    try {
      const accounts = await client.send('listAccounts', {});
      role.value = accounts.data.find((a) => a.id === accountId)?.role ?? null;
      if (!sendsDirectly(role.value)) { state.value = { status: 'not_allowed' }; return; }
      if (state.value.status !== 'ready') state.value = { status: 'loading' };
      const items = await client.send('listAwaitingApproval', { accountId });
      if (mine !== seq) return;
      state.value = { status: 'ready', items };
      for (const segmentId of new Set(items.map((b) => b.segmentId))) {
        if (!(segmentId in counts.value)) void countSegment(segmentId);
      }
    } catch (e) {
      if (mine === seq) state.value = { status: 'error', message: t('approvals.failed', { reason: explain(e, 'approvals: list') }) };
    }
  }

  const drop = (id: string) => {
    const s = state.value;
    if (s.status === 'ready') state.value = { status: 'ready', items: s.items.filter((b) => b.id !== id) };
  };

  async function approve(b: Broadcast) {
    if (busy.value) return;
    busy.value = b.id;
    notice.value = null;
    try {
      await client.send('approveBroadcast', { accountId, broadcastId: b.id });
      batch(() => {
        drop(b.id);
        notice.value = { kind: 'ok', text: t('approvals.approved', { segment: b.segmentName }) };
      });
    } catch (e) {
      notice.value = { kind: 'error', text: explain(e, 'approvals: approve') };
    } finally {
      busy.value = null;
    }
  }

  const openDecline = (b: Broadcast) => { declining.value = { broadcast: b, reason: '', error: null, busy: false }; };
  const setReason = (reason: string) => {
    if (declining.value) declining.value = { ...declining.value, reason, error: null };
  };
  const closeDecline = () => { declining.value = null; };

  async function confirmDecline() {
    const d = declining.value;
    if (!d || d.busy) return;
    const reason = d.reason.trim();
    if (reason === '') { declining.value = { ...d, error: t('approvals.reasonRequired') }; return; }
    declining.value = { ...d, busy: true, error: null };
    try {
      await client.send('declineBroadcast', { accountId, broadcastId: d.broadcast.id, reason });
      batch(() => {
        drop(d.broadcast.id);
        declining.value = null;
        notice.value = { kind: 'ok', text: t('approvals.declined', { who: requesterName(d.broadcast) }) };
      });
    } catch (e) {
      declining.value = { ...d, busy: false, error: explain(e, 'approvals: decline') };
    }
  }

  return {
    state: state as ReadonlySignal<ApprovalsState>,
    role: role as ReadonlySignal<Role | null>,
    counts: counts as ReadonlySignal<Record<string, number | null | undefined>>,
    busy: busy as ReadonlySignal<string | null>,
    notice: notice as ReadonlySignal<{ kind: 'ok' | 'error'; text: string } | null>,
    declining: declining as ReadonlySignal<Declining | null>,
    load, approve, openDecline, setReason, closeDecline, confirmDecline,
    dispose() { seq++; unsubscribe(); },
  };
}

export type ApprovalsModel = ReturnType<typeof createApprovalsModel>;
