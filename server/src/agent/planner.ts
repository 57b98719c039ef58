/**
 * The built-in planner: a marketer's goal ("customers who recently made a purchase",
 * 「最近購入したお客様」) becomes a segment definition over the account's real catalog, with a
 * plain explanation — or, in Consult mode, the questions to answer first. Pure: no network, no
 * model, no clock (the caller passes `now`); the same input always gives the same plan.
 *
 * How it reads a goal: the goal is split into audiences at "or" (each becomes a group); in each,
 * detectors consume what they understand — catalog names first (tags, lists, stages…), then
 * phrases (abandoned carts, purchase counts, buying and following with their periods,
 * integrations). Whatever is left that is not filler is reported as not understood, never guessed.
 */
import { localDayNumber } from '../../../lib/segment/dates';
import { LIMITS } from '../../../lib/segment/catalog';
import { definitionSchema, type Condition, type Definition } from '../../../lib/segment/schema';
import { PlanContext, type ClauseResult } from './context';
import { describeGroup, nameFor } from './describe';
import { abandonedCart, bareBrands, buyerKinds, integrations, purchaseCounts, unknownNames } from './detectors';
import {
  catalogEntries, entityConditions, findMentions, optionKey, preferredOption, resolveMention, targetOf,
  type EntityOption, type Mention, type Resolved,
} from './entities';
import {
  FILLER_EN, FILLER_JA, FRIEND_EN, JA_EDGE_END, JA_EDGE_START, FRIEND_JA, FRIEND_NOUN_EN, FRIEND_NOUN_JA, NEG_AFTER_JA, NEG_BEFORE_EN,
  PURCHASE_EN, PURCHASE_JA, STAGE_CONTEXT,
} from './lexicon';
import { complementForks, findException, isNegatedCondition, negationWords } from './exceptions';
import { findPeriods, type Period, type PeriodHit } from './periods';
import { correctSpelling } from './spelling';
import {
  DORMANT_DAYS, FRIEND_RECENCY, IGNORE_UNKNOWN, PURCHASE_RECENCY, UNKNOWN_PARTS,
  toQuestion, unknownPartsQuestion, type Bilingual, type QuestionSpec,
} from './questions';
import { Clause, MASK, dateOf, detectLanguage, displayForm, hasJapanese, normalize } from './text';
import type { AgentQuestion, Plan, PlanInput, PlannerCatalog } from './types';

export type { Plan, PlanInput, PlannerCatalog } from './types';

// ---- audiences ---------------------------------------------------------------------------------

const OR_EN = /\s*,?\s*\bor\b(?!\s+(?:more|less|fewer|above|below|over|under|later|earlier|before|after|so|older|newer|longer)\b)\s*/g;
const OR_JA = /\s*、?\s*(?:または|もしくは|あるいは|又は|或いは)\s*、?\s*|(?<=人|方|客|者|様|さん|ユーザー|友だち|友達|フォロワー)か(?!つ)[、,]?\s*|(?<=た|る|い)か[、,]\s*/g;

const CALENDAR = '(?:(?:this|last|next|previous)\\s+(?:week|month|year)|today|yesterday|今週|先週|今月|先月|今年|去年|昨年|今日|昨日)';
const CALENDAR_END = new RegExp(`${CALENDAR}\\s*$`);
const CALENDAR_START = new RegExp(`^\\s*${CALENDAR}`);

/**
 * Splits a goal into audiences at "or" / 「または」, as [start, end) ranges of the normalized goal.
 * An "or" between two catalog names ("VIP or Gold") or two numbers stays inside one audience: it
 * is a list, read by the detectors.
 */
