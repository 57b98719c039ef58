/**
 * The account's own names in a goal: friend tags, Shopify customer tags, HubSpot and Klaviyo
 * lists, lifecycle stages and other property values, found by their catalog names (normalized),
 * longest first, with the words around them deciding which kind is meant ("Shopify tag",
 * 「リスト」) and whether they are wanted or excluded ("without", 「以外」「がない」).
 */
import type { Condition } from '../../../lib/segment/schema';
import { LIMITS } from '../../../lib/segment/catalog';
import { FILLER_EN, GENERIC_STAGE_WORDS, STAGE_CONTEXT, STANDARD_STAGES } from './lexicon';
import { Clause, normalize } from './text';
import { countKey, type PlannerCatalog } from './types';

export type EntityKind = 'tag' | 'shopify_tag' | 'hubspot_list' | 'klaviyo_list' | 'property';

export interface EntityOption {
  kind: EntityKind;
  /** Tag id, list id, the Shopify tag itself, or the property value. */
  id: string;
  /** The name as the account writes it. */
  name: string;
  provider?: 'hubspot' | 'klaviyo';
  key?: string;
  keyLabel?: string;
  /** A word that is also everyday language ("customers"): needs context to count. */
  generic?: boolean;
}

export const optionKey = (o: EntityOption) => countKey(o.kind, o.id, o.provider, o.key);
export const targetOf = (o: EntityOption) => [o.kind, o.provider ?? '', o.key ?? ''].join(':');

interface Entry { norm: string; option: EntityOption; re?: RegExp }

const RESERVED_VALUES = new Set(['yes', 'no', 'true', 'false', 'none', 'null', 'line', 'web', 'app', 'unknown', 'n/a', 'other']);

function isQuietValue(norm: string): boolean {
  // Property values that read as ordinary words are only taken next to their property's name.
  if (/^\d+$/.test(norm)) return true;
  if (/^[\x00-\x7f]+$/.test(norm)) return norm.length < 3 || FILLER_EN.has(norm) || RESERVED_VALUES.has(norm);
  return norm.length < 2;
}

const ENTRIES = new WeakMap<PlannerCatalog, Entry[]>();

/** The catalog's names, normalized, longest first (kept per catalog object: a catalog is read-only). */
export function catalogEntries(catalog: PlannerCatalog): Entry[] {
  let entries = ENTRIES.get(catalog);
  if (!entries) ENTRIES.set(catalog, (entries = buildEntries(catalog)));
  return entries;
}

