/**
 * Deterministic benchmark friends: the same seed gives the same million friends on every machine.
 * Shaped like a real LINE Official Account with a shop: friend-added dates over three years (5%
 * unknown), 3% blocked, a few dozen friend tags of very different sizes, a third of friends in
 * Shopify (some never ordered, a long tail of one-off customer tags), a quarter in HubSpot and a
 * third in Klaviyo with lists and properties.
 *
 * Each friend comes out twice: as a line of friend NDJSON (DESIGN.md; what the import reads) and
 * as a plain object (what the JavaScript and json-logic peers filter).
 */
import { prng } from '../server/src/demo/generate';

/** "Today" of every benchmark count. */
export const BENCH_NOW = Date.parse('2026-11-28T03:00:00Z');
export const BENCH_TIME_ZONE = 'Asia/Tokyo';
const DAY = 86_400_000;

export const TAG_NAMES = [
  'Newsletter', 'VIP', 'Coupon used', 'Event 2026', 'Tokyo store', 'Osaka store', 'Online only', 'Birthday club',
  'Survey answered', 'Gold member', 'Silver member', 'Wholesale', 'Staff', 'Referral', 'Sample request', 'Lapsed',
  'Instagram', 'TikTok', 'Kids', 'Men', 'Women', 'Gift buyer', 'Subscription', 'Returns', 'Complaint', 'Review written',
  'キャンペーン応募', '来店', 'アンケート', '誕生日', 'ポイント会員', '定期便', 'ギフト', 'セール好き', '新商品', '口コミ',
  'Tier A', 'Tier B', 'Tier C', 'Test',
];
export const SHOPIFY_TAGS = ['wholesale', 'vip', 'newsletter', 'Login with Shop', 'returning', 'gift', 'subscriber', 'b2b', 'staff', 'influencer', 'retail', 'sale', 'repeat', 'international', 'local'];
export const HUBSPOT_LISTS = Array.from({ length: 30 }, (_, i) => String(101 + i));
export const KLAVIYO_LISTS = Array.from({ length: 20 }, (_, i) => `LIST${String.fromCharCode(65 + i)}`);
export const LIFECYCLE = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist'];
export const CITIES = ['Tokyo', 'Osaka', 'Nagoya', 'Sapporo', 'Fukuoka', 'Kobe', 'Kyoto', 'Yokohama', 'Sendai', 'Hiroshima',
  'Naha', 'Chiba', 'Saitama', 'Kawasaki', 'Niigata', 'Okayama', 'Kumamoto', 'Shizuoka', 'Kanazawa', 'Nara',
  'London', 'New York', 'Paris', 'Seoul', 'Taipei', 'Bangkok', 'Singapore', 'Sydney', 'Toronto', 'Berlin'];
const NAMES = ['Aoi', 'Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Mei', 'Yuto', 'Sakura', 'Kaito', '葵', '陽翔', '結衣', '蒼', '陽菜',
  'Emma', 'Liam', 'Olivia', 'Noah', 'Ava', 'Mia', 'Lucas', 'Chloe', 'Leo', 'Zoe'];


/** The plain-object friend the JavaScript peers filter (instants as epoch ms, tags by name). */
export interface BenchFriend {
  lineUserId: string;
  displayName: string;
  addedAt: number | null;
  blocked: boolean;
  tags: string[];
  shopify: { purchaseCount: number; lastPurchaseAt: number | null; abandonedCart: boolean; tags: string[] } | null;
  hubspot: { lists: string[]; properties: Record<string, string> } | null;
  klaviyo: { lists: string[]; properties: Record<string, string> } | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const hex8 = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

/** Friend number `i` (0-based) of the benchmark population. */
export function benchFriend(i: number, seed = 20261128): BenchFriend {
  const r = prng(seed ^ Math.imul(i + 1, 0x9e3779b1));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const lineUserId = `U${hex8(Math.imul(i + 1, 0x85ebca6b) ^ seed)}${i.toString(16).padStart(24, '0')}`;
  const addedAt = r() < 0.05 ? null : BENCH_NOW - Math.floor(r() * r() * 3 * 365 * DAY); // more recent friends
  const blocked = r() < 0.03;
  const tags: string[] = [];
  TAG_NAMES.forEach((t, k) => { if (r() < 0.45 / Math.pow(k + 1, 0.9)) tags.push(t); });

  let shopify: BenchFriend['shopify'] = null;
  if (r() < 0.35) {
    const orders = r() < 0.3 ? 0 : 1 + Math.floor(-Math.log(1 - r()) * 3);
    const stags: string[] = [];
    SHOPIFY_TAGS.forEach((t, k) => { if (r() < 0.3 / (k + 1)) stags.push(t); });
    if (r() < 0.03) stags.push(`order-${i}`); // a one-off tag: the long tail of real shops
    shopify = {
      purchaseCount: orders,
      lastPurchaseAt: orders === 0 ? null : BENCH_NOW - Math.floor(r() * r() * 730 * DAY),
      abandonedCart: r() < 0.1,
      tags: stags,
    };
  }
  const service = (p: number, lists: readonly string[], props: () => Record<string, string>) => {
    if (r() >= p) return null;
    const ls: string[] = [];
    lists.forEach((l, k) => { if (r() < 0.3 / Math.sqrt(k + 1)) ls.push(l); });
    return { lists: ls, properties: props() };
  };
  const hubspot = service(0.25, HUBSPOT_LISTS, () => {
    const p: Record<string, string> = { lifecyclestage: LIFECYCLE[Math.min(6, Math.floor(-Math.log(1 - r()) * 2))] };
    if (r() < 0.8) p.city = pick(CITIES);
    if (r() < 0.6) p.plan = pick(['Free', 'Pro', 'Pro Plus', 'Enterprise']);
    return p;
  });
  const klaviyo = service(0.3, KLAVIYO_LISTS, () => {
    const p: Record<string, string> = { source: pick(['instagram', 'line', 'web', 'store', 'Instagram Ads']) };
    if (r() < 0.7) p.city = pick(CITIES);
    return p;
  });
  return { lineUserId, displayName: pick(NAMES), addedAt, blocked, tags, shopify, hubspot, klaviyo };
}

/** The friend as one line of NDJSON (DESIGN.md's import format). */
export function ndjsonLine(f: BenchFriend, i: number): string {
  return JSON.stringify({
    lineUserId: f.lineUserId, displayName: f.displayName, addedAt: iso(f.addedAt),
    ...(f.blocked ? { blockedAt: iso((f.addedAt ?? BENCH_NOW - 400 * DAY) + DAY) } : {}),
    tags: f.tags,
    shopify: f.shopify && { customerId: `gid://shopify/Customer/${i + 1}`, tags: f.shopify.tags, purchaseCount: f.shopify.purchaseCount, lastPurchaseAt: iso(f.shopify.lastPurchaseAt), abandonedCart: f.shopify.abandonedCart },
    hubspot: f.hubspot && { contactId: String(9000 + i), lists: f.hubspot.lists, properties: f.hubspot.properties },
    klaviyo: f.klaviyo && { profileId: `01K${i.toString(36).toUpperCase().padStart(8, '0')}`, lists: f.klaviyo.lists, properties: f.klaviyo.properties },
  });
}
