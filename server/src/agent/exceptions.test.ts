/**
 * The agent never turns an audience inside out: every exception and negation phrase of issue 18,
 * in English and Japanese, applied to tags, lists, Shopify tags, properties, integrations,
 * purchases and dates, selects the friends the goal keeps — judged by the friends selected on the
 * evaluation account, never by the conditions' form. Names that differ only by case or width are
 * asked about (Consult, with counts) or all taken (Auto, saying so); a negation the planner did
 * not read is said, and Auto asks instead of suggesting.
 */
import { describe, expect, it } from 'vitest';
import type { Definition } from '../../../lib/segment/schema';
import { evalCatalog, evalFriends, EVAL_NOW, EVAL_TZ } from './eval/account';
import {
  addedBefore, addedMoreThan, addedOn, addedWithin, and, city, everyoneBut, hubList, integrated, judge, lastBought, minus, notIntegrated, purchases, sel, shopTag, tag,
  type Audience, type EvalGoal,
} from './eval/judge';
import { checkSuggestion, EXCEPTION_CHECK, plan, USE_ANYWAY } from './planner';
import { correctSpelling } from './spelling';
import type { AgentMode } from './types';

const FRIENDS = evalFriends(800);
const CATALOG = evalCatalog(FRIENDS);
const suggest = (goal: string, mode: AgentMode = 'auto', answers: Record<string, string> = {}) =>
  plan({ goal, mode, draft: { answers }, catalog: CATALOG, now: EVAL_NOW, timeZone: EVAL_TZ });

function expectAudience(goal: string, audience: Audience, lang: 'en' | 'ja') {
  const g: EvalGoal = { group: 'exceptions', lang, goal, expect: audience };
  const v = judge(g, FRIENDS, CATALOG);
  expect(v.plan.definition, v.plan.explanation).toBeDefined();
  expect(v.plan.language).toBe(lang);
  expect({ right: v.right, inverted: v.inverted, missing: v.missing, extra: v.extra }, `${goal} → ${JSON.stringify(v.plan.definition)}`)
    .toEqual({ right: true, inverted: false, missing: 0, extra: 0 });
  expect(v.plan.notUnderstood, v.plan.explanation).toEqual([]);
  return v.plan;
}

// ---- what an exception can leave out ----------------------------------------------------------

interface Target { kind: string; en: string; ja: string; audience: Audience; complement?: Audience }
/**
 * Each target as an audience phrase. A date's complement holds the friends whose join date is
 * unknown too (`line.friend_added_at is_not_set`): they did not join in the period left out.
 */
const TARGETS: Target[] = [
  { kind: 'tag', en: 'friends tagged Newsletter', ja: 'Newsletterタグの人', audience: sel(tag('Newsletter')) },
  { kind: 'list', en: 'people in the Webinar attendees list', ja: 'Webinar attendeesリストの人', audience: sel(hubList('Webinar attendees')) },
  { kind: 'Shopify tag', en: 'customers with the Shopify tag gift-card', ja: 'Shopifyタグがgift-cardのお客様', audience: sel(shopTag('gift-card')) },
  { kind: 'property', en: 'customers whose city is Osaka', ja: 'CityがOsakaの人', audience: sel(city('Osaka')) },
  { kind: 'integration', en: 'friends linked to Klaviyo', ja: 'Klaviyoと連携している人', audience: sel(integrated('klaviyo')) },
  { kind: 'purchases', en: 'people who bought in the last 30 days', ja: '過去30日以内に購入した人', audience: sel(lastBought('lte', 30)) },
  { kind: 'date', en: 'friends who joined in the last 30 days', ja: '過去30日以内に友だち追加した人', audience: sel(addedWithin(30)) },
  { kind: 'date before', en: 'friends added before 2025', ja: '2025年より前に友だち追加した人', audience: sel(addedBefore('2025-01-01')) },
  { kind: 'date on', en: 'friends added on 2025-03-01', ja: '2025年3月1日に友だち追加した人', audience: sel(addedOn('2025-03-01')) },
];

const KEPT = { en: 'friends tagged クーポン利用', ja: 'クーポン利用タグの人', audience: sel(tag('クーポン利用')) };

