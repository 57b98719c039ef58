/**
 * A fake Shopify Admin GraphQL API (POST /admin/api/{version}/graphql.json) for the slices Lumo
 * reads, shaped after shopify.dev's Admin GraphQL reference:
 *
 *   shop { name myshopifyDomain }                                   (the credential check)
 *   customers(first, after) { nodes { id tags numberOfOrders lastOrder { processedAt }
 *       metafield(namespace:, key:) { value } } pageInfo { hasNextPage endCursor } }
 *   abandonedCheckouts(first, after) { nodes { id createdAt completedAt customer { id } } pageInfo {…} }
 *
 * `numberOfOrders` is an UnsignedInt64, serialized as a string, as Shopify does. Abandoned
 * checkouts include recovered ones (completedAt set), as the real query does.
 *
 * The calculated-query-cost leaky bucket is modelled: every answer carries
 * `extensions.cost { requestedQueryCost, actualQueryCost, throttleStatus { maximumAvailable,
 * currentlyAvailable, restoreRate } }`; a query costing more than what is available is refused
 * with a THROTTLED error, either as Shopify's usual 200 with `errors` or as a 429 (`throttleAs`).
 * The fake does not execute GraphQL: it recognises the root fields above in the query text.
 */
import { startFakeHttp, json, encodeCursor, decodeCursor, type Fault, type RecordedRequest, type Reply } from '../line/fake-http';

export interface FakeShopifyCustomer {
  /** Numeric id; the API shows gid://shopify/Customer/{id}. */
  id: number;
  tags?: string[];
  numberOfOrders?: number;
  /** ISO instant of the last order's processedAt; absent when no orders. */
  lastOrderProcessedAt?: string | null;
  /** Metafields by "namespace.key". */
  metafields?: Record<string, string>;
  email?: string;
}

export interface FakeShopifyCheckout {
  id: number;
  customerId: number | null;
  createdAt?: string;
  /** Set when the checkout was recovered (completed). */
  completedAt?: string | null;
}

export interface FakeShopifyOptions {
  accessToken?: string;
  shop?: string;
  customers?: FakeShopifyCustomer[];
  abandonedCheckouts?: FakeShopifyCheckout[];
  /** Leaky bucket: Shopify's standard plan is 2,000 points restoring 100/s. */
  maximumAvailable?: number;
  restoreRate?: number;
  /** How a throttled query is answered: Shopify's 200 with errors (default), or HTTP 429. */
  throttleAs?: '200' | '429';
}

