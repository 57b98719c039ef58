/**
 * zod schemas of the segment language v1 (DESIGN.md). Strict: unknown fields, properties and
 * operators are rejected; every limit is enforced; every issue carries its field path.
 * `conditionIssues` is the one validator behind both the schema and the editor's validation map.
 */
import { z } from 'zod';
import {
  LIMITS, OPERATORS, PROPERTY_IDS, propertyDef, valueInputFor,
  type Operator, type PropertyId,
} from './catalog';
import { isRealDate } from './dates';

export type DateString = string; // "YYYY-MM-DD"
export type ConditionValue = string | number | string[] | [string, string] | [number, number];

export interface Condition {
  property: PropertyId;
  operator: Operator;
  /** The HubSpot or Klaviyo property name, for `hubspot.property` and `klaviyo.property`. */
  key?: string;
  value?: ConditionValue;
}
export interface Group { conditions: Condition[] }
export interface Definition { groups: Group[] }
export interface SegmentInput { name: string; folderId: string | null; definition: Definition }

export interface Issue { path: (string | number)[]; message: string }

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

// Built once: validation runs on every preview request and every keystroke.
const DAYS_MESSAGE = `Enter a whole number of days from 0 to ${LIMITS.daysMax.toLocaleString('en')}.`;
const INTEGER_MESSAGE = `Enter a whole number from 0 to ${LIMITS.integerMax.toLocaleString('en')}.`;

/**
 * Everything wrong with one condition, with paths relative to the condition.
 * Never throws, whatever it is given.
 */
export function conditionIssues(c: unknown): Issue[] {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) {
    return [{ path: [], message: 'A condition must be an object with property, operator and value.' }];
  }
  const cond = c as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const k of Object.keys(cond)) {
    if (!['property', 'operator', 'key', 'value'].includes(k)) {
      issues.push({ path: [k], message: `Unknown field "${k}". A condition has only property, operator, key and value.` });
    }
  }
  const def = typeof cond.property === 'string' ? propertyDef(cond.property) : undefined;
  if (!def) {
    issues.push({ path: ['property'], message: typeof cond.property === 'string'
      ? `Unknown property "${cond.property}". Choose one of: ${PROPERTY_IDS.join(', ')}.`
      : 'Choose a property.' });
    return issues;
  }
  const op = cond.operator;
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) {
    issues.push({ path: ['operator'], message: typeof op === 'string'
      ? `Unknown condition "${op}". Choose one of: ${def.operators.join(', ')}.`
      : 'Choose a condition.' });
    return issues;
  }
  if (!def.operators.includes(op as Operator)) {
    issues.push({ path: ['operator'], message: `"${op}" cannot be used with ${def.label.en}. Choose one of: ${def.operators.join(', ')}.` });
    return issues;
  }
  if (def.needsKey) {
    const key = cond.key;
    if (typeof key !== 'string' || key.trim().length === 0) {
      issues.push({ path: ['key'], message: 'Enter the property name (1–100 characters).' });
    } else if (key.length > LIMITS.keyMax) {
      issues.push({ path: ['key'], message: `The property name is too long: at most ${LIMITS.keyMax} characters.` });
    }
  } else if ('key' in cond && cond.key !== undefined) {
    issues.push({ path: ['key'], message: `${def.label.en} takes no property name; remove "key".` });
  }
  const input = valueInputFor(def.kind, op as Operator);
  const v = cond.value;
  const days = def.unit === 'days';
  const numMax = days ? LIMITS.daysMax : LIMITS.integerMax;
  const numMsg = days ? DAYS_MESSAGE : INTEGER_MESSAGE;
  const okNum = (n: unknown, max: number) => isInt(n) && n >= 0 && n <= max;
  switch (input) {
    case 'none':
      if ('value' in cond && v !== undefined) issues.push({ path: ['value'], message: 'This condition takes no value; remove it.' });
      break;
    case 'date':
      if (typeof v !== 'string' || !isRealDate(v)) issues.push({ path: ['value'], message: 'Enter a real date as YYYY-MM-DD.' });
      break;
    case 'date_range':
      if (!Array.isArray(v) || v.length !== 2) {
        issues.push({ path: ['value'], message: 'Enter a start date and an end date, as ["YYYY-MM-DD","YYYY-MM-DD"].' });
      } else {
        const before = issues.length;
        v.forEach((d, i) => {
          if (typeof d !== 'string' || !isRealDate(d)) issues.push({ path: ['value', i], message: 'Enter a real date as YYYY-MM-DD.' });
        });
        // Compared only when both are dates; an unrelated issue (an extra field) must not hide it.
        if (issues.length === before && (v[0] as string) > (v[1] as string)) {
          issues.push({ path: ['value'], message: 'The start date must not be after the end date.' });
        }
      }
      break;
    case 'days':
      if (!okNum(v, LIMITS.daysMax)) issues.push({ path: ['value'], message: DAYS_MESSAGE });
      break;
    case 'number':
      if (!okNum(v, numMax)) issues.push({ path: ['value'], message: numMsg });
      break;
    case 'number_range':
      if (!Array.isArray(v) || v.length !== 2) {
        issues.push({ path: ['value'], message: 'Enter a minimum and a maximum, as [min, max].' });
      } else {
        const before = issues.length;
        v.forEach((n, i) => { if (!okNum(n, numMax)) issues.push({ path: ['value', i], message: numMsg }); });
        if (issues.length === before && (v[0] as number) > (v[1] as number)) {
          issues.push({ path: ['value'], message: 'The minimum must not be greater than the maximum.' });
        }
      }
      break;
    case 'text':
      if (typeof v !== 'string' || v.length === 0) issues.push({ path: ['value'], message: 'Enter a value.' });
      else if (v.length > LIMITS.textMax) issues.push({ path: ['value'], message: `The value is too long: at most ${LIMITS.textMax} characters.` });
      break;
    case 'multi_select':
      if (!Array.isArray(v) || v.length === 0) {
        issues.push({ path: ['value'], message: 'Choose at least one value.' });
      } else if (v.length > LIMITS.setValuesMax) {
        issues.push({ path: ['value'], message: `Choose at most ${LIMITS.setValuesMax} values.` });
      } else {
        v.forEach((s, i) => {
          if (typeof s !== 'string' || s.length === 0 || s.length > LIMITS.textMax) {
            issues.push({ path: ['value', i], message: `Each value must be text of 1–${LIMITS.textMax} characters.` });
          }
        });
      }
      break;
  }
  return issues;
}

