/**
 * A fake background worker for the panel: real protocol checks (lib/messages `dispatch` parses
 * every request and the response schema every answer), handlers over a small in-memory account.
 */
import type { Catalog, Diagnosis, Folder, Preview, Segment, Tag } from '@/lib/contract/api';
import {
  dispatch, MESSAGES, MessageError, PROTOCOL,
  type Handlers, type MessageType, type OutboxStatus, type PushEvent, type RequestOf, type SegmentItem,
} from '@/lib/messages';
import type { Definition } from '@/lib/segment/schema';
import type { PanelClient } from '@/components/models/client';
import type { Role } from '@/lib/permissions';

export const ACCOUNT = '@lumo-test';

/**
 * A UI's client over fake handlers, through the real protocol: `dispatch` checks every request,
 * the response schema every answer, as between a UI and the background. `listeners` get pushes.
 */
export function protocolClient(handlers: Partial<Handlers>, listeners: Set<(event: PushEvent) => void>): PanelClient {
  return {
    async send(type, payload) {
      const envelope = await dispatch(handlers, { protocol: PROTOCOL, type, payload });
      if (!envelope.ok) throw new MessageError(envelope.error);
      return MESSAGES[type].response.parse(envelope.data) as never;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
const NOW = '2026-03-01T12:00:00.000Z';

export function aSegment(over: Partial<Segment> = {}): Segment {
  return {
    id: 'seg-1', name: 'Repeat buyers', folderId: null, version: 1, createdAt: NOW, updatedAt: NOW,
    definition: { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 5 }] }] },
    ...over,
  };
}

export function aPreview(over: Partial<Preview> = {}): Preview {
  return {
    status: 'ready', version: 1, count: 2, summary: '', asOf: NOW, computedAt: NOW, durationMs: 3,
    sample: [
      { lineUserId: `U${'a'.repeat(32)}`, displayName: 'Aoi', pictureUrl: 'https://profile.line-scdn.net/aoi', addedAt: '2026-02-01T09:30:00Z' },
      { lineUserId: `U${'b'.repeat(32)}`, displayName: 'Ren', pictureUrl: null, addedAt: null },
    ],
    ...over,
  };
}

export function aCatalog(): Catalog {
  const p = (id: Catalog['properties'][number]['id'], extra: Partial<Catalog['properties'][number]> = {}) =>
    ({ id, available: true, operators: [], ...extra });
  return {
    timezone: 'Asia/Tokyo',
    properties: [
      p('line.friend_added_at'),
      p('tag', { options: [{ value: 't-vip', label: 'VIP', count: 12 }, { value: 't-new', label: 'New', count: 40 }] }),
      p('shopify.integrated'), p('shopify.customer_tag', { options: [{ value: 'wholesale', label: 'wholesale' }] }),
      p('shopify.purchase_count'), p('shopify.days_since_last_purchase'), p('shopify.abandoned_cart'),
      p('hubspot.integrated'), p('hubspot.list', { options: [{ value: '12', label: 'Newsletter' }] }),
      p('hubspot.property', { keys: [{ key: 'lifecyclestage', label: 'Lifecycle stage', values: [{ value: 'customer', label: 'Customer' }] }] }),
      p('klaviyo.integrated', { available: false, reason: 'Connect Klaviyo in the sync API to use this condition.' }),
      p('klaviyo.list', { available: false, reason: 'Connect Klaviyo in the sync API to use this condition.' }),
      p('klaviyo.property', { available: false, reason: 'Connect Klaviyo in the sync API to use this condition.' }),
    ],
  };
}

const cached = <T,>(data: T) => ({ data, fetchedAt: NOW, refreshing: false, offline: false });
const emptyOutbox: OutboxStatus = { entries: [], pending: 0, refused: 0, reachable: true };

export interface FakeState {
  segments: SegmentItem[];
  folders: Folder[];
  tags: Tag[];
  catalog: Catalog;
  /** Count of a draft definition (default 42). */
  draftCount: (definition: Definition) => number;
  diagnosis: Diagnosis | null;
  /** The caller's role on the account (the accounts list); none = the server's admin token. */
  role?: Role;
}

