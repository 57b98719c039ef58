/**
 * The sending side of the fake LINE Messaging API, as the broadcast tests need it (owned by the
 * broadcasts engineer). Note to the integrations engineer: this plugs into your `startFakeLine()`
 * through `extraRoutes` and answers push, multicast, narrowcast + progress, quota and JSON
 * uploaded-ID audiences before your built-in versions do; it adds what those tests need beyond
 * them: audiences that stay IN_PROGRESS for a while (narrowcast refused until READY), narrowcast
 * progress that takes time, retry keys checked as UUIDs, push counted against the quota, and
 * faults that hit after LINE accepted a send ("accepted, but the answer was lost").
 *
 * Shaped after line/line-openapi messaging-api.yml and manage-audience.yml and the documented
 * behaviours around them:
 * - X-Line-Retry-Key: a UUID; a key already accepted answers 409 {"message":"The retry key is
 *   already accepted"} with the first request's id in x-line-accepted-request-id (valid 24 h).
 * - multicast: 1–500 user ids, 1–5 messages; narrowcast: 202, delivered later (progress endpoint);
 *   an uploaded-ID audience must be READY (it is IN_PROGRESS for a few reads after an upload).
 * - quota: {type, value} and {totalUsage}; a send that would pass the monthly limit answers 429
 *   {"message":"You have reached your monthly limit."}; the count is per recipient, not per bubble.
 * - rate limit: 429 {"message":"The API rate limit has been exceeded. Try again later."}
 *   (no Retry-After header: LINE sends none).
 * Everything received is recorded, accepted or not, so tests assert on what LINE would have done.
 */
import { randomUUID } from 'node:crypto';
import { startFakeLine, type FakeLine, type FakeLineOptions } from './index';

const USER_ID = /^U[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | undefined>;
  body: unknown;
}
export interface FakeResponse { status: number; headers?: Record<string, string>; body: unknown }

export interface AcceptedSend {
  kind: 'push' | 'multicast' | 'narrowcast';
  requestId: string;
  retryKey: string | null;
  to: string[];
  messages: unknown[];
  notificationDisabled: boolean;
  audienceGroupId?: number;
}
export interface ReceivedRequest {
  method: string;
  path: string;
  retryKey: string | null;
  status: number;
  /** For sends: the recipients asked for (accepted or not). */
  to?: string[];
}
/** A failure the fake answers instead of the real behaviour, for the next `times` matching requests. */
export interface PlannedFailure {
  path: string;
  method?: string;
  status: number;
  body?: unknown;
  times: number;
  /** Only requests whose nth occurrence (1-based, counting from when planned) is listed fail. */
  onlyNth?: number[];
  /** Accept the send first, then answer the failure: "LINE took it but the answer was lost". */
  afterAccepting?: boolean;
  seen?: number;
}
interface Audience {
  audienceGroupId: number;
  description: string;
  userIds: Set<string>;
  created: number;
  /** Reads left while IN_PROGRESS after the latest upload. */
  inProgressReads: number;
  jobs: { audienceGroupJobId: number; type: 'DIFF_ADD'; audienceCount: number; created: number }[];
}
interface Narrowcast { requestId: string; acceptedTime: string; audienceGroupId: number; targetCount: number; progressReads: number }

export interface FakeLineBroadcastOptions {
  channelAccessToken?: string;
  quota?: { type: 'none' } | { type: 'limited'; value: number };
  totalUsage?: number;
  /** How many GETs an audience stays IN_PROGRESS after an upload (default 1). */
  audienceInProgressReads?: number;
  /** How many progress reads a narrowcast stays in "sending" (default 1). */
  narrowcastProgressReads?: number;
  /** Called after a send is accepted and recorded, before the answer goes out. */
  onAccepted?: (send: AcceptedSend, index: number) => void;
}

