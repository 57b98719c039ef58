/**
 * The built-in planner as behaviour: given these friends and this account's catalog, a goal
 * (in English or Japanese) must select exactly these friends — compared through lib/segment's
 * reference evaluator, never by the definition's JSON. Vague goals ask in Consult mode and
 * default (saying so) in Auto mode; goals it cannot read say what was not understood.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../../lib/segment/evaluate';
import type { SegmentFriend, ServiceBlock, ShopifyBlock } from '../../../lib/segment/friend';
import { definitionSchema, type Definition } from '../../../lib/segment/schema';
import { plan } from './planner';
import type { AgentMode, Plan, PlannerCatalog } from './types';

// ---- the account -------------------------------------------------------------------------------

const CATALOG: PlannerCatalog = {
  tags: [
    { id: 't_vip', name: 'VIP' }, { id: 't_gold', name: 'ゴールド会員' },
    { id: 't_sale', name: 'Sale lover' }, { id: 't_store', name: '店舗来店' },
  ],
  shopifyTags: ['wholesale', '定期便'],
  hubspotLists: [{ id: '12', name: 'Newsletter' }, { id: '13', name: '展示会リード' }],
  // "VIP" is also a Klaviyo list: the same name on two kinds.
  klaviyoLists: [{ id: 'k1', name: 'Spring Campaign' }, { id: 'k2', name: 'VIP' }],
  lifecycleStages: [
    { value: 'subscriber', label: 'Subscriber' }, { value: 'lead', label: 'Lead' },
    { value: 'opportunity', label: 'Opportunity' }, { value: 'customer', label: 'Customer' },
  ],
  propertyKeys: [
    { provider: 'klaviyo', key: 'city', label: 'City', values: [{ value: 'Tokyo' }, { value: 'Osaka' }] },
    { provider: 'hubspot', key: 'plan', label: 'Plan', values: [{ value: 'Premium' }, { value: 'Basic' }] },
  ],
};

// "Today" is 2026-06-15, 12:00 in Tokyo. Every instant below is 03:00 UTC, 12:00 in Tokyo.
const NOW = Date.parse('2026-06-15T03:00:00Z');
const TZ = 'Asia/Tokyo';
const at = (date: string) => `${date}T03:00:00Z`;

function friend(name: string, over: Partial<SegmentFriend> = {}): SegmentFriend {
  return { lineUserId: name, displayName: name, addedAt: null, blockedAt: null, tags: [], shopify: null, hubspot: null, klaviyo: null, ...over };
}
const shop = (purchaseCount: number, last: string | null, abandonedCart = false, tags: string[] = []): ShopifyBlock =>
  ({ customerId: 'gid://shopify/Customer/1', tags, purchaseCount, lastPurchaseAt: last ? at(last) : null, abandonedCart });
const service = (properties: Record<string, string>, lists: string[] = []): ServiceBlock => ({ recordId: 'r', lists, properties });

/**
 * name   added (days ago)  tags         purchases  last (days ago)  cart  HubSpot            Klaviyo
 * aoi    06-10 (5)         VIP, Gold    6          06-12 (3)        no    customer, list 12  Tokyo, k1
 * ben    01-05 (161)       VIP          1          05-01 (45)       yes   —                  Osaka
 * chie   unknown           —            —          —                —     —                  —
 * dan    06-01 (14)        Sale lover   0          never            yes   lead, list 13      —
 * emi    2025-03-01 (471)  店舗来店       12         2025-12-01 (196) no    customer, list 12  —
 * fumi   05-20 (26)        Gold         2          03-10 (97)       no    —                  Tokyo, k1, k2
 * gen    04-01 (75)        —            3          06-14 (1)        yes   subscriber         —
 * hana   06-15 (0)         VIP          —          —                —     opportunity, 12    —
 * jun    2024-12-25 (537)  Sale, 店舗   5          02-01 (134)      no    —                  Osaka
 * ito    blocked: a member of nothing, whatever the goal.
 */
