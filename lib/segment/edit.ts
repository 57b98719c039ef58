/**
 * Pure, immutable edits of a segment definition for the builder UI (after react-querybuilder's
 * queryTools): every edit returns a new definition and leaves its input untouched, never throws,
 * and refuses with a reason the user can act on rather than producing something out of bounds.
 *
 * Edits keep the definition's shape and limits; they do not make it valid. A fresh condition may
 * still await the user's choice (tags to pick, a text to type) — `validationMap` says what is
 * missing, and the same validator guards the export.
 */
import {
  LIMITS, OPERATOR_LABELS, propertyDef, valueInputFor,
  type Operator, type PropertyId, type ValueInput,
} from './catalog';
import type { Condition, ConditionValue, Definition, Group } from './schema';

export type EditResult = { ok: true; definition: Definition } | { ok: false; reason: string };

export interface EditOptions {
  /**
   * Today's local date ("YYYY-MM-DD") in the account's time zone, for the default of a date
   * input. Without it, today's date in UTC is used (the one impure default: a date input has no
   * sensible constant).
   */
  today?: string;
}

const refuse = (reason: string): EditResult => ({ ok: false, reason });
const done = (definition: Definition): EditResult => ({ ok: true, definition });

/**
 * The condition a new row starts with: "Friend added date is within the last 30 days". Chosen
 * because it is valid as it stands (a tag condition would need tags picked first), it reads as
 * a sensible segment on its own, and every account has the data (no integration needed).
 */
export function defaultCondition(): Condition {
  return { property: 'line.friend_added_at', operator: 'within_last_days', value: 30 };
}

