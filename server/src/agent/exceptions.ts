/**
 * Exceptions: "everyone except those who joined this month", 「VIPのうち、最近購入した人を除く」.
 * The words an exception leaves out are read as an audience of their own; the goal keeps its
 * complement — every friend that audience does not select, whatever data they lack (a friend not
 * linked to Shopify has not bought; a friend with no city is not in Tokyo). And the safety check:
 * every negation word of the goal must have been read as one, so a suggestion is never silently
 * the opposite of what was asked.
 */
import type { Condition } from '../../../lib/segment/schema';
import { dayNumberOfDate } from '../../../lib/segment/dates';
import { Clause, dateOf } from './text';

// ---- where an exception stands -----------------------------------------------------------------

/** English markers; what they leave out follows them, up to a comma or the end. Common misspellings too. */
const EXCEPT_EN = /\b(?:except(?:\s+for)?|exept(?:\s+for)?|excpet(?:\s+for)?|excluding|exclude|other than|apart from|aside from|but not|not including|with the exception of|leaving out|leave out)\b/;
/** Japanese markers; what they leave out stands before them. */
const EXCEPT_JA = /(?:以外(?:の|で|に|は)?|(?:を|は)?除(?:く|いた|いて|き)|(?:を|は)?除外(?:した|して|する|で)?)/;
/** Where the words a Japanese exception leaves out begin: after the last of these. */
const JA_START = /[、,。]|のうち|の中で|の中から|の中の/g;

export interface ExceptionSpan {
  /** The marker ("except", 「以外」). */
  marker: [number, number];
  /** What it leaves out. */
  part: [number, number];
}

/** The first exception of the clause, or null. */
export function findException(clause: Clause): ExceptionSpan | null {
  const en = clause.find(EXCEPT_EN);
  if (en) {
    const rest = clause.masked.slice(en.end);
    const stop = /[,;.!?、]/.exec(rest);
    const end = en.end + (stop ? stop.index : rest.length);
    if (clause.masked.slice(en.end, end).trim().length > 0) return { marker: [en.start, en.end], part: [en.end, end] };
  }
  for (const ja of clause.findAll(EXCEPT_JA)) {
    const before = clause.masked.slice(0, ja.start);
    let start = 0;
    for (const m of before.matchAll(JA_START)) start = m.index! + m[0].length;
    if (before.slice(start).trim().length > 0) return { marker: [ja.start, ja.end], part: [start, ja.start] };
  }
  return null;
}

// ---- the complement of an audience -------------------------------------------------------------

const SET_PROPERTIES = new Set(['tag', 'shopify.customer_tag', 'hubspot.list', 'klaviyo.list']);
const NUMBER_NOT: Record<string, Condition['operator']> = { eq: 'neq', neq: 'eq', gt: 'lte', gte: 'lt', lt: 'gte', lte: 'gt' };

/**
 * The friends a condition does not select, as alternatives (each a few conditions that go
 * together); null when the segment language cannot say it exactly.
 */
