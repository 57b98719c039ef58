/**
 * A tiny sync API on node:http (port 0) for the background's tests: routes are plain functions,
 * every request is recorded, and the server can be taken down and brought back on the same port
 * to play "the sync API is unreachable".
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
}
export interface FakeResponse { status?: number; body?: unknown; headers?: Record<string, string> }
export type Route = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

export const TOKEN = 'test-token';

export class FakeApi {
  readonly requests: FakeRequest[] = [];
  /** Bearer tokens it accepts (a test adds a session's token once it hands one out). */
  readonly tokens = new Set([TOKEN]);
  /** Routes answered without a token: signing in and accepting an invite. */
  private readonly publicRoutes = new Set(['POST /v1/sessions', 'POST /v1/invites/accept']);
  private routes = new Map<string, Route>();
  private server: Server | null = null;
  port = 0;

  constructor(private readonly cors = false) {}

  get url() { return `http://127.0.0.1:${this.port}`; }

  /** `route('GET /v1/accounts', …)`; a later route for the same key replaces the earlier one. */
  route(key: string, handler: Route | FakeResponse): this {
    this.routes.set(key, typeof handler === 'function' ? handler : () => handler);
    return this;
  }

  calls(key: string) {
    const [method, path] = key.split(' ');
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  async start(port = this.port): Promise<this> {
    this.server = createServer(async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const request: FakeRequest = {
        method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams,
        headers: req.headers, body: text ? JSON.parse(text) : undefined,
      };
      if (this.cors) {
        // happy-dom's fetch applies CORS as a web page would; the extension's worker, holding
        // the host permission, does not. Tests in happy-dom get the headers a page would need.
        res.setHeader('access-control-allow-origin', '*');
        res.setHeader('access-control-allow-headers', 'authorization, content-type, if-match, idempotency-key, accept');
        res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
        if (req.method === 'OPTIONS') { res.writeHead(204); res.end(); return; }
      }
      this.requests.push(request);
      let out: FakeResponse;
      const bearer = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (!this.publicRoutes.has(`${request.method} ${request.path}`) && !this.tokens.has(bearer)) {
        out = { status: 401, body: { error: { code: 'unauthorized', message: 'Bad token.' } } };
      } else {
        const handler = this.match(request);
        out = handler ? await handler(request) : { status: 404, body: { error: { code: 'not_found', message: 'No such route.' } } };
      }
      res.writeHead(out.status ?? 200, { 'content-type': 'application/json', ...out.headers });
      res.end(out.body === undefined ? '' : JSON.stringify(out.body));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as AddressInfo).port;
    return this;
  }

  /** Stops answering; connections are refused until `start()` again (same port). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private match(req: FakeRequest): Route | undefined {
    for (const [key, handler] of this.routes) {
      const [method, pattern] = key.split(' ');
      if (method !== req.method) continue;
      const re = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
      if (re.test(req.path)) return handler;
    }
    return undefined;
  }
}

// ---- builders ------------------------------------------------------------------------------------

export const ACCOUNT = '@shop';
export const definition = {
  groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 5 }] }],
};
export function segment(over: Record<string, unknown> = {}) {
  return {
    id: 'seg-1', name: 'Repeat buyers', folderId: null, definition, version: 1,
    createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...over,
  };
}
export function preview(over: Record<string, unknown> = {}) {
  return {
    status: 'ready', version: 1, count: 42, sample: [], summary: 'Shopify purchases ≥ 5',
    asOf: '2026-11-28T00:00:00.000Z', computedAt: '2026-11-28T00:00:00.000Z', durationMs: 3, ...over,
  };
}
export const accountBody = { id: ACCOUNT, name: 'Lumo Shop', timezone: 'Asia/Tokyo' };
export function broadcast(over: Record<string, unknown> = {}) {
  return {
    id: 'b1', segmentId: 'seg-1', segmentName: 'Repeat buyers', status: 'queued', method: null,
    messages: [{ type: 'text', text: 'Hi' }], notificationDisabled: false, dryRun: false, scheduledAt: null,
    createdAt: '2026-11-28T00:00:00.000Z', createdBy: 'admin', startedAt: null, finishedAt: null, cancelledAt: null,
    recipients: null, sent: 0, failed: 0, progress: 0, error: null, lastProblem: null, ...over,
  };
}