/** A new segment: one group holding the default condition. */
export function emptyDefinition(): Definition {
  return { groups: [{ conditions: [defaultCondition()] }] };
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * A starting value for a value input. Valid for every input except `multi_select` ([]: the user
 * picks) and `text` ("": the user types); `none` has no value at all.
 */
export function defaultValue(input: ValueInput, opts: EditOptions = {}): ConditionValue | undefined {
  switch (input) {
    case 'none': return undefined;
    case 'date': return opts.today ?? todayUtc();
    case 'date_range': { const d = opts.today ?? todayUtc(); return [d, d]; }
    case 'days': return 30;
    case 'number': return 1;
    case 'number_range': return [1, 10];
    case 'text': return '';
    case 'multi_select': return [];
  }
}

/** The value input of a condition, or undefined when its property or operator is unknown. */
function inputOf(condition: Condition): ValueInput | undefined {
  const def = propertyDef(condition.property);
  if (!def || !def.operators.includes(condition.operator)) return undefined;
  return valueInputFor(def.kind, condition.operator);
}

/** A condition of exactly these parts: no `key` or `value` field when there is none. */
function makeCondition(property: PropertyId, operator: Operator, key: string | undefined, value: ConditionValue | undefined): Condition {
  const c: Condition = { property, operator };
  if (key !== undefined) c.key = key;
  if (value !== undefined) c.value = value;
  return c;
}

function groupsOf(def: Definition): Group[] | undefined {
  return def && typeof def === 'object' && Array.isArray(def.groups) ? def.groups : undefined;
}
function isIndex(i: unknown, length: number): i is number {
  return typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < length;
}

const CHOOSE_PROPERTY = 'Choose a property for this condition first.';
const NO_GROUP = (g: number) => `There is no group ${Number(g) + 1}.`;
const NO_CONDITION = (g: number, c: number) => `There is no condition ${Number(c) + 1} in group ${Number(g) + 1}.`;

/** Replaces condition (g, c) with `update(condition)`, or refuses. */
function updateCondition(
  def: Definition, g: number, c: number, update: (condition: Condition) => Condition | string,
): EditResult {
  const groups = groupsOf(def);
  if (!groups) return refuse('The segment has no groups to edit.');
  if (!isIndex(g, groups.length)) return refuse(NO_GROUP(g));
  const conditions = groups[g]?.conditions;
  if (!Array.isArray(conditions) || !isIndex(c, conditions.length)) return refuse(NO_CONDITION(g, c));
  const current = conditions[c];
  // A damaged condition (null, from stale storage) reads as one without a property.
  const next = update(current && typeof current === 'object' ? current : ({} as Condition));
  if (typeof next === 'string') return refuse(next);
  return done({
    ...def,
    groups: groups.map((group, gi) => gi !== g ? group
      : { ...group, conditions: conditions.map((cond, ci) => (ci === c ? next : cond)) }),
  });
}

/** "Add Property (AND)": appends the default condition to group `g`. */
export function addCondition(def: Definition, g: number): EditResult {
  const groups = groupsOf(def);
  if (!groups) return refuse('The segment has no groups to add to.');
  if (!isIndex(g, groups.length)) return refuse(NO_GROUP(g));
  const conditions = Array.isArray(groups[g]?.conditions) ? groups[g].conditions : [];
  if (conditions.length >= LIMITS.conditionsMax) {
    return refuse(`A group can hold at most ${LIMITS.conditionsMax} conditions. Add another group (OR) instead.`);
  }
  return done({
    ...def,
    groups: groups.map((group, gi) => (gi === g ? { ...group, conditions: [...conditions, defaultCondition()] } : group)),
  });
}

/** "Add Another Condition (OR)": appends a group holding the default condition. */
export function addGroup(def: Definition): EditResult {
  const groups = groupsOf(def) ?? [];
  if (groups.length >= LIMITS.groupsMax) {
    return refuse(`A segment can hold at most ${LIMITS.groupsMax} groups. Combine conditions within a group instead.`);
  }
  return done({ ...def, groups: [...groups, { conditions: [defaultCondition()] }] });
}

/** Removes group `g`; the last group stays (a segment needs one). */
export function removeGroup(def: Definition, g: number): EditResult {
  const groups = groupsOf(def);
  if (!groups) return refuse('The segment has no groups to remove.');
  if (!isIndex(g, groups.length)) return refuse(NO_GROUP(g));
  if (groups.length === 1) return refuse('A segment needs at least one group. Change its conditions instead.');
  return done({ ...def, groups: groups.filter((_, gi) => gi !== g) });
}

/**
 * Removes condition (g, c). Removing the last condition of a group removes the group; removing
 * the last condition of the last group is refused.
 */
export function removeCondition(def: Definition, g: number, c: number): EditResult {
  const groups = groupsOf(def);
  if (!groups) return refuse('The segment has no groups to edit.');
  if (!isIndex(g, groups.length)) return refuse(NO_GROUP(g));
  const conditions = groups[g]?.conditions;
  if (!Array.isArray(conditions) || !isIndex(c, conditions.length)) return refuse(NO_CONDITION(g, c));
  if (conditions.length === 1) {
    if (groups.length === 1) return refuse('A segment needs at least one condition. Change this condition instead.');
    return removeGroup(def, g);
  }
  return done({
    ...def,
    groups: groups.map((group, gi) => (gi === g ? { ...group, conditions: conditions.filter((_, ci) => ci !== c) } : group)),
  });
}

/**
 * Changes the property of condition (g, c). The operator resets to the property's first one,
 * the value to the default of its value input, and the key to "" when the property needs one
 * (a HubSpot or Klaviyo property name to type) or away when it does not.
 */
export function setProperty(def: Definition, g: number, c: number, propertyId: PropertyId, opts: EditOptions = {}): EditResult {
  const pd = propertyDef(propertyId);
  if (!pd) return refuse(`Unknown property "${String(propertyId)}".`);
  return updateCondition(def, g, c, () => {
    const operator = pd.operators[0];
    return makeCondition(pd.id, operator, pd.needsKey ? '' : undefined, defaultValue(valueInputFor(pd.kind, operator), opts));
  });
}

/**
 * Changes the operator of condition (g, c). The value is kept when the value input stays the
 * same kind (is at least 5 → is less than 5), and reset to the new input's default otherwise.
 */
export function setOperator(def: Definition, g: number, c: number, operator: Operator, opts: EditOptions = {}): EditResult {
  return updateCondition(def, g, c, (cond) => {
    const pd = propertyDef(cond.property);
    if (!pd) return CHOOSE_PROPERTY;
    if (!pd.operators.includes(operator)) {
      const label = (OPERATOR_LABELS as Record<string, { en: string } | undefined>)[operator]?.en ?? String(operator);
      return `"${label}" cannot be used with ${pd.label.en}.`;
    }
    const before = inputOf(cond);
    const after = valueInputFor(pd.kind, operator);
    const value = before === after ? cond.value : defaultValue(after, opts);
    return makeCondition(pd.id, operator, pd.needsKey ? (cond.key ?? '') : undefined, after === 'none' ? undefined : value);
  });
}

/**
 * Sets the value of condition (g, c) as given (validation says whether it fits); `undefined`
 * clears it. Refused when the condition takes no value.
 */
export function setValue(def: Definition, g: number, c: number, value: ConditionValue | undefined): EditResult {
  return updateCondition(def, g, c, (cond) => {
    if (!propertyDef(cond.property)) return CHOOSE_PROPERTY;
    const input = inputOf(cond);
    if (input === 'none' && value !== undefined) return 'This condition takes no value.';
    return makeCondition(cond.property, cond.operator, cond.key, value);
  });
}

/** Sets the HubSpot or Klaviyo property name of condition (g, c). */
export function setKey(def: Definition, g: number, c: number, key: string): EditResult {
  return updateCondition(def, g, c, (cond) => {
    const pd = propertyDef(cond.property);
    if (!pd) return CHOOSE_PROPERTY;
    if (!pd.needsKey) return `${pd.label.en} takes no property name.`;
    if (typeof key !== 'string') return 'The property name must be text.';
    return makeCondition(cond.property, cond.operator, key, cond.value);
  });
}
