/**
 * The segment "Create Broadcast" on the manager's broadcast list asks for: the account's saved
 * segments with their counts, searched by name. It stands on the panel list's model, so the
 * counting, the search and the opening of the broadcast window take the one path the panel's row
 * button takes.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { SegmentItem } from '@/lib/messages';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';
import { createListModel } from '../models/segments';

export type PickerState = { kind: 'loading' } | { kind: 'ready' } | { kind: 'error'; message: string };

export interface BroadcastPickerModel {
  state: ReadonlySignal<PickerState>;
  query: Signal<string>;
  /** The segments whose name matches the search, most recently changed first. */
  visible: ReadonlySignal<SegmentItem[]>;
  /** Why the last choice did not open the broadcast window. */
  problem: ReadonlySignal<string | null>;
  load(): Promise<void>;
  /** Opens the broadcast window for this segment; false when it could not (see `problem`). */
  choose(item: SegmentItem): Promise<boolean>;
  dispose(): void;
}

export function createBroadcastPickerModel(client: PanelClient, accountId: string): BroadcastPickerModel {
  const list = createListModel(client, accountId);
  const state = signal<PickerState>({ kind: 'loading' });
  // Fresh lists and counts arriving from the background while the dialog is open.
  const unsubscribe = client.subscribe((event) => list.apply(event));
  return {
    state,
    query: list.query,
    visible: list.visible,
    problem: computed(() => (list.notice.value?.tone === 'error' ? list.notice.value.text : null)),
    async load() {
      try {
        const answer = await client.send('listSegments', { accountId });
        list.setItems(answer.data, answer.fetchedAt, answer.offline);
        state.value = { kind: 'ready' };
      } catch (error) {
        state.value = { kind: 'error', message: describeError(error, 'listSegments') };
      }
    },
    async choose(item) {
      list.notice.value = null;
      await list.createBroadcast(item);
      return list.notice.value === null;
    },
    dispose: unsubscribe,
  };
}