export class FakeLineBroadcastState {
  readonly channelAccessToken: string;
  quota: { type: 'none' } | { type: 'limited'; value: number };
  totalUsage: number;
  /** Sends LINE accepted, in order: what the friends actually receive. */
  readonly accepted: AcceptedSend[] = [];
  /** Every request, in order. */
  readonly requests: ReceivedRequest[] = [];
  readonly audiences = new Map<number, Audience>();
  readonly narrowcasts = new Map<string, Narrowcast>();
  readonly failures: PlannedFailure[] = [];
  private readonly retryKeys = new Map<string, string>();
  private nextAudienceId = 1_234_567_890_000;
  private nextJobId = 1;

  constructor(readonly opts: FakeLineBroadcastOptions = {}) {
    this.channelAccessToken = opts.channelAccessToken ?? 'fake-channel-access-token';
    this.quota = opts.quota ?? { type: 'none' };
    this.totalUsage = opts.totalUsage ?? 0;
  }

  /** The next `times` requests to `path` answer `status` (with LINE's error body). */
  fail(f: Omit<PlannedFailure, 'seen'>): void {
    this.failures.push({ ...f, seen: 0 });
  }

  /** Every user id that received anything (multicast, push, narrowcast), with repetitions. */
  deliveries(kind?: AcceptedSend['kind']): string[] {
    return this.accepted.filter((s) => !kind || s.kind === kind).flatMap((s) => s.to);
  }

  allocateAudienceId(): number { return this.nextAudienceId++; }
  allocateJobId(): number { return this.nextJobId++; }
  rememberRetryKey(key: string, requestId: string): void { this.retryKeys.set(key, requestId); }
  acceptedRequestFor(key: string): string | undefined { return this.retryKeys.get(key); }
}

const err = (status: number, message: string, details?: { message: string; property?: string }[]): FakeResponse =>
  ({ status, body: details ? { message, details } : { message } });

function plannedFailure(state: FakeLineBroadcastState, req: FakeRequest): PlannedFailure | undefined {
  for (const f of state.failures) {
    if (f.times <= 0 || f.path !== req.path || (f.method && f.method !== req.method)) continue;
    f.seen = (f.seen ?? 0) + 1;
    if (f.onlyNth && !f.onlyNth.includes(f.seen)) continue;
    f.times--;
    return f;
  }
  return undefined;
}

function validateMessages(messages: unknown): FakeResponse | null {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) {
    return err(400, 'The request body has 1 error(s)', [{ message: 'Size must be between 1 and 5', property: 'messages' }]);
  }
  for (const [i, m] of messages.entries()) {
    const msg = m as Record<string, unknown>;
    if (msg.type === 'text') {
      if (typeof msg.text !== 'string' || msg.text.length === 0 || msg.text.length > 5000) {
        return err(400, 'The request body has 1 error(s)', [{ message: 'Length must be between 1 and 5000', property: `messages[${i}].text` }]);
      }
    } else if (msg.type === 'image') {
      for (const k of ['originalContentUrl', 'previewImageUrl']) {
        const u = msg[k];
        if (typeof u !== 'string' || !u.startsWith('https://') || u.length > 2000) {
          return err(400, 'The request body has 1 error(s)', [{ message: 'Must be a valid HTTPS URL', property: `messages[${i}].${k}` }]);
        }
      }
    } else if (msg.type === 'sticker') {
      if (typeof msg.packageId !== 'string' || typeof msg.stickerId !== 'string') {
        return err(400, 'The request body has 1 error(s)', [{ message: 'May not be empty', property: `messages[${i}].packageId` }]);
      }
    } else {
      return err(400, 'The request body has 1 error(s)', [{ message: 'Invalid message type', property: `messages[${i}].type` }]);
    }
  }
  return null;
}

/** Retry-key check shared by the send endpoints: 400 for a malformed key, 409 for an accepted one. */
function retryKeyCheck(state: FakeLineBroadcastState, key: string | null): FakeResponse | null {
  if (key === null) return null;
  if (!UUID.test(key)) return err(400, 'The retry key must be a UUID in hexadecimal format');
  const accepted = state.acceptedRequestFor(key);
  if (accepted) return { status: 409, headers: { 'x-line-accepted-request-id': accepted }, body: { message: 'The retry key is already accepted' } };
  return null;
}

