/**
 * LINE's rich menu endpoints for the fake LINE (messaging-api.yml, "richmenu" tag), plugged in
 * through `startFakeLine({ extraRoutes })`:
 *
 *   POST   /v2/bot/richmenu                      create → { richMenuId }
 *   GET    /v2/bot/richmenu/list                 { richmenus: [...] }
 *   GET    /v2/bot/richmenu/{id}                 one menu; 404
 *   DELETE /v2/bot/richmenu/{id}                 deletes it; its links fall back to the default
 *   POST   /v2/bot/richmenu/alias                { richMenuAliasId, richMenuId }; 400 when taken
 *   DELETE /v2/bot/richmenu/alias/{aliasId}
 *   POST   /v2/bot/richmenu/bulk/link            { richMenuId, userIds (1–500) } → 202, applied later
 *   POST   /v2/bot/richmenu/bulk/unlink          { userIds (1–500) } → 202, applied later
 *   GET    /v2/bot/user/{userId}/richmenu        { richMenuId }; 404 when the user has none
 *   data host: POST/GET /v2/bot/richmenu/{id}/content   the image (PNG/JPEG ≤ 1 MB, once only)
 *
 * Bulk link and unlink are asynchronous at LINE (202 Accepted): here they are applied when the
 * test calls `apply()` or, with `applyAtOnce`, right away. `refuseUsers` plays friends LINE accepts
 * in the request but never links (blocked or gone).
 */
import { randomBytes } from 'node:crypto';
import { json, type RecordedRequest, type Reply } from './fake-http';

export interface FakeRichMenus {
  menus: Map<string, { menu: any; image: { bytes: Buffer; type: string } | null }>;
  aliases: Map<string, string>;
  /** The menu each user is linked to, as LINE would answer GET /v2/bot/user/{userId}/richmenu. */
  userMenus: Map<string, string>;
  calls: { link: { richMenuId: string; userIds: string[] }[]; unlink: string[][] };
  refuseUsers: Set<string>;
  applyAtOnce: boolean;
  /** Applies the bulk operations accepted so far. */
  apply(): void;
  routes(req: RecordedRequest, host: 'api' | 'data'): Reply | undefined;
}

const NOT_FOUND = { message: 'Not found' };
const bad = (message: string, property?: string) => json(400, { message: 'The request body has 1 error(s)', details: [{ message, ...(property ? { property } : {}) }] });

