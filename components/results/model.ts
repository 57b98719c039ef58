/**
 * Results per broadcast, for the panel and the broadcast window: loaded once per broadcast and
 * refreshed on the user's word (which spends one of the channel's 60 statistics calls an hour).
 */
import { signal, type Signal } from '@preact/signals';
import type { BroadcastResults } from '@/lib/contract/results';
import { MessageError } from '@/lib/messages/errors';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';

export type ResultsState =
  | { status: 'loading' }
  | { status: 'ready'; results: BroadcastResults; refreshing: boolean; notice: string | null }
  | { status: 'error'; message: string };

export function createResultsModel(client: Pick<PanelClient, 'send'>, accountId: string) {
  const states = new Map<string, Signal<ResultsState>>();

  function state(broadcastId: string): Signal<ResultsState> {
    let s = states.get(broadcastId);
    if (!s) {
      s = signal<ResultsState>({ status: 'loading' });
      states.set(broadcastId, s);
      void load(broadcastId);
    }
    return s;
  }

  async function load(broadcastId: string) {
    const s = states.get(broadcastId)!;
    try {
      const results = await client.send('getBroadcastResults', { accountId, broadcastId });
      s.value = { status: 'ready', results, refreshing: false, notice: null };
    } catch (e) {
      s.value = { status: 'error', message: describeError(e, 'broadcast results') };
    }
  }

  /** Reads LINE now; when the hour's reads are spent, says when to try again (`notice`). */
  async function refresh(broadcastId: string, words: { later(minutes: number): string }) {
    const s = state(broadcastId);
    const cur = s.value;
    if (cur.status !== 'ready' || cur.refreshing) return;
    s.value = { ...cur, refreshing: true, notice: null };
    try {
      const results = await client.send('refreshBroadcastResults', { accountId, broadcastId });
      s.value = { status: 'ready', results, refreshing: false, notice: null };
    } catch (e) {
      const spent = e instanceof MessageError && e.status === 429;
      const notice = spent ? words.later(retryMinutes(e.message)) : describeError(e, 'broadcast results');
      s.value = { ...cur, refreshing: false, notice };
    }
  }

  return { state, load, refresh };
}
export type ResultsModel = ReturnType<typeof createResultsModel>;

/** The server's 429 says "try again in N minute(s)". */
function retryMinutes(message: string): number {
  const m = /in (\d+) minute/.exec(message);
  return m ? Number(m[1]) : 60;
}
