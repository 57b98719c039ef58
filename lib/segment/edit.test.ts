/**
 * The builder's edits: pure (the input is never changed), never throwing, refusing with a reason,
 * and leaving defaults the validator accepts wherever a default can be valid.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDefinition } from './arbitraries';
import { LIMITS, PROPERTIES, valueInputFor } from './catalog';
import {
  addCondition, addGroup, defaultCondition, defaultValue, emptyDefinition, removeCondition, removeGroup,
  setKey, setOperator, setProperty, setValue, type EditResult,
} from './edit';
import type { Condition, Definition } from './schema';
import { isValidDefinition, validationMap } from './validate';

const deepFreeze = <T>(x: T): T => {
  if (x && typeof x === 'object') { Object.values(x).forEach(deepFreeze); Object.freeze(x); }
  return x;
};
/** The definition of a successful edit; fails the test with the reason otherwise. */
function ok(r: EditResult): Definition {
  if (!r.ok) throw new Error(`edit refused: ${r.reason}`);
  return r.definition;
}
function reason(r: EditResult): string {
  expect(r.ok).toBe(false);
  return r.ok ? '' : r.reason;
}

const vip: Condition = { property: 'tag', operator: 'contains_any', value: ['t_vip'] };
const buyers: Condition = { property: 'shopify.purchase_count', operator: 'gte', value: 5 };
const twoGroups = (): Definition => deepFreeze({ groups: [{ conditions: [vip, buyers] }, { conditions: [vip] }] });

describe('a new segment', () => {
  it('starts with one group holding "Friend added date is within the last 30 days", which is valid', () => {
    expect(emptyDefinition()).toEqual({ groups: [{ conditions: [defaultCondition()] }] });
    expect(defaultCondition()).toEqual({ property: 'line.friend_added_at', operator: 'within_last_days', value: 30 });
    expect(isValidDefinition(emptyDefinition())).toBe(true);
  });
  it('each call returns a fresh object', () => {
    expect(emptyDefinition()).not.toBe(emptyDefinition());
  });
});

describe('adding', () => {
  it('Add Property (AND) appends the default condition to the group', () => {
    const def = twoGroups();
    const next = ok(addCondition(def, 1));
    expect(next.groups[1].conditions).toEqual([vip, defaultCondition()]);
    expect(next.groups[0]).toBe(def.groups[0]); // untouched groups are shared, not copied
  });
  it('Add Another Condition (OR) appends a group with the default condition', () => {
    const next = ok(addGroup(twoGroups()));
    expect(next.groups).toHaveLength(3);
    expect(next.groups[2]).toEqual({ conditions: [defaultCondition()] });
  });
  it('refuses a 21st condition and a 21st group, with what to do instead', () => {
    const full: Definition = deepFreeze({ groups: [{ conditions: Array.from({ length: LIMITS.conditionsMax }, () => vip) }] });
    expect(reason(addCondition(full, 0))).toBe('A group can hold at most 20 conditions. Add another group (OR) instead.');
    const many: Definition = deepFreeze({ groups: Array.from({ length: LIMITS.groupsMax }, () => ({ conditions: [vip] })) });
    expect(reason(addGroup(many))).toBe('A segment can hold at most 20 groups. Combine conditions within a group instead.');
  });
  it('refuses a group that does not exist', () => {
    expect(reason(addCondition(twoGroups(), 2))).toBe('There is no group 3.');
    expect(reason(addCondition(twoGroups(), -1))).toBe('There is no group 0.');
    expect(reason(addCondition(twoGroups(), 0.5))).toMatch(/no group/);
  });
});

describe('removing', () => {
  it('removes a condition from its group', () => {
    expect(ok(removeCondition(twoGroups(), 0, 0)).groups[0].conditions).toEqual([buyers]);
  });
  it('removing the last condition of a group removes the group', () => {
    expect(ok(removeCondition(twoGroups(), 1, 0)).groups).toEqual([{ conditions: [vip, buyers] }]);
  });
  it('refuses to remove the last condition of the last group', () => {
    const def = deepFreeze({ groups: [{ conditions: [vip] }] });
    expect(reason(removeCondition(def, 0, 0))).toBe('A segment needs at least one condition. Change this condition instead.');
  });
  it('removes a group, but never the last one', () => {
    expect(ok(removeGroup(twoGroups(), 0)).groups).toEqual([{ conditions: [vip] }]);
    expect(reason(removeGroup(deepFreeze({ groups: [{ conditions: [vip] }] }), 0))).toBe('A segment needs at least one group. Change its conditions instead.');
  });
  it('refuses positions that do not exist', () => {
    expect(reason(removeCondition(twoGroups(), 0, 2))).toBe('There is no condition 3 in group 1.');
    expect(reason(removeGroup(twoGroups(), 5))).toBe('There is no group 6.');
  });
});