export function complementOf(c: Condition): Condition[][] | null {
  const p = c.property;
  const v = c.value;
  if (SET_PROPERTIES.has(p)) {
    const values = v as string[];
    if (c.operator === 'contains_any') return [[{ ...c, operator: 'contains_none' }]];
    if (c.operator === 'contains_none') return [[{ ...c, operator: 'contains_any' }]];
    return values.map((x) => [{ ...c, operator: 'contains_none', value: [x] }]);
  }
  if (p.endsWith('.integrated')) return [[{ property: p, operator: c.operator === 'is_integrated' ? 'is_not_integrated' : 'is_integrated' }]];
  const notShopify: Condition = { property: 'shopify.integrated', operator: 'is_not_integrated' };
  if (p === 'shopify.purchase_count') {
    const alts = numberComplement(c);
    return alts && [...alts, [notShopify]];
  }
  if (p === 'shopify.days_since_last_purchase') {
    if (c.operator === 'is_set') return [[{ property: p, operator: 'is_not_set' }]];
    if (c.operator === 'is_not_set') return [[{ property: p, operator: 'is_set' }]];
    const alts = numberComplement(c);
    return alts && [...alts, [{ property: p, operator: 'is_not_set' }]];
  }
  if (p === 'shopify.abandoned_cart') return [[{ property: p, operator: c.operator === 'is_true' ? 'is_false' : 'is_true' }], [notShopify]];
  if (p === 'hubspot.property' || p === 'klaviyo.property') {
    const unset: Condition = { property: p, key: c.key, operator: 'is_not_set' };
    switch (c.operator) {
      case 'eq': return [[{ ...c, operator: 'neq' }], [unset]];
      case 'neq': return [[{ ...c, operator: 'eq' }], [unset]];
      case 'contains': return [[{ ...c, operator: 'not_contains' }], [unset]];
      case 'not_contains': return [[{ ...c, operator: 'contains' }], [unset]];
      case 'is_set': return [[unset]];
      case 'is_not_set': return [[{ property: p, key: c.key, operator: 'is_set' }]];
      default: return null;
    }
  }
  if (p === 'line.friend_added_at') {
    // A friend whose join date is unknown meets no date comparison, so the complement of one
    // holds them too: an `is_not_set` alternative.
    const day = (s: unknown) => dayNumberOfDate(s as string);
    const unknown: Condition[] = [{ property: p, operator: 'is_not_set' }];
    switch (c.operator) {
      case 'is_set': return [unknown];
      case 'is_not_set': return [[{ property: p, operator: 'is_set' }]];
      case 'within_last_days': return [[{ ...c, operator: 'not_within_last_days' }], unknown];
      case 'not_within_last_days': return [[{ ...c, operator: 'within_last_days' }], unknown];
      case 'before': return [[{ ...c, operator: 'after', value: dateOf(day(v) - 1) }], unknown];
      case 'after': return [[{ ...c, operator: 'before', value: dateOf(day(v) + 1) }], unknown];
      case 'on': return [[{ ...c, operator: 'before' }], [{ ...c, operator: 'after' }], unknown];
      case 'between': {
        const [from, to] = v as [string, string];
        return [[{ ...c, operator: 'before', value: from }], [{ ...c, operator: 'after', value: to }], unknown];
      }
      default: return null;
    }
  }
  return null;
}

function numberComplement(c: Condition): Condition[][] | null {
  if (c.operator === 'between') {
    const [lo, hi] = c.value as [number, number];
    const alts: Condition[][] = [[{ ...c, operator: 'gt', value: hi }]];
    if (lo > 0) alts.unshift([{ ...c, operator: 'lt', value: lo }]);
    return alts;
  }
  const op = NUMBER_NOT[c.operator];
  if (!op) return null;
  // "Fewer than 1 purchase" is "no purchase".
  if (op === 'lt' && c.value === 1 && c.property === 'shopify.purchase_count') return [[{ ...c, operator: 'eq', value: 0 }]];
  return [[{ ...c, operator: op }]];
}

/**
 * The complement of an audience given as groups (ORed) of conditions (ANDed): one fork per group
 * (the friend fails at least one of its conditions), all of which a friend must pass. Null when a
 * condition has no exact complement.
 */
export function complementForks(groups: Condition[][]): Condition[][][] | null {
  const forks: Condition[][][] = [];
  for (const g of groups) {
    const alts: Condition[][] = [];
    for (const c of g) {
      const comp = complementOf(c);
      if (!comp) return null;
      alts.push(...comp);
    }
    forks.push(alts);
  }
  return forks;
}

// ---- the safety check --------------------------------------------------------------------------

/**
 * Negation and exception words, in both languages, for the safety check. Broader than the
 * readers on purpose: a word here that no reader took is what the check is for. "No more than",
 * 「少ない」 are no negation.
 */
const NEGATION_WORDS = new RegExp([
  String.raw`\b(?:except(?:\s+for)?|exept|excpet|excluding|exclude[ds]?|other than|apart from|aside from|but not|not including|without|never|no(?!\s+(?:more|less|fewer|later|earlier|longer)\b)|not(?!\s+(?:more|less|fewer|later|earlier|only)\b)|non-?|neither|nor)\b`,
  String.raw`\b\w+n't\b`,
  '以外', '除く', '除いた', '除いて', '除き', '除外', 'ではない', 'ではなく', 'じゃない', 'でない', 'でなく',
  '(?<!少|少な|危)(?:い|て|し|ら|が|の|は|も|く|ん)?ない', '(?<!少)無い', 'なし', '無し', 'ません', 'なかった', '未(?!満|来|定)', '非(?=[^\\s]*連携|会員)',
].join('|'), 'g');

export interface NegationWord { start: number; end: number; text: string }

/** Where the goal holds negation words (normalized goal's indices). */
export function negationWords(goal: string): NegationWord[] {
  return [...goal.matchAll(NEGATION_WORDS)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

/** Conditions that only a negation or an exception makes. */
export function isNegatedCondition(c: Condition): boolean {
  return ['contains_none', 'is_not_integrated', 'neq', 'not_contains', 'is_not_set', 'is_false'].includes(c.operator);
}
