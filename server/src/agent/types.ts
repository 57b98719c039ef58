/**
 * The agent's vocabulary: what the planner reads (the goal and the account's catalog) and what it
 * answers. Pure types, shared by the planner, the model client and the route.
 */
import type { Definition } from '../../../lib/segment/schema';

export type Language = 'en' | 'ja';
export type AgentMode = 'auto' | 'consult';

export interface NamedOption { id: string; name: string }

/** A HubSpot or Klaviyo property the account's friends carry, with its common values. */
export interface PropertyKeyInfo {
  provider: 'hubspot' | 'klaviyo';
  key: string;
  label?: string;
  values: { value: string; label?: string }[];
}

/** The account's catalog as the planner needs it: the real names marketers use. */
export interface PlannerCatalog {
  tags: NamedOption[];
  shopifyTags: string[];
  hubspotLists: NamedOption[];
  klaviyoLists: NamedOption[];
  /** HubSpot lifecycle stages (values of the `lifecyclestage` property) with their labels. */
  lifecycleStages: { value: string; label: string }[];
  propertyKeys: PropertyKeyInfo[];
  /**
   * How many friends hold each value, when known (the catalog's option counts), by
   * `countKey(kind, id, provider?, key?)`: shown when the planner asks which of several values
   * that differ only by case or width is meant.
   */
  counts?: Record<string, number>;
}

/** The key of a value's count in `PlannerCatalog.counts`: "tag:::t1", "shopify_tag:::vip", "property:hubspot:city:Tokyo". */
export const countKey = (kind: string, id: string, provider = '', key = '') => [kind, provider, key, id].join(':');

export const EMPTY_CATALOG: PlannerCatalog = {
  tags: [], shopifyTags: [], hubspotLists: [], klaviyoLists: [], lifecycleStages: [], propertyKeys: [],
};

export interface AgentChoice { label: string; value: string }
export interface AgentQuestion { id: string; text: string; choices: AgentChoice[] }

/**
 * The conversation's state, sent back by the client with each turn: the answers given so far,
 * by question id. Stateless on the server, so any instance can answer the next turn.
 */
export interface AgentDraft { answers: Record<string, string> }

export interface PlanInput {
  goal: string;
  mode: AgentMode;
  draft?: Partial<AgentDraft> | null;
  catalog: PlannerCatalog;
  /** "Today" (epoch ms), for relative dates. */
  now: number;
  /** The account's IANA time zone. */
  timeZone: string;
}

export interface Plan {
  language: Language;
  /** Present when the planner has a complete suggestion; always passes definitionSchema. */
  definition?: Definition;
  name?: string;
  /** Plain sentences in the goal's language: what the suggestion selects, what was assumed or not understood. */
  explanation: string;
  /** Consult mode: what to answer before a definition can be suggested. */
  questions?: AgentQuestion[];
  /** Fragments of the goal the planner turned into conditions. */
  understood: string[];
  /** Fragments of the goal the planner could not use, in the goal's own words. */
  notUnderstood: string[];
  /** Defaults the planner chose (auto mode), in the goal's language. */
  assumptions: string[];
  /** The state to send back with the next turn. */
  draft: AgentDraft;
}
