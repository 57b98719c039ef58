/**
 * Every limit of DESIGN.md's segment language, rejected with the path of the field at fault;
 * and the values just inside each limit accepted.
 */
import { describe, expect, it } from 'vitest';
import { LIMITS } from './catalog';
import { isRealDate } from './dates';
import { definitionSchema, segmentInputSchema, toIssues, type Condition } from './schema';

const ok: Condition = { property: 'tag', operator: 'contains_any', value: ['t1'] };
const one = (condition: unknown) => ({ groups: [{ conditions: [condition] }] });
const at = 'groups.0.conditions.0';

/** The paths of everything wrong with a definition; [] when it is valid. */
function pathsOf(def: unknown): string[] {
  const r = definitionSchema.safeParse(def);
  return r.success ? [] : toIssues(r.error).map((i) => i.path);
}
function segmentPaths(input: unknown): string[] {
  const r = segmentInputSchema.safeParse(input);
  return r.success ? [] : toIssues(r.error).map((i) => i.path);
}

describe('name: 1–100 characters after trimming', () => {
  const def = one(ok);
  it.each([
    ['empty', ''], ['only spaces', '   '], ['101 characters', 'x'.repeat(101)], ['not text', 42],
  ])('rejects a name that is %s', (_n, name) => {
    expect(segmentPaths({ name, folderId: null, definition: def })).toEqual(['name']);
  });
  it('accepts 1 and 100 characters, and trims', () => {
    expect(segmentPaths({ name: 'x', folderId: null, definition: def })).toEqual([]);
    expect(segmentPaths({ name: 'x'.repeat(100), folderId: null, definition: def })).toEqual([]);
    const parsed = segmentInputSchema.parse({ name: `  ${'x'.repeat(100)}  `, folderId: null, definition: def });
    expect(parsed.name).toBe('x'.repeat(100));
  });
  it('rejects an unknown field of the segment at its path', () => {
    expect(segmentPaths({ name: 'x', folderId: null, definition: def, colour: 'red' })).toEqual(['colour']);
  });
});

describe('groups and conditions', () => {
  it('1–20 groups', () => {
    expect(pathsOf({ groups: [] })).toEqual(['groups']);
    expect(pathsOf({ groups: Array.from({ length: LIMITS.groupsMax }, () => ({ conditions: [ok] })) })).toEqual([]);
    expect(pathsOf({ groups: Array.from({ length: LIMITS.groupsMax + 1 }, () => ({ conditions: [ok] })) })).toEqual(['groups']);
  });
  it('1–20 conditions per group', () => {
    expect(pathsOf({ groups: [{ conditions: [ok] }, { conditions: [] }] })).toEqual(['groups.1.conditions']);
    expect(pathsOf({ groups: [{ conditions: Array.from({ length: LIMITS.conditionsMax }, () => ok) }] })).toEqual([]);
    expect(pathsOf({ groups: [{ conditions: Array.from({ length: LIMITS.conditionsMax + 1 }, () => ok) }] })).toEqual(['groups.0.conditions']);
  });
  it('not an object, no groups, groups not a list', () => {
    expect(pathsOf(null)).toEqual(['']);
    expect(pathsOf([])).toEqual(['']);
    expect(pathsOf({})).toEqual(['groups']);
    expect(pathsOf({ groups: 'all' })).toEqual(['groups']);
    expect(pathsOf({ groups: [null] })).toEqual(['groups.0']);
    expect(pathsOf({ groups: [{ conditions: [null] }] })).toEqual([at]);
  });
  it('extra fields at every level, each at its own path', () => {
    expect(pathsOf({ groups: [{ conditions: [ok] }], mode: 'all' })).toEqual(['mode']);
    expect(pathsOf({ groups: [{ conditions: [ok], join: 'or' }] })).toEqual(['groups.0.join']);
    expect(pathsOf(one({ ...ok, negate: true }))).toEqual([`${at}.negate`]);
  });
});

