/**
 * The sync API as a Hono app: `createApp(deps)` wires the route modules over the app's
 * dependencies (store, config, engine, clock, logger, jobs), with request logging, errors in
 * DESIGN.md's shape, 404/405 and /v1/openapi.json.
 *
 * ADDING ROUTES — one folder per resource, one line to mount it:
 *   1. Write server/src/routes/<resource>/routes.ts:
 *        export default defineRoutes((r) => {
 *          r.add({ method: 'get', path: '/v1/accounts/:a/things', summary: 'List things', permission: 'read',
 *                  query: thingsQuerySchema, responses: { 200: { description: 'Things', schema: listOf(thingSchema) } } },
 *            async (c, { query }) => c.json(await listThings(c.var.deps, c.var.account.id, query)));
 *        });
 *      `r.add` validates the body/query with the zod schemas you give it (400 with field paths),
 *      checks the caller and their role (`permission`, lib/permissions.ts: a table, not `if`s),
 *      limits the body (1 MiB unless `maxBodyBytes`/`rawBody` says otherwise) and lists the route
 *      in /v1/openapi.json. See server/src/http/router.ts.
 *   2. Add one line to server/src/routes/index.ts:
 *        export { default as things } from './things/routes';
 *   3. Background work: `registerJobKind('things.sync', handler)` (server/src/jobs/runner.ts) at the
 *      top level of your service module, and `c.var.deps.jobs.enqueue(accountId, 'things.sync', payload)`.
 * Tests: server/test/app.ts builds the app over a forEachStore store with an admin token and
 * `accountToken(accountId)`.
 */
import { Hono } from 'hono';
import type { AppDeps, AppEnv } from './http/context';
import { ApiError } from './http/errors';
import { storeUnavailable } from './store/faults';
import { duplicateField, lostToConcurrentTransaction, uniqueViolation } from './store/constraints';
import { createRegistrar, allowedMethods, type RegisteredRoute, type RouteModule } from './http/router';
import { buildOpenApi } from './http/openapi';
import { requestLogger } from './http/request-log';
import { extensionCors } from './http/cors';
import * as routeModules from './routes/index';

export interface AppOptions {
  /** Tests: every answer must match its route's declared status and schema (a mismatch is a 500). */
  checkResponses?: boolean;
  /** Extra route modules (tests). */
  extraRoutes?: RouteModule[];
}

export function createApp(deps: AppDeps, opts: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  const routes: RegisteredRoute[] = [];

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', requestLogger());
  app.use('/v1/*', extensionCors());

  const registrar = createRegistrar(app, routes, { checkResponses: opts.checkResponses });
  for (const mount of [...Object.values(routeModules as Record<string, RouteModule>), ...(opts.extraRoutes ?? [])]) mount(registrar);

  let openapi: ReturnType<typeof buildOpenApi> | null = null;
  registrar.add({
    method: 'get', path: '/v1/openapi.json', permission: 'public', tag: 'meta',
    summary: 'This API as an OpenAPI 3 document, generated from the zod schemas the server validates with',
    responses: { 200: { description: 'OpenAPI 3 document' } },
  }, (c) => c.json(openapi ??= buildOpenApi(routes, { version: deps.config.version })));

  app.notFound((c) => {
    const allow = allowedMethods(routes, c.req.path);
    if (allow.length > 0) {
      return c.json(new ApiError(405, 'method_not_allowed', `${c.req.method} is not allowed here. Allowed: ${allow.join(', ')}.`).body(), 405, { allow: allow.join(', ') });
    }
    return c.json(new ApiError(404, 'not_found', `There is no route ${c.req.method} ${c.req.path}. See /v1/openapi.json for the routes.`).body(), 404);
  });

  app.onError((err, c) => {
    if (err instanceof ApiError) return c.json(err.body(), err.status as 400, err.headers);
    const requestId = c.get('requestId');
    const unavailable = storeUnavailable(err);
    if (unavailable) {
      // The database went away for a moment (restart, failover) or is locked: not a bug, and
      // the caller can simply try again. Nothing was half-written: a transaction either
      // committed or rolled back.
      deps.logger.warn('store unavailable', { requestId, method: c.req.method, route: c.req.routePath, reason: unavailable.reason, err: (err as Error).message });
      return c.json(new ApiError(503, 'store_unavailable', unavailable.reason === 'busy'
        ? 'The database is busy with another write. Try again in a moment.'
        : 'The database is not reachable right now (it may be restarting). Try again in a moment.').body(), 503,
      { 'retry-after': String(unavailable.retryAfterSeconds) });
    }
    const duplicate = uniqueViolation(err);
    if (duplicate) {
      // Two requests passed a service's own check at the same instant and the store's key
      // stopped the second: nothing of it was written (its transaction rolled back), and the
      // caller can look again and choose. Logged, since a service that checks first should
      // usually answer this itself.
      const field = duplicateField(duplicate);
      deps.logger.warn('unique key refused a concurrent write', { requestId, method: c.req.method, route: c.req.routePath, table: duplicate.table, columns: duplicate.columns });
      const message = field
        ? `Another request saved the same ${field} at the same moment, and ${field} must be unique. Reload, then try again or choose another.`
        : 'Another request made the same change at the same moment. Reload, then try again.';
      return c.json(new ApiError(409, 'conflict', message, field ? [{ path: field, message }] : undefined, { reason: 'duplicate', ...(field ? { field } : {}) }).body(), 409);
    }
    if (lostToConcurrentTransaction(err)) {
      deps.logger.warn('transaction lost to a concurrent one', { requestId, method: c.req.method, route: c.req.routePath, code: (err as { code?: string }).code });
      return c.json(new ApiError(409, 'conflict', 'Another request changed the same data at the same moment, and nothing of this one was saved. Try again.',
        undefined, { reason: 'concurrent_change' }).body(), 409);
    }
    // A bug, not the caller's mistake: log it once with its context, answer without internals.
    deps.logger.error('unhandled error', { requestId, method: c.req.method, route: c.req.routePath, path: c.req.path, err });
    return c.json(new ApiError(500, 'internal', `Something went wrong on the server. Try again; if it keeps happening, give the administrator this request id: ${requestId}.`).body(), 500);
  });

  return { app, routes, openapi: () => (openapi ??= buildOpenApi(routes, { version: deps.config.version })) };
}