export function splitAudiences(text: string, mentions: Mention[]): [number, number][] {
  const cuts: [number, number][] = [];
  for (const re of [OR_EN, OR_JA]) {
    for (const m of text.matchAll(re)) {
      const [cs, ce] = [m.index!, m.index! + m[0].length];
      const left = mentions.filter((x) => x.end <= cs && /^[\s"'」』]*(?:tags?|タグ|lists?|リスト)?[\s"'」』]*$/.test(text.slice(x.end, cs)));
      const right = mentions.filter((x) => x.start >= ce && /^[\s"'「『]*(?:the\s+)?[\s"'「『]*$/.test(text.slice(ce, x.start)));
      const kinds = new Set(left.flatMap((x) => x.options.map(targetOf)));
      const sameKind = right.some((x) => x.options.some((o) => kinds.has(targetOf(o))));
      const numbers = /\d\s*$/.test(text.slice(0, cs)) && /^\s*\d/.test(text.slice(ce));
      // "this week or last week": one audience, either period.
      const periods = CALENDAR_END.test(text.slice(0, cs)) && CALENDAR_START.test(text.slice(ce));
      if (sameKind || numbers || periods) continue;
      cuts.push([cs, ce]);
    }
  }
  cuts.sort((a, b) => a[0] - b[0]);
  const parts: [number, number][] = [];
  let from = 0;
  for (const [cs, ce] of cuts) {
    if (cs < from) continue;
    parts.push([from, cs]);
    from = ce;
  }
  parts.push([from, text.length]);
  return parts.filter(([a, b]) => text.slice(a, b).trim().length > 0);
}

// ---- buying and following, with their periods --------------------------------------------------

interface Verb { start: number; end: number; text: string; kind: 'purchase' | 'friend'; weak: boolean }

const CUSTOMER_NOUN = /\b(?:customers?|clients?|shoppers?)\b|お客様|お客さま|顧客/;
const SEPARATOR = /\band\b|\bbut\b|;|かつ|および|及び/;

function findVerbs(clause: Clause): Verb[] {
  const verbs: Verb[] = [];
  const push = (re: RegExp, kind: Verb['kind'], weak: boolean) => {
    for (const h of clause.findAll(re)) {
      if (verbs.some((v) => v.start < h.end && h.start < v.end)) continue;
      verbs.push({ start: h.start, end: h.end, text: h.text, kind, weak });
    }
  };
  push(new RegExp(FRIEND_EN), 'friend', false);
  push(new RegExp(FRIEND_JA), 'friend', false);
  push(new RegExp(PURCHASE_EN), 'purchase', false);
  push(new RegExp(PURCHASE_JA), 'purchase', false);
  push(new RegExp(FRIEND_NOUN_EN), 'friend', true);
  push(new RegExp(FRIEND_NOUN_JA), 'friend', true);
  push(CUSTOMER_NOUN, 'purchase', true);
  return verbs.sort((a, b) => a.start - b.start);
}

const clampDays = (n: number) => Math.max(0, Math.min(LIMITS.daysMax, Math.round(n)));

function purchaseCondition(p: Period, negated: boolean, ctx: PlanContext): Condition | null {
  const days = (operator: Condition['operator'], value: number | [number, number]): Condition =>
    ({ property: 'shopify.days_since_last_purchase', operator, value: Array.isArray(value) ? [clampDays(value[0]), clampDays(value[1])] : clampDays(value) });
  switch (p.kind) {
    case 'within': return days(negated ? 'gt' : 'lte', p.days);
    case 'ago': return days(p.cmp, p.days);
    case 'recent': return days(negated ? 'gt' : 'lte', Number(ctx.choose(PURCHASE_RECENCY)));
    case 'dormant': return days(negated ? 'lte' : 'gt', Number(ctx.choose(DORMANT_DAYS)));
    case 'range': {
      const [near, far] = [ctx.today - p.to, ctx.today - p.from];
      if (far < 0) return null;
      if (negated) return days('gt', far);
      return near <= 0 ? days('lte', far) : days('between', [near, far]);
    }
    case 'date': {
      const ago = ctx.today - p.day;
      if (ago < 0) return null;
      if (p.cmp === 'on') return days('eq', ago);
      const before = (p.cmp === 'before') !== negated;
      if (before) return days(negated ? 'gte' : 'gt', ago);
      return ago === 0 ? null : days(negated ? 'lte' : 'lt', ago);
    }
  }
}

function friendCondition(p: Period, negated: boolean, ctx: PlanContext): Condition | null {
  const added = (operator: Condition['operator'], value: number | string | [string, string]): Condition =>
    ({ property: 'line.friend_added_at', operator, value: typeof value === 'number' ? clampDays(value) : value });
  switch (p.kind) {
    case 'within': return added(negated ? 'not_within_last_days' : 'within_last_days', p.days);
    case 'ago': {
      if (p.cmp === 'eq') return added('on', dateOf(ctx.today - p.days));
      const n = p.cmp === 'gt' ? p.days : p.days - 1;
      return n < 0 ? null : added('not_within_last_days', n);
    }
    case 'recent': return added(negated ? 'not_within_last_days' : 'within_last_days', Number(ctx.choose(FRIEND_RECENCY)));
    case 'dormant': return null;
    case 'range':
      if (negated) return added('before', dateOf(p.from));
      return p.from === p.to ? added('on', dateOf(p.from)) : added('between', [dateOf(p.from), dateOf(p.to)]);
    case 'date':
      if (!negated) return added(p.cmp, dateOf(p.day));
      if (p.cmp === 'before') return added('after', dateOf(p.day - 1));
      if (p.cmp === 'after') return added('before', dateOf(p.day + 1));
      return null;
  }
}

/** Which verb a period belongs to: the nearest one in the same stretch of the sentence. */
function assignPeriods(clause: Clause, verbs: Verb[], periods: PeriodHit[], ctx: PlanContext): Map<PeriodHit, Verb | null> {
  const assigned = new Map<PeriodHit, Verb | null>();
  for (const p of periods) {
    let best: Verb | null = null;
    let bestD = 31;
    for (const v of verbs) {
      if (p.period.kind === 'dormant' && v.kind === 'friend') continue;
      let d: number, between: string, periodFirst: boolean;
      if (v.end <= p.start) { d = p.start - v.end; between = clause.masked.slice(v.end, p.start); periodFirst = false; }
      else if (p.end <= v.start) { d = v.start - p.end; between = clause.masked.slice(p.end, v.start); periodFirst = true; }
      else continue;
      if (v.weak) {
        // "new friends", 「新しい友だち」, "recent customers": the period right in front; and
        // for friends a period right after ("new followers this week").
        const after = !periodFirst && (d <= 1 || /^\s*(?:from|of|since|during)\s*$/.test(between)) && v.kind === 'friend' && p.period.kind !== 'recent' && p.period.kind !== 'dormant';
        const before = periodFirst && d <= 2 && p.period.kind === 'recent' && (v.kind === 'friend' || /recent|最近/.test(p.text));
        if (!after && !before) continue;
      }
      const gap = between.replaceAll(MASK, ' ');
      if (SEPARATOR.test(gap)) continue;
      if (!periodFirst && /^\s*から\s*$/.test(gap)) {
        // 「友だち追加から30日以内」「最終購入から60日以上」: counted from that verb.
        d = 0;
      } else {
        // English puts the period after the verb, Japanese before it; a comma is a weak boundary.
        if (periodFirst === (ctx.lang === 'en')) d += 3;
        if (/[、,]/.test(gap)) d += 4;
      }
      if (d < bestD) { best = v; bestD = d; }
    }
    // "added after May 1 and before June 1": a period joined to an assigned one shares its verb.
    if (!best) {
      const prev = periods.filter((q) => q.end <= p.start && assigned.get(q)).at(-1);
      if (prev && /^\s*(?:and|but|,)?\s*(?:、|かつ|で)?\s*$/.test(clause.masked.slice(prev.end, p.start))) best = assigned.get(prev)!;
    }
    assigned.set(p, best);
  }
  return assigned;
}

const EITHER_GAP = /^\s*(?:,|、)?\s*(?:or|either|か|または|もしくは|あるいは)\s*(?:,|、)?\s*$/;

/** Periods of one verb said as alternatives ("this week or last week", 「今週か先週」). */
function eitherPeriod(clause: Clause, periods: PeriodHit[], negated: boolean): boolean {
  if (negated || periods.length < 2) return false;
  return periods.slice(1).every((p, i) => EITHER_GAP.test(clause.masked.slice(periods[i].end, p.start)));
}

/** 「30日いない」: 以内 typed by its reading, いない — a period, not a negation; said so. */
function typedInai(clause: Clause, ctx: PlanContext, p: PeriodHit): void {
  const at = p.text.indexOf('いない');
  if (at < 0) return;
  ctx.idiom(clause, p.start + at, p.start + at + 3);
  const shown = clause.original(p.start, p.end);
  ctx.assumptions.set(`inai:${p.start}`, ctx.say(`I read "${shown}" as "${shown.replace('いない', '以内')}".`, `「${shown}」は「${shown.replace('いない', '以内')}」と読みました。`));
}

function negationOf(clause: Clause, v: Verb): { negated: boolean; start: number; end: number } {
  const before = clause.masked.slice(Math.max(0, v.start - 40), v.start);
  const en = new RegExp(NEG_BEFORE_EN).exec(before);
  if (en) return { negated: true, start: v.start - en[0].length, end: v.end };
  if (clause.masked[v.start - 1] === '未') return { negated: true, start: v.start - 1, end: v.end };
  const ja = new RegExp(NEG_AFTER_JA).exec(clause.masked.slice(v.end, v.end + 20));
  if (ja) return { negated: true, start: v.start, end: v.end + ja[0].length };
  return { negated: false, start: v.start, end: v.end };
}

const PURCHASE_PROPERTIES = new Set(['shopify.purchase_count', 'shopify.days_since_last_purchase']);

function buyingAndFollowing(clause: Clause, ctx: PlanContext, out: ClauseResult): void {
  const verbs = findVerbs(clause);
  const periods = findPeriods(clause, ctx.today);
  const assigned = assignPeriods(clause, verbs, periods, ctx);
  const hadPurchase = out.conditions.some((c) => PURCHASE_PROPERTIES.has(c.property));
  const add = (c: Condition | null) => {
    if (c && !out.conditions.some((x) => JSON.stringify(x) === JSON.stringify(c))) out.conditions.push(c);
  };
  let pendingDefault: Condition[][] | null = null;
  const addFork = (fork: Condition[][]) => {
    if (!out.forks.some((x) => JSON.stringify(x) === JSON.stringify(fork))) out.forks.push(fork);
  };
  for (const v of verbs) {
    const all = periods.filter((p) => assigned.get(p) === v);
    // "new followers this week": the concrete period says how new.
    const concrete = all.filter((p) => p.period.kind !== 'recent');
    const mine = concrete.length > 0 ? concrete : all;
    if (v.weak && mine.length === 0) continue;
    const neg = v.weak ? { negated: false, start: v.start, end: v.end } : negationOf(clause, v);
    const either = eitherPeriod(clause, mine, neg.negated);
    if (v.kind === 'purchase') {
      if (mine.length === 0) {
        // "customers who have purchased" / "never bought": ever, or never, bought. A friend not
        // linked to Shopify has not bought either (when the goal says "Shopify customers",
        // `bareBrands` adds the link and that alternative drops out).
        if (!hadPurchase) pendingDefault = neg.negated
          ? [[{ property: 'shopify.purchase_count', operator: 'eq', value: 0 }], [{ property: 'shopify.integrated', operator: 'is_not_integrated' }]]
          : pendingDefault ?? [[{ property: 'shopify.purchase_count', operator: 'gte', value: 1 }]];
      }
      if (either) {
        addFork(mine.map((p) => purchaseCondition(p.period, false, ctx)).filter((c): c is Condition => c !== null).map((c) => [c]));
      } else {
        for (const p of mine) add(purchaseCondition(p.period, neg.negated, ctx));
      }
    } else if (either) {
      // "joined this week or last week", 「今週か先週に友だち追加」: either period.
      addFork(mine.map((p) => friendCondition(p.period, false, ctx)).filter((c): c is Condition => c !== null).map((c) => [c]));
    } else {
      for (const p of mine) {
        // "didn't join last month": before it, or after it.
        if (neg.negated && p.period.kind === 'range' && p.period.to < ctx.today) {
          addFork([[{ property: 'line.friend_added_at', operator: 'before', value: dateOf(p.period.from) }], [{ property: 'line.friend_added_at', operator: 'after', value: dateOf(p.period.to) }]]);
        } else {
          add(friendCondition(p.period, neg.negated, ctx));
        }
      }
    }
    // A negation counts as read only where it made a condition ("not registered" alone makes none).
    if (neg.negated && (mine.length > 0 || (v.kind === 'purchase' && !hadPurchase))) ctx.negated(clause, neg.start, neg.end);
    for (const p of all) typedInai(clause, ctx, p);
    const spans = [neg, ...all];
    const start = Math.min(...spans.map((s) => s.start)), end = Math.max(...spans.map((s) => s.end));
    ctx.understand(clause.original(start, end));
    for (const s of spans) clause.consume(s.start, s.end);
    if (either) mine.slice(1).forEach((p, i) => clause.consume(mine[i].end, p.start));
  }
  // Periods with no verb: "dormant customers" is about buying; a period next to a purchase count
  // ("5 purchases in the last 30 days") narrows the buying too.
  for (const p of periods) {
    if (assigned.get(p) !== null) continue;
    const aboutBuying = p.period.kind === 'dormant' || (p.period.kind !== 'recent' && out.conditions.some((c) => PURCHASE_PROPERTIES.has(c.property)));
    if (!aboutBuying) continue;
    add(purchaseCondition(p.period, false, ctx));
    typedInai(clause, ctx, p);
    ctx.understand(clause.original(p.start, p.end));
    clause.consume(p.start, p.end);
  }
  if (pendingDefault && !out.conditions.some((c) => PURCHASE_PROPERTIES.has(c.property))) {
    if (pendingDefault.length === 1) add(pendingDefault[0][0]);
    else addFork(pendingDefault);
  }
}

// ---- catalog names -----------------------------------------------------------------------------

function kindLabel(o: EntityOption, ctx: PlanContext): string {
  const service = o.provider === 'klaviyo' ? 'Klaviyo' : 'HubSpot';
  switch (o.kind) {
    case 'tag': return ctx.say(`Friend tag "${o.name}"`, `友だちタグ「${o.name}」`);
    case 'shopify_tag': return ctx.say(`Shopify customer tag "${o.name}"`, `Shopify顧客タグ「${o.name}」`);
    case 'hubspot_list': return ctx.say(`HubSpot list "${o.name}"`, `HubSpotリスト「${o.name}」`);
    case 'klaviyo_list': return ctx.say(`Klaviyo list "${o.name}"`, `Klaviyoリスト「${o.name}」`);
    case 'property': return ctx.say(`${service} ${o.keyLabel ?? o.key}: ${o.name}`, `${service}の${o.keyLabel ?? o.key}「${o.name}」`);
  }
}

/** The same name on several kinds ("VIP" a friend tag and a Shopify tag): ask, or take the first and say so. */
function pickOption(ctx: PlanContext, clause: Clause, m: Mention, options: EntityOption[]): EntityOption {
  const preferred = preferredOption(options);
  const name = clause.original(m.start, m.end);
  const spec: QuestionSpec = {
    id: `which:${normalize(m.text)}`,
    text: { en: `Which "${name}" do you mean?`, ja: `「${name}」はどれのことですか？` },
    choices: options.map((o) => ({ label: { en: kindLabel(o, ctx), ja: kindLabel(o, ctx) }, value: optionKey(o) })),
    fallback: optionKey(preferred),
    assumption: () => ({
      en: `"${name}" names several things in this account (${options.map((o) => kindLabel(o, ctx)).join(', ')}); I used the ${kindLabel(preferred, ctx)}.`,
      ja: `「${name}」はこのアカウントで複数あります（${options.map((o) => kindLabel(o, ctx)).join('、')}）。${kindLabel(preferred, ctx)}を使いました。`,
    }),
  };
  const key = ctx.choose(spec);
  return options.find((o) => optionKey(o) === key) ?? preferred;
}

/** "VIP (161 friends)", 「VIP」（161人）: a value as the account writes it, with its count when known. */
function withCount(o: EntityOption, ctx: PlanContext): Bilingual {
  const n = ctx.catalog.counts?.[optionKey(o)];
  return n === undefined
    ? { en: `"${o.name}"`, ja: `「${o.name}」` }
    : { en: `"${o.name}" (${n.toLocaleString('en')} friend${n === 1 ? '' : 's'})`, ja: `「${o.name}」（${n.toLocaleString('ja')}人）` };
}

const ALL_VARIANTS = '*';

/**
 * Names that differ only by case or width ("wholesale" / "Wholesale", ＶＩＰ / VIP) are different
 * values with different friends. The one written exactly as the goal writes it wins; without one,
 * Consult asks which (with each one's count) and Auto takes them all, saying so.
 */
function pickVariants(ctx: PlanContext, clause: Clause, m: Mention, options: EntityOption[]): EntityOption[] {
  if (options.length === 1) return options;
  const typed = clause.original(m.start, m.end);
  const others = (chosen: EntityOption[]) => options.filter((o) => !chosen.includes(o));
  const exact = options.filter((o) => ctx.rawGoal.includes(o.name));
  if (exact.length === 1) {
    const rest = others(exact).map((o) => withCount(o, ctx));
    ctx.assumptions.set(`variants:${normalize(m.text)}`, ctx.say(
      `I used "${exact[0].name}" as you wrote it; ${rest.map((x) => x.en).join(', ')} differ${rest.length === 1 ? 's' : ''} only by upper/lower case or full/half width and ${rest.length === 1 ? 'is' : 'are'} left out.`,
      `書かれたとおりの「${exact[0].name}」を使いました。大文字・小文字や全角・半角だけが違う${rest.map((x) => x.ja).join('、')}は含めていません。`,
    ));
    return exact;
  }
  const listed = options.map((o) => withCount(o, ctx));
  const spec: QuestionSpec = {
    id: `variant:${normalize(m.text)}`,
    text: {
      en: `Which "${typed}" do you mean? These names differ only by upper/lower case or full/half width.`,
      ja: `「${typed}」はどれですか？大文字・小文字や全角・半角だけが違う名前があります。`,
    },
    choices: [
      ...options.map((o, i) => ({ label: listed[i], value: optionKey(o) })),
      { label: { en: 'All of them', ja: 'すべて' }, value: ALL_VARIANTS },
    ],
    fallback: ALL_VARIANTS,
    assumption: () => ({
      en: `"${typed}" matches ${listed.map((x) => x.en).join(', ')}, which differ only by upper/lower case or full/half width; I took all of them.`,
      ja: `「${typed}」に当たる名前が大文字・小文字や全角・半角の違いで複数あります（${listed.map((x) => x.ja).join('、')}）。すべてを対象にしました。`,
    }),
  };
  const key = ctx.choose(spec);
  const one = options.find((o) => optionKey(o) === key);
  return one ? [one] : options;
}

function catalogNames(clause: Clause, ctx: PlanContext, mentions: Mention[], entries: ReturnType<typeof catalogEntries>, out: ClauseResult, union = false): Mention[] {
  const resolved: Resolved[] = [];
  const deferred: Mention[] = [];
  for (const m of mentions) {
    const options = resolveMention(clause, m, entries);
    if (options === null) { deferred.push(m); continue; }
    // Several kinds ("VIP" a friend tag and a Klaviyo list): which kind; then, within that kind,
    // which of the names that differ only by case or width.
    const kinds = new Map<string, EntityOption[]>();
    for (const o of options) kinds.set(targetOf(o), [...(kinds.get(targetOf(o)) ?? []), o]);
    let kind = options;
    if (kinds.size > 1) {
      const exact = options.filter((o) => ctx.rawGoal.includes(o.name));
      const exactKinds = new Set(exact.map(targetOf));
      const picked = exactKinds.size === 1 ? exact[0] : pickOption(ctx, clause, m, options);
      kind = kinds.get(targetOf(picked))!;
      // A choice made (or asked for) among every name of every kind settles the variants too.
      const which = `which:${normalize(m.text)}`;
      if (ctx.answers[which] === optionKey(picked) || ctx.questions.has(which)) kind = [picked];
    }
    for (const option of pickVariants(ctx, clause, m, kind)) resolved.push({ mention: m, option, assumed: options.length > 1 });
  }
  // "Subscribers or leads": a generic stage word listed with a stage is a stage too.
  const stageOf = (m: Mention) => m.options.find((o) => o.key === 'lifecyclestage');
  const listedWithStage = deferred.filter((m) => stageOf(m) && resolved.some((r) => r.option.key === 'lifecyclestage'
    && /^\s*(?:,|、|or|and|nor|か|や|または|もしくは|あるいは|と)?\s*$/.test(m.end <= r.mention.start ? clause.masked.slice(m.end, r.mention.start) : clause.masked.slice(r.mention.end, m.start))));
  for (const m of listedWithStage) resolved.push({ mention: m, option: stageOf(m)!, assumed: false });
  merge(out, entityConditions(clause, resolved, { union }), ctx, clause);
  return deferred.filter((m) => !listedWithStage.includes(m));
}

function merge(out: ClauseResult, found: ReturnType<typeof entityConditions>, ctx: PlanContext, clause: Clause): void {
  out.conditions.push(...found.conditions);
  out.forks.push(...found.forks);
  for (const u of found.used) ctx.understand(u);
  for (const [start, end] of found.negations) ctx.negated(clause, start, end);
}

/** "customers" / 「顧客」 alone: the lifecycle stage, when the goal says nothing else. */
function genericStages(clause: Clause, ctx: PlanContext, deferred: Mention[], out: ClauseResult): void {
  const stages = deferred
    .map((m) => ({ m, o: m.options.find((o) => o.key === 'lifecyclestage') }))
    .filter((x): x is { m: Mention; o: EntityOption } => x.o !== undefined);
  if (stages.length === 0) return;
  const resolved = stages.map(({ m, o }) => ({ mention: m, option: o, assumed: true }));
  merge(out, entityConditions(clause, resolved), ctx, clause);
  const o = stages[0].o;
  if (!STAGE_CONTEXT.test(clause.text)) {
    ctx.assumptions.set(`stage:${o.id}`, ctx.say(
      `I took "${clause.original(stages[0].m.start, stages[0].m.end)}" to mean HubSpot contacts whose lifecycle stage is ${o.name}.`,
      `「${clause.original(stages[0].m.start, stages[0].m.end)}」はHubSpotのライフサイクルステージが「${o.name}」の連絡先と解釈しました。`,
    ));
  }
}

// ---- what is left ------------------------------------------------------------------------------

const JA_PUNCT = /[、。，．！？!?・「」『』()（）~\-\s"':：]/g;

/** A Japanese fragment without the particles and people-words around it: 「あって名古屋に住んでいる人」→「名古屋に住んでいる」. */
function trimEdges(fragment: string): string {
  let f = fragment.trim();
  for (let changed = true; changed;) {
    changed = false;
    for (const e of JA_EDGE_START) if (f.length > e.length && f.startsWith(e)) { f = f.slice(e.length).trim(); changed = true; }
    for (const e of JA_EDGE_END) if (f.length > e.length && f.endsWith(e)) { f = f.slice(0, -e.length).trim(); changed = true; }
  }
  return f;
}

/** The parts of the clause nobody understood that are more than filler, in the goal's words. */
function meaningfulLeftovers(clause: Clause): string[] {
  const missed: string[] = [];
  for (const fragment of clause.leftovers()) {
    if (hasJapanese(fragment)) {
      let rest = fragment;
      for (const f of FILLER_JA) rest = rest.split(f).join(' ');
      rest = rest.replace(JA_PUNCT, ' ');
      const words = rest.split(/\s+/).filter((w) => w && !FILLER_EN.has(w.toLowerCase()));
      const meaningful = words.join('');
      const kana = /^[\u3040-\u309f]+$/.test(meaningful);
      if (meaningful.length >= (kana ? 4 : 2)) missed.push(trimEdges(fragment));
      continue;
    }
    const tokens = fragment.split(/[^\p{L}\p{N}'+]+/u).filter((t) => t.length > 0);
    const keep = tokens.map((t) => !FILLER_EN.has(t.toLowerCase().replace(/'s$/, '')) && !/^'+$/.test(t));
    const first = keep.indexOf(true), last = keep.lastIndexOf(true);
    if (first >= 0) missed.push(tokens.slice(first, last + 1).join(' '));
  }
  return missed;
}

// ---- one audience ------------------------------------------------------------------------------

/**
 * "Everyone except those who joined this month", 「VIPのうち、最近購入した人を除く」: what the
 * exception leaves out is read as an audience of its own, and the clause keeps its complement.
 */
function readException(clause: Clause, ctx: PlanContext, entries: ReturnType<typeof catalogEntries>, out: ClauseResult): void {
  const ex = findException(clause);
  if (!ex) return;
  const [ps, pe] = ex.part;
  const part = clause.sub(ps, pe);
  const left = readClause(part, ctx, entries, { exception: true });
  const [ms, me] = ex.marker;
  const [start, end] = [Math.min(ms, ps), Math.max(me, pe)];
  clause.consume(ms, me);
  clause.consume(ps, pe);
  const groups = groupsOf(left);
  if (groups.length === 0) return; // nothing understood to leave out: the safety check asks
  const forks = complementForks(groups);
  if (!forks) {
    ctx.miss(clause.original(start, end));
    return;
  }
  out.forks.push(...forks);
  ctx.negated(clause, start, end);
  ctx.understand(clause.original(start, end));
  if (groups.some((g) => g.some((c) => c.property === 'line.friend_added_at'))) {
    ctx.notes.push(ctx.say(
      'Friends whose friend-added date is unknown are not among those left out, so they are in this segment.',
      '友だち追加日が不明な友だちは除外の対象ではないため、このセグメントに含まれます。',
    ));
  }
}

function readClause(clause: Clause, ctx: PlanContext, entries: ReturnType<typeof catalogEntries>, opts: { exception?: boolean } = {}): ClauseResult {
  const out: ClauseResult = { conditions: [], forks: [] };
  if (!opts.exception) readException(clause, ctx, entries, out);
  const deferred = catalogNames(clause, ctx, findMentions(clause, entries), entries, out, opts.exception);
  abandonedCart(clause, ctx, out);
  purchaseCounts(clause, ctx, out);
  buyerKinds(clause, ctx, out);
  // "Not registered with HubSpot" is about HubSpot, not about following: services first.
  integrations(clause, ctx, out);
  buyingAndFollowing(clause, ctx, out);
  bareBrands(clause, ctx, out);
  unknownNames(clause, ctx);
  // "customers" as a lifecycle stage only when the audience says nothing else at all.
  if (out.conditions.length === 0 && out.forks.length === 0 && meaningfulLeftovers(clause).length === 0) {
    genericStages(clause, ctx, deferred, out);
  }
  for (const part of meaningfulLeftovers(clause)) ctx.miss(part);
  return out;
}

function groupsOf(result: ClauseResult): Condition[][] {
  let groups: Condition[][] = result.conditions.length > 0 || result.forks.length > 0 ? [result.conditions] : [];
  for (const fork of result.forks) {
    groups = groups.flatMap((g) => fork.map((alt) => [...g, ...alt.filter((c) => !g.some((x) => JSON.stringify(x) === JSON.stringify(c)))]));
  }
  return groups.filter((g) => g.length > 0 && !contradicts(g)).map((g) => g.slice(0, LIMITS.conditionsMax));
}

const UNLINKED_OPERATORS = new Set<string>(['contains_none', 'is_not_set', 'is_not_integrated']);

/** A group no friend can meet: not linked to a service, and a condition only its linked friends meet. */
function contradicts(group: Condition[]): boolean {
  return group.some((c) => c.operator === 'is_not_integrated' && group.some((x) => {
    const service = c.property.split('.')[0];
    return x !== c && x.property.startsWith(`${service}.`) && !UNLINKED_OPERATORS.has(x.operator);
  }));
}

// ---- the plan ----------------------------------------------------------------------------------

function sanitizeAnswers(raw: unknown): Record<string, string> {
  const answers: Record<string, string> = {};
  if (typeof raw !== 'object' || raw === null) return answers;
  for (const [k, v] of Object.entries(raw).slice(0, 50)) {
    if (k.length <= 200 && typeof v === 'string' && v.length <= 200) answers[k] = v;
    else if (k.length <= 200 && typeof v === 'number' && Number.isFinite(v)) answers[k] = String(v);
  }
  return answers;
}

const EVERYONE = /\b(?:everyone|everybody|all (?:of )?(?:my |our |the )?(?:friends|followers|customers|users))\b|全員|(?:すべて|全て)の(?:友だち|友達|お客様)|みんな/;

function explain(ctx: PlanContext, goal: string, def: Definition | undefined, questions: AgentQuestion[]): string {
  const { lang, catalog } = ctx;
  const out: string[] = [];
  if (def) {
    const groups = def.groups.map((g) => describeGroup(g.conditions, lang, catalog));
    if (groups.length === 1) out.push(ctx.say(`Friends who match: ${groups[0]}.`, `${groups[0]}に当てはまる友だちを選びます。`));
    else out.push(ctx.say(
      `Friends who match any of these: ${groups.map((g, i) => `(${i + 1}) ${g}`).join('; ')}.`,
      `次のいずれかに当てはまる友だちを選びます：${groups.map((g, i) => `(${i + 1}) ${g}`).join(' ')}。`,
    ));
  } else if (questions.length > 0) {
    out.push(ctx.say('Before I suggest a segment, please answer:', 'セグメントを提案する前に、次の質問に答えてください。'));
  } else if (ctx.notUnderstood.length === 0 && EVERYONE.test(goal)) {
    out.push(ctx.say(
      'A segment needs at least one condition. To reach every friend, use a broadcast to all friends in LINE Official Account Manager.',
      'セグメントには条件が1つ以上必要です。すべての友だちに届けるには、LINE公式アカウントの全員向け配信を使ってください。',
    ));
  } else {
    out.push(ctx.say(
      `I could not find a condition in "${goal}". Name a tag, a list, a number of purchases or a period — for example "customers who bought in the last 30 days".`,
      `「${goal}」から条件を読み取れませんでした。タグ名、リスト名、購入回数、期間などを入れてください（例：「過去30日以内に購入したお客様」）。`,
    ));
  }
  if (ctx.negations.length > 0) {
    const words = ctx.negations.map((n) => n.text);
    out.push(ctx.say(
      `I read ${words.map((w) => `"${w}"`).join(', ')} as ${words.length === 1 ? 'an exception' : 'exceptions'}: those friends are left out.`,
      `${words.map((w) => `「${w}」`).join('')}を除外の条件として読みました。`,
    ));
  }
  out.push(...ctx.assumptions.values());
  out.push(...ctx.notes);
  if (ctx.notUnderstood.length > 0) {
    out.push(ctx.say(
      `I did not understand ${ctx.notUnderstood.map((p) => `"${p}"`).join(', ')}${def ? '; the suggestion leaves it out' : ''}.`,
      `理解できなかった部分：${ctx.notUnderstood.map((p) => `「${p}」`).join('')}${def ? '（提案には含めていません）' : ''}。`,
    ));
  }
  if (def) out.push(ctx.say('Nothing is saved until you approve.', '承認するまで保存されません。'));
  return out.filter((s) => s.length > 0).join(' ');
}

const CATALOG_WORDS = new WeakMap<PlannerCatalog, Set<string>>();
/** The words of the account's names, never corrected as typos. */
function catalogWords(catalog: PlannerCatalog, entries: ReturnType<typeof catalogEntries>): Set<string> {
  let words = CATALOG_WORDS.get(catalog);
  if (!words) CATALOG_WORDS.set(catalog, (words = new Set(entries.flatMap((e) => e.norm.split(/[^a-z']+/).filter((w) => w.length >= 6)))));
  return words;
}

export const EXCEPTION_CHECK = 'exception_check';
export const USE_ANYWAY = 'use_anyway';

/**
 * Never silently the opposite: every negation or exception word of the goal must have been read
 * as one, and a suggestion that leaves friends out must come from such words. Otherwise the
 * explanation says so and, unless the marketer already chose to use it anyway, the suggestion
 * becomes a question (in Auto mode too).
 */
function checkNegations(ctx: PlanContext, goal: string, shown: string, mentions: Mention[], groups: Condition[][]): void {
  const read = (w: { start: number; end: number }) => [...ctx.negations, ...ctx.idioms].some((n) => n.start <= w.start && w.end <= n.end);
  const words = negationWordsOutsideNames(goal, mentions);
  const unread = words.filter((w) => !read(w)).map((w) => shown.slice(w.start, w.end).trim());
  const leavesOut = groups.some((g) => g.some(isNegatedCondition));
  const problem = negationProblem(unread, leavesOut && words.length === 0 && ctx.negations.length === 0);
  if (!problem) return;
  ctx.notes.push(ctx.say(problem.en, problem.ja));
  if (ctx.answers[EXCEPTION_CHECK] !== USE_ANYWAY) ctx.questions.set(EXCEPTION_CHECK, exceptionQuestion(problem));
}

function negationWordsOutsideNames(goal: string, mentions: Mention[]) {
  return negationWords(goal).filter((w) => !mentions.some((m) => m.start <= w.start && w.end <= m.end));
}

/** What the safety check says: negation words not read as one, or friends left out with none. */
function negationProblem(unread: string[], leavesOutUnasked: boolean): Bilingual | null {
  if (unread.length > 0) {
    const q = { en: unread.map((w) => `"${w}"`).join(', '), ja: unread.map((w) => `「${w}」`).join('') };
    return {
      en: `Careful: your goal says ${q.en}, but the suggestion does not read ${unread.length === 1 ? 'it' : 'them'} as an exception — it may select the very friends you meant to leave out.`,
      ja: `ご注意：目標に${q.ja}とありますが、提案ではこれを除外の条件として読めていません。除外したい友だちが選ばれている可能性があります。`,
    };
  }
  if (leavesOutUnasked) {
    return {
      en: 'Careful: the suggestion leaves friends out, but your goal names no exception.',
      ja: 'ご注意：目標に除外の言葉がないのに、提案は一部の友だちを除外しています。',
    };
  }
  return null;
}

function exceptionQuestion(problem: Bilingual): QuestionSpec {
  return {
    id: EXCEPTION_CHECK,
    text: {
      en: `${problem.en} Rephrase the goal (for example "everyone except friends tagged VIP"), or use the suggestion anyway?`,
      ja: `${problem.ja}目標を言い換える（例：「VIPタグの人を除く全員」）か、このまま提案を使いますか？`,
    },
    choices: [{ label: { en: 'Use the suggestion anyway', ja: 'このまま提案を使う' }, value: USE_ANYWAY }],
    fallback: USE_ANYWAY,
    assumption: () => ({ en: '', ja: '' }),
  };
}

/**
 * The same safety check for a suggestion that does not come from the planner (the optional
 * model): negation words in the goal and no condition that leaves friends out, or the reverse.
 * Null when it holds; otherwise the sentence to add and, unless the marketer chose to use it
 * anyway, the question to ask instead of suggesting.
 */
export function checkSuggestion(goal: string, definition: Definition, catalog: PlannerCatalog, answers: Record<string, string>, lang: 'en' | 'ja'):
  { note: string; question?: AgentQuestion } | null {
  const norm = normalize(goal);
  const shown = displayForm(goal);
  const words = negationWordsOutsideNames(norm, findMentions(new Clause(norm), catalogEntries(catalog)));
  const leavesOut = definition.groups.some((g) => g.conditions.some(isNegatedCondition));
  const problem = words.length > 0 && !leavesOut
    ? negationProblem(words.map((w) => shown.slice(w.start, w.end).trim()), false)
    : negationProblem([], leavesOut && words.length === 0);
  if (!problem) return null;
  return { note: problem[lang], ...(answers[EXCEPTION_CHECK] === USE_ANYWAY ? {} : { question: toQuestion(exceptionQuestion(problem), lang) }) };
}

export function plan(input: PlanInput): Plan {
  const entries = catalogEntries(input.catalog);
  const spelled = correctSpelling(input.goal, catalogWords(input.catalog, entries));
  const goal = normalize(spelled.goal);
  const shown = displayForm(spelled.goal);
  const mentions = findMentions(new Clause(goal), entries);
  // The goal's language, not its tag names': "VIP or ゴールド会員 who bought…" is English.
  let words = goal;
  for (const m of [...mentions].reverse()) words = words.slice(0, m.start) + ' ' + words.slice(m.end);
  const lang = detectLanguage(words.trim() ? words : goal);
  const today = localDayNumber(input.now, input.timeZone);
  const answers = sanitizeAnswers(input.draft?.answers);
  const ctx = new PlanContext(lang, input.mode, today, input.catalog, answers, input.goal);
  for (const f of spelled.fixes) ctx.assumptions.set(`spelling:${f.typed}`, ctx.say(`I read "${f.typed}" as "${f.read}".`, `「${f.typed}」は「${f.read}」と読みました。`));

  const groups: Condition[][] = [];
  for (const [a, b] of splitAudiences(goal, mentions)) {
    for (const g of groupsOf(readClause(new Clause(goal.slice(a, b), shown.slice(a, b), a), ctx, entries))) {
      if (!groups.some((x) => JSON.stringify(x) === JSON.stringify(g))) groups.push(g);
    }
  }
  if (groups.length > 0) checkNegations(ctx, goal, shown, mentions, groups);

  // Consult mode: anything not understood is asked about before a suggestion is made.
  if (input.mode === 'consult' && ctx.notUnderstood.length > 0 && groups.length > 0 && answers[UNKNOWN_PARTS] !== IGNORE_UNKNOWN) {
    ctx.questions.set(UNKNOWN_PARTS, unknownPartsQuestion(ctx.notUnderstood));
  }
  const questions = [...ctx.questions.values()].map((q) => toQuestion(q, lang));
  let definition: Definition | undefined;
  if (groups.length > 0 && questions.length === 0) {
    const candidate: Definition = { groups: groups.slice(0, LIMITS.groupsMax).map((conditions) => ({ conditions })) };
    // Every detector builds valid conditions; this is the guarantee, not the hope.
    if (definitionSchema.safeParse(candidate).success) definition = candidate;
    else ctx.miss(input.goal);
  }
  const plan: Plan = {
    language: lang,
    explanation: explain(ctx, input.goal.trim(), definition, questions),
    understood: ctx.understood,
    notUnderstood: ctx.notUnderstood,
    assumptions: [...ctx.assumptions.values()],
    draft: { answers },
  };
  if (definition) {
    plan.definition = definition;
    plan.name = nameFor(definition, lang, input.catalog);
  }
  if (questions.length > 0) plan.questions = questions;
  return plan;
}