export interface FakeShopify {
  url: string;
  accessToken: string;
  shop: string;
  customers: FakeShopifyCustomer[];
  abandonedCheckouts: FakeShopifyCheckout[];
  requests: RecordedRequest[];
  /** Queries refused as THROTTLED so far. */
  readonly throttled: number;
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

const MAX_PAGE = 250;

export async function startFakeShopify(opts: FakeShopifyOptions = {}): Promise<FakeShopify> {
  const accessToken = opts.accessToken ?? 'shpat_fake0000000000000000000000000000';
  const shop = opts.shop ?? 'lumo-fake.myshopify.com';
  const customers = opts.customers ?? [];
  const abandonedCheckouts = opts.abandonedCheckouts ?? [];
  const maximumAvailable = opts.maximumAvailable ?? 2000;
  const restoreRate = opts.restoreRate ?? 100;
  let available = maximumAvailable;
  let lastRefill = Date.now();
  let throttled = 0;

  function refill() {
    const now = Date.now();
    available = Math.min(maximumAvailable, available + ((now - lastRefill) / 1000) * restoreRate);
    lastRefill = now;
  }
  const throttleStatus = () => ({ maximumAvailable, currentlyAvailable: Math.floor(available), restoreRate });

  function graphqlError(message: string, code: string): Reply {
    return json(200, { errors: [{ message, extensions: { code } }] });
  }

  function handle(req: RecordedRequest): Reply {
    if (req.method !== 'POST' || !/^\/admin\/api\/[0-9]{4}-[0-9]{2}\/graphql\.json$/.test(req.path)) {
      return json(404, { errors: 'Not Found' });
    }
    if (req.headers['x-shopify-access-token'] !== accessToken) {
      return json(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    const body = req.body as { query?: string; variables?: Record<string, unknown> } | undefined;
    const query = body?.query ?? '';
    const vars = body?.variables ?? {};
    const arg = (name: string): unknown => {
      const m = new RegExp(`\\b${name}\\s*:\\s*(\\$\\w+|"[^"]*"|\\d+)`).exec(query);
      if (!m) return undefined;
      const raw = m[1]!;
      if (raw.startsWith('$')) return vars[raw.slice(1)];
      if (raw.startsWith('"')) return raw.slice(1, -1);
      return Number(raw);
    };

    let root: 'shop' | 'customers' | 'abandonedCheckouts';
    if (/\babandonedCheckouts\s*\(/.test(query)) root = 'abandonedCheckouts';
    else if (/\bcustomers\s*\(/.test(query)) root = 'customers';
    else if (/\bshop\s*\{/.test(query)) root = 'shop';
    else return graphqlError('Field is not supported by the fake', 'undefinedField');

    const first = root === 'shop' ? 0 : Number(arg('first') ?? NaN);
    if (root !== 'shop' && (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)) {
      return graphqlError(`The first argument must be between 1 and ${MAX_PAGE}`, 'argumentLiteralsIncompatible');
    }
    // Shopify's calculated cost: 2 per connection + per requested node 1, plus 1 per nested object.
    const perNode = root === 'customers' ? 1 + (/lastOrder/.test(query) ? 1 : 0) + (/metafield/.test(query) ? 1 : 0) : 2;
    const requested = root === 'shop' ? 1 : 2 + first * perNode;
    refill();
    if (requested > available) {
      throttled += 1;
      const cost = { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus() };
      const errors = [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }];
      if (opts.throttleAs === '429') {
        const wait = Math.max(1, Math.ceil((requested - available) / restoreRate));
        return json(429, { errors, extensions: { cost } }, { 'retry-after': `${wait}.0` });
      }
      return json(200, { errors, extensions: { cost } });
    }

    let data: unknown;
    let returned = 0;
    if (root === 'shop') {
      data = { shop: { name: 'Lumo fake shop', myshopifyDomain: shop } };
    } else {
      const offset = decodeCursor(arg('after') as string | undefined, root);
      if (offset === null) return graphqlError('Invalid cursor for current pagination sort.', 'BAD_REQUEST');
      const all = root === 'customers' ? customers : abandonedCheckouts;
      const page = all.slice(offset, offset + first);
      returned = page.length;
      const nodes = root === 'customers'
        ? (page as FakeShopifyCustomer[]).map((c) => customerNode(c, query, arg))
        : (page as FakeShopifyCheckout[]).map((c) => ({
            id: `gid://shopify/AbandonedCheckout/${c.id}`,
            createdAt: c.createdAt ?? '2026-01-01T00:00:00Z',
            completedAt: c.completedAt ?? null,
            customer: c.customerId === null ? null : { id: `gid://shopify/Customer/${c.customerId}` },
          }));
      const end = offset + page.length;
      data = {
        [root]: {
          nodes,
          pageInfo: { hasNextPage: end < all.length, endCursor: page.length ? encodeCursor(end, root) : null },
        },
      };
    }
    const actual = root === 'shop' ? 1 : 2 + returned * perNode;
    available -= actual;
    return json(200, { data, extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: throttleStatus() } } });
  }

  const server = await startFakeHttp(handle);
  return {
    url: server.url, accessToken, shop, customers, abandonedCheckouts, requests: server.requests,
    get throttled() { return throttled; },
    injectFault: (f) => server.injectFault(f),
    close: () => server.close(),
  };
}

function customerNode(c: FakeShopifyCustomer, query: string, arg: (name: string) => unknown) {
  let metafield: { value: string } | null = null;
  if (/metafield\s*\(/.test(query)) {
    const ns = arg('namespace');
    const key = arg('key') as string | undefined;
    const full = ns === undefined ? key : `${String(ns)}.${key}`;
    const value = full === undefined ? undefined : c.metafields?.[full];
    metafield = value === undefined ? null : { value };
  }
  const orders = c.numberOfOrders ?? 0;
  return {
    id: `gid://shopify/Customer/${c.id}`,
    email: c.email ?? null,
    tags: c.tags ?? [],
    numberOfOrders: String(orders),
    lastOrder: orders > 0 && c.lastOrderProcessedAt ? { id: `gid://shopify/Order/${c.id}000`, processedAt: c.lastOrderProcessedAt } : null,
    metafield,
  };
}