function quotaCheck(state: FakeLineBroadcastState, recipients: number): FakeResponse | null {
  if (state.quota.type === 'limited' && state.totalUsage + recipients > state.quota.value) {
    return err(429, 'You have reached your monthly limit.');
  }
  return null;
}

function accept(state: FakeLineBroadcastState, send: Omit<AcceptedSend, 'requestId'>, status = 200): FakeResponse {
  const requestId = randomUUID();
  const full = { ...send, requestId };
  state.accepted.push(full);
  state.totalUsage += send.to.length;
  if (send.retryKey) state.rememberRetryKey(send.retryKey, requestId);
  state.opts.onAccepted?.(full, state.accepted.length - 1);
  return { status, headers: { 'x-line-request-id': requestId }, body: {} };
}

const BROADCAST_PATHS = [
  '/v2/bot/message/push', '/v2/bot/message/multicast', '/v2/bot/message/narrowcast',
  '/v2/bot/message/progress/narrowcast', '/v2/bot/message/quota', '/v2/bot/message/quota/consumption',
  '/v2/bot/audienceGroup/upload',
];

/** Answers a broadcast-slice request, or null when the path is not one of ours. */
export function handleBroadcastRequest(state: FakeLineBroadcastState, req: FakeRequest): FakeResponse | null {
  const audienceMatch = /^\/v2\/bot\/audienceGroup\/(\d+)$/.exec(req.path);
  if (!BROADCAST_PATHS.includes(req.path) && !audienceMatch) return null;
  const retryKey = req.headers['x-line-retry-key'] ?? null;
  const to = sendTargets(req);
  const record = (res: FakeResponse) => {
    state.requests.push({ method: req.method, path: req.path, retryKey, status: res.status, ...(to ? { to } : {}) });
    return res;
  };

  if (req.headers.authorization !== `Bearer ${state.channelAccessToken}`) {
    return record(err(401, 'Authentication failed due to the following reason: invalid token. Confirm that the access token in the authorization header is valid.'));
  }
  const failure = plannedFailure(state, req);
  if (failure && !failure.afterAccepting) {
    return record({ status: failure.status, body: failure.body ?? { message: failure.status === 429 ? 'The API rate limit has been exceeded. Try again later.' : 'An internal server error occurred.' } });
  }
  const res = route(state, req, retryKey, audienceMatch);
  if (failure?.afterAccepting) {
    return record({ status: failure.status, body: failure.body ?? { message: 'An internal server error occurred.' } });
  }
  return record(res);
}

function sendTargets(req: FakeRequest): string[] | undefined {
  const body = req.body as Record<string, unknown> | null;
  if (req.method !== 'POST' || !body) return undefined;
  if (req.path === '/v2/bot/message/multicast' && Array.isArray(body.to)) return body.to as string[];
  if (req.path === '/v2/bot/message/push' && typeof body.to === 'string') return [body.to];
  return undefined;
}

