/**
 * What a vendor call can go wrong with, in words the marketer can act on. Every SDK throws its own
 * error type (the LINE SDK's HTTPFetchError, Shopify's HttpResponseError family, HubSpot's
 * ApiException, Klaviyo's AxiosError — whose `config` carries the API key in its headers); they
 * are all turned into a VendorError here, keeping only the status, the vendor's own message and a
 * retry delay, and scrubbed of every secret of the connection. Nothing else of the SDK error is
 * kept, logged or stored.
 */
export type Provider = 'line' | 'shopify' | 'hubspot' | 'klaviyo';
export const PROVIDERS: readonly Provider[] = ['line', 'shopify', 'hubspot', 'klaviyo'];

export const PROVIDER_NAMES: Record<Provider, string> = { line: 'LINE', shopify: 'Shopify', hubspot: 'HubSpot', klaviyo: 'Klaviyo' };

export type VendorErrorKind =
  /** The credentials were refused (401): enter them again. */
  | 'auth'
  /** Valid credentials without the right (403): scopes, plan, account type. */
  | 'forbidden'
  /** Throttled (429, Shopify THROTTLED); `retryAfterMs` says when to try again. */
  | 'rate_limited'
  /** The vendor or the network failed (5xx, refused connection, timeout): try again later. */
  | 'unavailable'
  /** The vendor answered something we did not expect (a bug on one side). */
  | 'bad_response'
  /** Anything else the vendor refused (4xx). */
  | 'rejected';

export class VendorError extends Error {
  constructor(
    readonly provider: Provider,
    readonly kind: VendorErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'VendorError';
  }
  /** Worth trying again later without the user doing anything. */
  get transient(): boolean { return this.kind === 'rate_limited' || this.kind === 'unavailable'; }
}

/** Removes every secret (and its URL-encoded form) from a text. */
export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join('[redacted]');
  }
  return out;
}

const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** The vendor's own words from an error body, whatever its shape. */
export function vendorMessage(body: unknown): string | null {
  if (body == null) return null;
  if (typeof body === 'string') {
    try { return vendorMessage(JSON.parse(body)); } catch { return body.trim() ? clip(body.trim()) : null; }
  }
  if (typeof body !== 'object') return null;
  const b = body as Record<string, any>;
  // Klaviyo (JSON:API): { errors: [{ title, detail }] }; Shopify: { errors: "…" | [{ message }] }
  if (Array.isArray(b.errors) && b.errors.length) {
    const e = b.errors[0];
    if (typeof e === 'string') return clip(e);
    return clip(String(e?.detail ?? e?.message ?? e?.title ?? ''), 300) || null;
  }
  if (typeof b.errors === 'string') return clip(b.errors);
  // LINE: { message, details: [{ message, property }] }; HubSpot: { message, category }
  if (typeof b.message === 'string') {
    const details = Array.isArray(b.details) && b.details.length
      ? ` (${b.details.map((d: any) => [d?.property, d?.message].filter(Boolean).join(': ')).join('; ')})` : '';
    return clip(b.message + details);
  }
  return null;
}

export interface RawFailure {
  status: number | null;
  body?: unknown;
  /** A Retry-After header value (seconds), or a delay already known. */
  retryAfter?: string | number | null;
  /** A network failure's code or message (ECONNREFUSED, timeout). */
  network?: string;
}

const KIND_ADVICE: Record<VendorErrorKind, (name: string) => string> = {
  auth: (n) => `${n} refused the credentials. Check them in ${n} and connect again.`,
  forbidden: (n) => `${n} refused this request for these credentials.`,
  rate_limited: (n) => `${n} is limiting requests; the sync waits and continues.`,
  unavailable: (n) => `${n} could not be reached; the sync will try again.`,
  bad_response: (n) => `${n} answered in a way Lumo did not expect.`,
  rejected: (n) => `${n} refused the request.`,
};

export function kindOfStatus(status: number | null): VendorErrorKind {
  if (status === null) return 'unavailable';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'unavailable';
  return 'rejected';
}

export function parseRetryAfter(v: string | number | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = typeof v === 'number' ? v : Number.parseFloat(v);
  if (Number.isFinite(n) && n >= 0) return Math.round(n * 1000);
  const at = Date.parse(String(v));
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** Builds the VendorError of a failed call; `secrets` are scrubbed from the message. */
export function vendorError(provider: Provider, f: RawFailure, secrets: readonly string[], kind = kindOfStatus(f.status)): VendorError {
  const name = PROVIDER_NAMES[provider];
  const said = f.network ? `network error: ${f.network}` : vendorMessage(f.body);
  const status = f.status === null ? '' : ` (HTTP ${f.status})`;
  const message = `${KIND_ADVICE[kind](name)}${said ? ` ${name} said: "${said}"` : ''}${status}`;
  return new VendorError(provider, kind, scrub(message, secrets), f.status, kind === 'rate_limited' ? parseRetryAfter(f.retryAfter) : null);
}

/** A network-level failure (no HTTP answer): its code, never its request. */
export function networkFailure(e: unknown): string {
  const err = e as { code?: string; cause?: { code?: string; message?: string }; message?: string; name?: string };
  return err?.cause?.code ?? err?.code ?? (err?.name === 'AbortError' || err?.name === 'TimeoutError' ? 'timeout' : 'connection failed');
}