const FRIENDS: SegmentFriend[] = [
  friend('aoi', { addedAt: at('2026-06-10'), tags: ['t_vip', 't_gold'], shopify: shop(6, '2026-06-12', false, ['wholesale']),
    hubspot: service({ lifecyclestage: 'customer', plan: 'Premium' }, ['12']), klaviyo: service({ city: 'Tokyo' }, ['k1']) }),
  friend('ben', { addedAt: at('2026-01-05'), tags: ['t_vip'], shopify: shop(1, '2026-05-01', true), klaviyo: service({ city: 'Osaka' }) }),
  friend('chie'),
  friend('dan', { addedAt: at('2026-06-01'), tags: ['t_sale'], shopify: shop(0, null, true), hubspot: service({ lifecyclestage: 'lead' }, ['13']) }),
  friend('emi', { addedAt: at('2025-03-01'), tags: ['t_store'], shopify: shop(12, '2025-12-01', false, ['定期便']),
    hubspot: service({ lifecyclestage: 'customer', plan: 'Basic' }, ['12']) }),
  friend('fumi', { addedAt: at('2026-05-20'), tags: ['t_gold'], shopify: shop(2, '2026-03-10'), klaviyo: service({ city: 'Tokyo' }, ['k1', 'k2']) }),
  friend('gen', { addedAt: at('2026-04-01'), shopify: shop(3, '2026-06-14', true), hubspot: service({ lifecyclestage: 'subscriber' }) }),
  friend('hana', { addedAt: at('2026-06-15'), tags: ['t_vip'], hubspot: service({ lifecyclestage: 'opportunity' }, ['12']) }),
  friend('jun', { addedAt: at('2024-12-25'), tags: ['t_sale', 't_store'], shopify: shop(5, '2026-02-01'), klaviyo: service({ city: 'Osaka' }) }),
  friend('ito', { addedAt: at('2026-06-14'), blockedAt: at('2026-06-14'), tags: ['t_vip', 't_gold'], shopify: shop(10, '2026-06-13', true),
    hubspot: service({ lifecyclestage: 'customer', plan: 'Premium' }, ['12']), klaviyo: service({ city: 'Osaka' }, ['k1', 'k2']) }),
];

function members(def: Definition): string[] {
  return FRIENDS.filter((f) => evaluate(f, def, { asOf: NOW, timeZone: TZ })).map((f) => f.lineUserId).sort();
}

function suggest(goal: string, mode: AgentMode = 'auto', answers: Record<string, string> = {}): Plan {
  return plan({ goal, mode, draft: { answers }, catalog: CATALOG, now: NOW, timeZone: TZ });
}

// ---- the goal table ----------------------------------------------------------------------------

type Expect =
  | { members: string[] }
  | { asks: string }
  | { notUnderstood: true };
interface Row { goal: string; mode?: AgentMode; answers?: Record<string, string>; expect: Expect }

const select = (...names: string[]): Expect => ({ members: names.sort() });
const asks = (id: string): Expect => ({ asks: id });
const NOT_UNDERSTOOD: Expect = { notUnderstood: true };
const ALL_BUT = (...out: string[]) => select(...['aoi', 'ben', 'chie', 'dan', 'emi', 'fumi', 'gen', 'hana', 'jun'].filter((n) => !out.includes(n)));

