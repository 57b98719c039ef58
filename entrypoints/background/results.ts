/** Broadcast results (issue 16): straight to the sync API, never cached (they change by the hour). */
import type { Handlers } from '../../lib/messages/background';
import type { Core } from './context';

type ResultsHandlers = Pick<Handlers, 'getBroadcastResults' | 'refreshBroadcastResults'>;

export function resultsHandlers(core: () => Promise<Core>): ResultsHandlers {
  return {
    getBroadcastResults: async ({ accountId, broadcastId }) => (await core()).api.broadcastResults(accountId, broadcastId),
    refreshBroadcastResults: async ({ accountId, broadcastId }) => (await core()).api.refreshBroadcastResults(accountId, broadcastId),
  };
}
