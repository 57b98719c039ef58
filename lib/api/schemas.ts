/**
 * Wire shapes the extension needs that lib/contract/api.ts does not (yet) hold: the agent and
 * integrations (broadcasts come from the contract). Deliberately loose on the response side (`looseObject`): a field the
 * server adds later must not break an installed extension. Where the contract gains these
 * schemas, re-export them from here so the rest of the extension keeps its imports.
 */
import { z } from 'zod';
import { definitionSchema } from '../segment/schema';

// ---- broadcasts: the contract's own ----------------------------------------------------------
export {
  lineMessageSchema, lineMessagesSchema, broadcastCreateSchema, broadcastSchema, broadcastListSchema,
  broadcastTestSchema, broadcastTestResultSchema,
  type LineMessage, type BroadcastCreate, type Broadcast,
} from '../contract/api';

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
