/**
 * Short phrases for the planner's conditions, in English and Japanese, with the account's own
 * names: the suggestion's name and the explanation are built from them. (The extension shows the
 * full readable conditions with lib/segment's summary; these only need to say what the planner did.)
 */
import type { Condition, Definition } from '../../../lib/segment/schema';
import { LIMITS } from '../../../lib/segment/catalog';
import type { Language, PlannerCatalog } from './types';
import { stageLabel } from './lexicon';

const SERVICE = { shopify: 'Shopify', hubspot: 'HubSpot', klaviyo: 'Klaviyo' } as const;

function names(c: Condition, catalog: PlannerCatalog): string[] {
  const values = Array.isArray(c.value) ? (c.value as string[]) : [];
  const from = (list: { id: string; name: string }[]) => values.map((v) => list.find((o) => o.id === v)?.name ?? v);
  switch (c.property) {
    case 'tag': return from(catalog.tags);
    case 'hubspot.list': return from(catalog.hubspotLists);
    case 'klaviyo.list': return from(catalog.klaviyoLists);
    default: return values;
  }
}

const joinEn = (xs: string[], word: 'or' | 'and') =>
  xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} ${word} ${xs[xs.length - 1]}`;
const quoteJa = (xs: string[]) => xs.map((x) => `「${x}」`).join('');

function keyLabel(c: Condition, catalog: PlannerCatalog, lang: Language): string {
  if (c.key === 'lifecyclestage') return lang === 'ja' ? 'ライフサイクルステージ' : 'lifecycle stage';
  const info = catalog.propertyKeys.find((k) => k.key === c.key && `${k.provider}.property` === c.property);
  return info?.label ?? c.key ?? '';
}

function valueLabel(c: Condition, catalog: PlannerCatalog, lang: Language): string {
  const v = String(c.value ?? '');
  if (c.property === 'hubspot.property' && c.key === 'lifecyclestage') return stageLabel(v, catalog, lang);
  const info = catalog.propertyKeys.find((k) => k.key === c.key && `${k.provider}.property` === c.property);
  return info?.values.find((x) => x.value === v)?.label ?? v;
}

/** One condition as a short phrase ("purchased in the last 30 days", 「過去30日以内に購入」). */
export function describeCondition(c: Condition, lang: Language, catalog: PlannerCatalog): string {
  const ja = lang === 'ja';
  const v = c.value;
  const n = typeof v === 'number' ? v : 0;
  const [lo, hi] = Array.isArray(v) ? v : [0, 0];
  switch (c.property) {
    case 'shopify.days_since_last_purchase':
      switch (c.operator) {
        case 'lte': return ja ? `過去${n}日以内に購入` : `purchased in the last ${n} days`;
        case 'lt': return ja ? `過去${n - 1}日以内に購入` : `purchased in the last ${n - 1} days`;
        case 'gt': return ja ? `過去${n}日間は購入なし（それ以前に購入）` : `last purchase more than ${n} days ago`;
        case 'gte': return ja ? `最終購入から${n}日以上` : `last purchase ${n} or more days ago`;
        case 'between': return ja ? `最終購入が${lo}〜${hi}日前` : `last purchase ${lo}–${hi} days ago`;
        case 'eq': return ja ? `最終購入が${n}日前` : `last purchase ${n} days ago`;
        case 'is_set': return ja ? '購入履歴あり' : 'has purchased';
        case 'is_not_set': return ja ? '購入履歴なし' : 'never purchased';
        default: return ja ? '最終購入からの日数' : 'days since last purchase';
      }
    case 'shopify.purchase_count':
      switch (c.operator) {
        case 'gte': return n === 1 ? (ja ? '購入経験あり' : 'has purchased') : ja ? `購入回数${n}回以上` : `${n}+ purchases`;
        case 'gt': return ja ? `購入回数${n}回より多い` : `more than ${n} purchases`;
        case 'lte': return ja ? `購入回数${n}回以下` : `at most ${n} purchases`;
        case 'lt': return ja ? `購入回数${n}回未満` : `fewer than ${n} purchases`;
        case 'eq': return n === 0 ? (ja ? '購入なし' : 'no purchases yet') : ja ? `購入回数${n}回` : `exactly ${n} purchase${n === 1 ? '' : 's'}`;
        case 'neq': return ja ? `購入回数${n}回以外` : `not exactly ${n} purchases`;
        case 'between': return ja ? `購入回数${lo}〜${hi}回` : `${lo}–${hi} purchases`;
        default: return ja ? '購入回数' : 'purchases';
      }
    case 'tag': case 'shopify.customer_tag': {
      const xs = names(c, catalog);
      const shop = c.property === 'shopify.customer_tag';
      if (ja) {
        const label = shop ? 'Shopify顧客タグ' : 'タグ';
        if (c.operator === 'contains_none') return `${label}${quoteJa(xs)}なし`;
        if (c.operator === 'contains_all') return `${label}${quoteJa(xs)}すべてあり`;
        return xs.length > 1 ? `${label}${quoteJa(xs)}のいずれかあり` : `${label}${quoteJa(xs)}あり`;
      }
      const label = shop ? 'Shopify tag ' : 'tagged ';
      const quoted = xs.map((x) => `"${x}"`);
      if (c.operator === 'contains_none') return shop ? `without Shopify tag ${joinEn(quoted, 'or')}` : `not tagged ${joinEn(quoted, 'or')}`;
      return label + joinEn(quoted, c.operator === 'contains_all' ? 'and' : 'or');
    }
    case 'hubspot.list': case 'klaviyo.list': {
      const service = c.property === 'hubspot.list' ? SERVICE.hubspot : SERVICE.klaviyo;
      const xs = names(c, catalog);
      if (ja) {
        if (c.operator === 'contains_none') return `${service}リスト${quoteJa(xs)}に未登録`;
        return `${service}リスト${quoteJa(xs)}${c.operator === 'contains_all' ? 'すべて' : xs.length > 1 ? 'のいずれか' : ''}に登録`;
      }
      const quoted = xs.map((x) => `"${x}"`);
      if (c.operator === 'contains_none') return `not in ${service} list ${joinEn(quoted, 'or')}`;
      return `in ${service} list ${joinEn(quoted, c.operator === 'contains_all' ? 'and' : 'or')}`;
    }
    case 'hubspot.property': case 'klaviyo.property': {
      const service = c.property === 'hubspot.property' ? SERVICE.hubspot : SERVICE.klaviyo;
      const key = keyLabel(c, catalog, lang);
      const value = valueLabel(c, catalog, lang);
      if (ja) return c.operator === 'neq' ? `${service}の${key}が「${value}」以外` : `${service}の${key}が「${value}」`;
      return c.operator === 'neq' ? `${service} ${key} is not ${value}` : `${service} ${key} is ${value}`;
    }
    case 'shopify.integrated': case 'hubspot.integrated': case 'klaviyo.integrated': {
      const service = SERVICE[c.property.split('.')[0] as keyof typeof SERVICE];
      if (c.operator === 'is_not_integrated') return ja ? `${service}未連携` : `not integrated with ${service}`;
      return ja ? `${service}連携済み` : `integrated with ${service}`;
    }
    case 'shopify.abandoned_cart':
      return c.operator === 'is_true' ? (ja ? 'カゴ落ちあり' : 'abandoned a cart') : (ja ? 'カゴ落ちなし' : 'no abandoned cart');
    case 'line.friend_added_at':
      switch (c.operator) {
        case 'within_last_days': return ja ? `過去${v}日以内に友だち追加` : `became a friend in the last ${v} days`;
        case 'not_within_last_days': return ja ? `友だち追加から${v}日超` : `became a friend more than ${v} days ago`;
        case 'before': return ja ? `${v}より前に友だち追加` : `became a friend before ${v}`;
        case 'after': return ja ? `${v}より後に友だち追加` : `became a friend after ${v}`;
        case 'on': return ja ? `${v}に友だち追加` : `became a friend on ${v}`;
        case 'between': return ja ? `${lo}〜${hi}に友だち追加` : `became a friend between ${lo} and ${hi}`;
        case 'is_set': return ja ? '友だち追加日が分かる' : 'join date known';
        case 'is_not_set': return ja ? '友だち追加日が不明' : 'join date unknown';
        default: return ja ? '友だち追加日' : 'friend added date';
      }
  }
}

export function describeGroup(conditions: Condition[], lang: Language, catalog: PlannerCatalog): string {
  return conditions.map((c) => describeCondition(c, lang, catalog)).join(lang === 'ja' ? '・' : ' and ');
}

/** A name for the suggested segment, within the name limit. */
export function nameFor(def: Definition, lang: Language, catalog: PlannerCatalog): string {
  const groups = def.groups.map((g) => g.conditions.map((c) => describeCondition(c, lang, catalog)).join(lang === 'ja' ? '・' : ' · '));
  let name = groups.join(lang === 'ja' ? ' または ' : ' or ');
  if (lang === 'en') name = name.charAt(0).toUpperCase() + name.slice(1);
  if (name.length > LIMITS.nameMax) name = name.slice(0, LIMITS.nameMax - 1).trimEnd() + '…';
  return name;
}
