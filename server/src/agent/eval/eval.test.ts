/**
 * The evaluation set itself (npm run eval:agent runs all of it): its shape, its judge, and a fixed
 * subset that the unit tests keep right — one goal or more of every group, in both languages.
 */
import { describe, expect, it } from 'vitest';
import { evalCatalog, evalFriends } from './account';
import { EVAL_GOALS } from './goals';
import { EVAL_GROUPS, everyoneBut, judge, scores, sel, tag } from './judge';

const FRIENDS = evalFriends();
const CATALOG = evalCatalog(FRIENDS);

const SUBSET = [
  // exceptions
  'everyone except friends tagged Newsletter', 'Apart from VIPs, everyone please', 'VIP but not ゴールド会員',
  'customers who bought this month but not those tagged VIP', 'Wholesale customers excluding anyone in the SMS subscribers list',
  'friends not in Tokyo', 'people who never abandoned a cart', 'exept VIP, all friends',
  'Newsletterタグの人以外の全員', 'VIPを除外して配信したいです', 'リピーターのうち、wholesaleの顧客を除く', 'メルマガ登録していない人',
  '最近30日で購入した人以外', 'カゴ落ちしたことがない人', 'ライフサイクルステージが顧客ではないHubSpotの連絡先', '未購入の友だち',
  // names
  'friends tagged ＶＩＰ', 'friends tagged vip', 'customers with the Shopify tag WHOLESALE', 'everyone tagged キャンペーン参加',
  'vipタグの人', 'ＳＡＭＰＬＥタグが付いた友だち', 'ｺﾞｰﾙﾄﾞ会員の方',
  // dates
  'people who added us last month', 'friends added in 2025', '今週友だちになった方', '1年以上前に友だち追加した人',
  // purchases
  'customers who bought within the past 3 months at least twice', '60日以上購入がないお客様', 'カートに商品を入れたまま購入していない人',
  // or-groups
  'VIPs who bought this month, or anyone with 10+ orders', 'TokyoかOsakaのお客様', 'Shopify未連携の人、または購入したことがない人',
];

describe('the agent evaluation set', () => {
  it('has at least 200 goals, half of them in Japanese, in every group', () => {
    expect(EVAL_GOALS.length).toBeGreaterThanOrEqual(200);
    expect(EVAL_GOALS.filter((g) => g.lang === 'ja').length * 2).toBeGreaterThanOrEqual(EVAL_GOALS.length);
    for (const group of EVAL_GROUPS) expect(EVAL_GOALS.filter((g) => g.group === group).length, group).toBeGreaterThanOrEqual(30);
    expect(new Set(EVAL_GOALS.map((g) => g.goal)).size).toBe(EVAL_GOALS.length);
  });

  it('judges by the friends selected, and calls an audience that takes in the excluded friends inverted', () => {
    const vip = sel(tag('VIP'));
    const right = judge({ group: 'names', lang: 'en', goal: 'friends tagged VIP', expect: vip }, FRIENDS, CATALOG);
    expect(right).toMatchObject({ right: true, inverted: false, missing: 0, extra: 0 });
    const wrong = judge({ group: 'exceptions', lang: 'en', goal: 'friends tagged VIP', expect: everyoneBut(vip) }, FRIENDS, CATALOG);
    expect(wrong.right).toBe(false);
    expect(wrong.inverted).toBe(true);
    expect(scores([right, wrong]).find((s) => s.group === 'overall')).toEqual({ group: 'overall', right: 1, total: 2, inverted: 1 });
  });

  it.each(SUBSET)('%s', (goal) => {
    const g = EVAL_GOALS.find((x) => x.goal === goal);
    expect(g, 'a goal of the set').toBeDefined();
    const v = judge(g!, FRIENDS, CATALOG);
    expect({ right: v.right, inverted: v.inverted }, `${JSON.stringify(v.plan.definition)} ${v.plan.explanation}`).toEqual({ right: true, inverted: false });
  });
});
