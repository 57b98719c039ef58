/**
 * A fake background for the broadcast window: the real protocol (every request and answer goes
 * through lib/messages `dispatch`, so both are checked by zod) over a small account with one
 * segment, whose broadcasts advance one step each time they are read.
 */
import type { Broadcast, Friend, LineMessage } from '@/lib/contract/api';
import {
  MessageError,
  type ErrorInfo, type Handlers, type MessageType, type PushEvent, type RequestOf,
} from '@/lib/messages';
import type { PanelClient } from '@/components/models/client';
import { protocolClient } from '../fake-background';

export const ACCOUNT = '@shop-test';
export const SEGMENT = 'seg-winter';
const NOW = '2026-03-01T12:00:00.000Z';

export function aFriend(over: Partial<Friend> = {}): Friend {
  return {
    lineUserId: `U${'a'.repeat(32)}`, displayName: 'Aoi', pictureUrl: null, addedAt: NOW, blockedAt: null,
    tags: [], shopify: null, hubspot: null, klaviyo: null, ...over,
  };
}

export function aBroadcast(over: Partial<Broadcast> = {}): Broadcast {
  return {
    id: 'bc-1', segmentId: SEGMENT, segmentName: 'Winter buyers', status: 'queued', method: null,
    messages: [{ type: 'text', text: 'Hello' }], notificationDisabled: false, dryRun: false, scheduledAt: null,
    createdAt: NOW, createdBy: 'token 1a2b3c4d', startedAt: null, finishedAt: null, cancelledAt: null,
    recipients: null, sent: 0, failed: 0, progress: 0, error: null, lastProblem: null, ...over,
  };
}

export interface FakeOptions {
  count?: number;
  friends?: Friend[];
  /** States a created broadcast goes through, one per getBroadcast. */
  steps?: Partial<Broadcast>[];
  quota?: { limit: number | null; used: number; remaining: number | null } | null;
  /** Refuse the real (not dry-run) create with this error, `times` times. */
  refuseCreate?: { error: ErrorInfo; times: number };
  history?: Broadcast[];
  /** The caller's role on the account (absent: the admin token). */
  role?: 'admin' | 'operator' | 'operator_no_broadcast' | 'operator_no_analytics';
  /** Broadcasts awaiting approval (listAwaitingApproval). */
  awaiting?: Broadcast[];
  /** Refuse approveBroadcast with this error. */
  refuseApprove?: ErrorInfo;
}

export function fakeBroadcastBackground(o: FakeOptions = {}) {
  const count = o.count ?? 1201;
  const calls: { type: MessageType; payload: unknown }[] = [];
  const listeners = new Set<(e: PushEvent) => void>();
  let created: Broadcast | null = null;
  let step = 0;
  let refusals = o.refuseCreate?.times ?? 0;
  const keys = new Map<string, Broadcast>();
  let awaiting = o.awaiting ?? [];

  const handlers: Partial<Handlers> = {
    listAccounts: () => ({ data: [{ id: ACCOUNT, name: 'Shop Aoba', timezone: 'Asia/Tokyo', ...(o.role ? { role: o.role } : {}) }], fetchedAt: NOW, refreshing: false, offline: false }),
    getSegment: () => ({
      data: {
        segment: { id: SEGMENT, name: 'Winter buyers', folderId: null, version: 3, createdAt: NOW, updatedAt: NOW,
          definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: ['t-vip'] }] }] } },
        preview: null, sync: 'synced' as const,
      },
      fetchedAt: NOW, refreshing: false, offline: false,
    }),
    getPreview: () => ({
      data: {
        status: 'ready' as const, version: 3, count, summary: '', asOf: NOW, computedAt: NOW, durationMs: 2,
        sample: [
          { lineUserId: `U${'1'.repeat(32)}`, displayName: 'Aoi', pictureUrl: null, addedAt: NOW },
          { lineUserId: `U${'2'.repeat(32)}`, displayName: 'Ren', pictureUrl: null, addedAt: null },
        ],
      },
      fetchedAt: NOW, refreshing: false, offline: false,
    }),
    listFriends: ({ q }) => ({ items: (o.friends ?? []).filter((f) => !q || f.displayName.includes(q)) }),
    testBroadcast: ({ userId }) => ({ ok: true as const, to: { lineUserId: userId, displayName: 'Aoi' } }),
    createBroadcast: ({ idempotencyKey, broadcast }) => {
      const messages = broadcast.messages as LineMessage[];
      if (broadcast.dryRun) {
        return aBroadcast({ id: 'dry_run', status: 'dry_run', dryRun: true, recipients: count, messages, quota: o.quota ?? null, sample: [] });
      }
      if (refusals > 0) {
        refusals--;
        throw new MessageError(o.refuseCreate!.error);
      }
      const earlier = keys.get(idempotencyKey);
      if (earlier) return earlier;
      created = aBroadcast({
        status: broadcast.requestApproval ? 'awaiting_approval' : broadcast.scheduledAt ? 'scheduled' : 'queued',
        ...(broadcast.requestApproval ? { approval: { status: 'awaiting' as const, requestedBy: { type: 'member' as const, id: 'm-1', name: 'Mio' }, decidedBy: null, decidedAt: null, reason: null } } : {}), scheduledAt: broadcast.scheduledAt ?? null,
        messages, notificationDisabled: broadcast.notificationDisabled ?? false,
      });
      keys.set(idempotencyKey, created);
      return created;
    },
    getBroadcast: () => {
      const next = o.steps?.[step];
      if (next) { step++; created = { ...created!, ...next }; }
      return created!;
    },
    cancelBroadcast: () => (created = { ...created!, status: 'cancelled', cancelledAt: NOW }),
    listBroadcasts: () => o.history ?? [],
    listAwaitingApproval: () => awaiting,
    approveBroadcast: ({ broadcastId }) => {
      if (o.refuseApprove) throw new MessageError(o.refuseApprove);
      const b = awaiting.find((x) => x.id === broadcastId)!;
      awaiting = awaiting.filter((x) => x.id !== broadcastId);
      return { ...b, status: 'queued' as const, approval: { ...b.approval!, status: 'approved' as const } };
    },
    declineBroadcast: ({ broadcastId, reason }) => {
      const b = awaiting.find((x) => x.id === broadcastId)!;
      awaiting = awaiting.filter((x) => x.id !== broadcastId);
      return { ...b, status: 'declined' as const, approval: { ...b.approval!, status: 'declined' as const, reason } };
    },
  };

  const inner = protocolClient(handlers, listeners);
  const client: PanelClient = {
    send(type, payload) {
      calls.push({ type, payload });
      return inner.send(type, payload);
    },
    subscribe: inner.subscribe,
  };

  return {
    client,
    sent<T extends MessageType>(type: T): RequestOf<T>[] {
      return calls.filter((c) => c.type === type).map((c) => c.payload as RequestOf<T>);
    },
    push(event: PushEvent) { for (const l of listeners) l(event); },
  };
}