export function createFakeRichMenus(opts: { channelAccessToken: string; applyAtOnce?: boolean }): FakeRichMenus {
  const pending: (() => void)[] = [];
  const state: FakeRichMenus = {
    menus: new Map(), aliases: new Map(), userMenus: new Map(), calls: { link: [], unlink: [] },
    refuseUsers: new Set(), applyAtOnce: opts.applyAtOnce ?? true,
    apply() { for (const f of pending.splice(0)) f(); },
    routes(req, host) {
      if (req.headers.authorization !== `Bearer ${opts.channelAccessToken}`) return undefined; // the fake's own 401
      const { method, path } = req;
      const body = req.body as any;
      let m: RegExpExecArray | null;
      if (host === 'data') {
        if ((m = /^\/v2\/bot\/richmenu\/([^/]+)\/content$/.exec(path))) {
          const entry = state.menus.get(m[1]!);
          if (!entry) return json(404, NOT_FOUND);
          if (method === 'GET') return entry.image ? { status: 200, headers: { 'content-type': entry.image.type }, body: entry.image.bytes } : json(404, NOT_FOUND);
          if (method === 'POST') {
            const type = String(req.headers['content-type'] ?? '');
            if (!/^image\/(png|jpeg)/.test(type)) return json(415, { message: 'Unsupported Media Type' });
            if (req.rawBody.length > 1024 * 1024) return json(413, { message: 'Request Entity Too Large' });
            if (entry.image) return json(400, { message: 'An image has already been uploaded to the richmenu' });
            entry.image = { bytes: req.rawBody, type };
            return json(200, {});
          }
        }
        return undefined;
      }
      if (method === 'POST' && path === '/v2/bot/richmenu') {
        const size = body?.size;
        if (!size || size.width < 800 || size.width > 2500 || size.height < 250) return bad('invalid size', 'size');
        if (typeof body.chatBarText !== 'string' || body.chatBarText.length > 14) return bad('length must be between 0 and 14', 'chatBarText');
        if (!Array.isArray(body.areas) || body.areas.length > 20) return bad('size must be between 0 and 20', 'areas');
        const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
        state.menus.set(richMenuId, { menu: { richMenuId, ...body }, image: null });
        return json(200, { richMenuId });
      }
      if (method === 'GET' && path === '/v2/bot/richmenu/list') {
        return json(200, { richmenus: [...state.menus.values()].map((e) => e.menu) });
      }
      if (method === 'POST' && path === '/v2/bot/richmenu/alias') {
        if (!/^[a-z0-9_-]{1,32}$/.test(String(body?.richMenuAliasId ?? ''))) return bad('invalid richMenuAliasId', 'richMenuAliasId');
        if (state.aliases.has(body.richMenuAliasId)) return json(400, { message: 'conflict richmenu alias id' });
        if (!state.menus.has(body.richMenuId)) return json(400, { message: 'richmenu not found' });
        state.aliases.set(body.richMenuAliasId, body.richMenuId);
        return json(200, {});
      }
      if (method === 'DELETE' && (m = /^\/v2\/bot\/richmenu\/alias\/([^/]+)$/.exec(path))) {
        return state.aliases.delete(m[1]!) ? json(200, {}) : json(404, NOT_FOUND);
      }
      if (method === 'POST' && path === '/v2/bot/richmenu/bulk/link') {
        const ids: unknown = body?.userIds;
        if (!Array.isArray(ids) || ids.length < 1 || ids.length > 500) return bad('size must be between 1 and 500', 'userIds');
        if (!state.menus.has(body.richMenuId)) return json(400, { message: 'richmenu not found' });
        const richMenuId = body.richMenuId as string;
        state.calls.link.push({ richMenuId, userIds: [...ids] as string[] });
        const run = () => {
          if (!state.menus.has(richMenuId)) return;
          for (const id of ids as string[]) if (!state.refuseUsers.has(id)) state.userMenus.set(id, richMenuId);
        };
        if (state.applyAtOnce) run(); else pending.push(run);
        return json(202, {});
      }
      if (method === 'POST' && path === '/v2/bot/richmenu/bulk/unlink') {
        const ids: unknown = body?.userIds;
        if (!Array.isArray(ids) || ids.length < 1 || ids.length > 500) return bad('size must be between 1 and 500', 'userIds');
        state.calls.unlink.push([...ids] as string[]);
        const run = () => { for (const id of ids as string[]) state.userMenus.delete(id); };
        if (state.applyAtOnce) run(); else pending.push(run);
        return json(202, {});
      }
      if (method === 'GET' && (m = /^\/v2\/bot\/user\/([^/]+)\/richmenu$/.exec(path))) {
        const id = state.userMenus.get(decodeURIComponent(m[1]!));
        return id ? json(200, { richMenuId: id }) : json(404, { message: 'the user has no richmenu' });
      }
      if ((m = /^\/v2\/bot\/richmenu\/([^/]+)$/.exec(path)) && m[1] !== 'list') {
        const id = m[1]!;
        const entry = state.menus.get(id);
        if (!entry) return json(404, NOT_FOUND);
        if (method === 'GET') return json(200, entry.menu);
        if (method === 'DELETE') {
          state.menus.delete(id);
          for (const [u, menu] of state.userMenus) if (menu === id) state.userMenus.delete(u);
          for (const [a, menu] of state.aliases) if (menu === id) state.aliases.delete(a);
          return json(200, {});
        }
      }
      return undefined;
    },
  };
  return state;
}

/** A PNG header of the given size: enough for LINE's and Lumo's size checks (not a drawable image). */
export function fakePng(width: number, height: number, bytes = 2048): Buffer {
  const b = Buffer.alloc(Math.max(bytes, 33));
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(b, 0);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return b;
}