/** Exception words that leave out a whole audience, where they stand in a sentence. */
const CLAUSE_EXCEPTIONS: { phrase: string; lang: 'en' | 'ja'; goal: (x: string) => string; kept?: boolean }[] = [
  { phrase: 'except', lang: 'en', goal: (x) => `everyone except ${x}` },
  { phrase: 'excluding', lang: 'en', goal: (x) => `all friends excluding ${x}` },
  { phrase: 'other than', lang: 'en', goal: (x) => `friends other than ${x}` },
  { phrase: 'apart from', lang: 'en', goal: (x) => `apart from ${x}, everyone` },
  { phrase: 'but not', lang: 'en', goal: (x) => `${KEPT.en} but not ${x}`, kept: true },
  { phrase: '以外', lang: 'ja', goal: (x) => `${x}以外の友だち` },
  { phrase: 'を除く', lang: 'ja', goal: (x) => `${x}を除く全員` },
  { phrase: '除外', lang: 'ja', goal: (x) => `${x}は除外して配信したいです` },
  { phrase: 'のうち…を除く', lang: 'ja', goal: (x) => `${KEPT.ja}のうち、${x}を除く`, kept: true },
];

describe('every exception phrase leaves out what it names, whatever it names', () => {
  for (const ex of CLAUSE_EXCEPTIONS) {
    describe(`"${ex.phrase}"`, () => {
      it.each(TARGETS.map((t) => [t.kind, t] as const))('%s', (_, target) => {
        const goal = ex.goal(ex.lang === 'en' ? target.en : target.ja);
        const left = target.complement ? { ...target.complement, excluded: target.audience } : everyoneBut(target.audience);
        const expected = ex.kept ? { ...and(KEPT.audience, left), excluded: target.audience } : left;
        const p = expectAudience(goal, expected, ex.lang);
        // The explanation quotes the words it read as an exception.
        expect(p.explanation).toMatch(ex.lang === 'en' ? /I read ".+" as an exception/ : /」を除外の条件として読みました/);
      });
    });
  }
});

describe('a date exception keeps the friends whose join date is unknown', () => {
  const unknown = FRIENDS.filter((f) => f.blockedAt === null && f.addedAt === null).length;
  it.each([
    ['en', 'everyone except people who joined in the last 30 days', 'Friends whose friend-added date is unknown are not among those left out'],
    ['ja', '過去30日以内に友だち追加した人を除く全員', '友だち追加日が不明な友だちは除外の対象ではないため'],
    ['en', 'all my followers except the ones who were added before 2025', 'Friends whose friend-added date is unknown are not among those left out'],
    ['ja', '2025年より前に友だち追加した人以外', '友だち追加日が不明な友だちは除外の対象ではないため'],
  ] as const)('%s: %s', (lang, goal, note) => {
    expect(unknown).toBeGreaterThan(0); // the account has such friends, so the test can fail
    const p = suggest(goal);
    expect(p.language).toBe(lang);
    expect(p.definition!.groups).toContainEqual({ conditions: [{ property: 'line.friend_added_at', operator: 'is_not_set' }] });
    expect(p.explanation).toContain(note);
  });
});

describe('negations in front of or after what they deny', () => {
  const rows: [phrase: string, lang: 'en' | 'ja', goal: string, audience: Audience][] = [
    ['not', 'en', 'friends not tagged Newsletter', everyoneBut(sel(tag('Newsletter')))],
    ['not', 'en', 'friends who are not in the Webinar attendees list', everyoneBut(sel(hubList('Webinar attendees')))],
    ['not', 'en', 'friends not in Osaka', everyoneBut(sel(city('Osaka')))],
    ['not', 'en', 'friends who are not linked to Klaviyo', sel(notIntegrated('klaviyo'))],
    ['not', 'en', 'Shopify customers not tagged gift-card', minus(sel(integrated('shopify')), sel(shopTag('gift-card')))],
    ['without', 'en', 'friends without the Newsletter tag', everyoneBut(sel(tag('Newsletter')))],
    ['without', 'en', 'friends without a Klaviyo profile', sel(notIntegrated('klaviyo'))],
    ['without', 'en', 'friends without any purchase', everyoneBut(sel(purchases('gte', 1)))],
    ["who haven't", 'en', "friends who haven't bought anything yet", everyoneBut(sel(purchases('gte', 1)))],
    ["who haven't", 'en', "customers who haven't bought in the last 60 days", sel(lastBought('gt', 60))],
    ["who haven't", 'en', "friends who haven't joined in the last 30 days", sel(addedMoreThan(30))],
    ['never', 'en', 'friends who never purchased', everyoneBut(sel(purchases('gte', 1)))],
    ['never', 'en', 'people who never abandoned a cart', everyoneBut(sel({ property: 'shopify.abandoned_cart', operator: 'is_true' }))],
    ['ではない', 'ja', 'Newsletterタグではない人', everyoneBut(sel(tag('Newsletter')))],
    ['ではない', 'ja', 'ライフサイクルステージがリードではない人', everyoneBut(sel({ property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value: 'lead' }))],
    ['ない', 'ja', 'Newsletterタグがない友だち', everyoneBut(sel(tag('Newsletter')))],
    ['ない', 'ja', 'Webinar attendeesリストに入っていない人', everyoneBut(sel(hubList('Webinar attendees')))],
    ['ない', 'ja', '購入履歴がない人', everyoneBut(sel(purchases('gte', 1)))],
    ['していない', 'ja', 'まだ購入していない友だち', everyoneBut(sel(purchases('gte', 1)))],
    ['していない', 'ja', 'Klaviyoと連携していない人', sel(notIntegrated('klaviyo'))],
    ['していない', 'ja', 'カゴ落ちしていない人', everyoneBut(sel({ property: 'shopify.abandoned_cart', operator: 'is_true' }))],
    ['していない', 'ja', 'メルマガ登録していない人', everyoneBut(sel(tag('メルマガ登録')))],
    ['未', 'ja', '未購入の友だち', everyoneBut(sel(purchases('gte', 1)))],
    ['未', 'ja', 'Klaviyo未連携の人', sel(notIntegrated('klaviyo'))],
    ['未', 'ja', 'Webinar attendeesリスト未登録の人', everyoneBut(sel(hubList('Webinar attendees')))],
  ];
  it.each(rows.map((r) => [`${r[0]}: ${r[2]}`, r] as const))('%s', (_, [, lang, goal, audience]) => {
    expectAudience(goal, audience, lang);
  });
});

