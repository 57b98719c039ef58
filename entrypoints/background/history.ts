/**
 * A segment's history, recently deleted segments and the activity log (issue 15): straight to the
 * sync API. A restore or an undelete is written into the cache at once and its count followed, so
 * the list and the editor show the segment as the API now has it.
 */
import type { Segment } from '../../lib/contract/api';
import type { Handlers } from '../../lib/messages/background';
import type { Core } from './context';

type HistoryHandlers = Pick<Handlers, 'listSegmentVersions' | 'restoreSegment' | 'listDeletedSegments' | 'undeleteSegment' | 'listActivity'>;

export function historyHandlers(core: () => Promise<Core>): HistoryHandlers {
  async function adopt(c: Core, accountId: string, segment: Segment) {
    await c.cache.putSegment(accountId, segment);
    c.views.touch(accountId);
    c.previews.watch(accountId, segment.id);
  }
  return {
    async listSegmentVersions({ accountId, segmentId }) {
      const c = await core();
      return c.api.segmentVersions(accountId, await c.outbox.resolveId(segmentId));
    },
    async restoreSegment({ accountId, segmentId, ifMatch, version }) {
      const c = await core();
      const segment = await c.api.restoreSegment(accountId, await c.outbox.resolveId(segmentId), ifMatch, version);
      await adopt(c, accountId, segment);
      return segment;
    },
    listDeletedSegments: async ({ accountId }) => (await core()).api.deletedSegments(accountId),
    async undeleteSegment({ accountId, segmentId }) {
      const c = await core();
      const segment = await c.api.undeleteSegment(accountId, segmentId);
      await adopt(c, accountId, segment);
      return segment;
    },
    listActivity: async ({ accountId, ...q }) => (await core()).api.activity(accountId, q),
  };
}
