/**
 * The e2e data set: a small, deterministic set of friends with every kind of data the seed's
 * segments read. Expected results are never written down by hand: they come from lib/segment's
 * reference evaluator over these same friends.
 */
import { evaluate, type Definition, type SegmentFriend } from '../../../lib/segment/index';
import { compareSampleOrder } from '../../../lib/segment/friend';
import { prng } from '../../../server/src/demo/generate';

export interface E2eFriend {
  lineUserId: string;
  displayName: string;
  addedAt: string | null;
  blockedAt?: string;
  tags: string[];
  shopify: { customerId: string; tags: string[]; purchaseCount: number; lastPurchaseAt: string | null; abandonedCart: boolean } | null;
  hubspot: { contactId: string; lists: string[]; properties: Record<string, string> } | null;
  klaviyo: null;
}

const NAMES = ['Aoi', 'Haruto', 'Yui', 'Sota', 'Mio', 'Ren', 'Hina', 'Yuto', 'Sakura', 'Riku', 'Emma', 'Noah', '佐藤 花子', '鈴木 一郎', '高橋 美咲', '田中 健太'];


export function buildFriends(n = 160, now = Date.now()): E2eFriend[] {
  const r = prng(42); // seeded: every run builds the same friends
  const day = 86_400_000;
  const friends: E2eFriend[] = [];
  for (let i = 0; i < n; i++) {
    const id = 'U' + (i + 1).toString(16).padStart(32, '0');
    const shop = r() < 0.6;
    const hub = r() < 0.45;
    const purchases = shop ? Math.floor(r() * r() * 12) : 0;
    friends.push({
      lineUserId: id,
      displayName: `${NAMES[i % NAMES.length]} ${i + 1}`,
      addedAt: r() < 0.05 ? null : new Date(now - Math.floor(r() * 900) * day - Math.floor(r() * day)).toISOString(),
      ...(r() < 0.06 ? { blockedAt: new Date(now - 3 * day).toISOString() } : {}),
      tags: [...(r() < 0.3 ? ['VIP'] : []), ...(r() < 0.25 ? ['新規'] : [])],
      shopify: shop ? {
        customerId: `gid://shopify/Customer/${1000 + i}`,
        tags: r() < 0.3 ? ['wholesale'] : [],
        purchaseCount: purchases,
        lastPurchaseAt: purchases > 0 ? new Date(now - Math.floor(r() * 120) * day).toISOString() : null,
        abandonedCart: r() < 0.2,
      } : null,
      hubspot: hub ? {
        contactId: String(500 + i), lists: r() < 0.5 ? ['12'] : [],
        properties: { lifecyclestage: r() < 0.5 ? 'customer' : 'lead' },
      } : null,
      klaviyo: null,
    });
  }
  return friends;
}

export function toNdjson(friends: E2eFriend[]): string {
  return friends.map((f) => JSON.stringify(f)).join('\n') + '\n';
}

/** The friends as the evaluator sees them, with tag names mapped to the ids the API gave them. */
export function asSegmentFriends(friends: E2eFriend[], tagIds: Record<string, string>): SegmentFriend[] {
  return friends.map((f) => ({
    lineUserId: f.lineUserId, displayName: f.displayName, addedAt: f.addedAt, blockedAt: f.blockedAt ?? null,
    tags: f.tags.map((t) => tagIds[t]),
    shopify: f.shopify,
    hubspot: f.hubspot && { recordId: f.hubspot.contactId, lists: f.hubspot.lists, properties: f.hubspot.properties },
    klaviyo: null,
  }));
}

export function expectedMembers(friends: SegmentFriend[], definition: Definition, timeZone = 'Asia/Tokyo'): SegmentFriend[] {
  return friends.filter((f) => evaluate(f, definition, { asOf: Date.now(), timeZone })).sort(compareSampleOrder);
}
