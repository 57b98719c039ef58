/**
 * A fake LINE Messaging API (api.line.me) and its data host (api-data.line.me), shaped after
 * line/line-openapi messaging-api.yml and manage-audience.yml, for the slices Lumo uses:
 *
 *   GET  /v2/bot/info                          bot info (the cheap credential check)
 *   GET  /v2/bot/profile/{userId}              a friend's profile; 404 for anyone else
 *   GET  /v2/bot/followers/ids?start=&limit=   paged follower ids (default 300, max 1000);
 *                                              403 unless the account is verified or premium
 *   POST /v2/bot/message/{push,multicast,narrowcast,broadcast}   recorded, X-Line-Retry-Key honoured
 *   GET  /v2/bot/message/progress/narrowcast   progress of a recorded narrowcast
 *   GET  /v2/bot/message/quota, /quota/consumption
 *   POST/PUT /v2/bot/audienceGroup/upload      uploaded-user-id audiences (JSON)
 *   POST/PUT /v2/bot/audienceGroup/upload/byFile  (on the data host, multipart)
 *   GET  /v2/bot/audienceGroup/{id}
 *   rich menus (richmenu, alias, bulk link/unlink, user/{userId}/richmenu, the image): ./rich-menu-fake.ts
 *
 * Every call needs `Authorization: Bearer <channel access token>` (401 otherwise). Faults (429,
 * 500, dropped connections) are injected with `injectFault`. The broadcasts engineer may add
 * endpoints in files of their own named broadcast-*.ts here, wrapping `startFakeLine`'s handler
 * through `opts.extraRoutes`.
 */
import { randomUUID } from 'node:crypto';
import { startFakeHttp, json, encodeCursor, decodeCursor, type Fault, type RecordedRequest, type Reply } from './fake-http';
import { createFakeRichMenus, type FakeRichMenus } from './rich-menu-fake';

export { signLineBody, followEvent, unfollowEvent, messageEvent, webhookBody, type LineWebhookEvent } from './webhook';
export type { Fault, RecordedRequest, Reply } from './fake-http';

export interface FakeLineProfile {
  userId: string;
  displayName: string;
  pictureUrl?: string;
  statusMessage?: string;
  language?: string;
}

export interface FakeLineOptions {
  channelAccessToken?: string;
  /** Verified and premium accounts may list followers; others get LINE's 403. */
  accountType?: 'verified' | 'premium' | 'unverified';
  basicId?: string;
  botDisplayName?: string;
  /** Current friends, in the order the followers API lists them. */
  friends?: FakeLineProfile[];
  /** Monthly message quota; 'none' = unlimited. */
  quota?: { type: 'limited'; value: number } | { type: 'none' };
  totalUsage?: number;
  /** Extra routes tried before the built-in ones (return undefined to fall through). */
  extraRoutes?: (req: RecordedRequest, host: 'api' | 'data') => Reply | undefined | Promise<Reply | undefined>;
}

export interface SentMessage {
  /** The request body as LINE received it. */
  body: any;
  retryKey: string | null;
  requestId: string;
  at: number;
}

export interface AudienceGroup {
  audienceGroupId: number;
  description: string;
  userIds: string[];
  created: number;
}

export interface FakeLine {
  url: string;
  dataUrl: string;
  channelAccessToken: string;
  received: {
    push: SentMessage[];
    multicast: SentMessage[];
    narrowcast: SentMessage[];
    broadcast: SentMessage[];
    /** Requests answered 409 because their retry key was already accepted. */
    duplicateRetries: SentMessage[];
    audienceGroups: AudienceGroup[];
    /** Every request to either host, in order. */
    requests: RecordedRequest[];
  };
  /** Messages counted against the monthly quota so far. */
  readonly totalUsage: number;
  /** The rich menu endpoints' state (./rich-menu-fake.ts). */
  richMenus: FakeRichMenus;
  friends: Map<string, FakeLineProfile>;
  addFriend(profile: FakeLineProfile): void;
  /** The friend blocks the account: gone from followers and profiles. */
  removeFriend(userId: string): void;
  setAccountType(type: 'verified' | 'premium' | 'unverified'): void;
  /** Faults on the API host (`injectDataFault` for the data host). */
  injectFault(fault: Fault): void;
  injectDataFault(fault: Fault): void;
  close(): Promise<void>;
}