export function fakeBackground(over: Partial<FakeState> = {}, handlerOverrides: Partial<Handlers> = {}) {
  const state: FakeState = {
    segments: [], folders: [], tags: [], catalog: aCatalog(), draftCount: () => 42, diagnosis: null, ...over,
  };
  const calls: { type: MessageType; payload: unknown }[] = [];
  const listeners = new Set<(event: PushEvent) => void>();
  let nextId = 1;

  const saved = (name: string, folderId: string | null, definition: Definition): Segment =>
    aSegment({ id: `seg-new-${nextId++}`, name, folderId, definition: definition as Definition });

  const handlers: Partial<Handlers> = {
    listAccounts: () => cached([{ id: ACCOUNT, name: 'Shop Aoba', timezone: 'Asia/Tokyo', ...(state.role ? { role: state.role } : {}) }]),
    listSegments: () => cached(state.segments),
    listFolders: () => cached(state.folders),
    listTags: () => cached(state.tags),
    getCatalog: () => cached(state.catalog),
    outboxStatus: () => emptyOutbox,
    openOptions: () => ({ ok: true as const }),
    openBroadcastWindow: () => ({ windowId: 7 }),
    listBroadcasts: () => [],
    listActivity: () => ({ items: [] }),
    listDeletedSegments: () => [],
    getPreview: ({ segmentId }) => cached(state.segments.find((s) => s.segment.id === segmentId)?.preview ?? null),
    draftPreview: ({ definition }) => aPreview({ count: state.draftCount(definition as Definition), computedAt: NOW }),
    diagnose: () => state.diagnosis ?? { count: 0, groups: [] },
    createSegment: ({ name, folderId, definition }) => {
      const segment = saved(name, folderId ?? null, definition as Definition);
      state.segments.push({ segment, preview: aPreview({ status: 'calculating', count: null }), sync: 'synced' });
      return { outboxId: 'o-1', state: 'sent' as const, data: segment, error: null };
    },
    updateSegment: ({ segmentId, patch }) => {
      const item = state.segments.find((s) => s.segment.id === segmentId)!;
      item.segment = { ...item.segment, ...(patch as Partial<Segment>), version: item.segment.version + 1 };
      return { outboxId: 'o-2', state: 'sent' as const, data: item.segment, error: null };
    },
    moveSegment: ({ segmentId, folderId }) => {
      const item = state.segments.find((s) => s.segment.id === segmentId)!;
      item.segment = { ...item.segment, folderId, version: item.segment.version + 1 };
      return { outboxId: 'o-3', state: 'sent' as const, data: item.segment, error: null };
    },
    deleteSegment: ({ segmentId }) => {
      state.segments = state.segments.filter((s) => s.segment.id !== segmentId);
      return { outboxId: 'o-4', state: 'sent' as const, data: null, error: null };
    },
    duplicateSegment: ({ segmentId }) => {
      const original = state.segments.find((s) => s.segment.id === segmentId)!.segment;
      const segment = saved(`${original.name} (copy)`, original.folderId, original.definition);
      state.segments.push({ segment, preview: null, sync: 'synced' });
      return { outboxId: 'o-5', state: 'sent' as const, data: segment, error: null };
    },
    createFolder: ({ name }) => {
      const folder = { id: `f-${nextId++}`, name, createdAt: NOW };
      state.folders.push(folder);
      return { outboxId: 'o-6', state: 'sent' as const, data: folder, error: null };
    },
    ...handlerOverrides,
  };
  // Every request that reaches a handler (it passed the protocol's checks) is recorded.
  for (const [type, handler] of Object.entries(handlers) as [MessageType, (p: unknown, c: unknown) => unknown][]) {
    (handlers as Record<string, unknown>)[type] = (payload: unknown, context: unknown) => {
      calls.push({ type, payload });
      return handler(payload, context);
    };
  }

  const client = protocolClient(handlers, listeners);

  return {
    state,
    client,
    calls,
    handlers,
    /** The payloads of every request of one type, in order. */
    sent<T extends MessageType>(type: T): RequestOf<T>[] {
      return calls.filter((c) => c.type === type).map((c) => c.payload as RequestOf<T>);
    },
    push(event: PushEvent) {
      for (const l of listeners) l(event);
    },
  };
}
