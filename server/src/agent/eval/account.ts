/**
 * The evaluation's account: a shop of 3,000 generated friends (a seeded PRNG, so every run and
 * every machine sees the same friends) and its catalog, written the way real accounts are — with
 * the mistakes real accounts hold: a tag typed in full-width letters next to its half-width twin
 * (ＶＩＰ / VIP), a campaign tag in half-width katakana, two Shopify tags that differ only by case
 * (wholesale / Wholesale), two friend tags likewise (Sample / sample). Join dates over three years
 * (3 % unknown, as for friends who followed before LINE was connected), Shopify for ~60 %, HubSpot
 * for ~35 %, Klaviyo for ~40 %, a few friends who blocked the account.
 */
import type { SegmentFriend } from '../../../../lib/segment/friend';
import { prng } from '../../demo/generate';
import type { PlannerCatalog } from '../types';

/** "Today": Monday 2026-06-15, 12:00 in Tokyo. */
export const EVAL_NOW = Date.parse('2026-06-15T03:00:00Z');
export const EVAL_TZ = 'Asia/Tokyo';
const DAY = 86_400_000;

/** Friend tags: id → the name as the account writes it. */
export const EVAL_TAGS: Record<string, string> = {
  t_vip: 'VIP',
  t_vip_wide: 'ＶＩＰ',
  t_gold: 'ゴールド会員',
  t_sale: 'セール好き',
  t_store: '店舗来店',
  t_coupon: 'クーポン利用',
  t_bday: '誕生日月',
  t_mail: 'メルマガ登録',
  t_survey: 'アンケート回答',
  t_news: 'Newsletter',
  t_camp: 'ｷｬﾝﾍﾟｰﾝ参加',
  t_sample_upper: 'Sample',
  t_sample_lower: 'sample',
};

export const EVAL_SHOPIFY_TAGS = ['wholesale', 'Wholesale', 'gift-card', 'first-order', 'subscription', 'tokyo-store', '定期便'];
export const EVAL_HUBSPOT_LISTS = [{ id: 'h1', name: 'Newsletter subscribers' }, { id: 'h2', name: 'Webinar attendees' }, { id: 'h3', name: '展示会リード' }];
export const EVAL_KLAVIYO_LISTS = [{ id: 'k1', name: 'Email newsletter' }, { id: 'k2', name: 'SMS subscribers' }, { id: 'k3', name: 'Back in stock' }];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'opportunity', 'customer', 'evangelist'];
const STAGE_LABELS: Record<string, string> = {
  subscriber: 'Subscriber', lead: 'Lead', marketingqualifiedlead: 'Marketing Qualified Lead', opportunity: 'Opportunity', customer: 'Customer', evangelist: 'Evangelist',
};
const CITIES = ['Tokyo', 'Osaka', 'Fukuoka', 'Nagoya', 'Sapporo'];
const TIERS = ['Gold', 'Silver', 'Bronze'];

