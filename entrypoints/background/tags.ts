/**
 * Tags and friends (components/tags, components/friends) and the segment row's "Tag everyone" and
 * "Export CSV": straight to the sync API, never queued — the user waits for each answer, and the
 * bulk operation's Idempotency-Key (made once per confirmation) makes its retry safe.
 */
import type { Handlers } from '../../lib/messages/background';
import { MessageError } from '../../lib/messages/errors';
import { isLocalId } from '../../lib/outbox/outbox';
import type { Core } from './context';

type TagHandlers = Pick<Handlers,
  'getTag' | 'getFriend' | 'setFriendTags' | 'startTagOperation' | 'getTagOperation' | 'undoTagOperation' | 'importTagsCsv' | 'exportSegmentCsv'>;

export function tagHandlers(core: () => Promise<Core>): TagHandlers {
  async function savedSegmentId(c: Core, segmentId: string) {
    const id = await c.outbox.resolveId(segmentId);
    if (isLocalId(id)) throw new MessageError({ kind: 'invalid', message: 'This segment is still waiting to be sent to the sync API. Try again once it is saved there.' });
    return id;
  }
  return {
    getTag: async ({ accountId, tagId }) => (await core()).api.tag(accountId, tagId),
    async getFriend({ accountId, userId }) {
      const { api } = await core();
      const [friend, segments] = await Promise.all([api.friend(accountId, userId), api.friendSegments(accountId, userId)]);
      return { friend, segments: segments.items };
    },
    async setFriendTags({ accountId, userId, tagIds }) {
      const { api } = await core();
      await api.setFriendTags(accountId, userId, tagIds);
      return api.friend(accountId, userId);
    },
    async startTagOperation({ accountId, segmentId, tagId, action, idempotencyKey }) {
      const c = await core();
      return c.api.startTagOperation(accountId, await savedSegmentId(c, segmentId), { tagId, action }, idempotencyKey);
    },
    getTagOperation: async ({ accountId, operationId }) => (await core()).api.tagOperation(accountId, operationId),
    undoTagOperation: async ({ accountId, operationId }) => (await core()).api.undoTagOperation(accountId, operationId),
    importTagsCsv: async ({ accountId, csv }) => (await core()).api.importTagsCsv(accountId, new TextEncoder().encode(csv)),
    async exportSegmentCsv({ accountId, segmentId }) {
      const c = await core();
      const { bytes } = await c.api.exportSegmentCsv(accountId, await savedSegmentId(c, segmentId));
      // ignoreBOM: keep the byte order mark in the text, so the saved file has it (Excel in Japan needs it).
      return { csv: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes) };
    },
  };
}
