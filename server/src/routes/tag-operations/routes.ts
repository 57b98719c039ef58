/**
 * Tags at scale and export (DESIGN.md "Tags at scale", "Export"): tag a whole segment as a job,
 * follow and undo it, tags from a CSV, a segment as CSV, a tag's users, a friend's segments.
 */
import { defineRoutes, limitedBody } from '../../http/router';
import { badRequest } from '../../http/errors';
import {
  friendSegmentsSchema, tagDetailSchema, tagImportResultSchema, tagOperationCreateSchema, tagOperationSchema,
} from '../../../../lib/contract/api';
import { startTagOperation, tagOperationOrThrow, undoTagOperation } from '../../services/tag-operations';
import { importFriendTags } from '../../services/tag-import';
import { exportSegmentCsv } from '../../services/segment-export';
import { friendSegments } from '../../services/friends';
import { tagDetail } from '../../services/tags';

/** A tag CSV is a few dozen bytes a row; 1 GiB is tens of millions of rows, streamed, never buffered. */
export const TAG_IMPORT_MAX_BYTES = 1024 ** 3;


const KEY = { name: 'Idempotency-Key', required: true, description: 'A key made once per click (a UUID): the same key answers the same operation.' };

export default defineRoutes((r) => {
  r.add({
    method: 'post', path: '/v1/accounts/:a/segments/:id/tags', permission: 'edit', tag: 'tags',
    summary: 'Add a tag to every member of the segment, or remove it from every member, as a job',
    description: 'The members are the segment\'s unblocked friends when the job starts. Applied in batches, each one transaction; '
      + 'a crash resumes where it stopped. The same Idempotency-Key, or a second request while the same segment, tag and action runs, '
      + 'answers that operation (200) instead of starting another.',
    body: tagOperationCreateSchema, headers: [KEY],
    responses: {
      202: { description: 'Started', schema: tagOperationSchema },
      200: { description: 'The operation this key (or a running twin) started earlier', schema: tagOperationSchema },
      400: { description: 'No Idempotency-Key, or no such tag (issues name tagId)' },
      404: { description: 'No such segment' },
      422: { description: 'This Idempotency-Key was used for another operation' },
    },
  }, async (c, { body, params }) => {
    const { operation, created } = await startTagOperation(c.var.deps, c.var.account.id, params.id, body, {
      idempotencyKey: c.req.header('idempotency-key'), actor: c.var.actor,
    });
    return c.json(operation, created ? 202 : 200);
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/tag-operations/:id', permission: 'read', tag: 'tags',
    summary: 'A bulk tag operation and its progress',
    responses: { 200: { description: 'The operation', schema: tagOperationSchema }, 404: { description: 'No such operation' } },
  }, async (c, { params }) => c.json(await tagOperationOrThrow(c.var.deps, c.var.account.id, params.id)));

  r.add({
    method: 'post', path: '/v1/accounts/:a/tag-operations/:id/undo', permission: 'edit', tag: 'tags',
    summary: 'Undo a finished operation: exactly the friends it changed get the opposite change',
    description: 'A friend who had the tag before an "add" keeps it; a friend whose tag was changed by hand since is left as it is. '
      + 'Runs as an operation of its own; undoing twice answers the first undo.',
    responses: {
      202: { description: 'The undo, started', schema: tagOperationSchema },
      200: { description: 'The undo started earlier', schema: tagOperationSchema },
      404: { description: 'No such operation' },
      409: { description: 'Still running, failed, or itself an undo' },
    },
  }, async (c, { params }) => {
    const { operation, created } = await undoTagOperation(c.var.deps, c.var.account.id, params.id, c.var.actor);
    return c.json(operation, created ? 202 : 200);
  });

  r.add({
    method: 'post', path: '/v1/accounts/:a/friends/tags/import', permission: 'edit', tag: 'tags',
    summary: 'Tag friends from a CSV (header naming lineUserId and tag; one friend and tag a row), streamed',
    description: 'UTF-8 (a byte order mark is fine). Tags are created when missing. A row that cannot be applied is rejected with its line '
      + '(the header is line 1) and the others go on. Other columns are ignored.',
    rawBody: { contentType: 'text/csv', maxBytes: TAG_IMPORT_MAX_BYTES, description: 'CSV, RFC 4180, UTF-8' },
    responses: {
      200: { description: 'What was tagged, what already was, and which lines were rejected', schema: tagImportResultSchema },
      400: { description: 'No header naming lineUserId and tag, or not UTF-8 (the issue names the line)' },
      413: { description: 'Larger than 1 GiB' },
    },
  }, async (c) => {
    const body = limitedBody(c, TAG_IMPORT_MAX_BYTES);
    if (!body) throw badRequest('Send the CSV in the request body: a header row naming lineUserId and tag, then one friend and tag a row.');
    return c.json(await importFriendTags(c.var.deps, c.var.account.id, body, { actor: c.var.actor }));
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/segments/:id/export.csv', permission: 'export', tag: 'segments',
    summary: 'The segment\'s members as CSV (UTF-8 with BOM, RFC 4180, formulas neutralised), streamed',
    description: 'Header lineUserId,displayName,addedAt,tags,pictureUrl,shopifyPurchaseCount,shopifyLastPurchaseAt; one row per member '
      + '(blocked friends excluded), in the order friends were added to Lumo. A cell starting with =, +, -, @ (or a tab or CR) is prefixed with \'. '
      + 'Tags are one cell, names joined by "; ". X-Row-Count gives the number of rows.',
    responses: {
      200: { description: 'The CSV', contentType: 'text/csv; charset=utf-8' },
      404: { description: 'No such segment' },
    },
  }, async (c, { params }) => {
    const { body, fileName, rows } = await exportSegmentCsv(c.var.deps, c.var.account.id, params.id, { actor: c.var.actor });
    const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/"/g, '_');
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
        'x-row-count': String(rows),
        'cache-control': 'no-store',
      },
    });
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/tags/:id', permission: 'read', tag: 'tags',
    summary: 'A tag, its friend count and the saved segments whose conditions use it',
    responses: { 200: { description: 'The tag', schema: tagDetailSchema }, 404: { description: 'No such tag' } },
  }, async (c, { params }) => c.json(await tagDetail(c.var.deps, c.var.account.id, params.id)));

  r.add({
    method: 'get', path: '/v1/accounts/:a/friends/:userId/segments', permission: 'read', tag: 'friends',
    summary: 'The saved segments the friend is in right now (none when blocked)',
    responses: { 200: { description: 'Segments by name', schema: friendSegmentsSchema }, 404: { description: 'No such friend' } },
  }, async (c, { params }) => c.json({ items: await friendSegments(c.var.deps, c.var.account.id, params.userId) }));
});
