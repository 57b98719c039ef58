/**
 * How the evaluation judges a suggestion: by the friends it selects on the evaluation account,
 * never by the form of its conditions. A goal's expected audience is written with a few set
 * operations (`sel`, `or`, `and`, `minus`) over audiences the reference evaluator selects, so
 * "everyone except X" is the account minus X, computed — not a condition the planner must echo.
 */
import { evaluate } from '../../../../lib/segment/evaluate';
import type { SegmentFriend } from '../../../../lib/segment/friend';
import type { Condition, Definition } from '../../../../lib/segment/schema';
import { plan } from '../planner';
import type { Plan, PlannerCatalog } from '../types';
import { EVAL_HUBSPOT_LISTS, EVAL_KLAVIYO_LISTS, EVAL_NOW, EVAL_TAGS, EVAL_TZ } from './account';

export type EvalGroup = 'exceptions' | 'names' | 'dates' | 'purchases' | 'or-groups';
export const EVAL_GROUPS: EvalGroup[] = ['exceptions', 'names', 'dates', 'purchases', 'or-groups'];

/** An expected audience: evaluated lazily over the account's friends. */
export interface Audience {
  select(friends: readonly SegmentFriend[]): Set<string>;
  /** For exceptions: the friends the goal leaves out (an inverted audience selects some of them). */
  excluded?: Audience;
}

export interface EvalGoal {
  group: EvalGroup;
  lang: 'en' | 'ja';
  goal: string;
  expect: Audience;
}

const opts = { asOf: EVAL_NOW, timeZone: EVAL_TZ };
const members = (friends: readonly SegmentFriend[], def: Definition) =>
  new Set(friends.filter((f) => evaluate(f, def, opts)).map((f) => f.lineUserId));

// ---- audiences ---------------------------------------------------------------------------------

/** Friends matching all these conditions (one group). */
export const sel = (...conditions: Condition[]): Audience => ({ select: (fs) => members(fs, { groups: [{ conditions }] }) });
/** Every friend who has not blocked the account. */
export const EVERYONE: Audience = { select: (fs) => new Set(fs.filter((f) => f.blockedAt === null).map((f) => f.lineUserId)) };
export const or = (...as: Audience[]): Audience => ({ select: (fs) => new Set(as.flatMap((a) => [...a.select(fs)])) });
export const and = (...as: Audience[]): Audience => ({
  select: (fs) => as.map((a) => a.select(fs)).reduce((x, y) => new Set([...x].filter((id) => y.has(id)))),
});
/** `kept` without `left`: an exception. */
export const minus = (kept: Audience, left: Audience): Audience => ({
  select: (fs) => { const out = left.select(fs); return new Set([...kept.select(fs)].filter((id) => !out.has(id))); },
  excluded: left,
});
export const everyoneBut = (left: Audience) => minus(EVERYONE, left);

// ---- conditions by the account's names ---------------------------------------------------------

const tagId = (name: string) => {
  const id = Object.entries(EVAL_TAGS).find(([, n]) => n === name)?.[0];
  if (!id) throw new Error(`eval: no tag named ${name}`);
  return id;
};
const listId = (lists: readonly { id: string; name: string }[], name: string) => {
  const id = lists.find((l) => l.name === name)?.id;
  if (!id) throw new Error(`eval: no list named ${name}`);
  return id;
};

export const tag = (...names: string[]): Condition => ({ property: 'tag', operator: 'contains_any', value: names.map(tagId) });
export const tagAll = (...names: string[]): Condition => ({ property: 'tag', operator: 'contains_all', value: names.map(tagId) });
export const shopTag = (...tags: string[]): Condition => ({ property: 'shopify.customer_tag', operator: 'contains_any', value: tags });
export const hubList = (name: string): Condition => ({ property: 'hubspot.list', operator: 'contains_any', value: [listId(EVAL_HUBSPOT_LISTS, name)] });
export const klaviyoList = (name: string): Condition => ({ property: 'klaviyo.list', operator: 'contains_any', value: [listId(EVAL_KLAVIYO_LISTS, name)] });
export const stage = (value: string): Condition => ({ property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value });
export const city = (value: string): Condition => ({ property: 'hubspot.property', key: 'city', operator: 'eq', value });
export const tier = (value: string): Condition => ({ property: 'klaviyo.property', key: 'tier', operator: 'eq', value });
export const integrated = (service: 'shopify' | 'hubspot' | 'klaviyo'): Condition => ({ property: `${service}.integrated`, operator: 'is_integrated' });
export const notIntegrated = (service: 'shopify' | 'hubspot' | 'klaviyo'): Condition => ({ property: `${service}.integrated`, operator: 'is_not_integrated' });
export const cart: Condition = { property: 'shopify.abandoned_cart', operator: 'is_true' };
export const noCart: Condition = { property: 'shopify.abandoned_cart', operator: 'is_false' };
type NumOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte';
export const purchases = (operator: NumOp | 'between', value: number | [number, number]): Condition => ({ property: 'shopify.purchase_count', operator, value });
/** Days since the last purchase. */
export const lastBought = (operator: NumOp | 'between', value: number | [number, number]): Condition => ({ property: 'shopify.days_since_last_purchase', operator, value });
export const addedWithin = (days: number): Condition => ({ property: 'line.friend_added_at', operator: 'within_last_days', value: days });
export const addedBefore = (date: string): Condition => ({ property: 'line.friend_added_at', operator: 'before', value: date });
export const addedAfter = (date: string): Condition => ({ property: 'line.friend_added_at', operator: 'after', value: date });
export const addedBetween = (from: string, to: string): Condition => ({ property: 'line.friend_added_at', operator: 'between', value: [from, to] });
export const addedOn = (date: string): Condition => ({ property: 'line.friend_added_at', operator: 'on', value: date });
export const addedMoreThan = (days: number): Condition => ({ property: 'line.friend_added_at', operator: 'not_within_last_days', value: days });

// ---- judging -----------------------------------------------------------------------------------

export interface Verdict {
  goal: EvalGoal;
  right: boolean;
  /** The suggestion selects friends the goal excluded. */
  inverted: boolean;
  expected: number;
  selected: number | null;
  /** Expected friends missing / selected friends not expected. */
  missing: number;
  extra: number;
  plan: Plan;
}

export function judge(goal: EvalGoal, friends: readonly SegmentFriend[], catalog: PlannerCatalog): Verdict {
  const p = plan({ goal: goal.goal, mode: 'auto', catalog, now: EVAL_NOW, timeZone: EVAL_TZ });
  const expected = goal.expect.select(friends);
  const selected = p.definition ? members(friends, p.definition) : null;
  const got = selected ?? new Set<string>();
  const missing = [...expected].filter((id) => !got.has(id)).length;
  const extra = [...got].filter((id) => !expected.has(id)).length;
  let inverted = false;
  if (goal.expect.excluded && selected) {
    const out = goal.expect.excluded.select(friends);
    inverted = [...selected].some((id) => out.has(id) && !expected.has(id));
  }
  return { goal, right: selected !== null && missing === 0 && extra === 0, inverted, expected: expected.size, selected: selected?.size ?? null, missing, extra, plan: p };
}

export interface Score { group: EvalGroup | 'overall'; right: number; total: number; inverted: number }

export function scores(verdicts: Verdict[]): Score[] {
  const of = (group: Score['group'], vs: Verdict[]): Score =>
    ({ group, right: vs.filter((v) => v.right).length, total: vs.length, inverted: vs.filter((v) => v.inverted).length });
  return [...EVAL_GROUPS.map((g) => of(g, verdicts.filter((v) => v.goal.group === g))), of('overall', verdicts)];
}
