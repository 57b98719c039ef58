/**
 * Suggestions on hold: what the marketer cancelled in the approval dialog, kept in extension
 * storage per account so it survives closing the panel, until approved or dismissed. Pure list
 * operations, and a small store over WXT's storage (a fake in tests).
 */
import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import { definitionSchema, type Definition } from '@/lib/segment/schema';

export const HELD_MAX = 20;

export const heldSuggestionSchema = z.object({
  id: z.string().min(1),
  goal: z.string(),
  name: z.string(),
  definition: definitionSchema,
  explanation: z.string(),
  count: z.number().int().nullable(),
  source: z.enum(['model', 'planner']),
  heldAt: z.string(),
});
export type HeldSuggestion = z.infer<typeof heldSuggestionSchema>;

/** Newest first; the same conditions held twice are kept once; at most HELD_MAX. */
export function addHeld(list: readonly HeldSuggestion[], item: HeldSuggestion): HeldSuggestion[] {
  const same = JSON.stringify(item.definition);
  return [item, ...list.filter((h) => JSON.stringify(h.definition) !== same)].slice(0, HELD_MAX);
}

export function removeHeld(list: readonly HeldSuggestion[], id: string): HeldSuggestion[] {
  return list.filter((h) => h.id !== id);
}

/** What storage holds, read defensively: a damaged or outdated entry is dropped, never shown half. */
export function parseHeld(raw: unknown): HeldSuggestion[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item) => {
    const r = heldSuggestionSchema.safeParse(item);
    return r.success ? [r.data] : [];
  }).slice(0, HELD_MAX);
}

export interface HeldStore {
  load(): Promise<HeldSuggestion[]>;
  save(list: HeldSuggestion[]): Promise<void>;
}

export const heldKey = (accountId: string) => `local:agent.held.${accountId}` as const;

/** Held suggestions of one account in the extension's local storage. */
export function extensionHeldStore(accountId: string): HeldStore {
  const key = heldKey(accountId);
  return {
    load: async () => parseHeld(await storage.getItem<unknown>(key)),
    save: (list) => storage.setItem(key, list),
  };
}

export function heldFrom(s: { goal: string; name?: string; definition: Definition; explanation: string; count?: number | null; source: 'model' | 'planner' }, now: Date): HeldSuggestion {
  return {
    id: `held-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
    goal: s.goal,
    name: s.name?.trim() || s.goal.slice(0, 100),
    definition: s.definition,
    explanation: s.explanation,
    count: s.count ?? null,
    source: s.source,
    heldAt: now.toISOString(),
  };
}
