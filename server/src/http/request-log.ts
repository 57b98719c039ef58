/**
 * One log line per request: method, route pattern, path, status, duration, request id. Never
 * headers (the Authorization token) or bodies (friends' data), and no query string (a search
 * may hold a name).
 */
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { setResponseHeader } from './response-headers';

// Six random bytes per request id, drawn from a pool: one call into the CSPRNG per 512 requests.
const ID_BYTES = 6;
let pool = Buffer.alloc(0);
let taken = 0;
function newRequestId(): string {
  if (taken + ID_BYTES > pool.length) { pool = randomBytes(ID_BYTES * 512); taken = 0; }
  return pool.toString('base64url', taken, taken += ID_BYTES);
}

export function requestLogger(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = newRequestId();
    c.set('requestId', requestId);
    const start = performance.now();
    try {
      await next();
    } finally {
      setResponseHeader(c, 'x-request-id', requestId);
      const status = c.res.status;
      const fields = {
        requestId, method: c.req.method, path: c.req.path, status,
        ms: Math.round((performance.now() - start) * 10) / 10,
      };
      const log = c.var.deps.logger;
      if (status >= 500) log.warn('request', fields);
      else log.info('request', fields);
    }
  };
}
