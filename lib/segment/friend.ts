/**
 * A friend as segments see it: the input of the reference evaluator, the shape the demo data and
 * the benchmarks generate, and the parsed form of one line of friend NDJSON (DESIGN.md) once its
 * tag names are resolved to tag ids. Instants are ISO-8601 strings.
 */
export interface ShopifyBlock {
  customerId: string;
  tags: string[];
  /** 0 for an integrated customer with no orders. */
  purchaseCount: number;
  /** null when the customer never purchased. */
  lastPurchaseAt: string | null;
  abandonedCart: boolean;
}

export interface ServiceBlock {
  /** HubSpot contact id or Klaviyo profile id. */
  recordId: string;
  lists: string[];
  properties: Record<string, string>;
}

export interface SegmentFriend {
  lineUserId: string;
  displayName: string;
  pictureUrl?: string | null;
  /** First follow seen; null when unknown (synced without a follow event). */
  addedAt: string | null;
  /** Set when the friend blocked the account: a member of no segment. */
  blockedAt: string | null;
  /** Tag ids. */
  tags: string[];
  /** null: not integrated with that service. */
  shopify: ShopifyBlock | null;
  hubspot: ServiceBlock | null;
  klaviyo: ServiceBlock | null;
}

export interface EvaluateOptions {
  /** "Today" of the evaluation (epoch ms). */
  asOf: number;
  /** The account's IANA time zone, default Asia/Tokyo. */
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Tokyo';

/** DESIGN.md's sample order: most recently added first, unknown addedAt last, ties by lineUserId. */
export function compareSampleOrder(a: Pick<SegmentFriend, 'addedAt' | 'lineUserId'>, b: Pick<SegmentFriend, 'addedAt' | 'lineUserId'>): number {
  const ta = a.addedAt === null ? null : Date.parse(a.addedAt);
  const tb = b.addedAt === null ? null : Date.parse(b.addedAt);
  if (ta !== tb) {
    if (ta === null) return 1;
    if (tb === null) return -1;
    return tb - ta;
  }
  return a.lineUserId < b.lineUserId ? -1 : a.lineUserId > b.lineUserId ? 1 : 0;
}