describe('conditions: properties, operators, keys', () => {
  it('rejects an unknown property', () => {
    expect(pathsOf(one({ property: 'line.birthday', operator: 'on', value: '2026-01-01' }))).toEqual([`${at}.property`]);
    expect(pathsOf(one({ operator: 'on', value: '2026-01-01' }))).toEqual([`${at}.property`]);
  });
  it('rejects an unknown operator, and an operator of another property', () => {
    expect(pathsOf(one({ property: 'tag', operator: 'includes', value: ['t1'] }))).toEqual([`${at}.operator`]);
    expect(pathsOf(one({ property: 'tag', operator: 'eq', value: 't1' }))).toEqual([`${at}.operator`]);
    expect(pathsOf(one({ property: 'shopify.purchase_count', operator: 'is_set' }))).toEqual([`${at}.operator`]);
  });
  it('line.friend_added_at is_set / is_not_set: presence tests that take no value', () => {
    expect(pathsOf(one({ property: 'line.friend_added_at', operator: 'is_set' }))).toEqual([]);
    expect(pathsOf(one({ property: 'line.friend_added_at', operator: 'is_not_set' }))).toEqual([]);
    expect(pathsOf(one({ property: 'line.friend_added_at', operator: 'is_not_set', value: 30 }))).toEqual([`${at}.value`]);
    expect(pathsOf(one({ property: 'line.friend_added_at', operator: 'is_set', value: '2026-01-01' }))).toEqual([`${at}.value`]);
  });
  it('key: 1–100 characters, required by HubSpot/Klaviyo properties, refused elsewhere', () => {
    const prop = (key: unknown) => one({ property: 'hubspot.property', key, operator: 'eq', value: 'customer' });
    expect(pathsOf(prop(undefined))).toEqual([`${at}.key`]);
    expect(pathsOf(prop(''))).toEqual([`${at}.key`]);
    expect(pathsOf(prop('x'.repeat(LIMITS.keyMax + 1)))).toEqual([`${at}.key`]);
    expect(pathsOf(prop('x'.repeat(LIMITS.keyMax)))).toEqual([]);
    expect(pathsOf(prop('x'))).toEqual([]);
    expect(pathsOf(one({ ...ok, key: 'x' }))).toEqual([`${at}.key`]);
  });
  it('operators without a value refuse one', () => {
    expect(pathsOf(one({ property: 'shopify.integrated', operator: 'is_integrated' }))).toEqual([]);
    expect(pathsOf(one({ property: 'shopify.integrated', operator: 'is_integrated', value: true }))).toEqual([`${at}.value`]);
  });
});

