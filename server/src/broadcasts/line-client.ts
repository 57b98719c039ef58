/**
 * The slice of the LINE Messaging API that broadcasts use, over @line/bot-sdk, with LINE's answers
 * sorted into what the sender must do about them:
 *
 * - 409 on a send with X-Line-Retry-Key = "already accepted": success, with the first request's id
 *   (x-line-accepted-request-id). That is what makes a retry after a crash safe.
 * - 429 "You have reached your monthly limit." = the quota is spent: stop, never retry blindly.
 * - any other 429 = rate limit (LINE sends no Retry-After): back off and retry.
 * - 5xx, timeouts and network errors = maybe delivered, maybe not: retry with the same retry key.
 * - 401/403 = the channel access token or the plan: stop, tell the user to reconnect LINE.
 * - other 4xx = LINE refused the request; retrying changes nothing.
 *
 * Timeouts: the SDK's fetch has none, so each call races a timer. The abandoned request may still
 * reach LINE — harmless for sends, whose retry keys make the next attempt a no-op if it did.
 */
import { HTTPFetchError, insight, manageAudience, messagingApi } from '@line/bot-sdk';
import type { LineMessage } from '../../../lib/contract/api';

export type LineProblemKind = 'monthly_limit' | 'rate_limited' | 'transient' | 'unauthorized' | 'rejected';

export class LineApiError extends Error {
  constructor(
    readonly kind: LineProblemKind,
    /** LINE's own message (never our secrets: LINE does not echo the token). */
    readonly lineMessage: string,
    readonly status?: number,
    readonly details: { message?: string; property?: string }[] = [],
  ) {
    super(status ? `LINE answered ${status}: ${lineMessage}` : lineMessage);
  }
  /** One sentence for people: LINE's message and its details. */
  describe(): string {
    const details = this.details.map((d) => [d.property, d.message].filter(Boolean).join(': ')).filter(Boolean);
    return details.length ? `${this.lineMessage} (${details.join('; ')})` : this.lineMessage;
  }
  get retryable(): boolean { return this.kind === 'rate_limited' || this.kind === 'transient'; }
}

export interface SendResult {
  /** LINE's x-line-request-id (or, for a repeat, the accepted request's id). */
  requestId: string | null;
  /** True when LINE had already accepted this retry key: nothing was sent this time. */
  alreadyAccepted: boolean;
}
export interface SendOptions {
  notificationDisabled: boolean;
  retryKey: string;
  /** LINE's customAggregationUnits (multicast and push): the statistics are read back per unit. */
  aggregationUnit?: string | null;
}
export interface Quota { limit: number | null; used: number }
export type AudienceStatus = 'IN_PROGRESS' | 'READY' | 'FAILED' | 'EXPIRED' | 'INACTIVE' | 'ACTIVATING';
export interface NarrowcastProgress {
  phase: 'waiting' | 'sending' | 'succeeded' | 'failed';
  successCount?: number;
  failureCount?: number;
  targetCount?: number;
  failedDescription?: string;
  errorCode?: number;
}

/** What the broadcast sender needs from LINE; the fake LINE server answers the same HTTP. */
export interface LineGateway {
  quota(): Promise<Quota>;
  push(to: string, messages: LineMessage[], opts: SendOptions): Promise<SendResult>;
  multicast(to: string[], messages: LineMessage[], opts: SendOptions): Promise<SendResult>;
  createAudience(description: string, userIds: string[]): Promise<number>;
  addToAudience(audienceGroupId: number, userIds: string[]): Promise<void>;
  audienceStatus(audienceGroupId: number): Promise<{ status: AudienceStatus; count: number }>;
  deleteAudience(audienceGroupId: number): Promise<void>;
  narrowcast(audienceGroupId: number, messages: LineMessage[], opts: SendOptions): Promise<SendResult>;
  narrowcastProgress(requestId: string): Promise<NarrowcastProgress>;
  /** Aggregation units used this month, as LINE counts them (`GET /v2/bot/message/aggregation/info`). */
  aggregationUnitsUsed(): Promise<number>;
  /** `GET /v2/bot/insight/message/event/aggregation`: a unit's statistics over [from, to] (yyyyMMdd, UTC+9). */
  statisticsPerUnit(unit: string, from: string, to: string): Promise<MessageStatistics>;
  /** `GET /v2/bot/insight/message/event?requestId=`: a narrowcast's statistics. */
  messageEvent(requestId: string): Promise<MessageStatistics>;
}

/**
 * LINE's interaction statistics, as both insight endpoints answer them. LINE answers `null` where
 * fewer than 20 people did the thing (its privacy threshold): kept null, never read as 0.
 */
export interface MessageStatistics {
  uniqueImpression: number | null;
  uniqueClick: number | null;
  clicks: { seq: number; url: string; click: number | null; uniqueClick: number | null; uniqueClickOfRequest: number | null }[];
}

const orNull = (n: number | null | undefined): number | null => (typeof n === 'number' ? n : null);

export interface LineGatewayConfig {
  channelAccessToken: string;
  /** LUMO_LINE_API_URL (https://api.line.me). */
  apiUrl: string;
  timeoutMs?: number;
}

const MONTHLY_LIMIT = /monthly limit/i;

