/**
 * The sync API client (DESIGN.md, "Sync API contract (v1)"): ky for HTTP, the contract's zod
 * schemas for every answer. Network errors, timeouts and 5xx are retried with exponential
 * backoff when the call is safe to repeat; every failure comes out as a typed ApiError.
 */
import ky, { HTTPError, TimeoutError, type KyInstance, type Options } from 'ky';
import { z } from 'zod';
import { activityListSchema } from '../contract/people';
import {
  accountSchema, catalogSchema, deletedSegmentSchema, diagnoseSchema, folderSchema, friendSchema, healthSchema,
  listOf, previewSchema, segmentSchema, segmentVersionSchema, tagSchema,
} from '../contract/api';
import type { Definition } from '../segment/schema';
import { ApiError, badResponse, notConfigured, toApiError } from './errors';
import {
  agentSuggestionSchema, broadcastSchema, broadcastTestResultSchema, integrationSchema,
  type AgentSuggestRequest, type BroadcastCreate, type LineMessage,
} from './schemas';
import type { ApiConfig } from './settings';
import { assignmentSchema, richMenuSchema } from '../contract/rich-menus';
import type { RichMenuCreate } from '../rich-menus/layout';
import { meSchema, sessionSchema } from '../contract/people';
import { broadcastResultsSchema } from '../contract/results';
import { friendSegmentsSchema, tagDetailSchema, tagImportResultSchema, tagOperationSchema, type BroadcastStatus } from '../contract/api';

export interface ApiClientOptions {
  /** Read on every call, so a change in options applies at once. */
  config: () => Promise<ApiConfig | null> | ApiConfig | null;
  /** Per attempt. */
  timeoutMs?: number;
  /** Retries of a safe call after a network error, a timeout, a 429 or a 5xx. */
  retries?: number;
  /** Delay before retry `attempt` (1-based), in ms. */
  retryDelay?: (attempt: number) => number;
  fetch?: typeof fetch;
  /** Called when the API answers 401 (the token or session is no longer valid), before the error is thrown. */
  onUnauthorized?: (token: string) => void;
}

