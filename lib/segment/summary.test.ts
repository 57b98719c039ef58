/**
 * A segment in words, in English and in Japanese; broken conditions shown and marked, never dropped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbDefinition } from './arbitraries';
import { PROPERTIES } from './catalog';
import type { Condition, Definition } from './schema';
import { summarize, summarizeCondition } from './summary';
import { REPEAT_BUYERS_OR_CUSTOMERS as repeatBuyersOrCustomers } from './examples';


describe('summarize', () => {
  it('reads the DESIGN.md example in English', () => {
    expect(summarize(repeatBuyersOrCustomers, 'en')).toBe(
      'Shopify integration is Integrated AND Number of purchases is at least 5 — OR — '
      + 'HubSpot integration is Integrated AND HubSpot property lifecyclestage is customer');
  });
  it('reads it in Japanese', () => {
    expect(summarize(repeatBuyersOrCustomers, 'ja')).toBe(
      'Shopifyと連携済み かつ 購入回数が5回以上 — または — '
      + 'HubSpotと連携済み かつ HubSpotプロパティ「lifecyclestage」が「customer」');
  });
  it('names tags and lists, and marks ids that no longer exist as deleted', () => {
    const def: Definition = { groups: [{ conditions: [
      { property: 'tag', operator: 'contains_any', value: ['t1', 't_gone'] },
      { property: 'hubspot.list', operator: 'contains_none', value: ['12'] },
    ] }] };
    const names = { tags: { t1: 'VIP' }, hubspotLists: { 12: 'Newsletter' } };
    expect(summarize(def, 'en', names)).toBe('Friend tag contains any of VIP, t_gone (deleted) AND HubSpot list contains none of Newsletter');
    expect(summarize(def, 'ja', names)).toBe('友だちタグに「VIP」、「t_gone」（削除済み）のいずれかを含む かつ HubSpotリストに「Newsletter」のいずれも含まない');
  });
  it('shows ids as they are when no names are given', () => {
    const def: Definition = { groups: [{ conditions: [{ property: 'klaviyo.list', operator: 'contains_all', value: ['k1', 'k2'] }] }] };
    expect(summarize(def, 'en')).toBe('Klaviyo list contains all of k1, k2');
    expect(summarize(def, 'ja')).toBe('Klaviyoリストに「k1」、「k2」のすべてを含む');
  });
  it('keeps broken conditions, marked', () => {
    const def = { groups: [{ conditions: [
      { property: 'line.birthday', operator: 'on', value: '2026-01-01' },
      { property: 'tag', operator: 'contains_any', value: [] },
      { property: 'hubspot.property', operator: 'eq', value: 'x' },
    ] }] } as unknown as Definition;
    expect(summarize(def, 'en')).toBe('line.birthday (unknown property) on AND Friend tag contains any of (none chosen) AND HubSpot property (no property name) is x');
    expect(summarize(def, 'ja')).toBe('「line.birthday」（不明な項目）：on かつ 友だちタグに（未選択）のいずれかを含む かつ HubSpotプロパティ（プロパティ名なし）が「x」');
  });
  it('says so when there are no conditions, and never throws on garbage', () => {
    expect(summarize({ groups: [] }, 'en')).toBe('(no conditions)');
    expect(summarize(null as never, 'ja')).toBe('（条件なし）');
    expect(summarize({ groups: [{ conditions: [null] }] } as never, 'en')).toContain('unknown property');
  });
});

describe('summarizeCondition, every operator', { timeout: 60_000 }, () => {
  const cases: [Condition, string, string][] = [
    [{ property: 'line.friend_added_at', operator: 'on', value: '2026-03-01' }, 'Friend added date is on 2026-03-01', '友だち追加日が2026年3月1日'],
    [{ property: 'line.friend_added_at', operator: 'before', value: '2026-03-01' }, 'Friend added date is before 2026-03-01', '友だち追加日が2026年3月1日より前'],
    [{ property: 'line.friend_added_at', operator: 'after', value: '2026-03-01' }, 'Friend added date is after 2026-03-01', '友だち追加日が2026年3月1日より後'],
    [{ property: 'line.friend_added_at', operator: 'between', value: ['2026-03-01', '2026-03-31'] }, 'Friend added date is between 2026-03-01 and 2026-03-31', '友だち追加日が2026年3月1日から2026年3月31日まで'],
    [{ property: 'line.friend_added_at', operator: 'within_last_days', value: 30 }, 'Friend added date is within the last 30 days', '友だち追加日が過去30日以内'],
    [{ property: 'line.friend_added_at', operator: 'not_within_last_days', value: 1 }, 'Friend added date is not within the last 1 day', '友だち追加日が過去1日以内ではない'],
    [{ property: 'shopify.customer_tag', operator: 'contains_all', value: ['vip', 'wholesale'] }, 'Shopify customer tag contains all of vip, wholesale', 'Shopify顧客タグに「vip」、「wholesale」のすべてを含む'],
    [{ property: 'klaviyo.integrated', operator: 'is_not_integrated' }, 'Klaviyo integration is Not integrated', 'Klaviyoと未連携'],
    [{ property: 'shopify.purchase_count', operator: 'eq', value: 0 }, 'Number of purchases is 0', '購入回数が0回'],
    [{ property: 'shopify.purchase_count', operator: 'neq', value: 1000 }, 'Number of purchases is not 1,000', '購入回数が1,000回以外'],
    [{ property: 'shopify.purchase_count', operator: 'gt', value: 2 }, 'Number of purchases is greater than 2', '購入回数が2回を超える'],
    [{ property: 'shopify.purchase_count', operator: 'lt', value: 2 }, 'Number of purchases is less than 2', '購入回数が2回未満'],
    [{ property: 'shopify.purchase_count', operator: 'between', value: [1, 3] }, 'Number of purchases is between 1 and 3', '購入回数が1回以上3回以下'],
    [{ property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 }, 'Days since last purchase is at most 30', '最終購入からの日数が30日以下'],
    [{ property: 'line.friend_added_at', operator: 'is_set' }, 'Friend added date is set', '友だち追加日が設定されている'],
    [{ property: 'line.friend_added_at', operator: 'is_not_set' }, 'Friend added date is not set', '友だち追加日が設定されていない'],
    [{ property: 'shopify.days_since_last_purchase', operator: 'is_set' }, 'Days since last purchase is set', '最終購入からの日数が設定されている'],
    [{ property: 'shopify.days_since_last_purchase', operator: 'is_not_set' }, 'Days since last purchase is not set', '最終購入からの日数が設定されていない'],
    [{ property: 'shopify.abandoned_cart', operator: 'is_true' }, 'Abandoned cart is true', 'カゴ落ちあり'],
    [{ property: 'shopify.abandoned_cart', operator: 'is_false' }, 'Abandoned cart is false', 'カゴ落ちなし'],
    [{ property: 'klaviyo.property', key: 'tier', operator: 'neq', value: 'gold' }, 'Klaviyo property tier is not gold', 'Klaviyoプロパティ「tier」が「gold」以外'],
    [{ property: 'klaviyo.property', key: 'tier', operator: 'contains', value: 'gold' }, 'Klaviyo property tier contains gold', 'Klaviyoプロパティ「tier」に「gold」を含む'],
    [{ property: 'klaviyo.property', key: 'tier', operator: 'not_contains', value: 'gold' }, 'Klaviyo property tier does not contain gold', 'Klaviyoプロパティ「tier」に「gold」を含まない'],
    [{ property: 'klaviyo.property', key: 'tier', operator: 'starts_with', value: 'go' }, 'Klaviyo property tier starts with go', 'Klaviyoプロパティ「tier」が「go」で始まる'],
  ];
  it.each(cases)('%o', (condition, en, ja) => {
    expect(summarizeCondition(condition, 'en')).toBe(en);
    expect(summarizeCondition(condition, 'ja')).toBe(ja);
  });

  it('words every condition a generated definition can hold, without "undefined" or raw operator ids', () => {
    const rawOperators = PROPERTIES.flatMap((p) => p.operators).filter((o) => o.includes('_'));
    fc.assert(fc.property(arbDefinition(), (def) => {
      for (const lang of ['en', 'ja'] as const) {
        const text = summarize(def, lang);
        expect(text).not.toMatch(/undefined|NaN|\[object/);
        for (const op of rawOperators) expect(text).not.toContain(op);
        const n = def.groups.reduce((s, g) => s + g.conditions.length, 0);
        expect(text.split(lang === 'en' ? /AND|— OR —/ : /かつ|— または —/)).toHaveLength(n);
      }
    }), { numRuns: 200 });
  });
});