describe('changing the property', () => {
  it('resets the operator to the property\'s first, the value to a default and the key', () => {
    const next = ok(setProperty(twoGroups(), 0, 1, 'hubspot.property'));
    expect(next.groups[0].conditions[1]).toEqual({ property: 'hubspot.property', operator: 'eq', key: '', value: '' });
    const back = ok(setProperty(next, 0, 1, 'shopify.integrated'));
    expect(back.groups[0].conditions[1]).toEqual({ property: 'shopify.integrated', operator: 'is_integrated' });
  });
  it('gives every property a default the validator accepts, except choices only the user can make', () => {
    for (const p of PROPERTIES) {
      const def = ok(setProperty(twoGroups(), 0, 0, p.id, { today: '2026-06-15' }));
      const issues = [...validationMap(def).keys()];
      const input = valueInputFor(p.kind, p.operators[0]);
      const expected = [
        ...(p.needsKey ? ['groups.0.conditions.0.key'] : []),
        ...(input === 'multi_select' || input === 'text' ? ['groups.0.conditions.0.value'] : []),
      ];
      expect({ property: p.id, issues }).toEqual({ property: p.id, issues: expected });
    }
  });
  it('defaults: dates are today (given), days 30, numbers 1, ranges ordered', () => {
    expect(defaultValue('date', { today: '2026-06-15' })).toBe('2026-06-15');
    expect(defaultValue('date_range', { today: '2026-06-15' })).toEqual(['2026-06-15', '2026-06-15']);
    expect(defaultValue('days')).toBe(30);
    expect(defaultValue('number')).toBe(1);
    expect(defaultValue('number_range')).toEqual([1, 10]);
    expect(defaultValue('none')).toBeUndefined();
    expect(defaultValue('date')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
  it('refuses an unknown property', () => {
    expect(reason(setProperty(twoGroups(), 0, 0, 'line.birthday' as never))).toBe('Unknown property "line.birthday".');
  });
});

describe('changing the operator', () => {
  it('keeps the value when the value input stays the same kind', () => {
    const next = ok(setOperator(twoGroups(), 0, 1, 'lt'));
    expect(next.groups[0].conditions[1]).toEqual({ property: 'shopify.purchase_count', operator: 'lt', value: 5 });
    const none = ok(setOperator(twoGroups(), 0, 0, 'contains_none'));
    expect(none.groups[0].conditions[0]).toEqual({ property: 'tag', operator: 'contains_none', value: ['t_vip'] });
  });
  it('resets the value when the value input changes', () => {
    expect(ok(setOperator(twoGroups(), 0, 1, 'between')).groups[0].conditions[1].value).toEqual([1, 10]);
    const days: Definition = deepFreeze({ groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 }] }] });
    expect(ok(setOperator(days, 0, 0, 'is_set')).groups[0].conditions[0]).toEqual({ property: 'shopify.days_since_last_purchase', operator: 'is_set' });
    const added: Definition = deepFreeze({ groups: [{ conditions: [defaultCondition()] }] });
    expect(ok(setOperator(added, 0, 0, 'on', { today: '2026-06-15' })).groups[0].conditions[0].value).toBe('2026-06-15');
    expect(ok(setOperator(added, 0, 0, 'not_within_last_days')).groups[0].conditions[0].value).toBe(30);
    expect(ok(setOperator(added, 0, 0, 'is_not_set')).groups[0].conditions[0]).toEqual({ property: 'line.friend_added_at', operator: 'is_not_set' });
    const unset: Definition = deepFreeze({ groups: [{ conditions: [{ property: 'line.friend_added_at', operator: 'is_not_set' }] }] });
    expect(ok(setOperator(unset, 0, 0, 'within_last_days')).groups[0].conditions[0]).toEqual({ property: 'line.friend_added_at', operator: 'within_last_days', value: 30 });
    expect(ok(setOperator(unset, 0, 0, 'is_set')).groups[0].conditions[0]).toEqual({ property: 'line.friend_added_at', operator: 'is_set' });
  });
  it('keeps the key of a HubSpot or Klaviyo property', () => {
    const def: Definition = deepFreeze({ groups: [{ conditions: [{ property: 'hubspot.property', key: 'plan', operator: 'eq', value: 'gold' }] }] });
    expect(ok(setOperator(def, 0, 0, 'contains')).groups[0].conditions[0]).toEqual({ property: 'hubspot.property', key: 'plan', operator: 'contains', value: 'gold' });
    expect(ok(setOperator(def, 0, 0, 'is_set')).groups[0].conditions[0]).toEqual({ property: 'hubspot.property', key: 'plan', operator: 'is_set' });
  });
  it('refuses an operator the property does not have', () => {
    expect(reason(setOperator(twoGroups(), 0, 0, 'gte'))).toBe('"is at least" cannot be used with Friend tag.');
  });
});