/** Sorts anything a LINE call threw into a LineApiError. */
export function toLineError(e: unknown): LineApiError {
  if (e instanceof LineApiError) return e;
  if (e instanceof HTTPFetchError) {
    let message = e.statusText || `HTTP ${e.status}`;
    let details: { message?: string; property?: string }[] = [];
    try {
      const body = JSON.parse(e.body) as { message?: unknown; details?: unknown };
      if (typeof body.message === 'string') message = body.message;
      if (Array.isArray(body.details)) details = body.details as typeof details;
    } catch { /* not JSON: keep the status text */ }
    const s = e.status;
    const kind: LineProblemKind = s === 429 ? (MONTHLY_LIMIT.test(message) ? 'monthly_limit' : 'rate_limited')
      : s >= 500 ? 'transient'
        : s === 401 || s === 403 ? 'unauthorized'
          : 'rejected';
    return new LineApiError(kind, message, s, details);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return new LineApiError('transient', `LINE could not be reached (${msg}).`);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LineApiError('transient', `LINE did not answer within ${Math.round(ms / 1000)} s.`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createLineGateway(cfg: LineGatewayConfig): LineGateway {
  const baseURL = cfg.apiUrl.replace(/\/+$/, '');
  const client = new messagingApi.MessagingApiClient({ channelAccessToken: cfg.channelAccessToken, baseURL });
  const audience = new manageAudience.ManageAudienceClient({ channelAccessToken: cfg.channelAccessToken, baseURL });
  const insights = new insight.InsightClient({ channelAccessToken: cfg.channelAccessToken, baseURL });
  const timeoutMs = cfg.timeoutMs ?? 30_000;

  async function call<T>(f: () => Promise<T>): Promise<T> {
    try {
      return await withTimeout(f(), timeoutMs);
    } catch (e) {
      throw toLineError(e);
    }
  }

  /** A send with a retry key: 409 means LINE took an earlier attempt. */
  async function send(f: () => Promise<{ httpResponse: Response }>): Promise<SendResult> {
    try {
      const { httpResponse } = await withTimeout(f(), timeoutMs);
      return { requestId: httpResponse.headers.get('x-line-request-id'), alreadyAccepted: false };
    } catch (e) {
      if (e instanceof HTTPFetchError && e.status === 409) {
        const accepted = e.headers.get('x-line-accepted-request-id');
        if (accepted) return { requestId: accepted, alreadyAccepted: true };
      }
      throw toLineError(e);
    }
  }

  const asSdkMessages = (m: LineMessage[]) => m as unknown as messagingApi.Message[];

  return {
    async quota() {
      const [q, c] = await Promise.all([call(() => client.getMessageQuota()), call(() => client.getMessageQuotaConsumption())]);
      return { limit: q.type === 'limited' ? (q.value ?? 0) : null, used: c.totalUsage };
    },
    push: (to, messages, o) => send(() => client.pushMessageWithHttpInfo(
      { to, messages: asSdkMessages(messages), notificationDisabled: o.notificationDisabled }, o.retryKey)),
    multicast: (to, messages, o) => send(() => client.multicastWithHttpInfo({
      to, messages: asSdkMessages(messages), notificationDisabled: o.notificationDisabled,
      ...(o.aggregationUnit ? { customAggregationUnits: [o.aggregationUnit] } : {}),
    }, o.retryKey)),
    async createAudience(description, userIds) {
      const r = await call(() => audience.createAudienceGroup({
        description, isIfaAudience: false, uploadDescription: 'lumo-broadcast', audiences: userIds.map((id) => ({ id })),
      }));
      if (typeof r.audienceGroupId !== 'number') throw new LineApiError('transient', 'LINE created the audience but did not say its id.');
      return r.audienceGroupId;
    },
    async addToAudience(audienceGroupId, userIds) {
      await call(() => audience.addAudienceToAudienceGroup({ audienceGroupId, uploadDescription: 'lumo-broadcast', audiences: userIds.map((id) => ({ id })) }));
    },
    async audienceStatus(audienceGroupId) {
      const r = await call(() => audience.getAudienceData(audienceGroupId));
      return { status: (r.audienceGroup?.status ?? 'IN_PROGRESS') as AudienceStatus, count: r.audienceGroup?.audienceCount ?? 0 };
    },
    async deleteAudience(audienceGroupId) {
      await call(() => audience.deleteAudienceGroup(audienceGroupId));
    },
    narrowcast: (audienceGroupId, messages, o) => send(() => client.narrowcastWithHttpInfo({
      messages: asSdkMessages(messages), notificationDisabled: o.notificationDisabled,
      recipient: { type: 'audience', audienceGroupId },
    }, o.retryKey)),
    async narrowcastProgress(requestId) {
      const r = await call(() => client.getNarrowcastProgress(requestId));
      return {
        phase: r.phase, successCount: r.successCount, failureCount: r.failureCount, targetCount: r.targetCount,
        failedDescription: r.failedDescription, errorCode: r.errorCode,
      };
    },
    async aggregationUnitsUsed() {
      return (await call(() => client.getAggregationUnitUsage())).numOfCustomAggregationUnits;
    },
    async statisticsPerUnit(unit, from, to) {
      const r = await call(() => insights.getStatisticsPerUnit(unit, from, to));
      return statistics(r.overview, r.clicks);
    },
    async messageEvent(requestId) {
      const r = await call(() => insights.getMessageEvent(requestId));
      return statistics(r.overview, r.clicks);
    },
  };
}

function statistics(
  overview: { uniqueImpression?: number | null; uniqueClick?: number | null } | undefined,
  clicks: { seq?: number; url?: string; click?: number | null; uniqueClick?: number | null; uniqueClickOfRequest?: number | null }[] | undefined,
): MessageStatistics {
  return {
    uniqueImpression: orNull(overview?.uniqueImpression),
    uniqueClick: orNull(overview?.uniqueClick),
    clicks: (clicks ?? []).filter((c) => typeof c.url === 'string').map((c) => ({
      seq: c.seq ?? 0, url: c.url!, click: orNull(c.click), uniqueClick: orNull(c.uniqueClick), uniqueClickOfRequest: orNull(c.uniqueClickOfRequest),
    })),
  };
}
