/**
 * Shopify's Admin GraphQL API through @shopify/shopify-api 13 (its GraphqlClient; v13 runs on
 * Node 20).
 *
 * Base URL: the SDK always calls https://{shop}/admin/api/{version}/graphql.json. When
 * LUMO_SHOPIFY_API_URL is set (tests, a proxy), the runtime's fetch — replaced through
 * `setAbstractFetchFunc` from '@shopify/shopify-api/runtime' — sends the requests of the shops
 * registered here to that base instead, keeping path and query.
 *
 * Throttling: Shopify meters GraphQL by calculated query cost in a leaky bucket
 * (`extensions.cost.throttleStatus`: maximumAvailable, currentlyAvailable, restoreRate per second).
 * Each answer's cost is remembered and the next query waits until the bucket has restored enough
 * for it; a THROTTLED answer — Shopify's usual 200 with `errors[].extensions.code = THROTTLED`, or
 * a 429 — waits `(requested − available) / restoreRate` seconds (or Retry-After) and tries again.
 * The SDK's own retry is off: it reads Retry-After as milliseconds.
 */
import '@shopify/shopify-api/adapters/node';
import { ApiVersion, GraphqlQueryError, HttpRequestError, HttpResponseError, HttpThrottlingError, LogSeverity, Session, shopifyApi } from '@shopify/shopify-api';
import { setAbstractFetchFunc } from '@shopify/shopify-api/runtime';
import { networkFailure, VendorError, vendorError } from '../errors';
import { sleep as realSleep, type Sleep } from '../retry';
import type { VendorUrls } from '../vendors';

export const SHOPIFY_API_VERSION = ApiVersion.July26;

export interface ShopifyCredentials { shop: string; accessToken: string }

/** "name", "name.myshopify.com" or a pasted admin URL → "name.myshopify.com"; null when none. */
export function normalizeShopDomain(input: string): string | null {
  let s = input.trim().toLowerCase();
  s = s.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  if (/^admin\.shopify\.com$/.test(s)) {
    const m = /admin\.shopify\.com\/store\/([a-z0-9][a-z0-9-]*)/.exec(input.toLowerCase());
    s = m ? m[1]! : '';
  }
  if (/^[a-z0-9][a-z0-9-]*$/.test(s)) s = `${s}.myshopify.com`;
  return /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(s) ? s : null;
}

// ---- base URL override ---------------------------------------------------------------------
const overrides = new Map<string, string>();
const nativeFetch = globalThis.fetch;
setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(input instanceof Request ? input.url : String(input));
  const base = overrides.get(url.host);
  if (!base) return nativeFetch(input, init);
  const b = new URL(base);
  const target = new URL(b.pathname.replace(/\/$/, '') + url.pathname + url.search, b);
  return nativeFetch(target, init);
});

let library: ReturnType<typeof shopifyApi> | null = null;
function lib() {
  // No OAuth here: the merchant gives an Admin API access token of a custom app. The app
  // key/secret/host the library insists on are placeholders it never uses for token calls.
  library ??= shopifyApi({
    apiKey: 'lumo-segments', apiSecretKey: 'unused-no-oauth', hostName: 'localhost',
    apiVersion: SHOPIFY_API_VERSION, isEmbeddedApp: false, isCustomStoreApp: false,
    logger: { level: LogSeverity.Error, log: async () => {} },
    future: {},
  });
  return library;
}

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export interface ShopifyAdmin {
  query<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** THROTTLED answers seen so far. */
  readonly throttled: number;
}

