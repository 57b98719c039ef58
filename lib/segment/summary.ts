/**
 * A segment in words, for the preview and the segment list: "Shopify integration is Integrated
 * AND Number of purchases is at least 5 — OR — HubSpot integration is Integrated AND HubSpot
 * property lifecyclestage is customer". In English and in Japanese.
 *
 * A broken condition (a deleted tag or list, an unknown property, a missing value) is shown as it
 * is, marked, and never dropped: a summary that hid it would describe another segment.
 */
import { CATEGORY_LABELS, OPERATOR_LABELS, propertyDef, type Operator, type PropertyDef } from './catalog';
import type { Condition, Definition } from './schema';

export type Lang = 'en' | 'ja';

/**
 * Display names of the ids a definition references. When a map is given, an id missing from it
 * is a deleted tag or list and is shown as the id marked "(deleted)"; when a map is not given at
 * all, ids are shown as they are, unmarked (we do not know).
 */
export interface SummaryNames {
  tags?: Record<string, string>;
  hubspotLists?: Record<string, string>;
  klaviyoLists?: Record<string, string>;
}

const WORDS = {
  en: {
    and: ' AND ', or: ' — OR — ', noConditions: '(no conditions)', deleted: ' (deleted)', noValue: '(no value)',
    noneChosen: '(none chosen)', noKey: '(no property name)', unknownProperty: ' (unknown property)', listSep: ', ',
  },
  ja: {
    and: ' かつ ', or: ' — または — ', noConditions: '（条件なし）', deleted: '（削除済み）', noValue: '（値なし）',
    noneChosen: '（未選択）', noKey: '（プロパティ名なし）', unknownProperty: '（不明な項目）', listSep: '、',
  },
} as const;

function has(map: Record<string, string>, id: string): boolean {
  return Object.prototype.hasOwnProperty.call(map, id);
}

function namesFor(pd: PropertyDef, names: SummaryNames): Record<string, string> | undefined {
  switch (pd.options) {
    case 'tags': return names.tags;
    case 'hubspot_lists': return names.hubspotLists;
    case 'klaviyo_lists': return names.klaviyoLists;
    default: return undefined; // Shopify customer tags are their own names.
  }
}

function formatDate(v: unknown, lang: Lang): string {
  if (typeof v !== 'string' || v === '') return WORDS[lang].noValue;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (lang === 'ja' && m) return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
  return v;
}

/** One formatter per language (toLocaleString builds a new one on every call). */
const NUMBER_FORMAT: Record<Lang, Intl.NumberFormat> = { en: new Intl.NumberFormat('en-US'), ja: new Intl.NumberFormat('ja-JP') };

function formatNumber(v: unknown, lang: Lang): string {
  return typeof v === 'number' && Number.isFinite(v) ? NUMBER_FORMAT[lang].format(v) : WORDS[lang].noValue;
}

function formatText(v: unknown, lang: Lang): string {
  if (typeof v !== 'string' || v === '') return WORDS[lang].noValue;
  return lang === 'ja' ? `「${v}」` : v;
}

function formatSet(v: unknown, pd: PropertyDef, lang: Lang, names: SummaryNames): string {
  const w = WORDS[lang];
  if (!Array.isArray(v) || v.length === 0) return w.noneChosen;
  const map = namesFor(pd, names);
  return v.map((raw) => {
    const id = String(raw);
    const deleted = map !== undefined && !has(map, id);
    const name = map !== undefined && !deleted ? map[id] : id;
    const shown = lang === 'ja' ? `「${name}」` : name;
    return deleted ? `${shown}${w.deleted}` : shown;
  }).join(w.listSep);
}

function pair(v: unknown): [unknown, unknown] {
  return Array.isArray(v) && v.length === 2 ? [v[0], v[1]] : [undefined, undefined];
}

function subjectEn(pd: PropertyDef, c: Condition): string {
  if (!pd.needsKey) return pd.label.en;
  const key = typeof c.key === 'string' && c.key.trim() !== '' ? c.key : WORDS.en.noKey;
  return `${pd.label.en} ${key}`;
}

function subjectJa(pd: PropertyDef, c: Condition): string {
  if (!pd.needsKey) return pd.label.ja;
  const key = typeof c.key === 'string' && c.key.trim() !== '' ? `「${c.key}」` : WORDS.ja.noKey;
  return `${pd.label.ja}${key}`;
}

