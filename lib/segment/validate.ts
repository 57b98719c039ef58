/**
 * One validator for the editor's messages and the export (react-querybuilder's rule): the
 * validation map is read off `definitionSchema` — the very schema the API and the message
 * protocol parse with — and its `conditionIssues`, keyed by field path.
 */
import { conditionIssues, definitionSchema, segmentNameSchema, toIssues, type Definition } from './schema';

/**
 * Messages by field path: "" for the definition itself, "groups" for the list of groups,
 * "groups.0.conditions" for a group's list, "groups.0.conditions.1.value" for a field of a
 * condition. Empty when the definition is valid.
 */
export type ValidationMap = Map<string, string[]>;

function add(map: ValidationMap, path: string, message: string): void {
  const list = map.get(path);
  if (!list) map.set(path, [message]);
  else if (!list.includes(message)) list.push(message);
}

/** Everything wrong with a definition, by field path. Never throws. */
export function validationMap(def: unknown): ValidationMap {
  const map: ValidationMap = new Map();
  const parsed = definitionSchema.safeParse(def);
  if (parsed.success) return map;
  for (const issue of toIssues(parsed.error)) add(map, issue.path, issue.message);
  // zod stops looking inside a list once the list itself is too long; the editor still wants to
  // show what is wrong in each condition, so walk them with the schema's own condition validator.
  const groups = (def as { groups?: unknown } | null)?.groups;
  if (Array.isArray(groups)) {
    groups.forEach((group, g) => {
      const conditions = (group as { conditions?: unknown } | null)?.conditions;
      if (!Array.isArray(conditions)) return;
      conditions.forEach((condition, c) => {
        for (const issue of conditionIssues(condition)) {
          add(map, ['groups', g, 'conditions', c, ...issue.path].join('.'), issue.message);
        }
      });
    });
  }
  return map;
}

/** True when the definition passes the schema (the same answer as an empty validation map). */
export function isValidDefinition(def: unknown): def is Definition {
  return definitionSchema.safeParse(def).success;
}

/**
 * The validation map of an editor draft: "name" for the segment's name, and the definition's
 * paths as `validationMap` gives them (unprefixed, "groups.0…").
 */
export function draftValidationMap(draft: { name: unknown; definition: unknown }): ValidationMap {
  const map = validationMap(draft.definition);
  const name = segmentNameSchema.safeParse(draft.name);
  if (!name.success) {
    const out: ValidationMap = new Map();
    for (const issue of toIssues(name.error)) add(out, 'name', issue.message);
    for (const [k, v] of map) out.set(k, v);
    return out;
  }
  return map;
}
