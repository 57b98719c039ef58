/**
 * How long a request may take to arrive. Node's own `requestTimeout` (300 s by default) applies to
 * every request of a server alike, and would cut a large streamed friend import off mid-way on a
 * slow link. So the server is created with `requestTimeout: 0` and this takes its place: every
 * request must arrive whole within `receiveMs` (408, connection closed — as Node would answer),
 * except the routes `exempt` names (the friend import, which has its own idle timeout instead:
 * server/src/services/friend-import.ts). Headers still have Node's `headersTimeout` (60 s).
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ServerType } from '@hono/node-server';

/** The routes whose bodies may take as long as they need (as long as they keep arriving). */
export const isStreamedImport = (req: IncomingMessage) =>
  req.method === 'POST' && /^\/v1\/accounts\/[^/]+\/friends\/import\/?(\?|$)/.test(req.url ?? '');

export function limitReceiveTime(server: ServerType, opts: { receiveMs: number; exempt?: (req: IncomingMessage) => boolean }): void {
  (server as Server).on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (req.complete || opts.exempt?.(req)) return;
    const timer = setTimeout(() => {
      if (req.complete || res.writableEnded) return;
      if (!res.headersSent) {
        const body = JSON.stringify({ error: { code: 'request_timeout', message: `The request did not arrive whole within ${opts.receiveMs / 1000} s; send it again.` } });
        res.writeHead(408, { 'content-type': 'application/json', connection: 'close', 'content-length': Buffer.byteLength(body) });
        res.end(body, () => req.socket.destroy());
      } else {
        req.socket.destroy();
      }
    }, opts.receiveMs);
    timer.unref();
    const done = () => clearTimeout(timer);
    req.once('end', done);
    res.once('close', done);
    req.once('close', () => { if (req.complete) done(); });
  });
}