const ENGLISH: Row[] = [
  { goal: 'customers who recently made a purchase', expect: select('aoi', 'gen') },
  { goal: 'I want to broadcast to customers who recently made a purchase', mode: 'consult', expect: asks('purchase_recency') },
  { goal: 'I want to broadcast to customers who recently made a purchase', mode: 'consult', answers: { purchase_recency: '90' }, expect: select('aoi', 'ben', 'gen') },
  { goal: 'friends who bought in the last 7 days', expect: select('aoi', 'gen') },
  { goal: 'customers who purchased within the past 2 months', expect: select('aoi', 'ben', 'gen') },
  { goal: "customers who haven't bought in 90 days", expect: select('emi', 'fumi', 'jun') },
  { goal: 'customers whose last purchase was more than 100 days ago', expect: select('emi', 'jun') },
  { goal: 'customers who have purchased at least 5 times', expect: select('aoi', 'emi', 'jun') },
  { goal: 'friends with fewer than 2 purchases', expect: select('ben', 'dan') },
  { goal: 'customers who bought between 2 and 5 times', expect: select('fumi', 'gen', 'jun') },
  { goal: 'repeat customers', expect: select('aoi', 'emi', 'fumi', 'gen', 'jun') },
  { goal: 'first-time buyers', expect: select('ben') },
  // Never bought: nor has a friend not linked to Shopify (chie, hana); "Shopify customers who…" keeps the link.
  { goal: 'friends who never purchased', expect: select('chie', 'dan', 'hana') },
  { goal: 'Shopify customers who never purchased', expect: select('dan') },
  { goal: 'friends tagged VIP', expect: select('aoi', 'ben', 'hana') },
  { goal: 'friends without the VIP tag', expect: ALL_BUT('aoi', 'ben', 'hana') },
  { goal: 'friends tagged VIP or ゴールド会員', expect: select('aoi', 'ben', 'fumi', 'hana') },
  { goal: 'friends tagged both VIP and ゴールド会員', expect: select('aoi') },
  { goal: 'VIP friends', mode: 'consult', expect: asks('which:vip') },
  { goal: 'VIP friends', mode: 'consult', answers: { 'which:vip': 'klaviyo_list:::k2' }, expect: select('fumi') },
  { goal: 'VIP friends', expect: select('aoi', 'ben', 'hana') },
  { goal: 'friends who joined in the last 2 weeks', expect: select('aoi', 'dan', 'hana') },
  { goal: 'friends added before 2026-01-01', expect: select('emi', 'jun') },
  { goal: 'friends added since April 1, 2026', expect: select('aoi', 'dan', 'fumi', 'gen', 'hana') },
  { goal: 'new friends', mode: 'consult', expect: asks('friend_recency') },
  { goal: 'new friends', mode: 'consult', answers: { friend_recency: '7' }, expect: select('aoi', 'hana') },
  { goal: 'friends who are not integrated with Shopify', expect: select('chie', 'hana') },
  { goal: 'friends linked to HubSpot', expect: select('aoi', 'dan', 'emi', 'gen', 'hana') },
  { goal: 'HubSpot customers', expect: select('aoi', 'emi') },
  { goal: 'leads or opportunities', expect: select('dan', 'hana') },
  { goal: 'friends in the Newsletter list', expect: select('aoi', 'emi', 'hana') },
  { goal: 'friends not in the Newsletter list', expect: ALL_BUT('aoi', 'emi', 'hana') },
  { goal: 'customers who abandoned their cart', expect: select('ben', 'dan', 'gen') },
  { goal: 'VIP customers who abandoned their cart or repeat customers who bought in the last 30 days', expect: select('aoi', 'ben', 'gen') },
  { goal: 'Shopify customers tagged wholesale', expect: select('aoi') },
  { goal: 'customers in Osaka', expect: select('ben', 'jun') },
  { goal: 'friends whose plan is Premium', expect: select('aoi') },
  { goal: 'loyal customers', expect: select('aoi', 'emi', 'jun') },
  { goal: 'loyal customers', mode: 'consult', answers: { frequent_count: '10' }, expect: select('emi') },
  { goal: 'dormant customers', expect: select('emi', 'fumi', 'jun') },
  { goal: "friends added this month who haven't purchased yet", expect: select('dan', 'hana') },
  { goal: 'VIP friends with no abandoned cart', expect: select('aoi', 'hana') },
  { goal: 'customers with 2+ orders who are not tagged VIP', expect: select('emi', 'fumi', 'gen', 'jun') },
  { goal: 'customers who are not in the Newsletter list and have bought at least twice', expect: select('fumi', 'gen', 'jun') },
  { goal: 'friends who were added 14 days ago', expect: select('dan') },
  { goal: 'custmers who purchsed in the last 7 days', expect: select('aoi', 'gen') },
  { goal: 'shoppers who abandoned their carts', expect: select('ben', 'dan', 'gen') },
  { goal: 'subscribers or leads', expect: select('dan', 'gen') },
  { goal: 'friends who joined this week or last week', expect: select('aoi', 'hana') },
  { goal: 'friends tagged Spring', expect: NOT_UNDERSTOOD },
  { goal: 'people who love cats', expect: NOT_UNDERSTOOD },
];

