/**
 * Wire shapes the extension needs that lib/contract/api.ts does not (yet) hold: broadcasts, the
 * agent and integrations. Deliberately loose on the response side (`looseObject`): a field the
 * server adds later must not break an installed extension. Where the contract gains these
 * schemas, re-export them from here so the rest of the extension keeps its imports.
 */
import { z } from 'zod';
import { definitionSchema } from '../segment/schema';

// ---- broadcasts ---------------------------------------------------------------------------------
/** LINE message objects the broadcast window composes (text, image, sticker). */
export const lineMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().min(1).max(5000) }),
  z.object({
    type: z.literal('image'),
    originalContentUrl: z.url({ protocol: /^https$/ }),
    previewImageUrl: z.url({ protocol: /^https$/ }),
  }),
  z.object({ type: z.literal('sticker'), packageId: z.string().min(1), stickerId: z.string().min(1) }),
]);
export type LineMessage = z.infer<typeof lineMessageSchema>;
export const lineMessagesSchema = z.array(lineMessageSchema).min(1).max(5);

export const broadcastCreateSchema = z.object({
  segmentId: z.string().min(1),
  messages: lineMessagesSchema,
  notificationDisabled: z.boolean().optional(),
  scheduledAt: z.string().optional(),
  dryRun: z.boolean().optional(),
});
export type BroadcastCreate = z.infer<typeof broadcastCreateSchema>;

export const broadcastStatusSchema = z.string(); // "scheduled" | "sending" | "sent" | "failed" | "cancelled" | …
export const broadcastSchema = z.looseObject({
  id: z.string(),
  segmentId: z.string(),
  status: broadcastStatusSchema,
  recipients: z.number().int().nullable().optional(),
  sent: z.number().int().optional(),
  failed: z.number().int().optional(),
  progress: z.number().optional(),
  dryRun: z.boolean().optional(),
  scheduledAt: z.string().nullable().optional(),
  createdAt: z.string().optional(),
});
export type Broadcast = z.infer<typeof broadcastSchema>;

export const broadcastTestSchema = z.object({ messages: lineMessagesSchema, userId: z.string().min(1) });
export const broadcastTestResultSchema = z.looseObject({ ok: z.boolean().optional() });

// ---- agent --------------------------------------------------------------------------------------
export const agentSuggestRequestSchema = z.object({
  goal: z.string().trim().min(1).max(2000),
  mode: z.enum(['auto', 'consult']),
  draft: z.unknown().optional(),
});
export type AgentSuggestRequest = z.infer<typeof agentSuggestRequestSchema>;
export const agentSuggestionSchema = z.looseObject({
  definition: definitionSchema.optional(),
  name: z.string().optional(),
  explanation: z.string(),
  questions: z.array(z.string()).optional(),
});
export type AgentSuggestion = z.infer<typeof agentSuggestionSchema>;

// ---- integrations -------------------------------------------------------------------------------
export const providerSchema = z.enum(['line', 'shopify', 'hubspot', 'klaviyo']);
export const integrationSchema = z.looseObject({
  provider: providerSchema,
  connected: z.boolean(),
  lastSyncAt: z.string().nullable().optional(),
  status: z.string().optional(),
});
export type Integration = z.infer<typeof integrationSchema>;