export function shopifyAdmin(creds: ShopifyCredentials, vendors: Pick<VendorUrls, 'shopifyApiUrl'>, opts: { sleep?: Sleep; signal?: AbortSignal; maxAttempts?: number } = {}): ShopifyAdmin {
  const shop = normalizeShopDomain(creds.shop);
  if (!shop) throw new VendorError('shopify', 'rejected', 'Enter the shop as its myshopify.com domain, e.g. "your-shop.myshopify.com".');
  if (vendors.shopifyApiUrl) overrides.set(shop, vendors.shopifyApiUrl);
  const session = new Session({ id: `offline_${shop}`, shop, state: '', isOnline: false, accessToken: creds.accessToken });
  const client = new (lib().clients.Graphql)({ session });
  const doSleep = opts.sleep ?? realSleep;
  const secrets = [creds.accessToken];
  let bucket: { cost: Cost; at: number } | null = null;
  let throttled = 0;

  /** Before a query: wait until the bucket holds what the previous one cost. */
  async function pace(): Promise<void> {
    if (!bucket) return;
    const { throttleStatus: t, requestedQueryCost } = bucket.cost;
    const available = t.currentlyAvailable + ((Date.now() - bucket.at) / 1000) * t.restoreRate;
    const need = Math.min(requestedQueryCost, t.maximumAvailable);
    if (available < need && t.restoreRate > 0) await doSleep(Math.ceil(((need - available) / t.restoreRate) * 1000), opts.signal);
  }

  return {
    get throttled() { return throttled; },
    async query<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const maxAttempts = opts.maxAttempts ?? 8;
      for (let attempt = 1; ; attempt++) {
        await pace();
        try {
          const res = await client.request(query, { variables, retries: 0 });
          const cost = (res.extensions as { cost?: Cost } | undefined)?.cost;
          if (cost?.throttleStatus) bucket = { cost, at: Date.now() };
          return res.data as T;
        } catch (e) {
          const err = shopifyError(e, secrets);
          if (err.kind === 'rate_limited') {
            throttled++;
            const cost = throttleCost(e);
            if (cost) bucket = { cost, at: Date.now() };
            if (attempt < maxAttempts) {
              const wait = cost && cost.throttleStatus.restoreRate > 0
                ? Math.ceil(((Math.min(cost.requestedQueryCost, cost.throttleStatus.maximumAvailable) - cost.throttleStatus.currentlyAvailable) / cost.throttleStatus.restoreRate) * 1000)
                : err.retryAfterMs ?? 1000;
              await doSleep(Math.max(50, wait), opts.signal);
              continue;
            }
          } else if (err.kind === 'unavailable' && attempt < Math.min(3, maxAttempts)) {
            await doSleep(500 * 2 ** attempt, opts.signal);
            continue;
          }
          throw err;
        }
      }
    },
  };
}

function throttleCost(e: unknown): Cost | null {
  const body = (e as { body?: { extensions?: { cost?: Cost } } }).body;
  return body?.extensions?.cost?.throttleStatus ? body.extensions.cost : null;
}

export function shopifyError(e: unknown, secrets: readonly string[]): VendorError {
  if (e instanceof VendorError) return e;
  if (e instanceof GraphqlQueryError) {
    const errors = (e.body as { errors?: { graphQLErrors?: { message?: string; extensions?: { code?: string } }[] } } | undefined)?.errors?.graphQLErrors ?? [];
    if (errors.some((g) => g.extensions?.code === 'THROTTLED')) {
      return vendorError('shopify', { status: 200, body: { errors } }, secrets, 'rate_limited');
    }
    const denied = errors.some((g) => g.extensions?.code === 'ACCESS_DENIED');
    return vendorError('shopify', { status: 200, body: { errors } }, secrets, denied ? 'forbidden' : 'rejected');
  }
  if (e instanceof HttpThrottlingError) {
    return vendorError('shopify', { status: 429, body: null, retryAfter: e.response.retryAfter ?? null }, secrets, 'rate_limited');
  }
  if (e instanceof HttpResponseError) {
    const status = e.response.code;
    if (status === 404) return new VendorError('shopify', 'rejected', 'Shopify has no shop at this domain. Check the shop\'s myshopify.com domain.', 404);
    return vendorError('shopify', { status, body: null }, secrets);
  }
  if (e instanceof HttpRequestError) return vendorError('shopify', { status: null, network: 'connection failed' }, secrets);
  return vendorError('shopify', { status: null, network: networkFailure(e) }, secrets);
}
