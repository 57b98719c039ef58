/**
 * The small HTTP server under the four vendor fakes (LINE, Shopify, HubSpot, Klaviyo): real HTTP on
 * 127.0.0.1, port 0, recording every request, with scripted faults (a status with headers and a
 * body, or a dropped connection) so tests can play throttling, outages and crashes.
 *
 * Shared by the fakes in server/test/fakes/{line,shopify,hubspot,klaviyo}; it lives here because
 * every fake folder is owned by the integrations engineer and LINE's is the one others extend.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  at: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON unless it is a Buffer or a string. */
  body?: unknown;
}

export interface Fault {
  /** Which requests the fault hits; all when absent. */
  match?: (req: RecordedRequest) => boolean;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** Drop the connection without answering (a network failure). */
  drop?: boolean;
  reply?: Reply;
}

export interface FakeHttp {
  url: string;
  requests: RecordedRequest[];
  /** Queue a fault; the earliest matching fault wins. */
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export async function startFakeHttp(handler: Handler, opts: { contentType?: string } = {}): Promise<FakeHttp> {
  const requests: RecordedRequest[] = [];
  const faults: Array<Fault & { left: number }> = [];
  const contentType = opts.contentType ?? 'application/json';

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks);
        const url = new URL(req.url ?? '/', 'http://fake.local');
        let body: unknown;
        if (rawBody.length && /json/.test(String(req.headers['content-type'] ?? ''))) {
          try { body = JSON.parse(rawBody.toString('utf8')); } catch { body = undefined; }
        }
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET', path: url.pathname, query: url.searchParams,
          headers: req.headers, rawBody, body, at: Date.now(),
        };
        requests.push(recorded);
        const fault = faults.find((f) => f.left > 0 && (!f.match || f.match(recorded)));
        let reply: Reply;
        if (fault) {
          fault.left -= 1;
          if (fault.drop) { req.socket.destroy(); return; }
          reply = fault.reply ?? { status: 500, body: { message: 'Injected fault' } };
        } else {
          try {
            reply = await handler(recorded);
          } catch (e) {
            reply = { status: 500, body: { message: `Fake server bug: ${e instanceof Error ? e.message : String(e)}` } };
          }
        }
        const headers: Record<string, string> = { ...reply.headers };
        let payload: Buffer | string = '';
        if (reply.body !== undefined) {
          if (Buffer.isBuffer(reply.body) || typeof reply.body === 'string') payload = reply.body;
          else {
            payload = JSON.stringify(reply.body);
            headers['content-type'] ??= contentType;
          }
        }
        res.writeHead(reply.status, headers);
        res.end(payload);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    injectFault: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

/** Opaque, stable page tokens: offsets encoded so clients cannot rely on their shape. */
export const encodeCursor = (offset: number, salt = 'c'): string => Buffer.from(`${salt}:${offset}`).toString('base64url');
export function decodeCursor(token: string | null | undefined, salt = 'c'): number | null {
  if (!token) return 0;
  const m = /^([^:]+):(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m && m[1] === salt ? Number(m[2]) : null;
}