function route(state: FakeLineBroadcastState, req: FakeRequest, retryKey: string | null, audienceMatch: RegExpExecArray | null): FakeResponse {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const key = `${req.method} ${audienceMatch ? '/v2/bot/audienceGroup/{id}' : req.path}`;
  switch (key) {
    case 'GET /v2/bot/message/quota':
      return { status: 200, body: state.quota };
    case 'GET /v2/bot/message/quota/consumption':
      return { status: 200, body: { totalUsage: state.totalUsage } };

    case 'POST /v2/bot/message/push': {
      const bad = retryKeyCheck(state, retryKey) ?? validateMessages(body.messages);
      if (bad) return bad;
      if (typeof body.to !== 'string' || !USER_ID.test(body.to)) return err(400, 'Failed to send messages');
      return quotaCheck(state, 1) ?? accept(state, {
        kind: 'push', retryKey, to: [body.to], messages: body.messages as unknown[], notificationDisabled: body.notificationDisabled === true,
      }, 200);
    }
    case 'POST /v2/bot/message/multicast': {
      const bad = retryKeyCheck(state, retryKey) ?? validateMessages(body.messages);
      if (bad) return bad;
      const to = body.to;
      if (!Array.isArray(to) || to.length < 1 || to.length > 500) {
        return err(400, 'The request body has 1 error(s)', [{ message: 'Size must be between 1 and 500', property: 'to' }]);
      }
      if (to.some((u) => typeof u !== 'string' || !USER_ID.test(u))) return err(400, 'Failed to send messages');
      return quotaCheck(state, to.length) ?? accept(state, {
        kind: 'multicast', retryKey, to: to as string[], messages: body.messages as unknown[], notificationDisabled: body.notificationDisabled === true,
      });
    }
    case 'POST /v2/bot/message/narrowcast': {
      const bad = retryKeyCheck(state, retryKey) ?? validateMessages(body.messages);
      if (bad) return bad;
      const recipient = body.recipient as { type?: string; audienceGroupId?: number } | undefined;
      const audience = recipient?.type === 'audience' ? state.audiences.get(Number(recipient.audienceGroupId)) : undefined;
      if (!audience) return err(400, 'audience group not found', [{ message: 'AUDIENCE_GROUP_NOT_FOUND' }]);
      if (audience.inProgressReads > 0) return err(400, 'The audience is not ready', [{ message: 'AUDIENCE_GROUP_NOT_READY' }]);
      const res = quotaCheck(state, audience.userIds.size) ?? accept(state, {
        kind: 'narrowcast', retryKey, to: [...audience.userIds], messages: body.messages as unknown[],
        notificationDisabled: body.notificationDisabled === true, audienceGroupId: audience.audienceGroupId,
      }, 202);
      if (res.status === 202) {
        const requestId = res.headers!['x-line-request-id'];
        state.narrowcasts.set(requestId, {
          requestId, acceptedTime: new Date().toISOString(), audienceGroupId: audience.audienceGroupId,
          targetCount: audience.userIds.size, progressReads: state.opts.narrowcastProgressReads ?? 1,
        });
      }
      return res;
    }
    case 'GET /v2/bot/message/progress/narrowcast': {
      const n = state.narrowcasts.get(req.query.get('requestId') ?? '');
      if (!n) return err(404, 'Not found');
      if (n.progressReads > 0) {
        n.progressReads--;
        return { status: 200, body: { phase: 'sending', acceptedTime: n.acceptedTime } };
      }
      return {
        status: 200,
        body: {
          phase: 'succeeded', successCount: n.targetCount, failureCount: 0, targetCount: n.targetCount,
          acceptedTime: n.acceptedTime, completedTime: new Date().toISOString(),
        },
      };
    }

    case 'POST /v2/bot/audienceGroup/upload': {
      const ids = audienceIds(body.audiences);
      if (typeof ids === 'object' && 'status' in ids) return ids;
      const description = typeof body.description === 'string' ? body.description : '';
      if (description.length < 1 || description.length > 120) {
        return err(400, 'The request body has 1 error(s)', [{ message: 'Length must be between 1 and 120', property: 'description' }]);
      }
      const id = state.allocateAudienceId();
      const created = Math.floor(Date.now() / 1000);
      state.audiences.set(id, {
        audienceGroupId: id, description, userIds: new Set(ids), created,
        inProgressReads: state.opts.audienceInProgressReads ?? 1,
        jobs: [{ audienceGroupJobId: state.allocateJobId(), type: 'DIFF_ADD', audienceCount: ids.length, created }],
      });
      return {
        status: 202,
        body: {
          audienceGroupId: id, createRoute: 'MESSAGING_API', type: 'UPLOAD', description, created,
          permission: 'READ_WRITE', expireTimestamp: created + 180 * 86_400, isIfaAudience: false,
        },
      };
    }
    case 'PUT /v2/bot/audienceGroup/upload': {
      const ids = audienceIds(body.audiences);
      if (typeof ids === 'object' && 'status' in ids) return ids;
      const audience = state.audiences.get(Number(body.audienceGroupId));
      if (!audience) return err(400, 'audience group not found', [{ message: 'AUDIENCE_GROUP_NOT_FOUND' }]);
      for (const u of ids) audience.userIds.add(u);
      audience.inProgressReads = state.opts.audienceInProgressReads ?? 1;
      audience.jobs.push({ audienceGroupJobId: state.allocateJobId(), type: 'DIFF_ADD', audienceCount: ids.length, created: Math.floor(Date.now() / 1000) });
      return { status: 202, body: {} };
    }
    case 'GET /v2/bot/audienceGroup/{id}': {
      const audience = state.audiences.get(Number(audienceMatch![1]));
      if (!audience) return err(400, 'audience group not found', [{ message: 'AUDIENCE_GROUP_NOT_FOUND' }]);
      const status = audience.inProgressReads > 0 ? 'IN_PROGRESS' : 'READY';
      if (audience.inProgressReads > 0) audience.inProgressReads--;
      return {
        status: 200,
        body: {
          audienceGroup: {
            audienceGroupId: audience.audienceGroupId, createRoute: 'MESSAGING_API', type: 'UPLOAD',
            description: audience.description, status, audienceCount: audience.userIds.size, created: audience.created,
            permission: 'READ_WRITE', isIfaAudience: false, expireTimestamp: audience.created + 180 * 86_400,
          },
          jobs: audience.jobs.slice(-50).map((j) => ({
            ...j, audienceGroupId: audience.audienceGroupId, description: 'upload', status: 'FINISHED', jobStatus: 'FINISHED',
          })),
        },
      };
    }
    case 'DELETE /v2/bot/audienceGroup/{id}': {
      const id = Number(audienceMatch![1]);
      if (!state.audiences.delete(id)) return err(400, 'audience group not found', [{ message: 'AUDIENCE_GROUP_NOT_FOUND' }]);
      return { status: 200, body: {} };
    }
    default:
      return err(404, 'Not found');
  }
}

