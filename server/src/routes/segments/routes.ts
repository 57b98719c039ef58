import { defineRoutes } from '../../http/router';
import { languageOf } from '../../http/language';
import {
  diagnoseRequestSchema, diagnoseSchema, draftPreviewRequestSchema, listOf, previewSchema,
  segmentCreateSchema, segmentPatchSchema, segmentSchema,
} from '../../../../lib/contract/api';
import { allSegments, changeSegment, createSegment, removeSegment, segmentOrThrow, toSegment, versionFromIfMatch } from '../../services/segments';
import { diagnose, draftPreview, savedPreview } from '../../services/preview';

const IF_MATCH = { name: 'If-Match', required: true, description: 'The segment version the change is made against, e.g. 3 (412 when stale, 428 when missing).' };
const LANG = { name: 'Accept-Language', description: 'ja for the summary in Japanese; anything else English.' };
const versionErrors = {
  412: { description: 'The version is stale: error.currentVersion is the current one' },
  428: { description: 'If-Match is missing' },
};
const etag = (v: number) => ({ etag: `"${v}"` });

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/segments', permission: 'read', summary: 'List segments',
    responses: { 200: { description: 'Segments by name', schema: listOf(segmentSchema) } },
  }, async (c) => c.json({ items: await allSegments(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'post', path: '/v1/accounts/:a/segments', permission: 'edit', summary: 'Create a segment; its calculation starts at once',
    body: segmentCreateSchema,
    idempotent: true,
    headers: [{ name: 'Idempotency-Key', description: 'Optional. A repeat with the same key answers the first answer and creates nothing; another body with it is refused (422).' }],
    responses: {
      201: { description: 'The segment (version 1)', schema: segmentSchema },
      503: { description: 'The first request with this Idempotency-Key is still running: retry (Retry-After)' },
      422: { description: 'This Idempotency-Key was used for another request' },
    },
  }, async (c, { body }) => {
    const s = await createSegment(c.var.deps, c.var.account.id, body, c.var.actor);
    return c.json(s, 201, etag(s.version));
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/segments/:id', permission: 'read', summary: 'One segment (ETag: its version)',
    responses: { 200: { description: 'The segment', schema: segmentSchema } },
  }, async (c, { params }) => {
    const s = toSegment(await segmentOrThrow(c.var.deps, c.var.account.id, params.id));
    return c.json(s, 200, etag(s.version));
  });

  r.add({
    method: 'patch', path: '/v1/accounts/:a/segments/:id', permission: 'edit',
    summary: 'Change a segment: rename, move to a folder (folderId), or change its definition (recalculates)',
    body: segmentPatchSchema, headers: [IF_MATCH],
    responses: { 200: { description: 'The segment with its new version', schema: segmentSchema }, ...versionErrors },
  }, async (c, { body, params }) => {
    const version = versionFromIfMatch(c.req.header('if-match'));
    const s = await changeSegment(c.var.deps, c.var.account.id, params.id, version, body, c.var.actor);
    return c.json(s, 200, etag(s.version));
  });

  r.add({
    method: 'delete', path: '/v1/accounts/:a/segments/:id', permission: 'edit', summary: 'Delete a segment (it can be undeleted for 30 days: GET …/segments/deleted)',
    headers: [IF_MATCH],
    responses: { 204: { description: 'Deleted' }, ...versionErrors },
  }, async (c, { params }) => {
    await removeSegment(c.var.deps, c.var.account.id, params.id, versionFromIfMatch(c.req.header('if-match')), c.var.actor);
    return c.body(null, 204);
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/segments/:id/preview', permission: 'read',
    summary: 'The saved segment\'s count and sample: "calculating" until done, then "ready" (or "failed", with why)',
    headers: [LANG],
    responses: { 200: { description: 'The preview', schema: previewSchema } },
  }, async (c, { params }) => {
    const seg = await segmentOrThrow(c.var.deps, c.var.account.id, params.id);
    return c.json(await savedPreview(c.var.deps, c.var.account, seg, languageOf(c.req.header('accept-language'))));
  });

  r.add({
    method: 'post', path: '/v1/accounts/:a/preview', permission: 'read', summary: 'Count an unsaved draft now (version 0)',
    body: draftPreviewRequestSchema, headers: [LANG],
    responses: { 200: { description: 'The preview', schema: previewSchema } },
  }, async (c, { body }) => c.json(await draftPreview(c.var.deps, c.var.account, body.definition, body.asOf, languageOf(c.req.header('accept-language')))));

  r.add({
    method: 'post', path: '/v1/accounts/:a/diagnose', permission: 'read',
    summary: 'Why a count is what it is: each condition alone, running within its group, and the count without it',
    body: diagnoseRequestSchema,
    responses: { 200: { description: 'The diagnosis', schema: diagnoseSchema } },
  }, async (c, { body }) => c.json(await diagnose(c.var.deps, c.var.account, body.definition, body.asOf)));
});
