/** The panel's pure functions, without a DOM. */
import { afterEach, describe, expect, it } from 'vitest';
import { keySuggestions, propertyChoiceGroups, textSuggestions, valueOptions } from '@/components/models/catalog';
import { sameDraft, todayIn, visibleIssues } from '@/components/models/draft';
import { translateIssue } from '@/components/models/issues';
import { syncState } from '@/components/models/outbox';
import { countByFolder, filterSegments, searchKey } from '@/components/models/segments';
import { setLanguage } from '@/lib/i18n';
import type { OutboxEntryView, SegmentItem } from '@/lib/messages';
import { aCatalog, aSegment, ACCOUNT } from './fake-background';

afterEach(() => setLanguage('en'));

const item = (id: string, name: string, folderId: string | null, updatedAt: string): SegmentItem =>
  ({ segment: aSegment({ id, name, folderId, updatedAt }), preview: null, sync: 'synced' });

describe('segment list', () => {
  const items = [
    item('a', 'Repeat buyers', null, '2026-03-01T00:00:00Z'),
    item('b', 'ＶＩＰ会員', 'f1', '2026-03-03T00:00:00Z'),
    item('c', 'ｶｲｲﾝ 30日', 'f1', '2026-03-02T00:00:00Z'),
  ];

  it('filters by folder and by name, newest change first', () => {
    expect(filterSegments(items, '', 'all').map((i) => i.segment.id)).toEqual(['b', 'c', 'a']);
    expect(filterSegments(items, '', 'f1').map((i) => i.segment.id)).toEqual(['b', 'c']);
    expect(filterSegments(items, '', 'unfiled').map((i) => i.segment.id)).toEqual(['a']);
    expect(filterSegments(items, 'vip', 'all').map((i) => i.segment.id)).toEqual(['b']);
    expect(filterSegments(items, 'カイイン', 'all').map((i) => i.segment.id)).toEqual(['c']);
    expect(filterSegments(items, 'BUYERS', 'f1')).toEqual([]);
  });

  it('folds width and case for search', () => {
    expect(searchKey(' ＡＢＣ１ ')).toBe('abc1');
    expect(searchKey('ｶﾞｲﾄﾞ')).toBe('ガイド');
  });

  it('counts segments per folder', () => {
    expect([...countByFolder(items)]).toEqual([[null, 1], ['f1', 2]]);
  });
});

describe('draft', () => {
  const def = { groups: [{ conditions: [{ property: 'shopify.purchase_count' as const, operator: 'gte' as const, value: 5 }] }] };

  it('compares drafts by meaning, not by key order', () => {
    const reordered = JSON.parse('{"groups":[{"conditions":[{"value":5,"operator":"gte","property":"shopify.purchase_count"}]}]}');
    expect(sameDraft({ name: 'A', folderId: null, definition: def }, { name: 'A', folderId: null, definition: reordered })).toBe(true);
    expect(sameDraft({ name: 'A', folderId: null, definition: def }, { name: 'B', folderId: null, definition: def })).toBe(false);
  });

  it('shows a field’s messages once touched, and all of them after a save attempt', () => {
    const issues = { name: 'Enter a name.', 'groups.0.conditions.0.value': 'Enter a value.', 'groups.0.conditions.1.value.0': 'x' };
    expect(visibleIssues(issues, new Set(), false)).toEqual({});
    expect(visibleIssues(issues, new Set(['groups.0.conditions.1.value']), false)).toEqual({ 'groups.0.conditions.1.value.0': 'x' });
    expect(visibleIssues(issues, new Set(), true)).toEqual(issues);
  });

  it('knows today in the account’s time zone', () => {
    const lateUtc = Date.parse('2026-03-01T20:00:00Z'); // already March 2nd in Tokyo
    expect(todayIn('Asia/Tokyo', lateUtc)).toBe('2026-03-02');
    expect(todayIn('UTC', lateUtc)).toBe('2026-03-01');
    expect(todayIn(undefined, lateUtc)).toBeUndefined();
    expect(todayIn('Not/AZone', lateUtc)).toBeUndefined();
  });
});

describe('catalog for the editor', () => {
  it('groups properties by category and marks a service that is not connected, with its reason', () => {
    const groups = propertyChoiceGroups(aCatalog());
    expect(groups.map((g) => g.category)).toEqual(['line', 'tag', 'shopify', 'hubspot', 'klaviyo']);
    const klaviyo = groups.find((g) => g.category === 'klaviyo')!.choices;
    expect(klaviyo.every((c) => !c.available && c.reason?.includes('Connect Klaviyo'))).toBe(true);
  });

  it('offers every property when the catalog is not known yet (availability only warns)', () => {
    expect(propertyChoiceGroups(null).flatMap((g) => g.choices).every((c) => c.available)).toBe(true);
  });

  it('gives options, key suggestions and value suggestions from the catalog', () => {
    const catalog = aCatalog();
    expect(valueOptions(catalog, 'tag').map((o) => o.label)).toEqual(['VIP', 'New']);
    expect(valueOptions(null, 'tag', [{ id: 't1', name: 'Fan', friendCount: 3 }])).toEqual([{ value: 't1', label: 'Fan', count: 3 }]);
    expect(keySuggestions(catalog, 'hubspot.property')).toEqual([{ key: 'lifecyclestage', label: 'Lifecycle stage' }]);
    expect(textSuggestions(catalog, 'hubspot.property', 'lifecyclestage').map((o) => o.value)).toEqual(['customer']);
    expect(textSuggestions(catalog, 'hubspot.property', 'unknown')).toEqual([]);
  });
});

