/**
 * Detectors for the properties a goal names by phrase rather than by catalog name: abandoned
 * carts, purchase counts, repeat / first-time / frequent buyers, integrations, and tag or list
 * names that the account does not have. Each consumes what it understands.
 */
import type { Condition } from '../../../lib/segment/schema';
import { LIMITS } from '../../../lib/segment/catalog';
import type { ClauseResult, PlanContext } from './context';
import { BRAND, brandOf } from './lexicon';
import { FREQUENT_COUNT } from './questions';
import { Clause, NUM, parseNumber } from './text';

/** NUM without "a"/"an": "made a purchase" is no count. */
const N = NUM.replace('|a couple of|a|an)', '|a couple of)');

const add = (out: ClauseResult, c: Condition) => {
  if (!out.conditions.some((x) => JSON.stringify(x) === JSON.stringify(c))) out.conditions.push(c);
};
const addFork = (out: ClauseResult, fork: Condition[][]) => {
  if (!out.forks.some((x) => JSON.stringify(x) === JSON.stringify(fork))) out.forks.push(fork);
};
const clampCount = (n: number) => Math.max(0, Math.min(LIMITS.integerMax, Math.round(n)));

// ---- abandoned cart ----------------------------------------------------------------------------

const CART_EN = /(\b(?:no|without|didn't|did not|haven't|have not|never|not)\s+(?:an?\s+|any\s+)?)?(\babandon(?:ed|s|ing)?\s+(?:(?:their|a|the|his|her|shopping|an?)\s+)*(?:cart|basket|checkout)s?|\b(?:cart|basket|checkout)\s+abandon(?:ers?|ment|ed)?|\babandoned[- ](?:cart|basket|checkout)s?|\bleft\s+(?:items\s+|something\s+|products\s+)?in\s+(?:their\s+|the\s+)?(?:shopping\s+)?(?:cart|basket)|\badded\s+(?:items\s+|products\s+|something\s+)?to\s+(?:their\s+|the\s+)?cart\s+(?:but|and)\s+(?:didn't|did not|never)\s+(?:buy|purchase|check\s*out)(?:\s+it)?)/;
const CART_JA = /(カゴ落ち|かご落ち|カート落ち|カゴ放棄|カート放棄|カートに(?:商品を)?(?:入れた|残した|残して|入れて)(?:まま)?(?:で)?(?:購入していない|購入しなかった|未購入)?)(?:している|した|して|し)?((?:こと|事)(?:が|は)?(?:ない|無い|ありません|なし)|いない|いません|ない|なし|無し|以外|ではない|がない|が無い|がなかった|しなかった)?/;

export function abandonedCart(clause: Clause, ctx: PlanContext, out: ClauseResult): void {
  for (const [re, negGroup] of [[CART_EN, 0], [CART_JA, 1]] as const) {
    for (const hit of clause.findAll(re)) {
      const negated = hit.groups[negGroup] !== undefined;
      if (negated) {
        // "Never abandoned a cart": nor did a friend not linked to Shopify (unless the goal says
        // Shopify customers: then `bareBrands` adds the link and the second alternative drops out).
        addFork(out, [[{ property: 'shopify.abandoned_cart', operator: 'is_false' }], [{ property: 'shopify.integrated', operator: 'is_not_integrated' }]]);
        ctx.negated(clause, hit.start, hit.end);
      } else {
        add(out, { property: 'shopify.abandoned_cart', operator: 'is_true' });
        // 「カートに入れたまま購入していない」: its "not" is part of saying "abandoned".
        ctx.idiom(clause, hit.start, hit.end);
      }
      ctx.understand(clause.original(hit.start, hit.end));
      clause.consumeHit(hit);
    }
  }
}

// ---- purchase counts ---------------------------------------------------------------------------

type CountOp = 'eq' | 'gt' | 'gte' | 'lt' | 'lte' | 'between';
const X = '(?:times|purchases?|orders?)';
const V = '(?:(?:bought|purchased|ordered|shopped|made|placed|have made|has made|with|has|have)\\s+(?:something\\s+|anything\\s+|from us\\s+)?)?';
const PRE_JA = '(?:(?:購入回数|注文回数|購入|注文|買い物|お買い物|リピート)\\s*(?:が|は|を)?\\s*)?';
const POST_JA = '(?:\\s*(?:の)?\\s*(?:購入|お?買い?物|買っ|買い|注文|リピート)(?:している|した|して|し)?)?';
const VERB_JA = '\\s*(?:の)?\\s*(?:購入|お?買い?物|買っ|買い|注文)(?:している|した|して|し)?';

const COUNT_PATTERNS: [RegExp, CountOp][] = [
  [new RegExp(`${V}\\b(?:between|from)\\s+${N}\\s+(?:and|to|-)\\s+${N}\\s+${X}\\b`), 'between'],
  [new RegExp(`${V}\\b${N}\\s*(?:-|~|to)\\s*${N}\\s+${X}\\b`), 'between'],
  [new RegExp(`${V}\\b(?:at most|no more than|up to|a maximum of|maximum of|max\\.?|not more than)\\s+${N}\\s+${X}\\b`), 'lte'],
  [new RegExp(`${V}\\b${N}\\s+${X}\\s+or (?:fewer|less)\\b`), 'lte'],
  [new RegExp(`${V}\\b(?:at least|a minimum of|minimum of|min\\.?|no fewer than|not less than|no less than)\\s+${N}\\s+${X}\\b`), 'gte'],
  [new RegExp(`${V}\\b${N}\\s*(?:\\+|or more|plus)\\s*${X}(?:\\s+or more)?`), 'gte'],
  [new RegExp(`${V}\\b${N}\\s+${X}\\s+or more\\b`), 'gte'],
  [new RegExp(`${V}\\b(?:more than|over|greater than|above)\\s+${N}\\s+${X}\\b`), 'gt'],
  [new RegExp(`${V}\\b(?:fewer than|less than|under|below)\\s+${N}\\s+${X}\\b`), 'lt'],
  [new RegExp(`${V}\\b(?:exactly|only)\\s+${N}\\s+${X}\\b`), 'eq'],
  [new RegExp(`${V}\\b(?:at least|no fewer than|a minimum of|not less than)\\s+(once|twice|thrice)\\b`), 'gte'],
  [new RegExp(`${V}\\b(?:at most|no more than|up to|not more than)\\s+(once|twice|thrice)\\b`), 'lte'],
  [new RegExp(`${V}\\b(?:more than|over)\\s+(twice|thrice)\\b`), 'gt'],
  [new RegExp(`\\b(?:bought|purchased|ordered|shopped)\\s+(?:from us\\s+|something\\s+)?${N}\\s+times\\s+or more\\b`), 'gte'],
  [new RegExp(`\\b(?:bought|purchased|ordered|shopped)\\s+(?:from us\\s+|something\\s+)?(?:exactly\\s+|only\\s+|just\\s+)?(once|twice|thrice|${N}\\s+times)\\b`), 'eq'],
  [new RegExp(`\\b(?:made|placed|with|have|has)\\s+${N}\\s+(?:purchases|orders)\\b`), 'eq'],
  [new RegExp(`${PRE_JA}${N}\\s*(?:回|度)?\\s*(?:から|~|-|ー)\\s*${N}\\s*(?:回|度)\\s*(?:まで)?${POST_JA}`), 'between'],
  [new RegExp(`${PRE_JA}${N}\\s*(?:回|度)\\s*以上${POST_JA}`), 'gte'],
  [new RegExp(`${PRE_JA}${N}\\s*(?:回|度)\\s*(?:以下|まで)${POST_JA}`), 'lte'],
  [new RegExp(`${PRE_JA}${N}\\s*(?:回|度)\\s*未満${POST_JA}`), 'lt'],
  [new RegExp(`${PRE_JA}${N}\\s*(?:回|度)\\s*(?:より多く|より多い|超|を超える|を超えて|より上)${POST_JA}`), 'gt'],
  [new RegExp(`(?:ちょうど)?${N}\\s*(?:回|度)\\s*(?:ちょうど|のみ|だけ)?${VERB_JA}`), 'eq'],
  [new RegExp(`(?:購入回数|注文回数)\\s*(?:が|は)?\\s*(?:ちょうど)?${N}\\s*(?:回|度)(?:ちょうど|のみ|だけ)?`), 'eq'],
];

const SYMBOL_COUNT = new RegExp(`\\b(?:purchase|order)\\s*count\\s*(?:is\\s*|of\\s*)?(>=|≥|>|<=|≤|<|=|at least|more than|at most|less than|fewer than)?\\s*${N}|(>=|≥|>|<=|≤|<)\\s*${N}\\s*${X}`);

function symbolOp(s: string | undefined): CountOp {
  switch (s) {
    case '>=': case '≥': case 'at least': return 'gte';
    case '>': case 'more than': return 'gt';
    case '<=': case '≤': case 'at most': return 'lte';
    case '<': case 'less than': case 'fewer than': return 'lt';
    default: return 'eq';
  }
}

function countCondition(op: CountOp, a: number, b?: number): Condition {
  if (op === 'between') {
    const [lo, hi] = [clampCount(Math.min(a, b!)), clampCount(Math.max(a, b!))];
    return { property: 'shopify.purchase_count', operator: 'between', value: [lo, hi] };
  }
  if (op === 'lt' && a === 0) return { property: 'shopify.purchase_count', operator: 'eq', value: 0 };
  return { property: 'shopify.purchase_count', operator: op, value: clampCount(a) };
}

export function purchaseCounts(clause: Clause, ctx: PlanContext, out: ClauseResult): void {
  for (const [re, op] of COUNT_PATTERNS) {
    for (const hit of clause.findAll(re)) {
      const nums = hit.groups.filter((g) => g !== undefined).map((g) => parseNumber(g!.replace(/\s+times$/, '')));
      if (nums.length === 0 || nums.some((n) => n === null)) continue;
      add(out, countCondition(op, nums[0]!, nums[1] ?? undefined));
      ctx.understand(clause.original(hit.start, hit.end));
      clause.consumeHit(hit);
    }
  }
  for (const hit of clause.findAll(SYMBOL_COUNT)) {
    const n = parseNumber(hit.groups[1] ?? hit.groups[3]);
    if (n === null) continue;
    add(out, countCondition(symbolOp(hit.groups[0] ?? hit.groups[2]), n));
    ctx.understand(clause.original(hit.start, hit.end));
    clause.consumeHit(hit);
  }
}

// ---- repeat, first-time and frequent buyers -----------------------------------------------------

const REPEAT = /\brepeat(?:ed)?\s+(?:customers?|buyers?|purchasers?|shoppers?|purchases?|orders?)|\breturning\s+(?:customers?|buyers?|shoppers?)|\b(?:bought|purchased|ordered|shopped)\s+(?:from us\s+)?(?:more than once|again|multiple times|several times|repeatedly)|\bmultiple\s+(?:purchases|orders)|\bmore than one\s+(?:purchase|order)|リピーター|リピート(?:購入|客|顧客)?(?:した|して|し)?|再購入(?:した|して|し)?|2回目以降(?:の購入)?/;
const FIRST_TIME = /\b(?:first[- ]time|one[- ]time)\s+(?:customers?|buyers?|purchasers?|shoppers?)|\b(?:bought|purchased|ordered)\s+(?:from us\s+)?(?:only\s+)?(?:once)\b|\bsingle\s+purchase|\bonly one\s+(?:purchase|order)|初回購入(?:者|した|して|し)?|初めて(?:購入|買っ|買い物|注文)(?:した|して|し)?|初購入(?:者|した|して|し)?/;
const FREQUENT = /\b(?:loyal|frequent|heavy|regular|best|top|big)\s+(?:customers?|buyers?|purchasers?|shoppers?|spenders?)|\b(?:buy|buys|purchase|purchases|shop|shops|order|orders)\s+(?:from us\s+)?(?:often|frequently|a lot|regularly)|\boften\s+(?:buy|purchase|shop|order)|優良(?:顧客|客|会員)|常連(?:客|顧客|さん)?|ロイヤル(?:顧客|カスタマー|ユーザー)|ヘビー(?:ユーザー|ユーザ|バイヤー)|よく(?:購入|買う|買って|買い物|注文)(?:する|して|した|し)?|頻繁に(?:購入|買|注文)(?:する|して|した|し|う|っ)*|何度も(?:購入|買|注文)(?:する|して|した|し|う|っ)*/;

export function buyerKinds(clause: Clause, ctx: PlanContext, out: ClauseResult): void {
  for (const hit of clause.findAll(REPEAT)) {
    add(out, countCondition('gte', 2));
    ctx.understand(clause.original(hit.start, hit.end));
    clause.consumeHit(hit);
  }
  for (const hit of clause.findAll(FIRST_TIME)) {
    add(out, countCondition('eq', 1));
    ctx.understand(clause.original(hit.start, hit.end));
    clause.consumeHit(hit);
  }
  for (const hit of clause.findAll(FREQUENT)) {
    add(out, countCondition('gte', Number(ctx.choose(FREQUENT_COUNT))));
    ctx.understand(clause.original(hit.start, hit.end));
    clause.consumeHit(hit);
  }
}

// ---- integrations ------------------------------------------------------------------------------

const LINKED = '(?:integrated|linked|connected|synced|matched)';
const INTEGRATION_PATTERNS: [RegExp, boolean][] = [
  [new RegExp(`\\b(?:not|isn't|aren't|never|un)\\s*(?:yet\\s+)?${LINKED}\\s+(?:with|to|in|on)\\s+${BRAND}`), false],
  [new RegExp(`\\b${LINKED}\\s+(?:with|to|in|on)\\s+${BRAND}`), true],
  [new RegExp(`\\b(?:without|no|not in|not on|missing from|missing|non-?)\\s*(?:an?\\s+)?${BRAND}(?:\\s+(?:accounts?|records?|profiles?|contacts?|data|customers?|link|integration))?`), false],
  [new RegExp(`${BRAND}\\s*(?:と|に|で|の)?\\s*(?:未連携|連携していない|連携してない|連携されていない|連携なし|連携無し|紐付いていない|紐づいていない|紐付けされていない|連携していません|未登録|登録されていない|登録していない|入っていない|いない|に(?:い|登録されてい)ない)`), false],
  [new RegExp(`(?:未連携|非連携)(?:の)?\\s*${BRAND}`), false],
  [new RegExp(`${BRAND}\\s*(?:と|に|で|の)?\\s*(?:連携済み?|連携している|連携した|連携されている|連携あり|紐付いている|紐づいている|紐付け済み|連携|登録済み|会員|顧客|ユーザー|アカウント)`), true],
  [new RegExp(`${BRAND}\\s+(?:integrated|linked|connected|customers?|contacts?|profiles?|users?|members?|accounts?|records?|data)\\b`), true],
  [new RegExp(`\\b(?:in|on|from|have|has|with)\\s+(?:an?\\s+)?${BRAND}(?:\\s+(?:accounts?|records?|profiles?))?`), true],
];

const PROVIDER_PROPERTIES: Record<string, string[]> = {
  shopify: ['shopify.integrated', 'shopify.customer_tag', 'shopify.purchase_count', 'shopify.days_since_last_purchase', 'shopify.abandoned_cart'],
  hubspot: ['hubspot.integrated', 'hubspot.list', 'hubspot.property'],
  klaviyo: ['klaviyo.integrated', 'klaviyo.list', 'klaviyo.property'],
};

export function integrations(clause: Clause, ctx: PlanContext, out: ClauseResult): void {
  for (const [re, present] of INTEGRATION_PATTERNS) {
    for (const hit of clause.findAll(re)) {
      const brandText = hit.groups.find((g) => g !== undefined && new RegExp(`^${BRAND}$`).test(g)) ?? hit.text;
      const provider = brandOf(brandText);
      add(out, { property: `${provider}.integrated` as Condition['property'], operator: present ? 'is_integrated' : 'is_not_integrated' });
      if (!present) ctx.negated(clause, hit.start, hit.end);
      ctx.understand(clause.original(hit.start, hit.end));
      clause.consumeHit(hit);
    }
  }
}

/**
 * A service named alone ("Shopify friends who…"): context for the conditions on it when there
 * are some, otherwise "integrated with it". Runs after every other detector.
 */
const NOT_LINKED_OPERATORS = new Set<string>(['contains_none', 'is_not_set', 'is_not_integrated']);

export function bareBrands(clause: Clause, ctx: PlanContext, out: ClauseResult): void {
  for (const hit of clause.findAll(new RegExp(BRAND))) {
    const provider = brandOf(hit.text);
    // A condition that only a linked friend can meet says it already; "not tagged wholesale" or
    // "no city" does not, so "Shopify customers without…" still needs the link.
    const linked = (c: Condition) => PROVIDER_PROPERTIES[provider].includes(c.property) && !NOT_LINKED_OPERATORS.has(c.operator);
    const mentioned = out.conditions.some(linked) || out.forks.some((fork) => fork.every((alt) => alt.some(linked)));
    if (!mentioned) add(out, { property: `${provider}.integrated` as Condition['property'], operator: 'is_integrated' });
    ctx.understand(clause.original(hit.start, hit.end));
    clause.consumeHit(hit);
  }
}

// ---- names the account does not have -----------------------------------------------------------

const NAME = `["'“]?([\\p{L}\\p{N}][\\p{L}\\p{N}_\\- ]{0,30}?)["'”]?`;
const UNKNOWN_PATTERNS: [RegExp, 'tag' | 'list'][] = [
  [new RegExp(`\\b(?:tagged(?:\\s+(?:with|as))?|with (?:the )?tags?|have (?:the )?tags?|has (?:the )?tags?)\\s+${NAME}(?=\\s+(?:and|or|who|that|with|in|on|but|tag)\\b|[,.!?]|\\s*$)`, 'u'), 'tag'],
  [new RegExp(`\\b(?:the\\s+)?${NAME}\\s+tag\\b`, 'u'), 'tag'],
  [new RegExp(`\\b(?:in|on|from)\\s+(?:the\\s+)?(?:hubspot\\s+|klaviyo\\s+)?${NAME}\\s+list\\b`, 'u'), 'list'],
  [/[「『"]([^」』"]{1,30})[」』"]\s*(?:という)?\s*(?:の)?\s*(タグ|リスト)/u, 'tag'],
  [/([^\s、。をがのにはとで「」『』"]{1,20})(タグ|リスト)/u, 'tag'],
];

export function unknownNames(clause: Clause, ctx: PlanContext): void {
  for (const [re, kind0] of UNKNOWN_PATTERNS) {
    for (const hit of clause.findAll(re)) {
      const name = hit.groups[0]!.trim();
      const at = hit.start + hit.text.indexOf(hit.groups[0]!);
      const shown = clause.original(at, at + hit.groups[0]!.length);
      if (!name || /^(?:the|a|an|any|this|that|friend|customer|shopify|hubspot|klaviyo)$/.test(name)) continue;
      const kind = hit.groups[1] === 'リスト' ? 'list' : kind0;
      const known = kind === 'tag' ? ctx.catalog.tags.map((t) => t.name) : [...ctx.catalog.hubspotLists, ...ctx.catalog.klaviyoLists].map((l) => l.name);
      const some = known.slice(0, 8);
      ctx.miss(clause.original(hit.start, hit.end));
      ctx.notes.push(kind === 'tag'
        ? ctx.say(`There is no tag named "${shown}" in this account${some.length ? ` (tags: ${some.join(', ')})` : ''}.`,
          `「${shown}」というタグはこのアカウントにありません${some.length ? `（タグ：${some.join('、')}）` : ''}。`)
        : ctx.say(`There is no list named "${shown}" in this account${some.length ? ` (lists: ${some.join(', ')})` : ''}.`,
          `「${shown}」というリストはこのアカウントにありません${some.length ? `（リスト：${some.join('、')}）` : ''}。`));
      clause.consumeHit(hit);
    }
  }
}