const JAPANESE: Row[] = [
  { goal: '最近購入したお客様', expect: select('aoi', 'gen') },
  { goal: '最近購入したお客様に配信したい', mode: 'consult', expect: asks('purchase_recency') },
  { goal: '最近購入したお客様に配信したい', mode: 'consult', answers: { purchase_recency: '90' }, expect: select('aoi', 'ben', 'gen') },
  { goal: '過去7日以内に購入した人', expect: select('aoi', 'gen') },
  { goal: '3ヶ月以内に購入したお客様', expect: select('aoi', 'ben', 'gen') },
  { goal: '90日以上購入していないお客様', expect: select('emi', 'fumi', 'jun') },
  { goal: '5回以上購入した人', expect: select('aoi', 'emi', 'jun') },
  { goal: '購入回数が2回未満の友だち', expect: select('ben', 'dan') },
  { goal: '2〜5回購入したお客様', expect: select('fumi', 'gen', 'jun') },
  { goal: 'リピーター', expect: select('aoi', 'emi', 'fumi', 'gen', 'jun') },
  { goal: '初回購入者', expect: select('ben') },
  { goal: '一度も購入したことがない人', expect: select('chie', 'dan', 'hana') },
  { goal: 'Shopifyで一度も購入したことがない人', expect: select('dan') },
  { goal: 'VIPタグの友だち', expect: select('aoi', 'ben', 'hana') },
  { goal: 'VIPタグがない人', expect: ALL_BUT('aoi', 'ben', 'hana') },
  { goal: 'VIP以外の友だち', expect: ALL_BUT('aoi', 'ben', 'hana') },
  { goal: 'VIP以外の友だち', mode: 'consult', expect: asks('which:vip') },
  { goal: 'VIPかゴールド会員のタグがある人', expect: select('aoi', 'ben', 'fumi', 'hana') },
  { goal: 'VIPとゴールド会員の両方のタグを持つ人', expect: select('aoi') },
  { goal: '過去2週間以内に友だち追加した人', expect: select('aoi', 'dan', 'hana') },
  { goal: '2026年1月1日より前に友だち追加した人', expect: select('emi', 'jun') },
  { goal: '2026年4月1日以降に友だち追加した人', expect: select('aoi', 'dan', 'fumi', 'gen', 'hana') },
  { goal: '今月友だち追加した人', expect: select('aoi', 'dan', 'hana') },
  { goal: '2025年に友だち追加した人', expect: select('emi') },
  { goal: '新しい友だち', mode: 'consult', expect: asks('friend_recency') },
  { goal: '新しい友だち', mode: 'consult', answers: { friend_recency: '30' }, expect: select('aoi', 'dan', 'fumi', 'hana') },
  { goal: 'Shopify未連携の友だち', expect: select('chie', 'hana') },
  { goal: 'Klaviyo未連携の人', expect: select('chie', 'dan', 'emi', 'gen', 'hana') },
  { goal: 'HubSpotと連携している人', expect: select('aoi', 'dan', 'emi', 'gen', 'hana') },
  { goal: 'HubSpotの顧客', expect: select('aoi', 'emi') },
  { goal: 'ライフサイクルステージがリードの人', expect: select('dan') },
  { goal: 'Newsletterリストに登録されている人', expect: select('aoi', 'emi', 'hana') },
  { goal: '展示会リードリストに入っていない人', expect: ALL_BUT('dan') },
  { goal: 'カゴ落ちした人', expect: select('ben', 'dan', 'gen') },
  { goal: 'カゴ落ちしていないShopifyのお客様', expect: select('aoi', 'emi', 'fumi', 'jun') },
  { goal: 'Osakaのお客様', expect: select('ben', 'jun') },
  { goal: 'Shopifyタグがwholesaleの人', expect: select('aoi') },
  { goal: '定期便のお客様', expect: select('emi') },
  { goal: 'PlanがPremiumの人', expect: select('aoi') },
  { goal: '優良顧客', expect: select('aoi', 'emi', 'jun') },
  { goal: '優良顧客', mode: 'consult', expect: asks('frequent_count') },
  { goal: '休眠顧客', expect: select('emi', 'fumi', 'jun') },
  { goal: 'VIPタグがあってカゴ落ちした人、またはリピーターで最近購入した人', expect: select('aoi', 'ben', 'gen') },
  { goal: 'VIPで、過去30日以内に購入し、カゴ落ちしていない人', expect: select('aoi') },
  { goal: '友だち追加から30日以内で、まだ購入していない人', expect: select('dan', 'hana') },
  { goal: '最終購入から60日以上経過した人', expect: select('emi', 'fumi', 'jun') },
  { goal: '今週か先週に友だち追加した人', expect: select('aoi', 'hana') },
  { goal: '5月に購入したお客様', expect: select('ben') },
  { goal: '過去7日いないに購入した人', expect: select('aoi', 'gen') },
  { goal: '春セールタグの人', expect: NOT_UNDERSTOOD },
  { goal: '猫が好きな人', expect: NOT_UNDERSTOOD },
];

