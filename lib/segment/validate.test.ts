/**
 * The validation map: the editor's messages by field path, from the same schema as the export.
 */
import { describe, expect, it } from 'vitest';
import { definitionSchema, toIssues, type Condition } from './schema';
import { draftValidationMap, isValidDefinition, validationMap } from './validate';

const vip: Condition = { property: 'tag', operator: 'contains_any', value: ['t_vip'] };

describe('validationMap', () => {
  it('is empty for a valid definition', () => {
    expect(validationMap({ groups: [{ conditions: [vip] }] })).toEqual(new Map());
    expect(isValidDefinition({ groups: [{ conditions: [vip] }] })).toBe(true);
  });
  it('keys each message by the path of its field', () => {
    const map = validationMap({ groups: [
      { conditions: [vip, { property: 'shopify.purchase_count', operator: 'gte', value: -1 }] },
      { conditions: [{ property: 'hubspot.property', operator: 'eq', value: '' }] },
    ] });
    expect(Object.fromEntries(map)).toEqual({
      'groups.0.conditions.1.value': ['Enter a whole number from 0 to 1,000,000,000.'],
      'groups.1.conditions.0.key': ['Enter the property name (1–100 characters).'],
      'groups.1.conditions.0.value': ['Enter a value.'],
    });
  });
  it('says the same as the schema the API parses with', () => {
    const def = { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [] }], extra: 1 }] };
    const r = definitionSchema.safeParse(def);
    expect(r.success).toBe(false);
    if (!r.success) {
      for (const issue of toIssues(r.error)) expect(validationMap(def).get(issue.path)).toContain(issue.message);
    }
  });
  it('uses "" for the definition itself and "groups" for its list', () => {
    expect([...validationMap(null).keys()]).toEqual(['']);
    expect([...validationMap({ groups: [] }).keys()]).toEqual(['groups']);
    expect(isValidDefinition(null)).toBe(false);
  });
  it('still shows each condition\'s problems when a list is over its limit', () => {
    const bad = { property: 'tag', operator: 'contains_any', value: [] };
    const map = validationMap({ groups: Array.from({ length: 21 }, () => ({ conditions: [bad] })) });
    expect(map.get('groups')).toEqual(['A segment can hold at most 20 groups.']);
    expect(map.get('groups.20.conditions.0.value')).toEqual(['Choose at least one value.']);
  });
});

describe('draftValidationMap', () => {
  it('adds the name to the definition\'s paths', () => {
    const map = draftValidationMap({ name: '  ', definition: { groups: [{ conditions: [{ ...vip, value: [] }] }] } });
    expect(Object.fromEntries(map)).toEqual({
      name: ['Enter a name.'],
      'groups.0.conditions.0.value': ['Choose at least one value.'],
    });
    expect(draftValidationMap({ name: 'VIP', definition: { groups: [{ conditions: [vip] }] } }).size).toBe(0);
  });
});
