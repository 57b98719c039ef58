/**
 * A segment's history (DESIGN.md, "History"): its saved versions, restoring one as a new version,
 * and segments deleted in the last 30 days, which can be undeleted with their id, folder and history.
 */
import { defineRoutes } from '../../http/router';
import { deletedSegmentSchema, listOf, restoreRequestSchema, segmentSchema, segmentVersionSchema } from '../../../../lib/contract/api';
import { recentlyDeleted, restoreSegment, segmentVersions, undelete, versionFromIfMatch } from '../../services/segments';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The segment\'s current version, e.g. 3 (412 when stale, 428 when missing).' };
const etag = (v: number) => ({ etag: `"${v}"` });

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/segments/deleted', permission: 'read', tag: 'segments',
    summary: 'Segments deleted in the last 30 days, most recently deleted first (undelete them with POST …/segments/:id/undelete)',
    responses: { 200: { description: 'Deleted segments', schema: listOf(deletedSegmentSchema) } },
  }, async (c) => c.json({ items: await recentlyDeleted(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'get', path: '/v1/accounts/:a/segments/:id/versions', permission: 'read', tag: 'segments',
    summary: 'Every saved version of a segment, newest first, with who saved it and when',
    responses: {
      200: { description: 'The versions', schema: listOf(segmentVersionSchema) },
      404: { description: 'No such segment' },
    },
  }, async (c, { params }) => c.json({ items: await segmentVersions(c.var.deps, c.var.account.id, params.id) }));

  r.add({
    method: 'post', path: '/v1/accounts/:a/segments/:id/restore', permission: 'edit', tag: 'segments',
    summary: 'Restore a version: the segment takes its name and definition as a new version (recalculates); its folder stays',
    body: restoreRequestSchema, headers: [IF_MATCH],
    responses: {
      200: { description: 'The segment with its new version', schema: segmentSchema },
      404: { description: 'No such segment, or no such version of it' },
      412: { description: 'The version is stale: error.currentVersion is the current one' },
      428: { description: 'If-Match is missing' },
    },
  }, async (c, { body, params }) => {
    const ifMatch = versionFromIfMatch(c.req.header('if-match'));
    const s = await restoreSegment(c.var.deps, c.var.account.id, params.id, ifMatch, body.version, c.var.actor);
    return c.json(s, 200, etag(s.version));
  });

  r.add({
    method: 'post', path: '/v1/accounts/:a/segments/:id/undelete', permission: 'edit', tag: 'segments',
    summary: 'Bring back a segment deleted in the last 30 days, with its id, folder (when it still exists), version and history',
    responses: {
      200: { description: 'The segment, calculating again', schema: segmentSchema },
      404: { description: 'No segment with this id was deleted in the last 30 days' },
    },
  }, async (c, { params }) => {
    const s = await undelete(c.var.deps, c.var.account.id, params.id, c.var.actor);
    return c.json(s, 200, etag(s.version));
  });
});
