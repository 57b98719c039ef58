import { defineRoutes } from '../../http/router';
import { badRequest } from '../../http/errors';
import { activityListSchema, activityQuerySchema } from '../../../../lib/contract/people';
import { listActivity } from '../../repositories/activity';

const encodeCursor = (c: { at: number; id: string }) => Buffer.from(`${c.at}.${c.id}`).toString('base64url');
function decodeCursor(s: string): { at: number; id: string } {
  const m = /^(\d{1,16})\.([0-9a-f]{1,64})$/.exec(Buffer.from(s, 'base64url').toString());
  if (!m) throw badRequest('The query parameters are not valid.', [{ path: 'cursor', message: 'Not a cursor this API gave: pass nextCursor from the previous page as it is.' }]);
  return { at: Number(m[1]), id: m[2] };
}

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/activity', permission: 'read', tag: 'activity',
    summary: 'Who changed what in this account, newest first',
    query: activityQuerySchema,
    responses: { 200: { description: 'A page of the activity log; nextCursor while there is more', schema: activityListSchema } },
  }, async (c, { query }) => {
    const page = await listActivity(c.var.deps.store.db, c.var.account.id, { limit: query.limit, cursor: query.cursor ? decodeCursor(query.cursor) : undefined });
    return c.json({
      items: page.items.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
      ...(page.next ? { nextCursor: encodeCursor(page.next) } : {}),
    });
  });
});
