/**
 * A segment's past broadcasts, for the panel. Reloaded when the segment changes, and every few
 * seconds while one of them is still on its way (scheduled, queued, sending).
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { Broadcast } from '@/lib/contract/api';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';
import { TERMINAL } from './model';

export type HistoryState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; items: Broadcast[] }
  | { status: 'error'; message: string };

export function createHistoryModel(client: PanelClient, accountId: string, opts: { refreshMs?: number } = {}) {
  const state = signal<HistoryState>({ status: 'idle' });
  let current: string | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let seq = 0;

  async function load(segmentId: string | null) {
    if (timer) clearTimeout(timer);
    current = segmentId;
    const mine = ++seq;
    if (segmentId === null) { state.value = { status: 'idle' }; return; }
    if (state.value.status !== 'ready') state.value = { status: 'loading' };
    try {
      const items = await client.send('listBroadcasts', { accountId, segmentId });
      if (mine !== seq) return;
      state.value = { status: 'ready', items };
      if (items.some((b) => !TERMINAL.has(b.status))) {
        timer = setTimeout(() => void load(current), opts.refreshMs ?? 5000);
      }
    } catch (e) {
      if (mine === seq) state.value = { status: 'error', message: describeError(e, 'broadcast history') };
    }
  }

  return {
    state: state as ReadonlySignal<HistoryState>,
    load,
    dispose() { if (timer) clearTimeout(timer); seq++; },
  };
}
