/**
 * Vendor webhooks. LINE's: POST /v1/webhooks/line/:a, authenticated by its X-Line-Signature over
 * the raw body (server/src/integrations/line/webhook.ts), not by a Lumo token.
 */
import { z } from 'zod';
import { defineRoutes, limitedBody } from '../../http/router';
import { ApiError, payloadTooLarge } from '../../http/errors';
import { handleLineWebhook } from '../../integrations/line/webhook';

const MAX_BYTES = 1024 * 1024;

const resultSchema = z.object({
  received: z.number().int(), applied: z.number().int(), duplicates: z.number().int(), ignored: z.number().int(),
});

export default defineRoutes((r) => {
  r.add({
    method: 'post', path: '/v1/webhooks/line/:a', permission: 'public', tag: 'webhooks',
    summary: 'LINE webhook: follow and unfollow events of the account\'s channel',
    description: 'Set this URL (with your server\'s origin) as the webhook URL of the Messaging API channel. Requests must carry a valid X-Line-Signature.',
    rawBody: { contentType: 'application/json', maxBytes: MAX_BYTES, description: 'LINE\'s webhook request body, exactly as signed' },
    headers: [{ name: 'X-Line-Signature', required: true, description: 'Base64 HMAC-SHA256 of the body with the channel secret' }],
    responses: {
      200: { description: 'Applied', schema: resultSchema },
      400: { description: 'Not a LINE webhook body' },
      401: { description: 'No valid signature: missing, wrong, or none can be checked (no such account, LINE not connected, stored credentials unreadable) — one answer for all, so a stranger learns nothing' },
      413: { description: 'Body too large' },
    },
  }, async (c) => {
    const signature = c.req.header('x-line-signature');
    const stream = limitedBody(c, MAX_BYTES);
    let raw: Uint8Array = new Uint8Array();
    if (stream) {
      try {
        raw = new Uint8Array(await new Response(stream).arrayBuffer());
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw payloadTooLarge(MAX_BYTES);
      }
    }
    return c.json(await handleLineWebhook(c.var.deps, c.req.param('a')!, raw, signature));
  });
});
