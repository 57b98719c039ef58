/**
 * "Recently deleted" in the Segments view: segments deleted in the last 30 days, each of which can
 * be brought back with its id, folder and history (the background puts it back in the list).
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import type { DeletedSegment, Segment } from '@/lib/contract/api';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';

export interface DeletedModel {
  isOpen: ReadonlySignal<boolean>;
  items: ReadonlySignal<DeletedSegment[]>;
  status: ReadonlySignal<'loading' | 'ready' | 'failed'>;
  /** The last outcome, for a status line. */
  notice: ReadonlySignal<{ tone: 'info' | 'error'; name: string; reason?: string } | null>;
  toggle(): Promise<void>;
  load(): Promise<void>;
  undelete(id: string): Promise<Segment | null>;
}

export function createDeletedModel(client: PanelClient, accountId: string, onBack?: (segment: Segment) => void): DeletedModel {
  const isOpen = signal(false);
  const items = signal<DeletedSegment[]>([]);
  const status = signal<'loading' | 'ready' | 'failed'>('loading');
  const notice = signal<{ tone: 'info' | 'error'; name: string; reason?: string } | null>(null);
  async function load() {
    status.value = 'loading';
    try {
      const list = await client.send('listDeletedSegments', { accountId });
      batch(() => { items.value = list; status.value = 'ready'; });
    } catch {
      status.value = 'failed';
    }
  }
  return {
    isOpen, items, status, notice, load,
    async toggle() {
      isOpen.value = !isOpen.value;
      notice.value = null;
      if (isOpen.value) await load();
    },
    async undelete(id) {
      const name = items.value.find((s) => s.id === id)?.name ?? '';
      try {
        const segment = await client.send('undeleteSegment', { accountId, segmentId: id });
        batch(() => {
          items.value = items.value.filter((s) => s.id !== id);
          notice.value = { tone: 'info', name: segment.name };
        });
        onBack?.(segment);
        return segment;
      } catch (e) {
        notice.value = { tone: 'error', name, reason: describeError(e, 'undeleteSegment') };
        await load();
        return null;
      }
    },
  };
}