function conditionEn(pd: PropertyDef, c: Condition, names: SummaryNames): string {
  const s = subjectEn(pd, c);
  const op = c.operator as Operator;
  const label = OPERATOR_LABELS[op]?.en ?? String(c.operator);
  const v = c.value;
  switch (op) {
    case 'on': case 'before': case 'after':
      return `${s} ${label} ${formatDate(v, 'en')}`;
    case 'within_last_days': case 'not_within_last_days':
      return `${s} ${label} ${formatNumber(v, 'en')} ${v === 1 ? 'day' : 'days'}`;
    case 'between': {
      const [a, b] = pair(v);
      return pd.kind === 'date'
        ? `${s} ${label} ${formatDate(a, 'en')} and ${formatDate(b, 'en')}`
        : `${s} ${label} ${formatNumber(a, 'en')} and ${formatNumber(b, 'en')}`;
    }
    case 'contains_any': case 'contains_all': case 'contains_none':
      return `${s} ${label} ${formatSet(v, pd, 'en', names)}`;
    case 'eq': case 'neq':
      return `${s} ${label} ${pd.kind === 'text' ? formatText(v, 'en') : formatNumber(v, 'en')}`;
    case 'gt': case 'gte': case 'lt': case 'lte':
      return `${s} ${label} ${formatNumber(v, 'en')}`;
    case 'contains': case 'not_contains': case 'starts_with':
      return `${s} ${label} ${formatText(v, 'en')}`;
    default:
      // is_integrated, is_set, is_true… take no value — and an unknown operator shows as it is.
      return `${s} ${label}`;
  }
}

function conditionJa(pd: PropertyDef, c: Condition, names: SummaryNames): string {
  const s = subjectJa(pd, c);
  const v = c.value;
  // Counts read with their unit: 購入回数が5回以上, 最終購入からの日数が30日以下.
  const unit = pd.unit === 'days' ? '日' : pd.id === 'shopify.purchase_count' ? '回' : '';
  const num = (x: unknown) => (typeof x === 'number' ? `${formatNumber(x, 'ja')}${unit}` : WORDS.ja.noValue);
  const text = (x: unknown) => formatText(x, 'ja');
  const provider = CATEGORY_LABELS[pd.category].ja;
  switch (c.operator) {
    case 'on': return `${s}が${formatDate(v, 'ja')}`;
    case 'before': return `${s}が${formatDate(v, 'ja')}より前`;
    case 'after': return `${s}が${formatDate(v, 'ja')}より後`;
    case 'within_last_days': return `${s}が過去${formatNumber(v, 'ja')}日以内`;
    case 'not_within_last_days': return `${s}が過去${formatNumber(v, 'ja')}日以内ではない`;
    case 'between': {
      const [a, b] = pair(v);
      return pd.kind === 'date'
        ? `${s}が${formatDate(a, 'ja')}から${formatDate(b, 'ja')}まで`
        : `${s}が${num(a)}以上${num(b)}以下`;
    }
    case 'contains_any': return `${s}に${formatSet(v, pd, 'ja', names)}のいずれかを含む`;
    case 'contains_all': return `${s}に${formatSet(v, pd, 'ja', names)}のすべてを含む`;
    case 'contains_none': return `${s}に${formatSet(v, pd, 'ja', names)}のいずれも含まない`;
    case 'is_integrated': return `${provider}と連携済み`;
    case 'is_not_integrated': return `${provider}と未連携`;
    case 'eq': return pd.kind === 'text' ? `${s}が${text(v)}` : `${s}が${num(v)}`;
    case 'neq': return pd.kind === 'text' ? `${s}が${text(v)}以外` : `${s}が${num(v)}以外`;
    case 'gt': return `${s}が${num(v)}を超える`;
    case 'gte': return `${s}が${num(v)}以上`;
    case 'lt': return `${s}が${num(v)}未満`;
    case 'lte': return `${s}が${num(v)}以下`;
    case 'is_set': return `${s}が設定されている`;
    case 'is_not_set': return `${s}が設定されていない`;
    case 'is_true': return `${s}あり`;
    case 'is_false': return `${s}なし`;
    case 'contains': return `${s}に${text(v)}を含む`;
    case 'not_contains': return `${s}に${text(v)}を含まない`;
    case 'starts_with': return `${s}が${text(v)}で始まる`;
    default: return `${s}：${String(c.operator)}`;
  }
}

/** One condition in words. */
export function summarizeCondition(condition: Condition, lang: Lang, names: SummaryNames = {}): string {
  const c = (condition ?? {}) as Condition;
  const pd = propertyDef(String(c.property));
  if (!pd) {
    const w = WORDS[lang];
    return lang === 'ja'
      ? `「${String(c.property)}」${w.unknownProperty}：${String(c.operator)}`
      : `${String(c.property)}${w.unknownProperty} ${String(c.operator)}`;
  }
  return lang === 'ja' ? conditionJa(pd, c, names) : conditionEn(pd, c, names);
}

/** The whole segment in words: conditions joined by AND within a group, groups by OR. */
export function summarize(definition: Definition, lang: Lang, names: SummaryNames = {}): string {
  const w = WORDS[lang === 'ja' ? 'ja' : 'en'];
  const l: Lang = lang === 'ja' ? 'ja' : 'en';
  const groups = Array.isArray(definition?.groups) ? definition.groups : [];
  const parts = groups
    .map((g) => (Array.isArray(g?.conditions) ? g.conditions : []))
    .filter((conditions) => conditions.length > 0)
    .map((conditions) => conditions.map((c) => summarizeCondition(c, l, names)).join(w.and));
  return parts.length === 0 ? w.noConditions : parts.join(w.or);
}
