/**
 * Calls that go straight to the sync API and are never queued: computations (draft preview,
 * diagnose, agent) whose answer is only worth having now, and broadcasts, where the user must
 * see what happened (the Idempotency-Key makes the create safe to retry).
 */
import { browser } from 'wxt/browser';
import type { Handlers } from '../../lib/messages/background';
import { MessageError } from '../../lib/messages/errors';
import { isLocalId } from '../../lib/outbox/outbox';
import { BROADCAST_WINDOW } from './broadcast-window';
import type { Core } from './context';

type RemoteHandlers = Pick<Handlers,
  | 'draftPreview' | 'diagnose' | 'agentSuggest'
  | 'createBroadcast' | 'getBroadcast' | 'listBroadcasts' | 'cancelBroadcast' | 'testBroadcast' | 'openBroadcastWindow'
  | 'listAwaitingApproval' | 'approveBroadcast' | 'declineBroadcast'>;

/** The broadcast page's URL for an account and a segment. */
export function broadcastPageUrl(accountId: string, segmentId: string): string {
  const q = new URLSearchParams({ account: accountId, segment: segmentId });
  return `${browser.runtime.getURL('/broadcast.html')}?${q}`;
}

export function remoteHandlers(core: () => Promise<Core>): RemoteHandlers {
  async function savedSegmentId(c: Core, segmentId: string) {
    const id = await c.outbox.resolveId(segmentId);
    if (isLocalId(id)) {
      throw new MessageError({
        kind: 'invalid',
        message: 'This segment is still waiting to be sent to the sync API. Broadcast to it once it is saved there.',
      });
    }
    return id;
  }

  return {
    draftPreview: async ({ accountId, ...body }) => (await core()).api.draftPreview(accountId, body),
    diagnose: async ({ accountId, ...body }) => (await core()).api.diagnose(accountId, body),
    agentSuggest: async ({ accountId, ...body }) => (await core()).api.agentSuggest(accountId, body),

    async createBroadcast({ accountId, idempotencyKey, broadcast }) {
      const c = await core();
      const segmentId = await savedSegmentId(c, broadcast.segmentId);
      return c.api.createBroadcast(accountId, { ...broadcast, segmentId }, idempotencyKey);
    },
    getBroadcast: async ({ accountId, broadcastId }) => (await core()).api.broadcast(accountId, broadcastId),
    async listBroadcasts({ accountId, segmentId, status }) {
      const c = await core();
      return c.api.broadcasts(accountId, { segmentId: segmentId && (await c.outbox.resolveId(segmentId)), status });
    },
    cancelBroadcast: async ({ accountId, broadcastId }) => (await core()).api.cancelBroadcast(accountId, broadcastId),
    testBroadcast: async ({ accountId, ...body }) => (await core()).api.testBroadcast(accountId, body),
    listAwaitingApproval: async ({ accountId }) => (await core()).api.broadcasts(accountId, { status: 'awaiting_approval' }),
    approveBroadcast: async ({ accountId, broadcastId }) => (await core()).api.approveBroadcast(accountId, broadcastId),
    declineBroadcast: async ({ accountId, broadcastId, reason }) => (await core()).api.declineBroadcast(accountId, broadcastId, { reason }),

    async openBroadcastWindow({ accountId, segmentId }) {
      const c = await core();
      const id = await savedSegmentId(c, segmentId);
      const win = await browser.windows.create({ url: broadcastPageUrl(accountId, id), type: 'popup', width: BROADCAST_WINDOW.width, height: BROADCAST_WINDOW.height, focused: true });
      return { windowId: win?.id ?? null };
    },
  };
}