export function evalFriends(count = 3000, seed = 18_2026): SegmentFriend[] {
  const r = prng(seed);
  const chance = (p: number) => r() < p;
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const iso = (ms: number) => new Date(ms).toISOString();
  const out: SegmentFriend[] = [];
  for (let i = 0; i < count; i++) {
    const ageDays = Math.floor(1095 * (1 - Math.sqrt(r())));
    const addedAt = chance(0.03) ? null : EVAL_NOW - ageDays * DAY - Math.floor(r() * 12) * 3_600_000;
    const age = addedAt === null ? 1095 : ageDays;
    let shopify: SegmentFriend['shopify'] = null;
    if (chance(0.6)) {
      const purchaseCount = chance(0.2) ? 0 : Math.min(60, Math.floor(1 / Math.pow(r() || 1e-9, 0.7)));
      const lastPurchaseAt = purchaseCount === 0 ? null : iso(EVAL_NOW - Math.floor(r() * Math.min(age + 1, 720)) * DAY);
      const tags = EVAL_SHOPIFY_TAGS.filter((t) => t !== 'Wholesale' && chance(t === 'wholesale' ? 0.06 : 0.1));
      if (chance(0.05)) tags.push('Wholesale');
      shopify = { customerId: `gid://shopify/Customer/${9_000 + i}`, tags, purchaseCount, lastPurchaseAt, abandonedCart: chance(0.15) };
    }
    let hubspot: SegmentFriend['hubspot'] = null;
    if (chance(0.35)) {
      const stage = shopify && shopify.purchaseCount > 0 && chance(0.7) ? 'customer' : pick(STAGES.filter((s) => s !== 'customer'));
      hubspot = {
        recordId: String(60_000 + i),
        lists: EVAL_HUBSPOT_LISTS.map((l) => l.id).filter(() => chance(0.3)),
        properties: { ...(chance(0.9) ? { lifecyclestage: stage } : {}), ...(chance(0.7) ? { city: pick(CITIES) } : {}) },
      };
    }
    let klaviyo: SegmentFriend['klaviyo'] = null;
    if (chance(0.4)) {
      klaviyo = {
        recordId: `01EVAL${String(i).padStart(20, '0')}`,
        lists: EVAL_KLAVIYO_LISTS.map((l) => l.id).filter(() => chance(0.35)),
        properties: chance(0.6) ? { tier: pick(TIERS) } : {},
      };
    }
    const purchases = shopify?.purchaseCount ?? 0;
    const tags = [
      ...(purchases >= 8 || chance(0.03) ? ['t_vip'] : []),
      ...(chance(0.02) ? ['t_vip_wide'] : []),
      ...(purchases >= 4 && chance(0.5) ? ['t_gold'] : []),
      ...(chance(0.18) ? ['t_sale'] : []),
      ...(chance(0.15) ? ['t_store'] : []),
      ...(chance(0.22) ? ['t_coupon'] : []),
      ...(chance(1 / 12) ? ['t_bday'] : []),
      ...(chance(0.3) ? ['t_mail'] : []),
      ...(chance(0.08) ? ['t_survey'] : []),
      ...(chance(0.12) ? ['t_news'] : []),
      ...(chance(0.1) ? ['t_camp'] : []),
      ...(chance(0.04) ? ['t_sample_upper'] : []),
      ...(chance(0.04) ? ['t_sample_lower'] : []),
    ];
    out.push({
      lineUserId: `U${(0x18000000 + i).toString(16).padStart(32, '0')}`,
      displayName: `friend ${i}`,
      addedAt: addedAt === null ? null : iso(addedAt),
      blockedAt: chance(0.02) ? iso(EVAL_NOW - 3 * DAY) : null,
      tags, shopify, hubspot, klaviyo,
    });
  }
  return out;
}

/** How many (unblocked) friends hold each value: the counts the catalog gives the planner. */
export function evalCatalog(friends: SegmentFriend[]): PlannerCatalog {
  const live = friends.filter((f) => f.blockedAt === null);
  const countOf = (has: (f: SegmentFriend) => boolean) => live.filter(has).length;
  const counts: Record<string, number> = {};
  for (const id of Object.keys(EVAL_TAGS)) counts[`tag:::${id}`] = countOf((f) => f.tags.includes(id));
  for (const t of EVAL_SHOPIFY_TAGS) counts[`shopify_tag:::${t}`] = countOf((f) => f.shopify?.tags.includes(t) ?? false);
  for (const l of EVAL_HUBSPOT_LISTS) counts[`hubspot_list:::${l.id}`] = countOf((f) => f.hubspot?.lists.includes(l.id) ?? false);
  for (const l of EVAL_KLAVIYO_LISTS) counts[`klaviyo_list:::${l.id}`] = countOf((f) => f.klaviyo?.lists.includes(l.id) ?? false);
  return {
    tags: Object.entries(EVAL_TAGS).map(([id, name]) => ({ id, name })),
    shopifyTags: EVAL_SHOPIFY_TAGS,
    hubspotLists: EVAL_HUBSPOT_LISTS,
    klaviyoLists: EVAL_KLAVIYO_LISTS,
    lifecycleStages: STAGES.map((value) => ({ value, label: STAGE_LABELS[value] })),
    propertyKeys: [
      { provider: 'hubspot', key: 'lifecyclestage', label: 'Lifecycle Stage', values: STAGES.map((value) => ({ value, label: STAGE_LABELS[value] })) },
      { provider: 'hubspot', key: 'city', label: 'City', values: CITIES.map((value) => ({ value })) },
      { provider: 'klaviyo', key: 'tier', label: 'Tier', values: TIERS.map((value) => ({ value })) },
    ],
    counts,
  };
}