/**
 * A zod error map that words type errors only. (A plain string `error` on a strictObject would
 * also replace the message of an unknown field and hide which field it is.)
 */
function typeError(message: string) {
  return (iss: { code?: string }) => (iss.code === 'invalid_type' ? message : undefined);
}

const conditionSchema = z.custom<Condition>().superRefine((c, ctx) => {
  for (const i of conditionIssues(c)) ctx.addIssue({ code: 'custom', path: i.path, message: i.message });
});

export const groupSchema = z.strictObject({
  conditions: z.array(conditionSchema, { error: typeError('The conditions must be a list.') })
    .min(1, 'A group needs at least one condition.')
    .max(LIMITS.conditionsMax, `A group can hold at most ${LIMITS.conditionsMax} conditions.`),
}, { error: typeError('A group must be an object with conditions.') });

export const definitionSchema = z.strictObject({
  groups: z.array(groupSchema, { error: typeError('The groups must be a list.') })
    .min(1, 'A segment needs at least one group of conditions.')
    .max(LIMITS.groupsMax, `A segment can hold at most ${LIMITS.groupsMax} groups.`),
}, { error: typeError('The definition must be an object with groups.') });

export const segmentNameSchema = z.string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(LIMITS.nameMax, `The name is too long: at most ${LIMITS.nameMax} characters.`);

export const segmentInputSchema = z.strictObject({
  name: segmentNameSchema,
  folderId: z.string().min(1).max(100).nullable().default(null),
  definition: definitionSchema,
});

/**
 * Flattens zod issues to the contract's `{ path, message }` list (path as "a.b.0"). An unknown
 * field is reported at its own path ("groups.0.extra"), one issue per field, so the error names it.
 */
export function toIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => ({ path: [...i.path, k].map(String).join('.'), message: `Unknown field "${k}"; remove it.` }));
    }
    return [{ path: i.path.map(String).join('.'), message: i.message }];
  });
}