function buildEntries(catalog: PlannerCatalog): Entry[] {
  const entries: Entry[] = [];
  const seen = new Set<string>();
  const addOne = (norm: string, option: EntityOption) => {
    const id = `${norm}\u0000${optionKey(option)}`;
    if (norm.length === 0 || seen.has(id)) return;
    seen.add(id);
    entries.push({ norm, option });
  };
  const add = (name: string, option: EntityOption) => {
    addOne(normalize(name), option);
    // "Newsletter subscribers (demo)" is also "Newsletter subscribers": nobody types the aside.
    const bare = normalize(name.replace(/\s*[(（][^()（）]*[)）]\s*$/, ''));
    if (bare.length >= 2) addOne(bare, option);
  };
  for (const t of catalog.tags) add(t.name, { kind: 'tag', id: t.id, name: t.name });
  for (const t of catalog.shopifyTags) add(t, { kind: 'shopify_tag', id: t, name: t });
  for (const l of catalog.hubspotLists) add(l.name, { kind: 'hubspot_list', id: l.id, name: l.name });
  for (const l of catalog.klaviyoLists) add(l.name, { kind: 'klaviyo_list', id: l.id, name: l.name });
  for (const s of catalog.lifecycleStages) {
    const base = { kind: 'property' as const, provider: 'hubspot' as const, key: 'lifecyclestage', keyLabel: 'lifecycle stage', id: s.value, name: s.label };
    const std = STANDARD_STAGES[s.value];
    for (const n of new Set([s.label, s.value, ...(std ? [...std.en, ...std.ja] : [])])) {
      add(n, { ...base, generic: GENERIC_STAGE_WORDS.has(normalize(n)) });
    }
  }
  for (const k of catalog.propertyKeys) {
    if (k.provider === 'hubspot' && k.key === 'lifecyclestage' && catalog.lifecycleStages.length > 0) continue;
    for (const v of k.values) {
      const base = { kind: 'property' as const, provider: k.provider, key: k.key, keyLabel: k.label ?? k.key, id: v.value, name: v.label ?? v.value };
      for (const n of new Set([v.value, v.label ?? v.value])) add(n, { ...base, generic: isQuietValue(normalize(n)) });
    }
  }
  return entries.sort((a, b) => b.norm.length - a.norm.length);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export interface Mention { start: number; end: number; text: string; options: EntityOption[] }

/** Every catalog name in the clause, longest first, not overlapping. Consumes nothing. */
export function findMentions(clause: Clause, entries: Entry[]): Mention[] {
  const mentions: Mention[] = [];
  const text = clause.masked;
  for (const entry of entries) {
    const { norm, option } = entry;
    // Most names are not in the goal at all: a substring test first keeps large catalogs cheap.
    if (!text.includes(norm)) continue;
    entry.re ??= new RegExp(/^[\x00-\x7f]+$/.test(norm) ? `(?<![a-z0-9])${escape(norm)}(?:'?s)?(?![a-z0-9])` : escape(norm), 'g');
    for (const hit of clause.findAll(entry.re)) {
      const same = mentions.find((m) => m.start === hit.start && m.end === hit.end);
      if (same) { if (!same.options.some((o) => optionKey(o) === optionKey(option))) same.options.push(option); continue; }
      if (mentions.some((m) => m.start < hit.end && hit.start < m.end)) continue;
      mentions.push({ start: hit.start, end: hit.end, text: hit.text, options: [option] });
    }
  }
  return mentions.sort((a, b) => a.start - b.start);
}

const LEFT_CONTEXT = /((?:shopify|hubspot|klaviyo|ショッピファイ|ハブスポット|クラビヨ)(?:'s)?\s*(?:の)?\s*)?((?:customer\s+)?(?:tags?|tagged(?:\s+(?:with|as))?|lists?|lifecycle stage|life cycle stage|stage|顧客タグ|タグ|リスト|ライフサイクルステージ|ステージ)\s*(?:(?:named|called|is|of|=|:|が|は)\s*)?(?:(?:both|either|any of|all of|one of)\s+)?)?["'「『]?\s*$/;
const RIGHT_CONTEXT = /^["'」』]?\s*(?:の)?\s*((?:shopify\s*)?(?:customer\s+)?(?:顧客タグ|タグ|リスト|ステージ|tags?\b|lists?\b|stage\b))?/;
const NEG_BEFORE_EN = /\b(?:not|no|without|except(?: for)?|excluding|exclude|but not|neither|nor|don't|doesn't|do not|does not|aren't|isn't|are not|is not|never|non-?)(?:\s+(?:the|a|an|any|have|has|had|got|tagged|tag|tags|with|in|on|from|of|named|called|shopify|hubspot|klaviyo|customer|list|lists|stage|lifecycle|be|been|are|is|who|that|yet|as|marked|belong|belonging|to|subscribed))*\s*["'“]?\s*$/;
const NEG_AFTER_JA = /^["'」』]?\s*(?:の)?\s*(?:顧客タグ|タグ|リスト|ステージ)?\s*(?:(?:が|を|に|は|で|も)\s*){0,2}(?:(?:付いて|ついて|付与されて|登録されて|登録して|入って|含まれて|持って|所属して|なって|されて|して)い?)?(?:ない|無い|なし|無し|ません|以外|を除く|を除いた|を除外|除外|ではない|ではなく|じゃない|じゃなく|でない|でなく|未登録|未付与)/;

export interface Resolved { mention: Mention; option: EntityOption; assumed: boolean }

export interface Ambiguity { mention: Mention; options: EntityOption[] }

/**
 * Picks the kind a mention means from the words around it. Returns null for a generic word with
 * no context (left for the planner), or the remaining candidates when several still fit.
 */
/** Lists whose name holds `norm` as words ("newsletter" in "Newsletter subscribers"). */
function listsNamedWith(entries: Entry[], norm: string): EntityOption[] {
  const found = new Map<string, EntityOption>();
  for (const e of entries) {
    if (e.option.kind !== 'hubspot_list' && e.option.kind !== 'klaviyo_list') continue;
    const hit = /^[\x00-\x7f]+$/.test(norm) ? ` ${e.norm} `.includes(` ${norm} `) : e.norm.includes(norm);
    if (hit) found.set(optionKey(e.option), e.option);
  }
  return [...found.values()];
}

export function resolveMention(clause: Clause, m: Mention, entries: Entry[] = []): EntityOption[] | null {
  const left = clause.text.slice(Math.max(0, m.start - 30), m.start);
  const right = clause.text.slice(m.end, m.end + 25);
  const near = `${left} ${right}`;
  let options = m.options;
  // "the newsletter list": a list is meant, even when only a tag is named exactly "newsletter".
  if (/\blists?\b|リスト/.test(near) && !options.some((o) => o.kind === 'hubspot_list' || o.kind === 'klaviyo_list')) {
    const lists = listsNamedWith(entries, normalize(m.text.replace(/'?s$/, '')));
    if (lists.length > 0) options = lists;
  }
  const narrow = (keep: (o: EntityOption) => boolean) => {
    const kept = options.filter(keep);
    if (kept.length > 0) options = kept;
  };
  const nearBrand = /shopify|ショッピファイ/.test(near) ? 'shopify' : /hubspot|ハブスポット/.test(near) ? 'hubspot' : /klaviyo|クラビヨ/.test(near) ? 'klaviyo' : null;
  if (nearBrand === 'shopify') narrow((o) => o.kind === 'shopify_tag');
  if (nearBrand === 'hubspot') narrow((o) => o.kind === 'hubspot_list' || o.provider === 'hubspot');
  if (nearBrand === 'klaviyo') narrow((o) => o.kind === 'klaviyo_list' || o.provider === 'klaviyo');
  if (/\blists?\b|リスト/.test(near)) narrow((o) => o.kind === 'hubspot_list' || o.kind === 'klaviyo_list');
  // "tag" alone is the LINE friend tag; a Shopify customer tag is called so.
  if (/\btag|タグ/.test(near)) narrow((o) => (nearBrand === 'shopify' ? o.kind === 'shopify_tag' : o.kind === 'tag'));
  if (STAGE_CONTEXT.test(near)) narrow((o) => o.key === 'lifecyclestage');
  for (const o of options) {
    if (o.kind === 'property' && o.keyLabel && near.includes(normalize(o.keyLabel))) narrow((x) => x.key === o.key);
  }
  // A generic word counts only with its property named next to it.
  const contextual = options.filter((o) => !o.generic || (o.key === 'lifecyclestage' ? STAGE_CONTEXT.test(near)
    : near.includes(normalize(o.keyLabel ?? o.key ?? '\u0000'))));
  if (contextual.length === 0) return null;
  // Same name on several kinds and nothing to tell them apart: the planner asks or assumes.
  const distinct = new Map(contextual.map((o) => [optionKey(o), o]));
  return [...distinct.values()];
}

const KIND_ORDER: EntityKind[] = ['tag', 'shopify_tag', 'hubspot_list', 'klaviyo_list', 'property'];
export const preferredOption = (options: EntityOption[]) =>
  [...options].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))[0];

const JOINER = /^[\s,、・/&"'「」『』]*(?:(?:and\/or|and|or|nor|either|both|plus|&|でも|と|や|か|または|もしくは|あるいは|および|及び|かつ|tags?|タグ|lists?|リスト|the|の|,|、|・|\/)[\s,、・/"'「」『』]*)*$/;

export interface EntityConditions {
  conditions: Condition[];
  /**
   * Fork points: each lists alternatives, one of which a group takes (several values of a
   * property that has no "any of": one group per value; "not Tokyo": another city, or none).
   */
  forks: Condition[][][];
  /** The parts of the clause used, for "understood". */
  used: string[];
  /** [start, end) of the clause read as a negation ("without the VIP tag", 「VIP以外」). */
  negations: [number, number][];
}

/**
 * Turns resolved mentions into conditions: consecutive names of one kind form one list ("VIP or
 * Gold" → contains any; "VIP and Gold" → contains all), excluded as a whole when negated.
 * Consumes the names, their "tag"/"list" words and the negation.
 */
export function entityConditions(clause: Clause, resolved: Resolved[], opts: { union?: boolean } = {}): EntityConditions {
  const out: EntityConditions = { conditions: [], forks: [], used: [], negations: [] };
  const sorted = [...resolved].sort((a, b) => a.mention.start - b.mention.start);
  const runs: { items: Resolved[]; all: boolean }[] = [];
  for (const r of sorted) {
    const last = runs[runs.length - 1];
    const prev = last?.items[last.items.length - 1];
    const gap = prev ? clause.masked.slice(prev.mention.end, r.mention.start) : '';
    if (last && prev && targetOf(prev.option) === targetOf(r.option) && JOINER.test(gap)) {
      // In what an exception leaves out, "VIP and Gold" are both left out: either name is enough.
      if (!opts.union && /\band\b|&|と|および|及び|かつ|\bboth\b/.test(gap) && !/\bor\b|\bnor\b|や|か(?!つ)|または|もしくは|あるいは/.test(gap)) last.all = true;
      last.items.push(r);
    } else {
      runs.push({ items: [r], all: false });
    }
  }
  for (const run of runs) {
    const first = run.items[0].mention, lastM = run.items[run.items.length - 1].mention;
    const option = run.items[0].option;
    let start = first.start, end = lastM.end;
    const before = clause.masked.slice(Math.max(0, start - 60), start);
    const after = clause.masked.slice(end, end + 30);
    const leftCtx = LEFT_CONTEXT.exec(before);
    if (leftCtx && leftCtx[0].length > 0) start -= leftCtx[0].length;
    if (option.kind === 'property') {
      // "whose plan is Premium", 「PlanがPremium」: the property's name goes with its value.
      for (const label of new Set([option.keyLabel, option.key].filter((l): l is string => !!l).map(normalize))) {
        const named = new RegExp(`${escape(label)}\\s*(?:is|=|:|が|は|of|equals?)?\\s*["'「『]?\\s*$`).exec(clause.masked.slice(Math.max(0, start - 60), start));
        if (named) { start -= named[0].length; break; }
        // "Gold tier", 「Goldティア」: the property's name after its value.
        const after = new RegExp(`^\\s*(?:の)?\\s*${escape(label)}(?![a-z0-9])`).exec(clause.masked.slice(end, end + 60));
        if (after) { end += after[0].length; break; }
      }
    }
    let negated = false;
    const negEn = NEG_BEFORE_EN.exec(clause.masked.slice(Math.max(0, start - 60), start));
    if (negEn) { negated = true; start -= negEn[0].length; }
    const negJa = NEG_AFTER_JA.exec(after);
    if (negJa) { negated = true; end += negJa[0].length; }
    else {
      const rightCtx = RIGHT_CONTEXT.exec(after);
      if (rightCtx?.[1]) end += rightCtx[0].length;
    }
    if (/非$/.test(clause.masked.slice(0, start))) { negated = true; start -= 1; }
    if (negated) out.negations.push([start, end]);
    out.used.push(clause.original(start, end));
    clause.consume(start, end);
    const ids = [...new Set(run.items.map((r) => r.option.id))].slice(0, LIMITS.setValuesMax);
    const setOp = negated ? 'contains_none' : run.all ? 'contains_all' : 'contains_any';
    switch (option.kind) {
      case 'tag': out.conditions.push({ property: 'tag', operator: setOp, value: ids }); break;
      case 'shopify_tag': out.conditions.push({ property: 'shopify.customer_tag', operator: setOp, value: ids }); break;
      case 'hubspot_list': out.conditions.push({ property: 'hubspot.list', operator: setOp, value: ids }); break;
      case 'klaviyo_list': out.conditions.push({ property: 'klaviyo.list', operator: setOp, value: ids }); break;
      case 'property': {
        const property = option.provider === 'klaviyo' ? 'klaviyo.property' as const : 'hubspot.property' as const;
        const cond = (operator: 'eq' | 'neq', value: string): Condition => ({ property, key: option.key!, operator, value });
        // "Not in Tokyo" leaves out Tokyo only: a friend with no city is not in Tokyo either.
        if (negated) out.forks.push([ids.map((id) => cond('neq', id)), [{ property, key: option.key!, operator: 'is_not_set' }]]);
        else if (ids.length === 1) out.conditions.push(cond('eq', ids[0]));
        else out.forks.push(ids.map((id) => [cond('eq', id)]));
        break;
      }
    }
  }
  return out;
}
