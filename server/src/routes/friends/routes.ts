import { z } from 'zod';
import { defineRoutes, limitedBody } from '../../http/router';
import { badRequest } from '../../http/errors';
import { friendSchema, friendTagsPutSchema, listOf } from '../../../../lib/contract/api';
import { friendImportResultSchema } from '../../../../lib/contract/friend-ndjson';
import { friendOrThrow, friendsPage, replaceFriendTags } from '../../services/friends';
import { importFriends } from '../../services/friend-import';

/** A streamed import may be large (a million friends is a few hundred MB); it is never buffered. */
export const IMPORT_MAX_BYTES = 2 * 1024 ** 3;

const listQuery = z.strictObject({
  q: z.string().max(200, 'Search with at most 200 characters.').optional(),
  /** Only the friends who have this tag (the Tags view opens a tag's friends). */
  tagId: z.string().max(100).optional(),
  limit: z.coerce.number().int('limit is a whole number.').min(1, 'limit is 1 to 500.').max(500, 'limit is 1 to 500.').default(50),
  cursor: z.string().max(500).optional(),
});

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/friends', permission: 'read',
    summary: 'List friends, most recently added first; search by name or LINE user id',
    query: listQuery,
    responses: { 200: { description: 'A page of friends; follow nextCursor for more', schema: listOf(friendSchema) } },
  }, async (c, { query }) => c.json(await friendsPage(c.var.deps, c.var.account.id, query)));

  r.add({
    method: 'post', path: '/v1/accounts/:a/friends/import', permission: 'manage',
    summary: 'Import friends from NDJSON (one friend a line), streamed',
    description: 'Each line is checked on its own; rejected lines are reported with their line number (from 1) and reason. '
      + 'Accepted lines are written in batches, each one transaction. Importing a friend again replaces its fields; tags are given by name and created when missing. '
      + 'The body may take as long as it needs to arrive (no overall receive limit), but a client that sends nothing for LUMO_IMPORT_IDLE_SECONDS (default 60) is answered 408.',
    rawBody: { contentType: 'application/x-ndjson', maxBytes: IMPORT_MAX_BYTES, description: 'Friend NDJSON, as DESIGN.md "Friend NDJSON"' },
    responses: { 200: { description: 'What was imported and which lines were rejected', schema: friendImportResultSchema }, 413: { description: 'Larger than 2 GiB' },
      408: { description: 'The client sent nothing for LUMO_IMPORT_IDLE_SECONDS: the error says how far it got (linesRead, friendsWritten); what was read stays imported' } },
  }, async (c) => {
    const body = limitedBody(c, IMPORT_MAX_BYTES);
    if (!body) throw badRequest('Send the friends as NDJSON in the request body, one friend a line.');
    return c.json(await importFriends(c.var.deps, c.var.account.id, body));
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/friends/:userId', permission: 'read',
    summary: 'One friend with tags and service blocks',
    responses: { 200: { description: 'The friend', schema: friendSchema } },
  }, async (c, { params }) => c.json(await friendOrThrow(c.var.deps, c.var.account.id, params.userId)));

  r.add({
    method: 'put', path: '/v1/accounts/:a/friends/:userId/tags', permission: 'edit',
    summary: 'Replace a friend\'s tags',
    body: friendTagsPutSchema,
    responses: { 200: { description: 'The friend with its new tags', schema: friendSchema } },
  }, async (c, { body, params }) => c.json(await replaceFriendTags(c.var.deps, c.var.account.id, params.userId, body.tagIds, c.var.actor)));
});