function audienceIds(audiences: unknown): string[] | FakeResponse {
  if (!Array.isArray(audiences) || audiences.length < 1 || audiences.length > 10_000) {
    return err(400, 'The request body has 1 error(s)', [{ message: 'Size must be between 1 and 10000', property: 'audiences' }]);
  }
  const ids = audiences.map((a) => (a as { id?: unknown }).id);
  if (ids.some((u) => typeof u !== 'string' || !USER_ID.test(u))) {
    return err(400, 'The request body has 1 error(s)', [{ message: 'Invalid user id', property: 'audiences' }]);
  }
  return ids as string[];
}

export interface FakeLineBroadcast {
  /** The Messaging API host (api.line.me): LUMO_LINE_API_URL. */
  url: string;
  /** The data host (api-data.line.me): LUMO_LINE_DATA_API_URL. */
  dataUrl: string;
  channelAccessToken: string;
  state: FakeLineBroadcastState;
  /** The integrations engineer's fake underneath: profiles, followers, faults, every request. */
  line: FakeLine;
  close(): Promise<void>;
}

/**
 * The integrations engineer's `startFakeLine()` with this broadcast slice routed in front of its
 * built-in send endpoints (through its `extraRoutes` hook): one server, both slices.
 */
export async function startFakeLineBroadcast(opts: FakeLineBroadcastOptions & Pick<FakeLineOptions, 'friends' | 'basicId'> = {}): Promise<FakeLineBroadcast> {
  const state = new FakeLineBroadcastState(opts);
  const line = await startFakeLine({
    channelAccessToken: state.channelAccessToken,
    friends: opts.friends,
    basicId: opts.basicId,
    extraRoutes: (req, host) => {
      if (host !== 'api') return undefined;
      const headers: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v[0] : v;
      const out = handleBroadcastRequest(state, { method: req.method, path: req.path, query: req.query, headers, body: req.body ?? null });
      return out ?? undefined;
    },
  });
  return { url: line.url, dataUrl: line.dataUrl, channelAccessToken: state.channelAccessToken, state, line, close: () => line.close() };
}
