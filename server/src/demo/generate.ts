/**
 * Demo friends: realistic, deterministic (a seeded PRNG, so every machine gets the same shop),
 * relative to `now` so "added in the last 7 days" finds someone. Japanese and English names,
 * friend-added dates over three years with growth toward today (some unknown), about ten tags
 * that follow behaviour, Shopify data for ~60 % (a long tail of purchase counts), HubSpot for
 * ~35 %, Klaviyo for ~40 %, a few friends who blocked the account.
 */
import type { FriendWrite } from '../repositories/friends';
import {
  DEMO_HUBSPOT_LISTS, DEMO_HUBSPOT_PROPERTIES, DEMO_KLAVIYO_LISTS, DEMO_KLAVIYO_PROPERTIES, DEMO_SHOPIFY_TAGS,
} from '../integrations/demo';

const DAY = 86_400_000;

/** mulberry32: small, fast, good enough for demo data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JA_FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村', '林', '清水', '斎藤'];
const JA_GIVEN = ['美咲', '陽菜', '結衣', '葵', 'さくら', '翔太', '大輔', '健太', '蓮', '悠斗', '真央', '花子', '太郎', 'あおい', 'ゆうこ', 'ひなた', 'みゆき', '拓也', '彩', '理恵'];
const JA_NICK = ['ゆうこ', 'まなみ', 'たっくん', 'みーちゃん', 'あや', 'けんじ', 'Haru', 'Mei', 'りょう', 'なな'];
const EN_GIVEN = ['Emily', 'James', 'Olivia', 'Liam', 'Sophia', 'Noah', 'Mia', 'Lucas', 'Ava', 'Ethan', 'Hana', 'Ken', 'Yuki', 'Aoi', 'Sakura', 'Ren'];
const EN_FAMILY = ['Smith', 'Johnson', 'Brown', 'Williams', 'Tanaka', 'Suzuki', 'Sato', 'Miller', 'Garcia', 'Lee', 'Kim', 'Nguyen'];
const EMOJI = ['🌸', '☕', '✨', '🍣', '🐶', '🌙', '🎀', '⚽'];

/** The account's friend tags (LINE-side labels a shop would use). */
export const DEMO_TAGS = ['VIP', '新規', 'リピーター', 'セール好き', '休眠', '店舗来店', 'クーポン利用', '誕生日月', 'メルマガ登録', 'アンケート回答'] as const;

export const DEMO_FRIEND_COUNT = 20_000;

export function demoFriends(now: number, count = DEMO_FRIEND_COUNT, seed = 20261128): FriendWrite[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const some = <T>(xs: readonly T[], p: number) => xs.filter(() => chance(p));
  const out: FriendWrite[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < count; i++) {
    let id: string;
    do {
      id = 'U' + [0, 0, 0, 0].map(() => Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0')).join('');
    } while (ids.has(id));
    ids.add(id);

    const style = r();
    const displayName = style < 0.45 ? `${pick(JA_FAMILY)} ${pick(JA_GIVEN)}`
      : style < 0.65 ? pick(JA_GIVEN) + (chance(0.3) ? pick(EMOJI) : '')
        : style < 0.75 ? pick(JA_NICK)
          : style < 0.95 ? `${pick(EN_GIVEN)} ${pick(EN_FAMILY)}`
            : pick(EN_GIVEN) + pick(EMOJI);

    // Three years, more friends recently: sqrt skews toward today.
    const ageDays = Math.floor(1095 * (1 - Math.sqrt(r())));
    const addedAt = chance(0.03) ? null : now - ageDays * DAY - Math.floor(r() * DAY);
    const age = addedAt === null ? 1095 : ageDays;

    let shopify: FriendWrite['shopify'] = null;
    if (chance(0.6)) {
      // A long tail: most buy once or twice, a few dozens of times; some never completed an order.
      const purchaseCount = chance(0.18) ? 0 : Math.min(120, Math.floor(1 / Math.pow(r() || 1e-9, 0.7)));
      const lastPurchaseAt = purchaseCount === 0 ? null : now - Math.floor(r() * Math.min(age + 1, 720)) * DAY - Math.floor(r() * DAY);
      shopify = {
        customerId: `gid://shopify/Customer/${7_000_000 + i}`,
        tags: [...some(DEMO_SHOPIFY_TAGS.filter((t) => t !== 'vip' && t !== 'repeat-buyer'), 0.12),
          ...(purchaseCount >= 10 ? ['vip'] : []), ...(purchaseCount >= 3 ? ['repeat-buyer'] : [])],
        purchaseCount, lastPurchaseAt, abandonedCart: chance(0.12),
      };
    }
    let hubspot: FriendWrite['hubspot'] = null;
    if (chance(0.35)) {
      const stage = shopify && shopify.purchaseCount > 0 ? (chance(0.8) ? 'customer' : 'evangelist') : pick(DEMO_HUBSPOT_PROPERTIES.lifecyclestage.filter((s) => s !== 'customer'));
      hubspot = {
        recordId: String(51_000 + i),
        lists: some(DEMO_HUBSPOT_LISTS.map((l) => l.id), 0.3),
        properties: {
          lifecyclestage: stage,
          ...(chance(0.6) ? { hs_lead_status: pick(DEMO_HUBSPOT_PROPERTIES.hs_lead_status) } : {}),
          ...(chance(0.7) ? { city: pick(DEMO_HUBSPOT_PROPERTIES.city) } : {}),
        },
      };
    }
    let klaviyo: FriendWrite['klaviyo'] = null;
    if (chance(0.4)) {
      klaviyo = {
        recordId: `01DEMO${String(i).padStart(20, '0')}`,
        lists: some(DEMO_KLAVIYO_LISTS.map((l) => l.id), 0.35),
        properties: Object.fromEntries(Object.entries(DEMO_KLAVIYO_PROPERTIES).filter(() => chance(0.6)).map(([k, vs]) => [k, pick(vs)])),
      };
    }

    const purchases = shopify?.purchaseCount ?? 0;
    const daysSincePurchase = shopify?.lastPurchaseAt ? Math.floor((now - shopify.lastPurchaseAt) / DAY) : null;
    const tagNames = [
      ...(purchases >= 8 || chance(0.02) ? ['VIP'] : []),
      ...(age <= 30 ? ['新規'] : []),
      ...(purchases >= 2 ? ['リピーター'] : []),
      ...(chance(0.18) ? ['セール好き'] : []),
      ...(daysSincePurchase !== null && daysSincePurchase > 180 ? ['休眠'] : []),
      ...(chance(0.15) ? ['店舗来店'] : []),
      ...(chance(0.22) ? ['クーポン利用'] : []),
      ...(chance(1 / 12) ? ['誕生日月'] : []),
      ...(klaviyo || chance(0.2) ? (chance(0.6) ? ['メルマガ登録'] : []) : []),
      ...(chance(0.08) ? ['アンケート回答'] : []),
    ];
    out.push({
      lineUserId: id, displayName, pictureUrl: null, addedAt,
      blockedAt: chance(0.025) ? now - Math.floor(r() * Math.max(1, age)) * DAY : null,
      tagNames, shopify, hubspot, klaviyo,
    });
  }
  return out;
}