const UNAUTHORIZED = { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' };
const NOT_FOUND = { message: 'Not found' };

export async function startFakeLine(opts: FakeLineOptions = {}): Promise<FakeLine> {
  const token = opts.channelAccessToken ?? 'fake-line-channel-access-token';
  let accountType = opts.accountType ?? 'verified';
  const friends = new Map<string, FakeLineProfile>((opts.friends ?? []).map((f) => [f.userId, f]));
  const quota = opts.quota ?? { type: 'limited', value: 10_000 };
  let totalUsage = opts.totalUsage ?? 0;
  const acceptedRetryKeys = new Map<string, string>();
  const narrowcastProgress = new Map<string, { targetCount: number; acceptedTime: string }>();
  const received: FakeLine['received'] = {
    push: [], multicast: [], narrowcast: [], broadcast: [], duplicateRetries: [], audienceGroups: [], requests: [],
  };
  let nextAudienceId = 1_000_001;
  const richMenus = createFakeRichMenus({ channelAccessToken: token });

  const authorized = (req: RecordedRequest) => req.headers.authorization === `Bearer ${token}`;
  const withRequestId = (reply: Reply): Reply => ({ ...reply, headers: { 'x-line-request-id': randomUUID(), ...reply.headers } });

  /** Records a send, honouring X-Line-Retry-Key (409 + x-line-accepted-request-id on a repeat). */
  function send(kind: 'push' | 'multicast' | 'narrowcast' | 'broadcast', req: RecordedRequest, recipients: number): Reply {
    const retryKey = (req.headers['x-line-retry-key'] as string | undefined) ?? null;
    const requestId = randomUUID();
    const entry: SentMessage = { body: req.body, retryKey, requestId, at: Date.now() };
    if (retryKey) {
      const accepted = acceptedRetryKeys.get(retryKey);
      if (accepted) {
        received.duplicateRetries.push(entry);
        return json(409, { message: 'The retry key is already accepted', sentMessages: [] }, { 'x-line-accepted-request-id': accepted, 'x-line-request-id': requestId });
      }
    }
    const messages = (req.body as any)?.messages;
    if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
      return json(400, { message: 'The request body has 1 error(s)', details: [{ message: 'Size must be between 1 and 5', property: 'messages' }] }, { 'x-line-request-id': requestId });
    }
    // Every send counts against the monthly quota, per recipient (push included).
    if (quota.type === 'limited' && totalUsage + recipients > quota.value) {
      return json(429, { message: 'You have reached your monthly limit.' }, { 'x-line-request-id': requestId });
    }
    if (retryKey) acceptedRetryKeys.set(retryKey, requestId);
    totalUsage += recipients;
    received[kind].push(entry);
    if (kind === 'narrowcast') {
      narrowcastProgress.set(requestId, { targetCount: recipients, acceptedTime: new Date().toISOString() });
      return json(202, {}, { 'x-line-request-id': requestId });
    }
    return json(200, { sentMessages: messages.map(() => ({ id: String(Math.floor(Math.random() * 1e17)), quoteToken: randomUUID() })) }, { 'x-line-request-id': requestId });
  }

  function audienceUserIds(group: AudienceGroup | undefined): number { return group ? new Set(group.userIds).size : 0; }

  async function api(req: RecordedRequest): Promise<Reply> {
    received.requests.push(req);
    const extra = await opts.extraRoutes?.(req, 'api');
    if (extra) return extra;
    if (!authorized(req)) return json(401, UNAUTHORIZED);
    const menu = richMenus.routes(req, 'api');
    if (menu) return menu;
    const { method, path } = req;
    let m: RegExpExecArray | null;

    if (method === 'GET' && path === '/v2/bot/info') {
      return json(200, {
        userId: 'Ub9952f8fake0000000000000000000000', basicId: opts.basicId ?? '@fake123',
        displayName: opts.botDisplayName ?? 'Fake shop', chatMode: 'chat', markAsReadMode: 'manual',
        ...(accountType === 'premium' ? { premiumId: '@fakeshop' } : {}),
      });
    }
    if (method === 'GET' && (m = /^\/v2\/bot\/profile\/([^/]+)$/.exec(path))) {
      const profile = friends.get(decodeURIComponent(m[1]!));
      return profile ? json(200, { language: 'ja', ...profile }) : json(404, NOT_FOUND);
    }
    if (method === 'GET' && path === '/v2/bot/followers/ids') {
      if (accountType === 'unverified') return json(403, { message: 'Access to this API is not available for your account' });
      const limitParam = req.query.get('limit');
      const limit = limitParam === null ? 300 : Number(limitParam);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
        return json(400, { message: 'The request body has 1 error(s)', details: [{ message: 'must be less than or equal to 1000', property: 'limit' }] });
      }
      const start = decodeCursor(req.query.get('start'), 'followers');
      if (start === null) return json(400, { message: 'Invalid start' });
      const ids = [...friends.keys()];
      const page = ids.slice(start, start + limit);
      const next = start + limit < ids.length ? encodeCursor(start + limit, 'followers') : undefined;
      return json(200, next ? { userIds: page, next } : { userIds: page });
    }
    if (method === 'POST' && path === '/v2/bot/message/push') return send('push', req, 1);
    if (method === 'POST' && path === '/v2/bot/message/multicast') {
      const to = (req.body as any)?.to;
      if (!Array.isArray(to) || to.length < 1 || to.length > 500) {
        return json(400, { message: 'The request body has 1 error(s)', details: [{ message: 'Size must be between 1 and 500', property: 'to' }] });
      }
      return send('multicast', req, to.length);
    }
    if (method === 'POST' && path === '/v2/bot/message/broadcast') return send('broadcast', req, friends.size);
    if (method === 'POST' && path === '/v2/bot/message/narrowcast') {
      const recipient = (req.body as any)?.recipient;
      const group = recipient?.type === 'audience' ? received.audienceGroups.find((g) => g.audienceGroupId === recipient.audienceGroupId) : undefined;
      if (recipient?.type === 'audience' && !group) {
        return json(400, { message: 'The request body has 1 error(s)', details: [{ message: 'audience group not found', property: 'recipient.audienceGroupId' }] });
      }
      return send('narrowcast', req, recipient ? audienceUserIds(group) : friends.size);
    }
    if (method === 'GET' && path === '/v2/bot/message/progress/narrowcast') {
      const p = narrowcastProgress.get(req.query.get('requestId') ?? '');
      if (!p) return json(404, NOT_FOUND);
      return json(200, { phase: 'succeeded', successCount: p.targetCount, failureCount: 0, targetCount: p.targetCount, acceptedTime: p.acceptedTime, completedTime: new Date().toISOString() });
    }
    if (method === 'GET' && path === '/v2/bot/message/quota') return json(200, quota);
    if (method === 'GET' && path === '/v2/bot/message/quota/consumption') return json(200, { totalUsage });

    if (path === '/v2/bot/audienceGroup/upload' && (method === 'POST' || method === 'PUT')) {
      const body = req.body as any;
      const ids: string[] = (body?.audiences ?? []).map((a: { id: string }) => a.id);
      if (method === 'POST') return json(202, createAudience(String(body?.description ?? ''), ids));
      const group = received.audienceGroups.find((g) => g.audienceGroupId === body?.audienceGroupId);
      if (!group) return json(400, { message: 'audience group not found' });
      group.userIds.push(...ids);
      return json(202, {});
    }
    if (method === 'GET' && (m = /^\/v2\/bot\/audienceGroup\/(\d+)$/.exec(path))) {
      const group = received.audienceGroups.find((g) => g.audienceGroupId === Number(m![1]));
      if (!group) return json(404, NOT_FOUND);
      return json(200, {
        audienceGroup: {
          audienceGroupId: group.audienceGroupId, type: 'UPLOAD', description: group.description, status: 'READY',
          audienceCount: audienceUserIds(group), created: Math.floor(group.created / 1000), permission: 'READ_WRITE',
          createRoute: 'MESSAGING_API', isIfaAudience: false,
        },
        jobs: [],
      });
    }
    return json(404, NOT_FOUND);
  }

  function createAudience(description: string, ids: string[]) {
    const group: AudienceGroup = { audienceGroupId: nextAudienceId++, description, userIds: ids, created: Date.now() };
    received.audienceGroups.push(group);
    return {
      audienceGroupId: group.audienceGroupId, createRoute: 'MESSAGING_API', type: 'UPLOAD', description,
      created: Math.floor(group.created / 1000), permission: 'READ_WRITE',
      expireTimestamp: Math.floor(group.created / 1000) + 180 * 86_400, isIfaAudience: false,
    };
  }

  async function data(req: RecordedRequest): Promise<Reply> {
    received.requests.push(req);
    const extra = await opts.extraRoutes?.(req, 'data');
    if (extra) return extra;
    if (!authorized(req)) return json(401, UNAUTHORIZED);
    const menuImage = richMenus.routes(req, 'data');
    if (menuImage) return menuImage;
    if (req.path === '/v2/bot/audienceGroup/upload/byFile' && (req.method === 'POST' || req.method === 'PUT')) {
      const form = await new Response(new Uint8Array(req.rawBody), { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData();
      const file = form.get('file');
      const text = typeof file === 'string' ? file : file ? await file.text() : '';
      const ids = text.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
      if (req.method === 'POST') return json(202, createAudience(String(form.get('description') ?? ''), ids));
      const group = received.audienceGroups.find((g) => g.audienceGroupId === Number(form.get('audienceGroupId')));
      if (!group) return json(400, { message: 'audience group not found' });
      group.userIds.push(...ids);
      return json(202, {});
    }
    return json(404, NOT_FOUND);
  }

  const apiServer = await startFakeHttp(async (req) => withRequestId(await api(req)));
  const dataServer = await startFakeHttp(async (req) => withRequestId(await data(req)));

  return {
    url: apiServer.url,
    dataUrl: dataServer.url,
    channelAccessToken: token,
    received,
    get totalUsage() { return totalUsage; },
    richMenus,
    friends,
    addFriend: (p) => { friends.set(p.userId, p); },
    removeFriend: (id) => { friends.delete(id); },
    setAccountType: (t) => { accountType = t; },
    injectFault: (f) => apiServer.injectFault(f),
    injectDataFault: (f) => dataServer.injectFault(f),
    close: async () => { await Promise.all([apiServer.close(), dataServer.close()]); },
  };
}

/** LINE's answer to too many requests. */
export const LINE_RATE_LIMITED: Reply = { status: 429, body: { message: 'The API rate limit has been exceeded. Try again later.' } };
