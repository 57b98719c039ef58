/**
 * The wire shapes the extension uses beyond segments: all from the contract (lib/contract/api.ts),
 * re-exported here so the client and the protocol import them from one place.
 */
export {
  lineMessageSchema, lineMessagesSchema, broadcastCreateSchema, broadcastSchema, broadcastListSchema,
  broadcastTestSchema, broadcastTestResultSchema,
  type LineMessage, type BroadcastCreate, type Broadcast,
  agentSuggestRequestSchema, agentSuggestionSchema, agentDraftSchema,
  type AgentSuggestRequest, type AgentSuggestion,
  providerSchema, integrationSchema, integrationListSchema, type Integration,
} from '../contract/api';
