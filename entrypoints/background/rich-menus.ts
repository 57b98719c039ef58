/**
 * Rich menus, straight to the sync API: nothing here is queued, since a menu is made at LINE and
 * the user must see at once whether LINE took it.
 */
import { fromBase64, toBase64 } from '../../lib/base64';
import type { Handlers } from '../../lib/messages/background';
import { MessageError } from '../../lib/messages/errors';
import { isLocalId } from '../../lib/outbox/outbox';
import type { Core } from './context';

type RichMenuHandlers = Pick<Handlers,
  'listRichMenus' | 'createRichMenu' | 'deleteRichMenu' | 'richMenuImage' | 'assignRichMenu' | 'unassignRichMenu' | 'unlinkAllRichMenus'>;


export function richMenuHandlers(core: () => Promise<Core>): RichMenuHandlers {
  async function savedSegmentId(c: Core, segmentId: string) {
    const id = await c.outbox.resolveId(segmentId);
    if (isLocalId(id)) throw new MessageError({ kind: 'invalid', message: 'This segment is still waiting to be sent to the sync API. Give it a rich menu once it is saved there.' });
    return id;
  }
  return {
    async listRichMenus({ accountId }) {
      const { api } = await core();
      const [menus, assignments] = await Promise.all([api.richMenus(accountId), api.richMenuAssignments(accountId)]);
      return { menus, assignments };
    },
    async createRichMenu({ accountId, menu, image }) {
      const { api } = await core();
      const made = await api.createRichMenu(accountId, menu);
      try {
        return await api.uploadRichMenuImage(accountId, made.id, fromBase64(image.base64), image.type);
      } catch (e) {
        // A menu without its image is of no use: take it back so a retry starts clean.
        await api.deleteRichMenu(accountId, made.id).catch(() => {});
        throw e;
      }
    },
    async deleteRichMenu({ accountId, richMenuId }) {
      await (await core()).api.deleteRichMenu(accountId, richMenuId);
      return { ok: true as const };
    },
    async richMenuImage({ accountId, richMenuId }) {
      const img = await (await core()).api.richMenuImage(accountId, richMenuId);
      return { dataUrl: `data:${img.contentType || 'image/png'};base64,${toBase64(img.bytes)}` };
    },
    async assignRichMenu({ accountId, segmentId, ...body }) {
      const c = await core();
      return c.api.assignRichMenu(accountId, await savedSegmentId(c, segmentId), body);
    },
    unlinkAllRichMenus: async ({ accountId }) => (await core()).api.unlinkAllRichMenus(accountId),
    async unassignRichMenu({ accountId, segmentId }) {
      const c = await core();
      return c.api.unassignRichMenu(accountId, await savedSegmentId(c, segmentId));
    },
  };
}
