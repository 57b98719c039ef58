/**
 * The route registry: every route of the sync API is declared once, with its zod schemas, and
 * that one declaration
 *   - registers the Hono handler, with the route's authorization and body limit,
 *   - validates the JSON body, the query and the path's ids before the handler runs (400 with
 *     field paths; malformed JSON 400; oversized 413),
 *   - lists the route in /v1/openapi.json (server/src/http/openapi.ts),
 *   - tells the 404/405 handler which methods a path allows.
 *
 * A route module (server/src/routes/<resource>/routes.ts) is a function of a registrar:
 *
 *   export default defineRoutes((r) => {
 *     r.add({ method: 'post', path: '/v1/accounts/:a/tags', summary: 'Create a tag', permission: 'edit',
 *             body: tagCreateSchema, responses: { 201: { description: 'The tag', schema: tagSchema } } },
 *       async (c, { body }) => c.json(await createTag(c.var.deps, c.var.account.id, body.name), 201));
 *   });
 *
 * Handlers stay thin: read the validated input, call a service, answer.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import type { AppEnv } from './context';
import { ApiError, badRequest, payloadTooLarge, zodIssues } from './errors';
import { authorize, requireRole } from './auth';
import type { AccountPermission, Permission } from '../../../lib/permissions';
import { withIdempotency } from './idempotency';

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ResponseSpec { description: string; schema?: z.ZodType; contentType?: string }

export interface RouteSpec<B extends z.ZodType | undefined = z.ZodType | undefined, Q extends z.ZodType | undefined = z.ZodType | undefined> {
  method: Method;
  /** Hono path, e.g. '/v1/accounts/:a/segments/:id'. */
  path: string;
  summary: string;
  description?: string;
  /** OpenAPI tag (the resource); defaults to the path's resource segment. */
  tag?: string;
  /**
   * Who may call it (lib/permissions.ts): an account permission (`read`, `edit`, `send`, …) for a
   * route under `/v1/accounts/:a` — the caller must see the account (else 404) and their role must
   * allow it (else 403 `forbidden`, nothing changed) — or `public`, `signed_in`, `member`,
   * `admin_token` for the others. Enforced here, before the body is read; shown in the OpenAPI document.
   */
  permission: Permission;
  /**
   * A stricter permission that some bodies need, checked once the body is valid: a broadcast sent
   * now needs `send`, one created awaiting approval only `request_broadcast`.
   */
  bodyPermission?: { permission: AccountPermission; when: string; applies: (body: Out<B>) => boolean };
  /** The JSON body, validated before the handler runs. */
  body?: B;
  /**
   * A body the handler reads itself (NDJSON import streams it; a webhook checks its signature over
   * the raw bytes). Its own size limit; the handler must enforce it on the stream (see
   * `limitedBody`) since chunked bodies carry no Content-Length.
   */
  rawBody?: { contentType: string; maxBytes: number; description: string };
  /** What an empty body means (a POST whose fields are all optional); without it, an empty body is 400. */
  emptyBodyIs?: unknown;
  query?: Q;
  /** Request headers worth documenting (If-Match, Idempotency-Key, Accept-Language). */
  headers?: { name: string; required?: boolean; description: string }[];
  responses: Record<number, ResponseSpec>;
  /** JSON body limit in bytes; default 1 MiB. */
  maxBodyBytes?: number;
  /** A create that honours Idempotency-Key: a repeat gets the first answer (server/src/http/idempotency.ts). */
  idempotent?: boolean;
}

export interface Input<B, Q> {
  body: B;
  query: Q;
  params: Record<string, string>;
}

type Out<T> = T extends z.ZodType ? z.output<T> : undefined;
export type Handler<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> =
  (c: Context<AppEnv>, input: Input<Out<B>, Out<Q>>) => Response | Promise<Response>;

export interface Registrar {
  add<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
    spec: RouteSpec<B, Q>, handler: Handler<B, Q>): void;
}

export type RouteModule = (r: Registrar) => void;
export const defineRoutes = (m: RouteModule): RouteModule => m;

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

export interface RegisteredRoute { spec: RouteSpec; pattern: RegExp }

/** Hono path '/v1/a/:x/b' → RegExp matching concrete paths, for the 405 check. */
function patternOf(path: string): RegExp {
  const re = path.split('/').map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('/');
  return new RegExp(`^${re}/?$`);
}