describe('setting values and keys', () => {
  it('sets the value as given (the validator judges it)', () => {
    expect(ok(setValue(twoGroups(), 0, 1, 7)).groups[0].conditions[1].value).toBe(7);
    const bad = ok(setValue(twoGroups(), 0, 1, -3));
    expect(validationMap(bad).get('groups.0.conditions.1.value')).toEqual(['Enter a whole number from 0 to 1,000,000,000.']);
    expect(ok(setValue(twoGroups(), 0, 1, undefined)).groups[0].conditions[1]).toEqual({ property: 'shopify.purchase_count', operator: 'gte' });
  });
  it('refuses a value for a condition that takes none', () => {
    const def: Definition = deepFreeze({ groups: [{ conditions: [{ property: 'shopify.integrated', operator: 'is_integrated' }] }] });
    expect(reason(setValue(def, 0, 0, 'yes'))).toBe('This condition takes no value.');
  });
  it('sets the key of a HubSpot or Klaviyo property, and refuses it elsewhere', () => {
    const def = ok(setProperty(twoGroups(), 0, 0, 'klaviyo.property'));
    expect(ok(setKey(def, 0, 0, 'tier')).groups[0].conditions[0].key).toBe('tier');
    expect(reason(setKey(twoGroups(), 0, 0, 'tier'))).toBe('Friend tag takes no property name.');
  });
});

describe('a condition whose property this version does not know', () => {
  const stale = deepFreeze({ groups: [{ conditions: [{ property: 'line.birthday', operator: 'on', value: '2026-01-01' }] }] }) as unknown as Definition;
  it('can be given a property, and is refused other edits until then', () => {
    expect(ok(setProperty(stale, 0, 0, 'tag')).groups[0].conditions[0]).toEqual({ property: 'tag', operator: 'contains_any', value: [] });
    expect(reason(setOperator(stale, 0, 0, 'on'))).toBe('Choose a property for this condition first.');
    expect(reason(setValue(stale, 0, 0, '2026-01-02'))).toBe('Choose a property for this condition first.');
  });
  it('can be removed', () => {
    const def = deepFreeze({ groups: [...stale.groups, { conditions: [vip] }] });
    expect(ok(removeCondition(def, 0, 0)).groups).toEqual([{ conditions: [vip] }]);
  });
});

describe('every edit', { timeout: 60_000 }, () => {
  const edits: [string, (d: Definition) => EditResult][] = [
    ['addCondition', (d) => addCondition(d, 0)],
    ['addGroup', (d) => addGroup(d)],
    ['removeCondition', (d) => removeCondition(d, 0, 0)],
    ['removeGroup', (d) => removeGroup(d, 0)],
    ['setProperty', (d) => setProperty(d, 0, 0, 'shopify.purchase_count')],
    ['setOperator', (d) => setOperator(d, 0, 0, 'contains_all')],
    ['setValue', (d) => setValue(d, 0, 0, ['t1'])],
    ['setKey', (d) => setKey(d, 0, 0, 'plan')],
  ];
  it.each(edits)('%s leaves its input untouched and never throws, whatever the definition', (_n, edit) => {
    fc.assert(fc.property(arbDefinition(), (def) => {
      const before = structuredClone(def);
      deepFreeze(def); // a write would throw in strict mode
      const r = edit(def);
      expect(def).toEqual(before);
      if (r.ok) expect(r.definition).not.toBe(def);
      else expect(r.reason.length).toBeGreaterThan(0);
    }), { numRuns: 100 });
  });
  it.each(edits)('%s refuses garbage with a reason instead of throwing', (_n, edit) => {
    for (const junk of [null, undefined, {}, { groups: null }, { groups: [null] }, { groups: [{ conditions: [null] }] }, 7]) {
      const r = edit(junk as never);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
    }
  });
});