describe('values', () => {
  const count = (operator: string, value: unknown) => one({ property: 'shopify.purchase_count', operator, value });
  const days = (operator: string, value: unknown) => one({ property: 'shopify.days_since_last_purchase', operator, value });
  const added = (operator: string, value: unknown) => one({ property: 'line.friend_added_at', operator, value });
  const text = (value: unknown) => one({ property: 'klaviyo.property', key: 'tier', operator: 'contains', value });
  const tags = (value: unknown) => one({ property: 'tag', operator: 'contains_all', value });

  it('integers 0–1,000,000,000', () => {
    for (const v of [0, 1, LIMITS.integerMax]) expect(pathsOf(count('gte', v))).toEqual([]);
    for (const v of [-1, LIMITS.integerMax + 1, 1.5, '5', null, Number.NaN, Infinity]) expect(pathsOf(count('gte', v))).toEqual([`${at}.value`]);
  });
  it('days 0–36,500, for days since last purchase and within the last N days', () => {
    expect(pathsOf(days('lte', LIMITS.daysMax))).toEqual([]);
    expect(pathsOf(days('lte', LIMITS.daysMax + 1))).toEqual([`${at}.value`]);
    expect(pathsOf(added('within_last_days', LIMITS.daysMax))).toEqual([]);
    expect(pathsOf(added('not_within_last_days', LIMITS.daysMax + 1))).toEqual([`${at}.value`]);
    expect(pathsOf(added('within_last_days', -1))).toEqual([`${at}.value`]);
  });
  it('number ranges: two integers, min ≤ max', () => {
    expect(pathsOf(count('between', [3, 3]))).toEqual([]);
    expect(pathsOf(count('between', [4, 3]))).toEqual([`${at}.value`]);
    expect(pathsOf(count('between', [1, -1]))).toEqual([`${at}.value.1`]);
    expect(pathsOf(count('between', [1]))).toEqual([`${at}.value`]);
    expect(pathsOf(days('between', [0, LIMITS.daysMax + 1]))).toEqual([`${at}.value.1`]);
  });
  it('real calendar dates', () => {
    expect(pathsOf(added('on', '2024-02-29'))).toEqual([]);
    for (const v of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-1-5', '2026-01-01T00:00:00Z', '', 20260101]) {
      expect(pathsOf(added('on', v))).toEqual([`${at}.value`]);
    }
  });
  it('date ranges: two real dates, start ≤ end', () => {
    expect(pathsOf(added('between', ['2026-01-01', '2026-01-01']))).toEqual([]);
    expect(pathsOf(added('between', ['2026-01-02', '2026-01-01']))).toEqual([`${at}.value`]);
    expect(pathsOf(added('between', ['2026-01-01', '2026-02-30']))).toEqual([`${at}.value.1`]);
    expect(pathsOf(added('between', '2026-01-01'))).toEqual([`${at}.value`]);
  });
  it('min ≤ max is still checked when another field of the condition is wrong', () => {
    const paths = pathsOf(one({ property: 'line.friend_added_at', operator: 'between', value: ['2026-01-02', '2026-01-01'], note: 'x' }));
    expect(paths).toEqual([`${at}.note`, `${at}.value`]);
  });
  it('text ≤ 500 characters, not empty', () => {
    expect(pathsOf(text('x'.repeat(LIMITS.textMax)))).toEqual([]);
    expect(pathsOf(text('x'.repeat(LIMITS.textMax + 1)))).toEqual([`${at}.value`]);
    expect(pathsOf(text(''))).toEqual([`${at}.value`]);
    expect(pathsOf(text(['x']))).toEqual([`${at}.value`]);
  });
  it('sets: 1–500 values, each text of 1–500 characters', () => {
    expect(pathsOf(tags(Array.from({ length: LIMITS.setValuesMax }, (_, i) => `t${i}`)))).toEqual([]);
    expect(pathsOf(tags(Array.from({ length: LIMITS.setValuesMax + 1 }, (_, i) => `t${i}`)))).toEqual([`${at}.value`]);
    expect(pathsOf(tags([]))).toEqual([`${at}.value`]);
    expect(pathsOf(tags('t1'))).toEqual([`${at}.value`]);
    expect(pathsOf(tags(['t1', '']))).toEqual([`${at}.value.1`]);
    expect(pathsOf(tags(['t1', 7]))).toEqual([`${at}.value.1`]);
    expect(pathsOf(tags(['x'.repeat(LIMITS.textMax + 1)]))).toEqual([`${at}.value.0`]);
  });
  it('every issue has a message a marketer can act on', () => {
    const r = definitionSchema.safeParse(count('gte', -1));
    expect(r.success).toBe(false);
    if (!r.success) expect(toIssues(r.error)[0].message).toBe('Enter a whole number from 0 to 1,000,000,000.');
  });
});

describe('isRealDate', () => {
  it('knows leap years and month lengths, including years before 100', () => {
    expect(['2024-02-29', '2000-02-29', '0050-03-01', '9999-12-31'].map(isRealDate)).toEqual([true, true, true, true]);
    expect(['1900-02-29', '2026-02-29', '0000-01-01', '2026-00-10', '2026-06-31'].map(isRealDate)).toEqual([false, false, false, false, false]);
  });
});