function check(row: Row, expectedLanguage: 'en' | 'ja') {
  const p = suggest(row.goal, row.mode, row.answers);
  expect(p.language).toBe(expectedLanguage);
  if ('members' in row.expect) {
    expect(p.questions, p.explanation).toBeUndefined();
    expect(p.definition, p.explanation).toBeDefined();
    expect(definitionSchema.safeParse(p.definition).success).toBe(true);
    expect(members(p.definition!), JSON.stringify(p.definition)).toEqual(row.expect.members);
    expect(p.notUnderstood, p.explanation).toEqual([]);
    expect(p.name!.length).toBeGreaterThan(0);
    expect(p.name!.length).toBeLessThanOrEqual(100);
  } else if ('asks' in row.expect) {
    expect(p.definition).toBeUndefined();
    expect(p.questions?.map((q) => q.id)).toContain(row.expect.asks);
    for (const q of p.questions!) expect(q.choices.length).toBeGreaterThan(0);
  } else {
    expect(p.definition, JSON.stringify(p.definition)).toBeUndefined();
    expect(p.notUnderstood.length).toBeGreaterThan(0);
    // It says what it did not understand, quoting the goal's own words.
    for (const part of p.notUnderstood) expect(p.explanation).toContain(part);
  }
}

describe('the planner turns goals into segments that select the right friends', () => {
  it('has a table of at least 60 goals, half of them in Japanese', () => {
    expect(ENGLISH.length + JAPANESE.length).toBeGreaterThanOrEqual(60);
    expect(JAPANESE.length * 2).toBeGreaterThanOrEqual(ENGLISH.length + JAPANESE.length);
  });
  describe('English', () => {
    it.each(ENGLISH.map((r) => [`${r.goal}${r.mode === 'consult' ? ' [consult]' : ''}${r.answers ? ` ${JSON.stringify(r.answers)}` : ''}`, r] as const))('%s', (_, row) => check(row, 'en'));
  });
  describe('Japanese', () => {
    it.each(JAPANESE.map((r) => [`${r.goal}${r.mode === 'consult' ? ' [consult]' : ''}${r.answers ? ` ${JSON.stringify(r.answers)}` : ''}`, r] as const))('%s', (_, row) => check(row, 'ja'));
  });
});