// ---- names as the account writes them ----------------------------------------------------------

describe('names that differ only by case or width', () => {
  const vipCount = (id: string) => FRIENDS.filter((f) => f.blockedAt === null && f.tags.includes(id)).length;
  it('Consult asks which, listing each with its count, and "all of them"', () => {
    const p = suggest('friends tagged vip', 'consult');
    expect(p.definition).toBeUndefined();
    expect(p.questions).toEqual([{
      id: 'variant:vip',
      text: 'Which "vip" do you mean? These names differ only by upper/lower case or full/half width.',
      choices: [
        { label: `"VIP" (${vipCount('t_vip')} friends)`, value: 'tag:::t_vip' },
        { label: `"ＶＩＰ" (${vipCount('t_vip_wide')} friends)`, value: 'tag:::t_vip_wide' },
        { label: 'All of them', value: '*' },
      ],
    }]);
    const ja = suggest('ｓａｍｐｌｅタグの人', 'consult');
    expect(ja.questions![0].text).toBe('「ｓａｍｐｌｅ」はどれですか？大文字・小文字や全角・半角だけが違う名前があります。'.replace('ｓａｍｐｌｅ', 'sample'));
    expect(ja.questions![0].choices.map((c) => c.label)).toEqual([
      `「Sample」（${vipCount('t_sample_upper')}人）`, `「sample」（${vipCount('t_sample_lower')}人）`, 'すべて',
    ]);
  });
  it('Consult uses the answer', () => {
    const p = suggest('friends tagged vip', 'consult', { 'variant:vip': 'tag:::t_vip_wide' });
    expect(p.definition).toEqual({ groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: ['t_vip_wide'] }] }] });
  });
  it('Auto takes all of them in one "any of", and says which', () => {
    const p = suggest('customers with the Shopify tag WHOLESALE');
    expect(p.definition!.groups).toEqual([{ conditions: [{ property: 'shopify.customer_tag', operator: 'contains_any', value: ['wholesale', 'Wholesale'] }] }]);
    expect(p.explanation).toMatch(/"WHOLESALE" matches "wholesale" \(\d+ friends\), "Wholesale" \(\d+ friends\), which differ only by upper\/lower case or full\/half width; I took all of them\./);
    const ja = suggest('ShopifyでWHOLESALEタグの顧客');
    expect(ja.explanation).toMatch(/「WHOLESALE」に当たる名前が大文字・小文字や全角・半角の違いで複数あります（「wholesale」（\d+人）、「Wholesale」（\d+人））。すべてを対象にしました。/);
  });
  it('takes the one written exactly as the goal writes it, in both modes, and names the others', () => {
    for (const mode of ['auto', 'consult'] as const) {
      const lower = suggest('Shopify customers tagged wholesale', mode);
      expect(lower.definition!.groups[0].conditions).toContainEqual({ property: 'shopify.customer_tag', operator: 'contains_any', value: ['wholesale'] });
      expect(lower.explanation).toMatch(/I used "wholesale" as you wrote it; "Wholesale" \(\d+ friends\) differs only/);
      const wide = suggest('ＶＩＰタグが付いている友だち', mode);
      expect(wide.definition!.groups[0].conditions).toEqual([{ property: 'tag', operator: 'contains_any', value: ['t_vip_wide'] }]);
    }
  });
  it('finds a name written in half-width katakana from full-width, and the other way round', () => {
    expect(suggest('キャンペーン参加タグの人').definition!.groups[0].conditions).toEqual([{ property: 'tag', operator: 'contains_any', value: ['t_camp'] }]);
    expect(suggest('ｺﾞｰﾙﾄﾞ会員の人').definition!.groups[0].conditions).toEqual([{ property: 'tag', operator: 'contains_any', value: ['t_gold'] }]);
  });
});

