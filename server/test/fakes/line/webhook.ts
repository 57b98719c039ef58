/**
 * Webhook deliveries as LINE sends them (line/line-openapi webhook.yml): a CallbackRequest
 * `{ destination, events }` signed with the channel secret in `X-Line-Signature`
 * (base64 HMAC-SHA256 of the raw body).
 */
import { createHmac, randomBytes } from 'node:crypto';

export interface LineWebhookEvent {
  type: string;
  mode: 'active' | 'standby';
  timestamp: number;
  source: { type: 'user'; userId: string };
  webhookEventId: string;
  deliveryContext: { isRedelivery: boolean };
  replyToken?: string;
  follow?: { isUnblocked: boolean };
  message?: { id: string; type: 'text'; text: string; quoteToken: string };
}

/** A ULID-like id, as LINE's webhookEventId looks. */
function eventId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join('');
}

interface EventOpts { userId: string; timestamp: number; webhookEventId?: string; isRedelivery?: boolean }

export function followEvent(o: EventOpts & { isUnblocked?: boolean }): LineWebhookEvent {
  return {
    type: 'follow', mode: 'active', timestamp: o.timestamp, source: { type: 'user', userId: o.userId },
    webhookEventId: o.webhookEventId ?? eventId(), deliveryContext: { isRedelivery: o.isRedelivery ?? false },
    replyToken: randomBytes(16).toString('hex'), follow: { isUnblocked: o.isUnblocked ?? false },
  };
}

export function unfollowEvent(o: EventOpts): LineWebhookEvent {
  return {
    type: 'unfollow', mode: 'active', timestamp: o.timestamp, source: { type: 'user', userId: o.userId },
    webhookEventId: o.webhookEventId ?? eventId(), deliveryContext: { isRedelivery: o.isRedelivery ?? false },
  };
}

export function messageEvent(o: EventOpts & { text: string }): LineWebhookEvent {
  return {
    type: 'message', mode: 'active', timestamp: o.timestamp, source: { type: 'user', userId: o.userId },
    webhookEventId: o.webhookEventId ?? eventId(), deliveryContext: { isRedelivery: o.isRedelivery ?? false },
    replyToken: randomBytes(16).toString('hex'),
    message: { id: String(Date.now()), type: 'text', text: o.text, quoteToken: randomBytes(8).toString('hex') },
  };
}

/** The raw body LINE posts. Kept as a string so a test signs exactly the bytes it sends. */
export function webhookBody(events: LineWebhookEvent[], destination = 'Ub9952f8fake0000000000000000000000'): string {
  return JSON.stringify({ destination, events });
}

export function signLineBody(rawBody: string | Buffer, channelSecret: string): string {
  return createHmac('sha256', channelSecret).update(rawBody).digest('base64');
}
