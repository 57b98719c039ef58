/**
 * Klaviyo through klaviyo-api 23 (revision 2026-07-15): one ApiKeySession, each API object's
 * `basePath` set from LUMO_KLAVIYO_API_URL. The SDK's RetryWithExponentialBackoff retries 429 and
 * 503/504 honouring Retry-After. Its errors are axios errors whose `config.headers` carry the
 * private key: only the status, Klaviyo's error detail and Retry-After are kept from them.
 */
import { AccountsApi, ApiKeySession, ListsApi, ProfilesApi, RetryWithExponentialBackoff } from 'klaviyo-api';
import { networkFailure, VendorError, vendorError } from '../errors';
import type { VendorUrls } from '../vendors';

export interface KlaviyoCredentials { apiKey: string }

export interface KlaviyoApi {
  accounts: AccountsApi;
  profiles: ProfilesApi;
  lists: ListsApi;
  call<T>(fn: (api: KlaviyoApi) => Promise<{ body: T }>): Promise<T>;
}

export function klaviyoApi(creds: KlaviyoCredentials, vendors: Pick<VendorUrls, 'klaviyoApiUrl'>, opts: { numRetries?: number; maxIntervalSeconds?: number } = {}): KlaviyoApi {
  const session = new ApiKeySession(creds.apiKey, new RetryWithExponentialBackoff({ numRetries: opts.numRetries ?? 4, maxInterval: opts.maxIntervalSeconds ?? 30 }));
  const base = vendors.klaviyoApiUrl.replace(/\/$/, '');
  const accounts = new AccountsApi(session);
  const profiles = new ProfilesApi(session);
  const lists = new ListsApi(session);
  for (const a of [accounts, profiles, lists]) a.basePath = base;
  const api: KlaviyoApi = {
    accounts, profiles, lists,
    async call(fn) {
      try {
        return (await fn(api)).body;
      } catch (e) {
        throw klaviyoError(e, [creds.apiKey]);
      }
    },
  };
  return api;
}

export function klaviyoError(e: unknown, secrets: readonly string[]): VendorError {
  if (e instanceof VendorError) return e;
  const res = (e as { response?: { status?: number; data?: unknown; headers?: Record<string, unknown> } }).response;
  if (res && typeof res.status === 'number') {
    const ra = res.headers?.['retry-after'];
    return vendorError('klaviyo', { status: res.status, body: res.data, retryAfter: typeof ra === 'string' || typeof ra === 'number' ? ra : null }, secrets);
  }
  return vendorError('klaviyo', { status: null, network: networkFailure(e) }, secrets);
}

/** The page[cursor] of a JSON:API `links.next` URL, or null on the last page. */
export function nextCursor(links: { next?: string | null } | undefined): string | null {
  if (!links?.next) return null;
  try {
    return new URL(links.next).searchParams.get('page[cursor]');
  } catch {
    return null;
  }
}