// ---- never silently the opposite ---------------------------------------------------------------

describe('the safety check after planning', () => {
  it('says so when a negation word was not read as one, and Auto asks instead of suggesting', () => {
    const auto = suggest("VIP friends who don't play golf");
    expect(auto.definition).toBeUndefined();
    expect(auto.questions!.map((q) => q.id)).toContain(EXCEPTION_CHECK);
    expect(auto.explanation).toContain(`Careful: your goal says "don't"`);
    const ja = suggest('VIPでゴルフをしない人');
    expect(ja.definition).toBeUndefined();
    expect(ja.explanation).toContain('ご注意：目標に「しない」とありますが');
  });
  it('suggests when the marketer chose to use it anyway, still saying so', () => {
    const p = suggest("VIP friends who don't play golf", 'auto', { [EXCEPTION_CHECK]: USE_ANYWAY });
    expect(p.definition).toBeDefined();
    expect(p.questions).toBeUndefined();
    expect(p.explanation).toContain('Careful: your goal says');
  });
  it('stays quiet when every negation was read, and quotes them', () => {
    const p = suggest('VIP but not ゴールド会員, who have not bought in the last 30 days');
    expect(p.questions).toBeUndefined();
    expect(p.explanation).toContain('I read "but not ゴールド会員"');
    expect(p.explanation).not.toContain('Careful');
    // "No more than" is no negation.
    expect(suggest('customers with no more than 2 purchases').questions).toBeUndefined();
    expect(suggest('購入回数が少ないお客様').explanation).not.toContain('ご注意');
  });
  it('holds a suggestion from elsewhere (the model) to the same check, both ways', () => {
    const newsletter: Definition = { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: ['t_news'] }] }] };
    const inverted = checkSuggestion('everyone except friends tagged Newsletter', newsletter, CATALOG, {}, 'en');
    expect(inverted?.note).toContain('Careful: your goal says "except"');
    expect(inverted?.question?.id).toBe(EXCEPTION_CHECK);
    const none: Definition = { groups: [{ conditions: [{ property: 'tag', operator: 'contains_none', value: ['t_news'] }] }] };
    expect(checkSuggestion('everyone except friends tagged Newsletter', none, CATALOG, {}, 'en')).toBeNull();
    expect(checkSuggestion('Newsletterタグの人', none, CATALOG, {}, 'ja')?.note).toBe('ご注意：目標に除外の言葉がないのに、提案は一部の友だちを除外しています。');
    expect(checkSuggestion('Newsletterタグの人', none, CATALOG, { [EXCEPTION_CHECK]: USE_ANYWAY }, 'ja')?.question).toBeUndefined();
    expect(checkSuggestion('Newsletterタグの人', newsletter, CATALOG, {}, 'ja')).toBeNull();
  });
});

describe('typos in the planner\'s own words', () => {
  it('reads a word one letter missing, extra or swapped as the planner\'s word, and says so', () => {
    expect(correctSpelling('custmers who purchsed lately', new Set())).toEqual({
      goal: 'customers who purchased lately', fixes: [{ typed: 'custmers', read: 'customers' }, { typed: 'purchsed', read: 'purchased' }],
    });
    expect(suggest('custmers who purchsed in the last 30 days').explanation).toContain('I read "custmers" as "customers".');
  });
  it('leaves real words a wrong letter away, and the account\'s own names, as typed', () => {
    expect(correctSpelling('a decent amount, sought after, brought a friend', new Set()).fixes).toEqual([]);
    expect(correctSpelling('friends tagged custmers', new Set(['custmers'])).fixes).toEqual([]);
  });
});
