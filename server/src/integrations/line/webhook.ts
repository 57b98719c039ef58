/**
 * The LINE webhook (POST /v1/webhooks/line/:a): LINE posts `{ destination, events }` signed with
 * the channel secret — X-Line-Signature is the base64 HMAC-SHA256 of the raw body — and expects a
 * 200 quickly.
 *
 *   - The signature is checked over the raw bytes, in constant time (the SDK's validateSignature),
 *     before anything is parsed; missing or wrong → 401 and nothing changes.
 *   - follow → the friend is created with addedAt = the event's timestamp the first time; a
 *     re-follow clears blockedAt and keeps addedAt. unfollow → blockedAt.
 *   - Events are applied in timestamp order, and an event older than the last one applied to that
 *     friend changes nothing (friends.last_event_at), so a late redelivery cannot undo a newer state.
 *   - A redelivery of an event already applied (same webhookEventId) is skipped. The id is recorded
 *     after the event is applied: a crash between the two lets LINE's redelivery apply it again,
 *     which the timestamp rule makes harmless.
 *   - The connection's last_event_at says LINE reaches the webhook; written at most once a minute.
 *   - A new friend's profile (display name, picture) is fetched through the SDK; if LINE cannot be
 *     reached the friend is kept without it and the next "Sync friends" fills it in.
 */
import { validateSignature } from '@line/bot-sdk';
import { z } from 'zod';
import type { AppDeps } from '../../http/context';
import { ApiError, unauthorized } from '../../http/errors';
import { getFriend, setBlocked } from '../../repositories/friends';
import { getIntegration, noteWebhookEvent, pruneWebhookEvents, recordWebhookEvent, seenWebhookEvents } from '../repository';
import { openCredentials } from '../credentials';
import { SecretUnreadable } from '../secrets';
import { lineClients } from './client';
import { LINE_USER_ID_RE } from '../../../../lib/contract/api';

const eventSchema = z.object({
  type: z.string(),
  timestamp: z.number().int().nonnegative(),
  webhookEventId: z.string().min(1).max(100).optional(),
  source: z.object({ type: z.string(), userId: z.string().optional() }).optional(),
  deliveryContext: z.object({ isRedelivery: z.boolean() }).optional(),
}).loose();
const callbackSchema = z.object({ destination: z.string().optional(), events: z.array(eventSchema) }).loose();

export interface WebhookResult { received: number; applied: number; duplicates: number; ignored: number }

const PROFILE_TIMEOUT_MS = 3000;
const REMEMBER_EVENTS_MS = 7 * 86_400_000;
/** "Last event" is shown to the minute: writing it more often would cost a row write per event. */
export const LAST_EVENT_EVERY_MS = 60_000;

/**
 * One answer for every request without a valid signature — unknown account, LINE not connected,
 * credentials unreadable, signature missing or wrong — so a stranger learns nothing about which
 * accounts exist or are connected. The operator finds the real reason in the log.
 */
const refused = () => unauthorized('The X-Line-Signature is missing or does not match the body: only the LINE channel connected to this account may call this webhook.');

export async function handleLineWebhook(deps: AppDeps, accountId: string, rawBody: Uint8Array, signature: string | undefined): Promise<WebhookResult> {
  const log = deps.logger.child({ account: accountId, route: 'line-webhook' });
  if (!signature) throw refused();
  const integration = await getIntegration(deps.store.db, accountId, 'line');
  if (!integration) {
    log.debug('LINE webhook refused: no such account, or LINE not connected');
    throw refused();
  }
  let creds: ReturnType<typeof openCredentials<'line'>>;
  try {
    creds = openCredentials(deps.config.secretKey, accountId, 'line', integration.credentials);
  } catch (e) {
    if (e instanceof SecretUnreadable) {
      log.warn('LINE webhook refused: the stored LINE credentials cannot be read (LUMO_SECRET_KEY changed?); connect LINE again', { err: e.message });
      throw refused();
    }
    throw e;
  }
  if (!validateSignature(Buffer.from(rawBody), creds.channelSecret, signature)) {
    log.debug('LINE webhook refused: the signature does not match (another channel, or a channel secret in Lumo that is not this channel\'s)');
    throw refused();
  }

  let parsed: z.infer<typeof callbackSchema>;
  try {
    const r = callbackSchema.safeParse(JSON.parse(Buffer.from(rawBody).toString('utf8')));
    if (!r.success) throw new Error(r.error.issues[0]?.message ?? 'invalid');
    parsed = r.data;
  } catch (e) {
    throw new ApiError(400, 'invalid_request', `The webhook body is not a LINE webhook request: ${(e as Error).message}`);
  }

  // Any signed request counts, the console's "Verify" (no events) too: it proves the webhook URL
  // and the channel secret are right, which is what "Last event" tells the person.
  const now = deps.clock.now();
  if (integration.lastEventAt === null || integration.lastEventAt <= now - LAST_EVENT_EVERY_MS) {
    await noteWebhookEvent(deps.store.db, accountId, integration.connectionId, now, LAST_EVENT_EVERY_MS);
  }

  const result: WebhookResult = { received: parsed.events.length, applied: 0, duplicates: 0, ignored: 0 };
  const relevant = parsed.events
    .filter((e) => (e.type === 'follow' || e.type === 'unfollow') && e.source?.type === 'user' && LINE_USER_ID_RE.test(e.source.userId ?? ''));
  result.ignored = parsed.events.length - relevant.length;
  if (relevant.length === 0) return result;

  const seen = await seenWebhookEvents(deps.store.db, accountId, relevant.map((e) => e.webhookEventId).filter((id): id is string => !!id));
  const fresh = relevant.filter((e) => !(e.webhookEventId && seen.has(e.webhookEventId)));
  result.duplicates = relevant.length - fresh.length;
  // Stable sort: same-timestamp events keep LINE's order.
  fresh.sort((a, b) => a.timestamp - b.timestamp);

  const line = lineClients(creds, deps.config.vendors);
  for (const e of fresh) {
    const userId = e.source!.userId!;
    let profile: { displayName?: string; pictureUrl?: string | null } = {};
    if (e.type === 'follow') {
      const friend = await getFriend(deps.store.db, accountId, userId);
      if (!friend || !friend.displayName) profile = await fetchProfile(line, userId, log);
    }
    const changed = await setBlocked(deps.store, accountId, userId, e.type === 'follow' ? null : e.timestamp, { now, eventAt: e.timestamp, ...profile });
    if (changed) result.applied++;
    if (e.webhookEventId) await recordWebhookEvent(deps.store.db, accountId, e.webhookEventId, now);
  }
  if (Math.random() < 0.01) await pruneWebhookEvents(deps.store.db, accountId, now - REMEMBER_EVENTS_MS);
  return result;
}

async function fetchProfile(line: ReturnType<typeof lineClients>, userId: string, log: AppDeps['logger']): Promise<{ displayName?: string; pictureUrl?: string | null }> {
  const timeout = new Promise<null>((resolve) => { const t = setTimeout(() => resolve(null), PROFILE_TIMEOUT_MS); t.unref?.(); });
  try {
    const p = await Promise.race([line.call((c) => c.messaging.getProfile(userId)), timeout]);
    if (!p) {
      log.warn('LINE profile fetch timed out; the friend is kept without a name until the next sync');
      return {};
    }
    return { displayName: p.displayName, pictureUrl: p.pictureUrl ?? null };
  } catch (e) {
    log.warn('LINE profile fetch failed; the friend is kept without a name until the next sync', { reason: e instanceof Error ? e.message : 'unknown' });
    return {};
  }
}
