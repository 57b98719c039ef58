/**
 * CORS for the extension's background worker, which calls from its own origin. With the optional
 * host permission granted Chrome skips CORS; without it (or in Firefox) these headers let it
 * through. Tokens travel as bearer headers, never cookies, so allowing extension origins leaks
 * nothing.
 *
 * Preflights are Hono's `cors()`. Other requests get the headers Hono's would give them, written
 * onto the finished response (./response-headers.ts says why).
 */
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './context';
import { setResponseHeader } from './response-headers';

const EXTENSION_ORIGIN = /^(chrome|moz)-extension:\/\/[a-z0-9-]+$/i;
const ALLOW_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'Accept-Language'];
const EXPOSE_HEADERS = ['ETag'];

export const allowedOrigin = (origin: string): string | null => (EXTENSION_ORIGIN.test(origin) ? origin : null);

export function extensionCors(): MiddlewareHandler<AppEnv> {
  const preflight = cors({ origin: allowedOrigin, allowHeaders: ALLOW_HEADERS, exposeHeaders: EXPOSE_HEADERS, maxAge: 600 });
  const expose = EXPOSE_HEADERS.join(',');
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    const origin = allowedOrigin(c.req.header('origin') ?? '');
    await next();
    if (origin) setResponseHeader(c, 'Access-Control-Allow-Origin', origin);
    setResponseHeader(c, 'Access-Control-Expose-Headers', expose);
    setResponseHeader(c, 'Vary', 'Origin', true);
  };
}