describe('outbox state', () => {
  const entry = (over: Partial<OutboxEntryView>): OutboxEntryView => ({
    id: 'o', accountId: ACCOUNT, kind: 'segment.update', targetId: 's-1', label: 'X', state: 'pending', attempts: 0,
    createdAt: '2026-03-01T00:00:00Z', nextAttemptAt: null, lastError: null, body: null, ...over,
  });

  it('a refusal outranks waiting, waiting outranks saved; other accounts do not count', () => {
    expect(syncState(null, ACCOUNT)).toEqual({ kind: 'saved' });
    const waiting = { entries: [entry({})], pending: 1, refused: 0, reachable: false };
    expect(syncState(waiting, ACCOUNT).kind).toBe('waiting');
    expect(syncState(waiting, '@another').kind).toBe('saved');
    const both = { ...waiting, entries: [entry({}), entry({ id: 'r', state: 'refused' })] };
    expect(syncState(both, ACCOUNT)).toEqual({ kind: 'refused', entries: [both.entries[1]] });
    expect(syncState(both, ACCOUNT, 's-2').kind).toBe('saved');
  });
});

describe('lib/segment messages in Japanese', () => {
  it('translates the validator’s messages and keeps an unknown one as it is', () => {
    setLanguage('ja');
    expect(translateIssue('Enter a whole number from 0 to 1,000,000,000.')).toBe('0〜1,000,000,000の整数を入力してください。');
    expect(translateIssue('Choose at least one value.')).toBe('1つ以上選んでください。');
    expect(translateIssue('A group can hold at most 20 conditions. Add another group (OR) instead.')).toContain('20個まで');
    expect(translateIssue('Something new the validator says.')).toBe('Something new the validator says.');
    setLanguage('en');
    expect(translateIssue('Enter a value.')).toBe('Enter a value.');
  });
});

describe('every message lib/segment gives the editor has a Japanese version', () => {
  it('covers the validation map of broken drafts and the edits’ refusals', async () => {
    const { draftValidationMap } = await import('@/lib/segment/validate');
    const edits = await import('@/lib/segment/edit');
    const broken = [
      { property: 'nope', operator: 'eq' },
      { property: 'tag', operator: 'gte', value: 1 },
      { property: 'tag', operator: 'contains_any', value: [] },
      { property: 'tag', operator: 'contains_any', value: [''] },
      { property: 'shopify.purchase_count', operator: 'gte', value: -1 },
      { property: 'shopify.purchase_count', operator: 'between', value: [5, 1] },
      { property: 'shopify.purchase_count', operator: 'between', value: 3 },
      { property: 'shopify.days_since_last_purchase', operator: 'lt', value: 99999 },
      { property: 'line.friend_added_at', operator: 'on', value: '2026-02-30' },
      { property: 'line.friend_added_at', operator: 'between', value: ['2026-03-02', '2026-03-01'] },
      { property: 'line.friend_added_at', operator: 'between', value: '2026-03-01' },
      { property: 'line.friend_added_at', operator: 'within_last_days', value: 1.5 },
      { property: 'hubspot.property', operator: 'eq', value: '' },
      { property: 'hubspot.property', key: 'x'.repeat(101), operator: 'eq', value: 'x'.repeat(501) },
      { property: 'shopify.integrated', operator: 'is_integrated', value: 1, key: 'k' },
    ];
    const drafts = [
      { name: '', definition: { groups: [{ conditions: broken }] } },
      { name: 'x'.repeat(101), definition: { groups: [] } },
      { name: 'ok', definition: { groups: [{ conditions: [] }] } },
    ];
    const messages = new Set<string>();
    for (const draft of drafts) for (const list of draftValidationMap(draft).values()) list.forEach((m) => messages.add(m));
    const single = { groups: [{ conditions: [edits.defaultCondition()] }] };
    for (const refused of [edits.removeCondition(single, 0, 0), edits.setKey(single, 0, 0, 'k')]) {
      if (!refused.ok) messages.add(refused.reason);
    }
    expect(messages.size).toBeGreaterThan(15);
    setLanguage('ja');
    const untranslated = [...messages].filter((m) => translateIssue(m) === m);
    expect(untranslated).toEqual([]);
  });
});
