/**
 * The property catalog of the segment language v1 (DESIGN.md, "The segment language").
 * Pure data: which properties exist, what they compare, which operators they allow and which
 * integration they need. The server's catalog route adds availability and value options to it.
 */

export const OPERATORS = [
  'on', 'before', 'after', 'between', 'within_last_days', 'not_within_last_days',
  'contains_any', 'contains_all', 'contains_none',
  'is_integrated', 'is_not_integrated',
  'eq', 'neq', 'gt', 'gte', 'lt', 'lte',
  'is_set', 'is_not_set', 'is_true', 'is_false',
  'contains', 'not_contains', 'starts_with',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const PROPERTY_IDS = [
  'line.friend_added_at',
  'tag',
  'shopify.integrated', 'hubspot.integrated', 'klaviyo.integrated',
  'shopify.customer_tag',
  'shopify.purchase_count',
  'shopify.days_since_last_purchase',
  'shopify.abandoned_cart',
  'hubspot.list', 'klaviyo.list',
  'hubspot.property', 'klaviyo.property',
] as const;
export type PropertyId = (typeof PROPERTY_IDS)[number];

/** What a property compares. */
export type PropertyKind = 'date' | 'set' | 'presence' | 'number' | 'boolean' | 'text';
export type Category = 'line' | 'tag' | 'shopify' | 'hubspot' | 'klaviyo';
export type Provider = 'shopify' | 'hubspot' | 'klaviyo';

/**
 * The value input an operator needs on a property. `days` is an integer 0–36,500;
 * `number` an integer 0–1,000,000,000 (or days, on days_since_last_purchase).
 */
export type ValueInput =
  | 'none' | 'date' | 'date_range' | 'days' | 'number' | 'number_range' | 'text' | 'multi_select';

export interface Label { en: string; ja: string }

export interface PropertyDef {
  id: PropertyId;
  category: Category;
  kind: PropertyKind;
  label: Label;
  /** Operators in the order the UI offers them; the first is the default. */
  operators: readonly Operator[];
  /** The integration whose data the property reads; none for LINE's own data. */
  integration: Provider | null;
  /** True when a condition must name a `key` (a HubSpot or Klaviyo property name). */
  needsKey: boolean;
  /** Where the value options come from, for multi-selects and text suggestions. */
  options?: 'tags' | 'shopify_tags' | 'hubspot_lists' | 'klaviyo_lists' | 'hubspot_property_values' | 'klaviyo_property_values';
  /** Number properties that count days use the days limit (0–36,500). */
  unit?: 'days';
}

const DATE_OPS = ['on', 'before', 'after', 'between', 'within_last_days', 'not_within_last_days', 'is_set', 'is_not_set'] as const;
const SET_OPS = ['contains_any', 'contains_all', 'contains_none'] as const;
const PRESENCE_OPS = ['is_integrated', 'is_not_integrated'] as const;
const NUMBER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'between'] as const;
const TEXT_OPS = ['eq', 'neq', 'contains', 'not_contains', 'starts_with', 'is_set', 'is_not_set'] as const;

export const PROPERTIES: readonly PropertyDef[] = [
  { id: 'line.friend_added_at', category: 'line', kind: 'date', integration: null, needsKey: false,
    label: { en: 'Friend added date', ja: '友だち追加日' }, operators: DATE_OPS },
  { id: 'tag', category: 'tag', kind: 'set', integration: null, needsKey: false, options: 'tags',
    label: { en: 'Friend tag', ja: '友だちタグ' }, operators: SET_OPS },
  { id: 'shopify.integrated', category: 'shopify', kind: 'presence', integration: 'shopify', needsKey: false,
    label: { en: 'Shopify integration', ja: 'Shopify連携' }, operators: PRESENCE_OPS },
  { id: 'shopify.customer_tag', category: 'shopify', kind: 'set', integration: 'shopify', needsKey: false,
    options: 'shopify_tags', label: { en: 'Shopify customer tag', ja: 'Shopify顧客タグ' }, operators: SET_OPS },
  { id: 'shopify.purchase_count', category: 'shopify', kind: 'number', integration: 'shopify', needsKey: false,
    label: { en: 'Number of purchases', ja: '購入回数' }, operators: NUMBER_OPS },
  { id: 'shopify.days_since_last_purchase', category: 'shopify', kind: 'number', integration: 'shopify',
    needsKey: false, unit: 'days', label: { en: 'Days since last purchase', ja: '最終購入からの日数' },
    operators: [...NUMBER_OPS, 'is_set', 'is_not_set'] },
  { id: 'shopify.abandoned_cart', category: 'shopify', kind: 'boolean', integration: 'shopify', needsKey: false,
    label: { en: 'Abandoned cart', ja: 'カゴ落ち' }, operators: ['is_true', 'is_false'] },
  { id: 'hubspot.integrated', category: 'hubspot', kind: 'presence', integration: 'hubspot', needsKey: false,
    label: { en: 'HubSpot integration', ja: 'HubSpot連携' }, operators: PRESENCE_OPS },
  { id: 'hubspot.list', category: 'hubspot', kind: 'set', integration: 'hubspot', needsKey: false,
    options: 'hubspot_lists', label: { en: 'HubSpot list', ja: 'HubSpotリスト' }, operators: SET_OPS },
  { id: 'hubspot.property', category: 'hubspot', kind: 'text', integration: 'hubspot', needsKey: true,
    options: 'hubspot_property_values', label: { en: 'HubSpot property', ja: 'HubSpotプロパティ' }, operators: TEXT_OPS },
  { id: 'klaviyo.integrated', category: 'klaviyo', kind: 'presence', integration: 'klaviyo', needsKey: false,
    label: { en: 'Klaviyo integration', ja: 'Klaviyo連携' }, operators: PRESENCE_OPS },
  { id: 'klaviyo.list', category: 'klaviyo', kind: 'set', integration: 'klaviyo', needsKey: false,
    options: 'klaviyo_lists', label: { en: 'Klaviyo list', ja: 'Klaviyoリスト' }, operators: SET_OPS },
  { id: 'klaviyo.property', category: 'klaviyo', kind: 'text', integration: 'klaviyo', needsKey: true,
    options: 'klaviyo_property_values', label: { en: 'Klaviyo property', ja: 'Klaviyoプロパティ' }, operators: TEXT_OPS },
];

