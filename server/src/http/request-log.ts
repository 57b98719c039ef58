/**
 * One log line per request: method, route pattern, path, status, duration, request id. Never
 * headers (the Authorization token) or bodies (friends' data), and no query string (a search
 * may hold a name).
 */
import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';

export function requestLogger(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = randomBytes(6).toString('base64url');
    c.set('requestId', requestId);
    const start = performance.now();
    try {
      await next();
    } finally {
      c.header('x-request-id', requestId);
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
