/**
 * The slice of the LINE Messaging API that rich menus use, over @line/bot-sdk (messaging-api.yml:
 * richmenu, richmenu/alias, richmenu/bulk/{link,unlink}, user/{userId}/richmenu; the image on the
 * data host). Errors are sorted like the broadcasts' (../broadcasts/line-client.ts): 429 = wait,
 * 5xx = retry, 401/403 = reconnect LINE, other 4xx = LINE refused it.
 */
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { toLineError } from '../broadcasts/line-client';
import type { RichMenuArea } from '../../../lib/rich-menus/layout';

export interface LineRichMenu {
  richMenuId: string;
  name: string;
  chatBarText: string;
  selected: boolean;
  size: { width: number; height: number };
  areas: RichMenuArea[];
}

export interface RichMenuGateway {
  create(menu: Omit<LineRichMenu, 'richMenuId'>): Promise<string>;
  setImage(richMenuId: string, bytes: Uint8Array, contentType: string): Promise<void>;
  image(richMenuId: string): Promise<{ bytes: Uint8Array; contentType: string } | null>;
  list(): Promise<LineRichMenu[]>;
  remove(richMenuId: string): Promise<void>;
  createAlias(aliasId: string, richMenuId: string): Promise<void>;
  deleteAlias(aliasId: string): Promise<void>;
  /** LINE answers 202: the links are made later and may still fail (verify with `menuOf`). */
  bulkLink(richMenuId: string, userIds: string[]): Promise<void>;
  bulkUnlink(userIds: string[]): Promise<void>;
  /** The menu linked to one friend, or null (default menu or none). */
  menuOf(userId: string): Promise<string | null>;
}

export function createRichMenuGateway(cfg: { channelAccessToken: string; apiUrl: string; dataApiUrl: string }): RichMenuGateway {
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: cfg.channelAccessToken, baseURL: cfg.apiUrl.replace(/\/+$/, '') });
  const blob = new messagingApi.MessagingApiBlobClient({ channelAccessToken: cfg.channelAccessToken, baseURL: cfg.dataApiUrl.replace(/\/+$/, '') });
  async function call<T>(f: () => Promise<T>): Promise<T> {
    try { return await f(); } catch (e) { throw toLineError(e); }
  }
  const notFound = (e: unknown) => e instanceof HTTPFetchError && e.status === 404;
  return {
    async create(menu) {
      const r = await call(() => client.createRichMenu(menu as unknown as messagingApi.RichMenuRequest));
      return r.richMenuId;
    },
    async setImage(id, bytes, contentType) {
      await call(() => blob.setRichMenuImage(id, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType })));
    },
    async image(id) {
      try {
        const r = await blob.getRichMenuImageWithHttpInfo(id);
        const chunks: Buffer[] = [];
        for await (const c of r.body) chunks.push(Buffer.from(c as Buffer));
        return { bytes: new Uint8Array(Buffer.concat(chunks)), contentType: r.httpResponse.headers.get('content-type') ?? 'image/png' };
      } catch (e) {
        if (notFound(e)) return null;
        throw toLineError(e);
      }
    },
    async list() {
      const r = await call(() => client.getRichMenuList());
      return r.richmenus as unknown as LineRichMenu[];
    },
    async remove(id) {
      try { await client.deleteRichMenu(id); } catch (e) { if (!notFound(e)) throw toLineError(e); }
    },
    async createAlias(aliasId, richMenuId) {
      await call(() => client.createRichMenuAlias({ richMenuAliasId: aliasId, richMenuId }));
    },
    async deleteAlias(aliasId) {
      try { await client.deleteRichMenuAlias(aliasId); } catch (e) { if (!notFound(e)) throw toLineError(e); }
    },
    async bulkLink(richMenuId, userIds) {
      await call(() => client.linkRichMenuIdToUsers({ richMenuId, userIds }));
    },
    async bulkUnlink(userIds) {
      await call(() => client.unlinkRichMenuIdFromUsers({ userIds }));
    },
    async menuOf(userId) {
      try {
        return (await client.getRichMenuIdOfUser(userId)).richMenuId;
      } catch (e) {
        if (notFound(e)) return null;
        throw toLineError(e);
      }
    },
  };
}
