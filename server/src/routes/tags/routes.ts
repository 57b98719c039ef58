import { defineRoutes } from '../../http/router';
import { listOf, tagCreateSchema, tagSchema } from '../../../../lib/contract/api';
import { allTags, createTag, removeTag, updateTag } from '../../services/tags';

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/tags', permission: 'read', summary: 'List tags with their friend counts',
    responses: { 200: { description: 'Tags by name', schema: listOf(tagSchema) } },
  }, async (c) => c.json({ items: await allTags(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'post', path: '/v1/accounts/:a/tags', permission: 'edit', summary: 'Create a tag', body: tagCreateSchema,
    idempotent: true,
    headers: [{ name: 'Idempotency-Key', description: 'Optional. A repeat with the same key answers the first answer and creates nothing; another body with it is refused (422).' }],
    responses: { 201: { description: 'The tag', schema: tagSchema }, 409: { description: 'The name is taken' }, 503: { description: 'The first request with this Idempotency-Key is still running: retry (Retry-After)' }, 422: { description: 'This Idempotency-Key was used for another request' } },
  }, async (c, { body }) => c.json(await createTag(c.var.deps, c.var.account.id, body.name, c.var.actor), 201));

  r.add({
    method: 'patch', path: '/v1/accounts/:a/tags/:id', permission: 'edit', summary: 'Rename a tag (segments keep it: they refer to its id)', body: tagCreateSchema,
    responses: { 200: { description: 'The tag', schema: tagSchema }, 409: { description: 'The name is taken' } },
  }, async (c, { body, params }) => c.json(await updateTag(c.var.deps, c.var.account.id, params.id, body.name, c.var.actor)));

  r.add({
    method: 'delete', path: '/v1/accounts/:a/tags/:id', permission: 'edit',
    summary: 'Delete a tag and take it off every friend; segments that use it show the condition as broken',
    responses: { 204: { description: 'Deleted' } },
  }, async (c, { params }) => {
    await removeTag(c.var.deps, c.var.account.id, params.id, c.var.actor);
    return c.body(null, 204);
  });
});