export function createRegistrar(app: Hono<AppEnv>, routes: RegisteredRoute[], opts: { checkResponses?: boolean } = {}): Registrar {
  return {
    add(spec, handler) {
      if (!spec.permission) throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} declares no permission.`);
      const limit = spec.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
      const route: RegisteredRoute = { spec: spec as unknown as RouteSpec, pattern: patternOf(spec.path) };
      if (routes.some((r) => r.spec.method === spec.method && r.spec.path === spec.path)) {
        throw new Error(`Route ${spec.method.toUpperCase()} ${spec.path} is registered twice.`);
      }
      routes.push(route);
      const middlewares: MiddlewareHandler<AppEnv>[] = [];
      if (!spec.rawBody && spec.method !== 'get' && spec.method !== 'delete') middlewares.push(jsonBodyLimit(limit));
      const on = app.on.bind(app) as unknown as (m: string, p: string, ...h: (MiddlewareHandler<AppEnv> | ((c: Context<AppEnv>) => Promise<Response>))[]) => void;
      on(spec.method.toUpperCase(), spec.path, ...middlewares, async (c: Context<AppEnv>) => {
        await authorize(c, spec.permission);
        const input: Input<unknown, unknown> = { body: undefined, query: undefined, params: c.req.param() as Record<string, string> };
        if (spec.query) input.query = parseWith(spec.query, c.req.query(), 'The query parameters are not valid.');
        if (spec.body) input.body = parseWith(spec.body, await readJson(c, spec.emptyBodyIs), 'The request body is not valid.');
        if (spec.bodyPermission?.applies(input.body as never)) requireRole(c, spec.bodyPermission.permission);
        const res = spec.idempotent
          ? await withIdempotency(c, `${spec.method.toUpperCase()} ${spec.path}`, async () => handler(c, input as never))
          : await handler(c, input as never);
        if (opts.checkResponses) await checkResponse(spec, res);
        return res;
      });
    },
  };
}

/**
 * 413 past `maxBytes`. A body with a Content-Length is judged by its header alone — Node's HTTP
 * parser never delivers more bytes than it declares — and is left unread, so the JSON reader takes
 * @hono/node-server's direct path from the socket instead of a web ReadableStream over it (that
 * detour was the largest cost of a draft preview around its count). A chunked body has no length
 * to trust: it is read through Hono's limit as before.
 */
function jsonBodyLimit(maxBytes: number): MiddlewareHandler<AppEnv> {
  const streamed = bodyLimit({ maxSize: maxBytes, onError: () => { throw payloadTooLarge(maxBytes); } });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (Number(declared) > maxBytes) throw payloadTooLarge(maxBytes);
    await next();
  };
}

function parseWith(schema: z.ZodType, value: unknown, message: string): unknown {
  const r = schema.safeParse(value);
  if (!r.success) throw badRequest(message, zodIssues(r.error));
  return r.data;
}

/** The request's JSON body: 400 when it is missing or not JSON (never a 500). */
export async function readJson(c: Context<AppEnv>, emptyBodyIs?: unknown): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '' && emptyBodyIs !== undefined) return emptyBodyIs;
  if (text.trim() === '') throw new ApiError(400, 'invalid_json', 'Send a JSON body (Content-Type: application/json).');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'invalid_json', `The request body is not valid JSON: ${(e as Error).message}`);
  }
}

/**
 * The request body as a stream of bytes that errors with 413 past `maxBytes`. A declared
 * Content-Length over the limit is refused before anything is read.
 */
export function limitedBody(c: Context<AppEnv>, maxBytes: number): ReadableStream<Uint8Array> | null {
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) throw payloadTooLarge(maxBytes);
  const body = c.req.raw.body;
  if (!body) return null;
  let seen = 0;
  return body.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, ctl) {
      seen += chunk.byteLength;
      if (seen > maxBytes) ctl.error(payloadTooLarge(maxBytes));
      else ctl.enqueue(chunk);
    },
  }));
}

/** In tests: every answer must be declared in the route's spec and match its schema. */
async function checkResponse(spec: RouteSpec, res: Response): Promise<void> {
  const declared = spec.responses[res.status];
  if (!declared) throw new Error(`${spec.method.toUpperCase()} ${spec.path} answered ${res.status}, which its spec does not declare.`);
  if (!declared.schema) return;
  const body = await res.clone().json();
  const r = declared.schema.safeParse(body);
  if (!r.success) {
    throw new Error(`${spec.method.toUpperCase()} ${spec.path} answered ${res.status} with a body its schema rejects: ${JSON.stringify(zodIssues(r.error))}`);
  }
}

/** The methods a concrete path allows, for 405's Allow header; empty when no route matches. */
export function allowedMethods(routes: RegisteredRoute[], path: string): string[] {
  return [...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.spec.method.toUpperCase()))];
}
