/**
 * What happened to the user's changes: sent, waiting for the sync API, or refused (with the
 * reason, and the user's version kept in the outbox until they retry or discard it).
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { OutboxEntryView, OutboxStatus, PushEvent } from '@/lib/messages';
import type { PanelClient } from './client';
import { describeError } from './errors';

export type SyncState =
  | { kind: 'saved' }
  | { kind: 'waiting'; entries: OutboxEntryView[] }
  | { kind: 'refused'; entries: OutboxEntryView[] };

/** The account's overall state: a refusal outranks waiting, waiting outranks saved. */
export function syncState(status: OutboxStatus | null, accountId: string, targetId?: string): SyncState {
  const mine = (status?.entries ?? []).filter((e) => e.accountId === accountId && (targetId === undefined || e.targetId === targetId));
  const refused = mine.filter((e) => e.state === 'refused');
  if (refused.length > 0) return { kind: 'refused', entries: refused };
  if (mine.length > 0) return { kind: 'waiting', entries: mine };
  return { kind: 'saved' };
}

export interface OutboxModel {
  status: ReadonlySignal<OutboxStatus | null>;
  /** This account's state. */
  state: ReadonlySignal<SyncState>;
  /** Whether the last attempt reached the sync API (null before any). */
  reachable: ReadonlySignal<boolean | null>;
  error: ReadonlySignal<string | null>;
  load(): Promise<void>;
  retry(entry: OutboxEntryView, overwrite?: boolean): Promise<void>;
  discard(entry: OutboxEntryView): Promise<void>;
  apply(event: PushEvent): void;
}

export function createOutboxModel(client: PanelClient, accountId: string): OutboxModel {
  const status = signal<OutboxStatus | null>(null);
  const error = signal<string | null>(null);
  const run = async (context: string, action: () => Promise<OutboxStatus>) => {
    try {
      status.value = await action();
      error.value = null;
    } catch (e) {
      error.value = describeError(e, context);
    }
  };
  return {
    status,
    state: computed(() => syncState(status.value, accountId)),
    reachable: computed(() => status.value?.reachable ?? null),
    error,
    load: () => run('outboxStatus', () => client.send('outboxStatus', { accountId })),
    retry: (entry, overwrite) => run('outboxRetry', () => client.send('outboxRetry', { id: entry.id, ...(overwrite ? { overwrite } : {}) })),
    discard: (entry) => run('outboxDiscard', () => client.send('outboxDiscard', { id: entry.id })),
    apply(event) {
      if (event.type === 'outbox.changed') status.value = event.status;
    },
  };
}
