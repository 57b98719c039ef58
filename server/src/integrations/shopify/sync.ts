/**
 * Shopify sync: customers (tags, numberOfOrders — an UnsignedInt64 the API sends as a string —,
 * lastOrder.processedAt, and the link metafield), then abandoned checkouts. A customer has an
 * abandoned cart when one of their abandoned checkouts is still open (completedAt null: the
 * query also returns recovered ones) and newer than their last order.
 */
import type { IntegrationCounts } from '../../../../lib/contract/api';
import type { ShopifyData } from '../../repositories/friends';
import type { Syncer } from '../sync';
import { shopifyAdmin } from './client';
import { friendsAmong, readStaged } from '../repository';
import { DEFAULT_LINK_FIELDS, linkRecords } from '../link';
import { replaceBlocks } from '../blocks';

const PAGE = 100;

const CUSTOMERS = `query LumoCustomers($first: Int!, $after: String, $namespace: String!, $key: String!) {
  customers(first: $first, after: $after, sortKey: ID) {
    nodes { id tags numberOfOrders lastOrder { processedAt } metafield(namespace: $namespace, key: $key) { value } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const CHECKOUTS = `query LumoAbandonedCheckouts($first: Int!, $after: String) {
  abandonedCheckouts(first: $first, after: $after) {
    nodes { id createdAt completedAt customer { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Connection<T> { nodes: T[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }
interface CustomerNode { id: string; tags: string[]; numberOfOrders: string; lastOrder: { processedAt: string } | null; metafield: { value: string } | null }
interface CheckoutNode { id: string; createdAt?: string | null; completedAt: string | null; customer: { id: string } | null }

interface StagedCustomer { link: string | null; tags: string[]; orders: number; lastOrderAt: string | null }
interface StagedCheckout { customerId: string; createdAt: string | null }

/** "namespace.key" → its two parts (the key may not hold a dot; the namespace may). */
export function splitMetafield(field: string): { namespace: string; key: string } {
  const i = field.lastIndexOf('.');
  return { namespace: field.slice(0, i), key: field.slice(i + 1) };
}

export const shopifySyncer: Syncer<'shopify'> = {
  provider: 'shopify',
  firstPhase: 'customers',

  async step(ctx, state) {
    const admin = shopifyAdmin(ctx.credentials, ctx.deps.config.vendors, { sleep: ctx.sleep, signal: ctx.signal });
    const after = (state.cursor as string | null) ?? null;
    if (state.phase === 'customers') {
      const field = splitMetafield(ctx.integration.settings.linkField ?? DEFAULT_LINK_FIELDS.shopify);
      const data = await admin.query<{ customers: Connection<CustomerNode> }>(CUSTOMERS, { first: PAGE, after, ...field });
      const page = data.customers;
      return {
        records: page.nodes.length,
        rows: page.nodes.map((c) => ({
          kind: 'customer', key: c.id,
          data: {
            link: c.metafield?.value ?? null, tags: c.tags ?? [],
            orders: Number.parseInt(c.numberOfOrders ?? '0', 10) || 0, lastOrderAt: c.lastOrder?.processedAt ?? null,
          } satisfies StagedCustomer,
        })),
        next: page.pageInfo.hasNextPage ? { phase: 'customers', cursor: page.pageInfo.endCursor } : { phase: 'checkouts', cursor: null },
      };
    }
    const data = await admin.query<{ abandonedCheckouts: Connection<CheckoutNode> }>(CHECKOUTS, { first: PAGE, after });
    const page = data.abandonedCheckouts;
    return {
      records: page.nodes.length,
      rows: page.nodes.filter((c) => c.completedAt === null && c.customer).map((c) => ({
        kind: 'checkout', key: c.id, data: { customerId: c.customer!.id, createdAt: c.createdAt ?? null } satisfies StagedCheckout,
      })),
      next: page.pageInfo.hasNextPage ? { phase: 'checkouts', cursor: page.pageInfo.endCursor } : null,
    };
  },

  async finish(ctx, state): Promise<IntegrationCounts> {
    const { db } = ctx.deps.store;
    const [customers, checkouts] = await Promise.all([
      readStaged<StagedCustomer>(db, ctx.accountId, 'shopify', state.runId, 'customer'),
      readStaged<StagedCheckout>(db, ctx.accountId, 'shopify', state.runId, 'checkout'),
    ]);
    const openCheckouts = new Map<string, number[]>();
    for (const c of checkouts) {
      const at = c.data.createdAt ? Date.parse(c.data.createdAt) : Number.POSITIVE_INFINITY;
      openCheckouts.set(c.data.customerId, [...(openCheckouts.get(c.data.customerId) ?? []), at]);
    }
    const { linked, counts } = await linkRecords(
      customers.map((c) => ({ recordId: c.key, lineUserIdRaw: c.data.link, ...c.data })),
      (ids) => friendsAmong(db, ctx.accountId, ids),
    );
    const blocks = new Map<string, ShopifyData>();
    for (const [lineUserId, c] of linked) {
      const lastPurchaseAt = c.orders > 0 && c.lastOrderAt ? Date.parse(c.lastOrderAt) : null;
      const open = openCheckouts.get(c.recordId) ?? [];
      blocks.set(lineUserId, {
        customerId: c.recordId, tags: c.tags, purchaseCount: c.orders, lastPurchaseAt,
        abandonedCart: open.some((at) => lastPurchaseAt === null || at > lastPurchaseAt),
      });
    }
    await replaceBlocks(ctx.deps, ctx.accountId, 'shopify', blocks);
    return counts;
  },
};
