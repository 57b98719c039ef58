import type { Context } from 'hono';
import { z } from 'zod';
import { defineRoutes } from '../../http/router';
import type { AppEnv } from '../../http/context';
import { hashToken } from '../../http/auth';
import {
  BROADCAST_STATUSES, broadcastCreateSchema, broadcastDeclineSchema, broadcastListSchema, broadcastSchema, broadcastTestResultSchema, broadcastTestSchema, idSchema,
} from '../../../../lib/contract/api';
import {
  approveBroadcast, cancelBroadcast, createBroadcast, declineBroadcast, getBroadcast, listSegmentBroadcasts, sendTest,
} from '../../broadcasts/service';

/** Every status a recorded broadcast can have (a dry run is never recorded). */
const LISTED_STATUSES = BROADCAST_STATUSES.filter((s) => s !== 'dry_run');

const listQuerySchema = z.strictObject({
  segmentId: idSchema.optional(),
  status: z.enum(LISTED_STATUSES, { error: `status must be one of: ${LISTED_STATUSES.join(', ')}.` }).optional()
    .describe('Only broadcasts with this status, e.g. awaiting_approval (the approvers\' list).'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/**
 * Which token sent it, for the history: "admin", or "token" and the first hex digits of the
 * token's SHA-256 (the same hash the server keeps), which names it without revealing it.
 */
function createdBy(c: Context<AppEnv>): string {
  if (c.var.caller.kind === 'admin') return 'admin';
  if (c.var.caller.kind === 'member') return c.var.actor.name;
  const token = /^Bearer\s+(\S+)/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
  return `token ${hashToken(token).slice(0, 8)}`;
}

const errors = {
  400: { description: 'The body, the Idempotency-Key or the scheduled time is not valid (issues name the fields)' },
  404: { description: 'No such account, segment or broadcast for this token' },
};

export default defineRoutes((r) => {
  r.add({
    method: 'post', path: '/v1/accounts/:a/broadcasts', tag: 'broadcasts', permission: 'request_broadcast',
    bodyPermission: { permission: 'send', when: 'Without requestApproval (sending or scheduling it; a dry run excepted)', applies: (b) => !b.requestApproval && !b.dryRun },
    summary: 'Broadcast messages to a segment, now or at scheduledAt',
    description: 'Records the broadcast, then a background job takes the recipients snapshot (the segment\'s unblocked '
      + 'friends at send time) and sends through LINE. The same Idempotency-Key with the same body answers the '
      + 'broadcast recorded first (200) and never sends twice. dryRun: the recipients and the month\'s quota, nothing recorded or sent.',
    body: broadcastCreateSchema,
    headers: [{ name: 'Idempotency-Key', required: true, description: 'A unique key per broadcast (a UUID); not needed for dryRun.' }],
    responses: {
      201: { description: 'Recorded and queued (or scheduled)', schema: broadcastSchema },
      200: { description: 'The broadcast this Idempotency-Key recorded earlier, or a dry run', schema: broadcastSchema },
      ...errors,
      409: { description: 'LINE is not connected, or this month\'s quota would be exceeded' },
      422: { description: 'The Idempotency-Key was used for a different broadcast' },
      503: { description: 'LINE could not be reached to check the quota' },
    },
  }, async (c, { body }) => {
    const { broadcast, created } = await createBroadcast(c.var.deps, c.var.account.id, body, {
      idempotencyKey: c.req.header('idempotency-key'), createdBy: createdBy(c), actor: c.var.actor,
    });
    return c.json(broadcast, created ? 201 : 200);
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/broadcasts', tag: 'broadcasts', permission: 'read',
    summary: 'Broadcasts, newest first (a segment\'s history with ?segmentId=, those awaiting approval with ?status=awaiting_approval)',
    query: listQuerySchema,
    responses: { 200: { description: 'Broadcasts', schema: broadcastListSchema }, ...errors },
  }, async (c, { query }) => c.json(await listSegmentBroadcasts(c.var.deps, c.var.account.id, query)));

  r.add({
    method: 'post', path: '/v1/accounts/:a/broadcasts/test', tag: 'broadcasts', permission: 'send',
    summary: 'Push the messages to one friend of the account (a test before broadcasting)',
    body: broadcastTestSchema,
    responses: {
      200: { description: 'LINE accepted the push', schema: broadcastTestResultSchema },
      ...errors,
      409: { description: 'LINE is not connected, refused the token, or the quota is spent' },
      422: { description: 'LINE refused the message (its reason in the message)' },
      503: { description: 'LINE could not be reached' },
    },
  }, async (c, { body }) => c.json(await sendTest(c.var.deps, c.var.account.id, body)));

  r.add({
    method: 'get', path: '/v1/accounts/:a/broadcasts/:id', tag: 'broadcasts', permission: 'read',
    summary: 'A broadcast and its progress (status, recipients, sent, failed, LINE\'s reason)',
    responses: { 200: { description: 'The broadcast', schema: broadcastSchema }, ...errors },
  }, async (c, { params }) => c.json(await getBroadcast(c.var.deps, c.var.account.id, params.id)));

  r.add({
    method: 'post', path: '/v1/accounts/:a/broadcasts/:id/cancel', tag: 'broadcasts', permission: 'send',
    summary: 'Cancel a broadcast before sending starts',
    responses: {
      200: { description: 'Cancelled (also when it already was)', schema: broadcastSchema },
      ...errors,
      409: { description: 'Already sending or finished' },
    },
  }, async (c, { params }) => c.json(await cancelBroadcast(c.var.deps, c.var.account.id, params.id, c.var.actor)));

  r.add({
    method: 'post', path: '/v1/accounts/:a/broadcasts/:id/approve', tag: 'broadcasts', permission: 'send',
    summary: 'Approve a broadcast awaiting approval: it is sent now, or at its scheduled time, through the usual delivery',
    responses: {
      200: { description: 'Approved: queued or scheduled', schema: broadcastSchema },
      ...errors,
      409: { description: 'Not awaiting approval (declined, cancelled or already approved), LINE not connected, or the quota would be exceeded' },
      503: { description: 'LINE could not be reached to check the quota' },
    },
  }, async (c, { params }) => c.json(await approveBroadcast(c.var.deps, c.var.account.id, params.id, c.var.actor)));

  r.add({
    method: 'post', path: '/v1/accounts/:a/broadcasts/:id/decline', tag: 'broadcasts', permission: 'send',
    summary: 'Decline a broadcast awaiting approval, saying why: nothing is sent, and the reason is shown on the broadcast',
    body: broadcastDeclineSchema,
    responses: {
      200: { description: 'Declined', schema: broadcastSchema },
      ...errors,
      409: { description: 'Not awaiting approval' },
    },
  }, async (c, { body, params }) => c.json(await declineBroadcast(c.var.deps, c.var.account.id, params.id, body.reason, c.var.actor)));
});