export interface CallOptions {
  /** Overrides the client's retries; 0 for calls whose owner retries them itself (the outbox). */
  retries?: number;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/** 0.5 s, 1 s, 2 s, 4 s … capped at 8 s, with ±20 % jitter so many tabs do not retry in step. */
export const defaultRetryDelay = (attempt: number) =>
  Math.min(8000, 500 * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);

const ALL_METHODS: NonNullable<Options['retry'] & object>['methods'] = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

/** Encodes an id for a path segment; "@" may stay as it is (RFC 3986 pchar) and reads better in logs. */
const seg = (s: string) => encodeURIComponent(s).replace(/%40/g, '@');
const acct = (a: string) => `accounts/${seg(a)}`;

/** Lists answer `{ items }`; a bare array is accepted too, for the accounts route's older shape. */
const itemsOf = <T extends z.ZodType>(item: T) =>
  z.union([listOf(item), z.array(item).transform((items) => ({ items, nextCursor: undefined }))]);

export type ApiClient = ReturnType<typeof createApiClient>;

export function createApiClient(options: ApiClientOptions) {
  const timeout = options.timeoutMs ?? 15_000;
  const retries = options.retries ?? 2;
  const retryDelay = options.retryDelay ?? defaultRetryDelay;
  let instance: { key: string; ky: KyInstance } | null = null;

  async function http(): Promise<{ ky: KyInstance; token: string }> {
    const config = await options.config();
    if (!config) throw notConfigured();
    const key = `${config.baseUrl}\n${config.token}`;
    if (instance?.key !== key) {
      instance = {
        key,
        ky: ky.create({
          prefixUrl: `${config.baseUrl}/v1/`,
          headers: { authorization: `Bearer ${config.token}`, accept: 'application/json' },
          fetch: options.fetch,
        }),
      };
    }
    return { ky: instance.ky, token: config.token };
  }

  async function call<T extends z.ZodType>(
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    schema: T | null,
    init: { json?: unknown; body?: Uint8Array; headers?: Record<string, string>; searchParams?: Record<string, string>; binary?: boolean } & CallOptions = {},
  ): Promise<z.output<T>> {
    const limit = init.retries ?? retries;
    let body: unknown;
    let token: string | null = null;
    try {
      const h = await http();
      token = h.token;
      // ky merges `headers: undefined` over the instance's headers (dropping the token), so
      // only present options are passed.
      const res = await h.ky(path, {
        method,
        ...(init.json !== undefined && { json: init.json }),
        ...(init.body !== undefined && { body: init.body as BodyInit }),
        ...(init.headers && { headers: init.headers }),
        ...(init.searchParams && { searchParams: init.searchParams }),
        ...(init.signal && { signal: init.signal }),
        timeout: init.timeoutMs ?? timeout,
        retry: {
          limit,
          methods: ALL_METHODS,
          delay: retryDelay,
          shouldRetry: ({ error }) => isTransient(error),
        },
      });
      body = res.status === 204 ? null
        : init.binary ? { bytes: new Uint8Array(await res.arrayBuffer()), contentType: res.headers.get('content-type') ?? '' }
          : await res.json().catch(() => null);
    } catch (e) {
      const error = await toApiError(e);
      if (error.status === 401 && token !== null) options.onUnauthorized?.(token);
      throw error;
    }
    if (!schema) return undefined as z.output<T>;
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw badResponse(`${method.toUpperCase()} /v1/${path}`, parsed.error);
    return parsed.data;
  }

  /** Follows `nextCursor` to the end (segments, folders and tags are few per account). */
  async function all<T extends z.ZodType>(path: string, item: T, o?: CallOptions, query: Record<string, string> = {}): Promise<z.output<T>[]> {
    const out: z.output<T>[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 100; page++) {
      const searchParams = cursor ? { ...query, cursor } : query;
      const res = await call('get', path, itemsOf(item), { ...o, searchParams: Object.keys(searchParams).length ? searchParams : undefined });
      out.push(...(res.items as z.output<T>[]));
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    return out;
  }

  const ifMatch = (version: number) => ({ 'if-match': String(version) });
  const idem = (key?: string) => (key ? { 'idempotency-key': key } : undefined);

  return {
    health: (o?: CallOptions) => call('get', 'health', healthSchema, o),
    accounts: (o?: CallOptions) => all('accounts', accountSchema, o),
    catalog: (a: string, o?: CallOptions) => call('get', `${acct(a)}/catalog`, catalogSchema, o),

    friends: (a: string, q: { q?: string; tagId?: string; limit?: number; cursor?: string } = {}, o?: CallOptions) =>
      call('get', `${acct(a)}/friends`, listOf(friendSchema), {
        ...o,
        searchParams: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)])),
      }),

    tags: (a: string, o?: CallOptions) => all(`${acct(a)}/tags`, tagSchema, o),
    createTag: (a: string, body: { name: string }, o?: CallOptions & { idempotencyKey?: string }) =>
      call('post', `${acct(a)}/tags`, tagSchema, { ...o, json: body, headers: idem(o?.idempotencyKey) }),
    renameTag: (a: string, id: string, body: { name: string }, o?: CallOptions) =>
      call('patch', `${acct(a)}/tags/${seg(id)}`, tagSchema, { ...o, json: body }),
    deleteTag: (a: string, id: string, o?: CallOptions) => call('delete', `${acct(a)}/tags/${seg(id)}`, null, o),
    setFriendTags: (a: string, userId: string, tagIds: string[], o?: CallOptions) =>
      call('put', `${acct(a)}/friends/${seg(userId)}/tags`, null, { ...o, json: { tagIds } }),

    folders: (a: string, o?: CallOptions) => all(`${acct(a)}/folders`, folderSchema, o),
    createFolder: (a: string, body: { name: string }, o?: CallOptions & { idempotencyKey?: string }) =>
      call('post', `${acct(a)}/folders`, folderSchema, { ...o, json: body, headers: idem(o?.idempotencyKey) }),
    renameFolder: (a: string, id: string, body: { name: string }, o?: CallOptions) =>
      call('patch', `${acct(a)}/folders/${seg(id)}`, folderSchema, { ...o, json: body }),
    deleteFolder: (a: string, id: string, o?: CallOptions) => call('delete', `${acct(a)}/folders/${seg(id)}`, null, o),

    segments: (a: string, o?: CallOptions) => all(`${acct(a)}/segments`, segmentSchema, o),
    segment: (a: string, id: string, o?: CallOptions) => call('get', `${acct(a)}/segments/${seg(id)}`, segmentSchema, o),
    createSegment: (a: string, body: { name: string; folderId: string | null; definition: Definition | unknown }, o?: CallOptions & { idempotencyKey?: string }) =>
      call('post', `${acct(a)}/segments`, segmentSchema, { ...o, json: body, headers: idem(o?.idempotencyKey) }),
    /** Answers 412 (a `conflict` ApiError) when `version` is no longer the segment's. */
    updateSegment: (a: string, id: string, version: number, patch: { name?: string; folderId?: string | null; definition?: unknown }, o?: CallOptions) =>
      call('patch', `${acct(a)}/segments/${seg(id)}`, segmentSchema, { ...o, json: patch, headers: ifMatch(version) }),
    deleteSegment: (a: string, id: string, version: number, o?: CallOptions) =>
      call('delete', `${acct(a)}/segments/${seg(id)}`, null, { ...o, headers: ifMatch(version) }),

    // history (issue 15)
    segmentVersions: async (a: string, id: string, o?: CallOptions) =>
      (await call('get', `${acct(a)}/segments/${seg(id)}/versions`, listOf(segmentVersionSchema), o)).items,
    /** Answers 412 (a `conflict` ApiError) when `ifMatch` is no longer the segment's version. */
    restoreSegment: (a: string, id: string, ifMatch: number, version: number, o?: CallOptions) =>
      call('post', `${acct(a)}/segments/${seg(id)}/restore`, segmentSchema, { ...o, json: { version }, headers: ifMatch ? { 'if-match': String(ifMatch) } : undefined }),
    deletedSegments: (a: string, o?: CallOptions) => all(`${acct(a)}/segments/deleted`, deletedSegmentSchema, o),
    undeleteSegment: (a: string, id: string, o?: CallOptions) => call('post', `${acct(a)}/segments/${seg(id)}/undelete`, segmentSchema, o),
    activity: (a: string, q: { limit?: number; cursor?: string } = {}, o?: CallOptions) =>
      call('get', `${acct(a)}/activity`, activityListSchema, {
        ...o, searchParams: Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])),
      }),

    preview: (a: string, id: string, o?: CallOptions) => call('get', `${acct(a)}/segments/${seg(id)}/preview`, previewSchema, o),
    draftPreview: (a: string, body: { definition: Definition; asOf?: string }, o?: CallOptions) =>
      call('post', `${acct(a)}/preview`, previewSchema, { ...o, json: body }),
    diagnose: (a: string, body: { definition: Definition; asOf?: string }, o?: CallOptions) =>
      call('post', `${acct(a)}/diagnose`, diagnoseSchema, { ...o, json: body }),

    /** The same `idempotencyKey` never sends twice, so this POST is safe to retry. */
    createBroadcast: (a: string, body: BroadcastCreate, idempotencyKey: string, o?: CallOptions) =>
      call('post', `${acct(a)}/broadcasts`, broadcastSchema, { ...o, json: body, headers: { 'idempotency-key': idempotencyKey } }),
    broadcast: (a: string, id: string, o?: CallOptions) => call('get', `${acct(a)}/broadcasts/${seg(id)}`, broadcastSchema, o),
    broadcasts: (a: string, q: { segmentId?: string; status?: BroadcastStatus } = {}, o?: CallOptions) =>
      all(`${acct(a)}/broadcasts`, broadcastSchema, o, {
        ...(q.segmentId ? { segmentId: q.segmentId } : {}), ...(q.status ? { status: q.status } : {}),
      }),
    // results (issue 16)
    broadcastResults: (a: string, id: string, o?: CallOptions) =>
      call('get', `${acct(a)}/broadcasts/${seg(id)}/results`, broadcastResultsSchema, o),
    /** Spends one of the channel's 60 statistics calls of the hour: never retried. */
    refreshBroadcastResults: (a: string, id: string, o?: CallOptions) =>
      call('post', `${acct(a)}/broadcasts/${seg(id)}/results/refresh`, broadcastResultsSchema, { retries: 0, ...o }),
    cancelBroadcast: (a: string, id: string, o?: CallOptions) =>
      call('post', `${acct(a)}/broadcasts/${seg(id)}/cancel`, broadcastSchema, { retries: 0, ...o }),
    /** Sends to one user: not repeated on a lost answer, so the tester gets one message. */
    /** Sends a broadcast awaiting approval through the usual delivery path (a role that may send). */
    approveBroadcast: (a: string, id: string, o?: CallOptions) =>
      call('post', `${acct(a)}/broadcasts/${seg(id)}/approve`, broadcastSchema, { retries: 0, ...o }),
    /** Declines a broadcast awaiting approval; the reason is kept for the person who asked. */
    declineBroadcast: (a: string, id: string, body: { reason: string }, o?: CallOptions) =>
      call('post', `${acct(a)}/broadcasts/${seg(id)}/decline`, broadcastSchema, { retries: 0, ...o, json: body }),
    testBroadcast: (a: string, body: { messages: LineMessage[]; userId: string }, o?: CallOptions) =>
      call('post', `${acct(a)}/broadcasts/test`, broadcastTestResultSchema, { retries: 0, ...o, json: body }),

    agentSuggest: (a: string, body: AgentSuggestRequest, o?: CallOptions) =>
      call('post', `${acct(a)}/agent/suggest`, agentSuggestionSchema, { timeoutMs: 60_000, ...o, json: body }),
    integrations: async (a: string, o?: CallOptions) =>
      (await call('get', `${acct(a)}/integrations`, itemsOf(integrationSchema), o)).items,
    /** Who is signed in, with their accounts and roles. */
    me: (o?: CallOptions) => call('get', 'me', meSchema, o),
    /** Ends this session at the API: the token stops at once. */
    endSession: (o?: CallOptions) => call('delete', 'sessions/current', null, { retries: 0, ...o }),
    /** The service checks the credentials first; not repeated, so a refusal is seen once. */
    connectIntegration: (a: string, provider: string, body: Record<string, string>, o?: CallOptions) =>
      call('put', `${acct(a)}/integrations/${seg(provider)}`, integrationSchema, { retries: 0, timeoutMs: 30_000, ...o, json: body }),
    /** LINE checks the channel first; not repeated, so a refusal is seen once. */
    connectAccount: (body: { channelSecret: string; channelAccessToken: string; accountId: string }, o?: CallOptions) =>
      call('post', 'accounts/connect', accountSchema, { retries: 0, timeoutMs: 30_000, ...o, json: body }),
    disconnectIntegration: (a: string, provider: string, o?: CallOptions) =>
      call('delete', `${acct(a)}/integrations/${seg(provider)}`, null, o),
    syncIntegration: (a: string, provider: string, o?: CallOptions) =>
      call('post', `${acct(a)}/integrations/${seg(provider)}/sync`, integrationSchema, o),

    // tags at scale and export (DESIGN.md "Tags at scale", "Export")
    tag: (a: string, id: string, o?: CallOptions) => call('get', `${acct(a)}/tags/${seg(id)}`, tagDetailSchema, o),
    friend: (a: string, userId: string, o?: CallOptions) => call('get', `${acct(a)}/friends/${seg(userId)}`, friendSchema, o),
    friendSegments: (a: string, userId: string, o?: CallOptions) => call('get', `${acct(a)}/friends/${seg(userId)}/segments`, friendSegmentsSchema, o),
    startTagOperation: (a: string, segmentId: string, body: { tagId: string; action: 'add' | 'remove' }, idempotencyKey: string, o?: CallOptions) =>
      call('post', `${acct(a)}/segments/${seg(segmentId)}/tags`, tagOperationSchema, { ...o, json: body, headers: { 'idempotency-key': idempotencyKey } }),
    tagOperation: (a: string, id: string, o?: CallOptions) => call('get', `${acct(a)}/tag-operations/${seg(id)}`, tagOperationSchema, o),
    undoTagOperation: (a: string, id: string, o?: CallOptions) => call('post', `${acct(a)}/tag-operations/${seg(id)}/undo`, tagOperationSchema, o),
    /** Not retried: a repeated import would count the first one's tags as "already tagged". */
    importTagsCsv: (a: string, csv: Uint8Array, o?: CallOptions) =>
      call('post', `${acct(a)}/friends/tags/import`, tagImportResultSchema, { retries: 0, timeoutMs: 120_000, ...o, body: csv, headers: { 'content-type': 'text/csv' } }),
    exportSegmentCsv: (a: string, segmentId: string, o?: CallOptions) =>
      call('get', `${acct(a)}/segments/${seg(segmentId)}/export.csv`, z.object({ bytes: z.instanceof(Uint8Array), contentType: z.string() }), { timeoutMs: 300_000, ...o, binary: true }),
    // rich menus (DESIGN.md, "Rich menus")
    richMenus: (a: string, o?: CallOptions) => all(`${acct(a)}/rich-menus`, richMenuSchema, o),
    createRichMenu: (a: string, body: RichMenuCreate, o?: CallOptions) =>
      call('post', `${acct(a)}/rich-menus`, richMenuSchema, { retries: 0, ...o, json: body }),
    uploadRichMenuImage: (a: string, id: string, bytes: Uint8Array, contentType: string, o?: CallOptions) =>
      call('put', `${acct(a)}/rich-menus/${seg(id)}/image`, richMenuSchema, { ...o, body: bytes, headers: { 'content-type': contentType } }),
    richMenuImage: (a: string, id: string, o?: CallOptions) =>
      call('get', `${acct(a)}/rich-menus/${seg(id)}/image`, z.object({ bytes: z.instanceof(Uint8Array), contentType: z.string() }), { ...o, binary: true }),
    deleteRichMenu: (a: string, id: string, o?: CallOptions) => call('delete', `${acct(a)}/rich-menus/${seg(id)}`, null, o),
    richMenuAssignments: (a: string, o?: CallOptions) => all(`${acct(a)}/rich-menu-assignments`, assignmentSchema, o),
    assignRichMenu: (a: string, segmentId: string, body: { richMenuId: string; priority?: number }, o?: CallOptions) =>
      call('put', `${acct(a)}/segments/${seg(segmentId)}/rich-menu`, assignmentSchema, { ...o, json: body }),
    unassignRichMenu: (a: string, segmentId: string, o?: CallOptions) =>
      call('delete', `${acct(a)}/segments/${seg(segmentId)}/rich-menu`, assignmentSchema, o),
    unlinkAllRichMenus: (a: string, o?: CallOptions) =>
      call('post', `${acct(a)}/rich-menus/unlink-all`, z.object({ assignments: z.number().int() }), o),
  };
}

function isTransient(error: Error): boolean {
  if (error instanceof HTTPError) return error.response.status >= 500 || error.response.status === 429 || error.response.status === 408;
  if (error instanceof TimeoutError) return true;
  return error instanceof TypeError; // fetch's network failure
}

export { ApiError };

/**
 * The calls made before there is a token (sign in, accept an invite): no bearer, never retried
 * (a wrong password must count once), answers parsed like every other.
 */
export async function signInCall(baseUrl: string, path: 'sessions' | 'invites/accept', body: unknown, fetchImpl?: typeof fetch) {
  let data: unknown;
  try {
    const res = await ky.post(`${baseUrl}/v1/${path}`, { json: body, retry: 0, timeout: 15_000, fetch: fetchImpl, headers: { accept: 'application/json' } });
    data = await res.json().catch(() => null);
  } catch (e) {
    throw await toApiError(e);
  }
  const parsed = sessionSchema.safeParse(data);
  if (!parsed.success) throw badResponse(`POST /v1/${path}`, parsed.error);
  return parsed.data;
}
