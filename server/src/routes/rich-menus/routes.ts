import { z } from 'zod';
import { defineRoutes, limitedBody } from '../../http/router';
import { badRequest } from '../../http/errors';
import { listOf } from '../../../../lib/contract/api';
import { richMenuCreateSchema, RICH_MENU_IMAGE_MAX_BYTES } from '../../../../lib/rich-menus/layout';
import { assignmentCreateSchema, assignmentSchema, richMenuSchema } from '../../../../lib/contract/rich-menus';
import {
  allAssignments, allRichMenus, assignmentStatus, assignRichMenu, createRichMenu, deleteRichMenu, richMenuImage,
  setRichMenuImage, stopAllRichMenus, unassignRichMenu,
} from '../../rich-menus/service';

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let n = 0;
  for await (const c of stream as unknown as AsyncIterable<Uint8Array>) { chunks.push(c); n += c.byteLength; }
  const out = new Uint8Array(n);
  let at = 0;
  for (const c of chunks) { out.set(c, at); at += c.byteLength; }
  return out;
}

const menuTag = 'rich-menus';

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/rich-menus', tag: menuTag, permission: 'read',
    summary: 'The channel\'s rich menus made through the Messaging API (LINE lists no menu made in the OA Manager)',
    responses: { 200: { description: 'Rich menus', schema: listOf(richMenuSchema) }, 409: { description: 'LINE is not connected' } },
  }, async (c) => c.json({ items: await allRichMenus(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'post', path: '/v1/accounts/:a/rich-menus', tag: menuTag, permission: 'manage',
    summary: 'Create a rich menu at LINE (then upload its image)',
    description: 'LINE\'s rich menu object: size 2500×1686 or 2500×843, 1–20 tap areas inside the image and not overlapping, actions uri (https only), message, richmenuswitch or postback. An optional aliasId is created with it (409 when taken).',
    body: richMenuCreateSchema,
    responses: { 201: { description: 'The menu; id is LINE\'s richMenuId', schema: richMenuSchema }, 409: { description: 'The alias is taken, or LINE is not connected' }, 422: { description: 'LINE refused the menu' } },
  }, async (c, { body }) => c.json(await createRichMenu(c.var.deps, c.var.account.id, body, c.var.actor), 201));

  r.add({
    method: 'put', path: '/v1/accounts/:a/rich-menus/:id/image', tag: menuTag, permission: 'manage',
    summary: 'Upload the menu\'s image (PNG or JPEG, exactly the menu\'s size, ≤ 1 MB)',
    rawBody: { contentType: 'image/png', maxBytes: RICH_MENU_IMAGE_MAX_BYTES, description: 'The image bytes, as image/png or image/jpeg' },
    responses: { 200: { description: 'The menu', schema: richMenuSchema }, 400: { description: 'Not a PNG/JPEG, or not the menu\'s size' }, 409: { description: 'LINE keeps the first image of a menu' }, 413: { description: 'Over 1 MB' } },
  }, async (c, { params }) => {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'image/png' && type !== 'image/jpeg') throw badRequest('Send the image as image/png or image/jpeg.', [{ path: 'Content-Type', message: 'Use image/png or image/jpeg.' }]);
    const body = limitedBody(c, RICH_MENU_IMAGE_MAX_BYTES);
    if (!body) throw badRequest('Send the image in the request body.');
    return c.json(await setRichMenuImage(c.var.deps, c.var.account.id, params.id, await readAll(body), type));
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/rich-menus/:id/image', tag: menuTag, permission: 'read',
    summary: 'The menu\'s image, from LINE',
    responses: { 200: { description: 'The image', contentType: 'image/png' }, 404: { description: 'No image' } },
  }, async (c, { params }) => {
    const img = await richMenuImage(c.var.deps, c.var.account.id, params.id);
    return c.body(img.bytes as unknown as ArrayBuffer, 200, { 'content-type': img.contentType, 'cache-control': 'private, max-age=300' });
  });

  r.add({
    method: 'delete', path: '/v1/accounts/:a/rich-menus/:id', tag: menuTag, permission: 'manage',
    summary: 'Delete a rich menu at LINE; segments that showed it show it as broken',
    responses: { 204: { description: 'Deleted' } },
  }, async (c, { params }) => {
    await deleteRichMenu(c.var.deps, c.var.account.id, params.id, c.var.actor);
    return c.body(null, 204);
  });

  r.add({
    method: 'post', path: '/v1/accounts/:a/rich-menus/unlink-all', tag: menuTag, permission: 'manage',
    summary: 'Stop every segment\'s rich menu: unlinks exactly the friends Lumo linked (for leaving Lumo)',
    responses: { 202: { description: 'Assignments stopping; the unlinking runs as a job', schema: z.object({ assignments: z.number().int() }) } },
  }, async (c) => c.json(await stopAllRichMenus(c.var.deps, c.var.account.id, c.var.actor), 202));

  r.add({
    method: 'get', path: '/v1/accounts/:a/rich-menu-assignments', tag: menuTag, permission: 'read',
    summary: 'Every segment that shows a rich menu, with its status',
    responses: { 200: { description: 'Assignments, highest priority first', schema: listOf(assignmentSchema) } },
  }, async (c) => c.json({ items: await allAssignments(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'put', path: '/v1/accounts/:a/segments/:id/rich-menu', tag: menuTag, permission: 'edit',
    summary: 'Show a rich menu to this segment\'s members, kept in step as members change',
    description: 'A friend in two assigned segments sees the menu of the larger priority. Blocked friends are never linked.',
    body: assignmentCreateSchema,
    responses: { 202: { description: 'Linking runs as a job', schema: assignmentSchema } },
  }, async (c, { body, params }) => c.json(await assignRichMenu(c.var.deps, c.var.account.id, params.id, body, c.var.actor), 202));

  r.add({
    method: 'get', path: '/v1/accounts/:a/segments/:id/rich-menu', tag: menuTag, permission: 'read',
    summary: 'The segment\'s rich menu and how many members are linked, pending and failed',
    responses: { 200: { description: 'Status', schema: assignmentSchema }, 404: { description: 'The segment shows no rich menu' } },
  }, async (c, { params }) => c.json(await assignmentStatus(c.var.deps, c.var.account.id, params.id)));

  r.add({
    method: 'delete', path: '/v1/accounts/:a/segments/:id/rich-menu', tag: menuTag, permission: 'edit',
    summary: 'Stop showing the rich menu: unlinks exactly the friends Lumo linked for this segment',
    responses: { 202: { description: 'Stopping; the unlinking runs as a job', schema: assignmentSchema } },
  }, async (c, { params }) => c.json(await unassignRichMenu(c.var.deps, c.var.account.id, params.id, c.var.actor), 202));
});
