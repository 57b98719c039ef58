import { defineRoutes } from '../../http/router';
import { folderCreateSchema, folderSchema, listOf } from '../../../../lib/contract/api';
import { allFolders, createFolder, removeFolder, updateFolder } from '../../services/folders';

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/folders', permission: 'read', summary: 'List folders of segments',
    responses: { 200: { description: 'Folders by name', schema: listOf(folderSchema) } },
  }, async (c) => c.json({ items: await allFolders(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'post', path: '/v1/accounts/:a/folders', permission: 'edit', summary: 'Create a folder', body: folderCreateSchema,
    idempotent: true,
    headers: [{ name: 'Idempotency-Key', description: 'Optional. A repeat with the same key answers the first answer and creates nothing; another body with it is refused (422).' }],
    responses: { 201: { description: 'The folder', schema: folderSchema }, 409: { description: 'The name is taken' }, 503: { description: 'The first request with this Idempotency-Key is still running: retry (Retry-After)' }, 422: { description: 'This Idempotency-Key was used for another request' } },
  }, async (c, { body }) => c.json(await createFolder(c.var.deps, c.var.account.id, body.name, c.var.actor), 201));

  r.add({
    method: 'patch', path: '/v1/accounts/:a/folders/:id', permission: 'edit', summary: 'Rename a folder', body: folderCreateSchema,
    responses: { 200: { description: 'The folder', schema: folderSchema }, 409: { description: 'The name is taken' } },
  }, async (c, { body, params }) => c.json(await updateFolder(c.var.deps, c.var.account.id, params.id, body.name, c.var.actor)));

  r.add({
    method: 'delete', path: '/v1/accounts/:a/folders/:id', permission: 'edit', summary: 'Delete a folder; its segments move to no folder',
    responses: { 204: { description: 'Deleted' } },
  }, async (c, { params }) => {
    await removeFolder(c.var.deps, c.var.account.id, params.id, c.var.actor);
    return c.body(null, 204);
  });
});