describe('the seed example: "customers who recently made a purchase"', () => {
  it('gives a sensible, explained segment in English, saying what "recently" was taken to mean', () => {
    const p = suggest('I want to broadcast to customers who recently made a purchase');
    expect(members(p.definition!)).toEqual(['aoi', 'gen']);
    expect(p.name).toBe('Purchased in the last 30 days');
    expect(p.explanation).toContain('purchased in the last 30 days');
    expect(p.explanation).toContain('"recently" as the last 30 days');
    expect(p.assumptions).toHaveLength(1);
  });
  it('gives the same segment in Japanese, explained in Japanese', () => {
    const p = suggest('最近購入したお客様に配信したい');
    expect(members(p.definition!)).toEqual(['aoi', 'gen']);
    expect(p.name).toBe('過去30日以内に購入');
    expect(p.explanation).toContain('過去30日以内に購入');
    expect(p.explanation).toContain('「最近」は過去30日間と解釈しました');
    expect(p.explanation).not.toMatch(/[A-Za-z]{4,}/);
  });
  it('in Consult mode asks 7, 30 or 90 days first, then suggests with the answer', () => {
    const first = suggest('customers who recently made a purchase', 'consult');
    expect(first.definition).toBeUndefined();
    expect(first.questions).toEqual([{
      id: 'purchase_recency',
      text: 'How recent is "recently" for a purchase?',
      choices: [{ label: 'Last 7 days', value: '7' }, { label: 'Last 30 days', value: '30' }, { label: 'Last 90 days', value: '90' }],
    }]);
    const second = suggest('customers who recently made a purchase', 'consult', { ...first.draft.answers, purchase_recency: '7' });
    expect(second.questions).toBeUndefined();
    expect(members(second.definition!)).toEqual(['aoi', 'gen']);
    expect(second.assumptions).toEqual([]);
    expect(second.draft.answers).toEqual({ purchase_recency: '7' });
  });
  it('asks its questions in Japanese for a Japanese goal', () => {
    const p = suggest('最近購入したお客様', 'consult');
    expect(p.questions![0].text).toBe('「最近購入した」とは、どのくらいの期間ですか？');
    expect(p.questions![0].choices.map((c) => c.label)).toEqual(['過去7日間', '過去30日間', '過去90日間']);
  });
});

describe('what the planner does not understand', () => {
  it('keeps what it understood in Auto mode and names the rest', () => {
    const p = suggest('VIP friends who play golf');
    expect(members(p.definition!)).toEqual(['aoi', 'ben', 'hana']);
    expect(p.notUnderstood).toEqual(['play golf']);
    expect(p.explanation).toContain('I did not understand "play golf"; the suggestion leaves it out.');
  });
  it('asks before leaving anything out in Consult mode, and goes on when told to', () => {
    const first = suggest('VIPタグがあって名古屋に住んでいる人', 'consult');
    expect(first.definition).toBeUndefined();
    expect(first.questions!.map((q) => q.id)).toEqual(['unknown_parts']);
    expect(first.questions![0].text).toContain('名古屋に住んでいる');
    const second = suggest('VIPタグがあって名古屋に住んでいる人', 'consult', { unknown_parts: 'ignore' });
    expect(members(second.definition!)).toEqual(['aoi', 'ben', 'hana']);
    expect(second.explanation).toContain('理解できなかった部分：「名古屋に住んでいる」');
  });
  it('says a tag does not exist rather than picking another one', () => {
    const p = suggest('friends tagged Spring');
    expect(p.definition).toBeUndefined();
    expect(p.explanation).toContain('There is no tag named "Spring" in this account');
    const ja = suggest('春セールタグの人');
    expect(ja.explanation).toContain('「春セール」というタグはこのアカウントにありません');
  });
  it('explains that a segment needs a condition when asked for everyone', () => {
    expect(suggest('everyone').explanation).toContain('A segment needs at least one condition');
    expect(suggest('全員').explanation).toContain('セグメントには条件が1つ以上必要です');
  });
  it('ignores answers that answer nothing and never throws on odd drafts', () => {
    const p = plan({ goal: 'recent buyers', mode: 'consult', draft: { answers: { purchase_recency: 'soon', other: 'x' } as Record<string, string> }, catalog: CATALOG, now: NOW, timeZone: TZ });
    expect(p.questions?.[0].id).toBe('purchase_recency');
    expect(() => plan({ goal: '', mode: 'auto', draft: null, catalog: CATALOG, now: NOW, timeZone: TZ })).not.toThrow();
  });
});