const BY_ID = new Map(PROPERTIES.map((p) => [p.id, p]));

export function propertyDef(id: string): PropertyDef | undefined {
  return BY_ID.get(id as PropertyId);
}

export const CATEGORY_LABELS: Record<Category, Label> = {
  line: { en: 'LINE', ja: 'LINE' },
  tag: { en: 'Tag', ja: 'タグ' },
  shopify: { en: 'Shopify', ja: 'Shopify' },
  hubspot: { en: 'HubSpot', ja: 'HubSpot' },
  klaviyo: { en: 'Klaviyo', ja: 'Klaviyo' },
};

export const OPERATOR_LABELS: Record<Operator, Label> = {
  on: { en: 'is on', ja: '指定日' },
  before: { en: 'is before', ja: 'より前' },
  after: { en: 'is after', ja: 'より後' },
  between: { en: 'is between', ja: '範囲内' },
  within_last_days: { en: 'is within the last', ja: '過去N日以内' },
  not_within_last_days: { en: 'is not within the last', ja: '過去N日より前' },
  contains_any: { en: 'contains any of', ja: 'いずれかを含む' },
  contains_all: { en: 'contains all of', ja: 'すべてを含む' },
  contains_none: { en: 'contains none of', ja: 'いずれも含まない' },
  is_integrated: { en: 'is Integrated', ja: '連携済み' },
  is_not_integrated: { en: 'is Not integrated', ja: '未連携' },
  eq: { en: 'is', ja: '等しい' },
  neq: { en: 'is not', ja: '等しくない' },
  gt: { en: 'is greater than', ja: 'より大きい' },
  gte: { en: 'is at least', ja: '以上' },
  lt: { en: 'is less than', ja: 'より小さい' },
  lte: { en: 'is at most', ja: '以下' },
  is_set: { en: 'is set', ja: '値あり' },
  is_not_set: { en: 'is not set', ja: '値なし' },
  is_true: { en: 'is true', ja: 'はい' },
  is_false: { en: 'is false', ja: 'いいえ' },
  contains: { en: 'contains', ja: 'を含む' },
  not_contains: { en: 'does not contain', ja: 'を含まない' },
  starts_with: { en: 'starts with', ja: 'で始まる' },
};

/** The value input an operator needs on a property's kind. */
export function valueInputFor(kind: PropertyKind, operator: Operator): ValueInput {
  switch (operator) {
    case 'is_integrated': case 'is_not_integrated': case 'is_set': case 'is_not_set':
    case 'is_true': case 'is_false':
      return 'none';
    case 'contains_any': case 'contains_all': case 'contains_none':
      return 'multi_select';
    case 'on': case 'before': case 'after':
      return 'date';
    case 'within_last_days': case 'not_within_last_days':
      return 'days';
    case 'between':
      return kind === 'date' ? 'date_range' : 'number_range';
    case 'eq': case 'neq':
      return kind === 'text' ? 'text' : 'number';
    case 'gt': case 'gte': case 'lt': case 'lte':
      return 'number';
    case 'contains': case 'not_contains': case 'starts_with':
      return 'text';
  }
}

export const LIMITS = {
  nameMax: 100,
  groupsMax: 20,
  conditionsMax: 20,
  setValuesMax: 500,
  textMax: 500,
  keyMax: 100,
  integerMax: 1_000_000_000,
  daysMax: 36_500,
} as const;