describe('every suggestion passes the segment schema', () => {
  it('for every goal of the table, in both modes', () => {
    for (const row of [...ENGLISH, ...JAPANESE]) {
      for (const mode of ['auto', 'consult'] as const) {
        const p = suggest(row.goal, mode, row.answers);
        if (p.definition) expect(definitionSchema.safeParse(p.definition).success).toBe(true);
        expect(p.explanation.length).toBeGreaterThan(0);
      }
    }
  });
  it('for long, repetitive and hostile goals', () => {
    const goals = [
      'VIP or '.repeat(40) + 'VIP',
      Array.from({ length: 30 }, (_, i) => `friends added in the last ${i + 1} days`).join(' or '),
      'customers who bought at least 99999999999 times',
      'friends added in the last 99999 years',
      "'; DROP TABLE friends; -- or <script>alert(1)</script>",
      '🎉 最近 🎉 購入 🎉',
    ];
    for (const goal of goals) {
      const p = suggest(goal);
      if (p.definition) expect(definitionSchema.safeParse(p.definition).success).toBe(true);
    }
  });
});

describe('whatever the goal', () => {
  const WORDS = [
    'customers', 'who', 'recently', 'bought', 'VIP', 'ゴールド会員', 'or', 'and', 'not', 'without', 'tagged', 'in the last', '30', 'days',
    'weeks', 'at least', '5', 'times', 'abandoned their cart', 'Newsletter', 'list', 'HubSpot', 'Shopify', 'Klaviyo', 'integrated',
    'added', 'before', '2026-02-30', 'since', 'March 1', 'leads', 'Osaka', '最近', '購入した', 'お客様', 'または', 'か、', '以外',
    'タグ', 'がない', '過去', '3ヶ月', '以内に', '5回以上', 'カゴ落ち', '今月', '友だち追加', '未連携', '休眠', '「', '」', '?', '、',
  ];
  it('answers without throwing, with a valid definition or none, and quotes only the goal\'s own words as not understood', () => {
    fc.assert(fc.property(
      fc.array(fc.oneof(fc.constantFrom(...WORDS), fc.string({ maxLength: 6 })), { maxLength: 14 }),
      fc.constantFrom<'auto' | 'consult'>('auto', 'consult'),
      (words, mode) => {
        const goal = words.join(' ');
        const p = suggest(goal, mode);
        if (p.definition) expect(definitionSchema.safeParse(p.definition).success).toBe(true);
        if (p.definition) expect(p.questions).toBeUndefined();
        expect(p.explanation.length).toBeGreaterThan(0);
        const shown = goal.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ');
        for (const part of p.notUnderstood) expect(shown).toContain(part.toLowerCase().normalize('NFKC').split(/\s+/)[0]);
      },
    ), { numRuns: 400 });
  });
});

describe('names as marketers say them', () => {
  // A list named with an aside, and a Shopify tag that is also a word of the list's name.
  const catalog: PlannerCatalog = { ...CATALOG, hubspotLists: [{ id: '12', name: 'Newsletter subscribers (2026)' }], shopifyTags: [...CATALOG.shopifyTags, 'newsletter'] };
  const ask = (goal: string) => plan({ goal, mode: 'auto', catalog, now: NOW, timeZone: TZ });
  it('finds a list without the aside in parentheses', () => {
    expect(members(ask('Newsletter subscribers').definition!)).toEqual(['aoi', 'emi', 'hana']);
  });
  it('takes "the newsletter list" as the list whose name holds the word, not the tag of that name', () => {
    const p = ask('friends in the newsletter list');
    expect(p.definition!.groups[0].conditions).toEqual([{ property: 'hubspot.list', operator: 'contains_any', value: ['12'] }]);
    expect(p.name).toBe('In HubSpot list "Newsletter subscribers (2026)"');
  });
  it('reads a property\'s name on either side of its value', () => {
    expect(members(ask('Osaka city customers').definition!)).toEqual(['ben', 'jun']);
    expect(members(ask('friends whose city is Tokyo').definition!)).toEqual(['aoi', 'fumi']);
  });
});
