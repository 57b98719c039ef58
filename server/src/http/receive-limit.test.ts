/**
 * Long requests over a real HTTP server, set up as main.ts sets it up: Node's requestTimeout off,
 * our own receive limit for every route but the streamed friend import, whose client is dropped
 * only when it stops sending (LUMO_IMPORT_IDLE_SECONDS). Small limits so the tests are quick.
 */
import { request, type ClientRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { useTestApp } from '../../test/app';
import { isStreamedImport, limitReceiveTime } from './receive-limit';

const RECEIVE_MS = 600;
const IDLE_SECONDS = 0.4;
const uid = (n: number) => `U${String(n).padStart(32, '0')}`;
const line = (n: number) => JSON.stringify({ lineUserId: uid(n), displayName: `Friend ${n}` }) + '\n';

forEachStore('long requests over HTTP', (ctx) => {
  const t = useTestApp(ctx, { config: { importIdleSeconds: IDLE_SECONDS } });
  let server: ServerType;
  let origin = '';
  beforeAll(async () => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: { requestTimeout: 0 } });
    limitReceiveTime(server, { receiveMs: RECEIVE_MS, exempt: isStreamedImport });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => { (server as { closeAllConnections?: () => void }).closeAllConnections?.(); server.close(() => resolve()); }));

  /** A chunked POST whose body the test writes piece by piece; `answer` settles when the response has arrived. */
  function open(path: string, token: string, contentType: string) {
    let req!: ClientRequest;
    const answer = new Promise<{ status: number; body: any; ms: number }>((resolve, reject) => {
      const started = Date.now();
      req = request(origin + path, { method: 'POST', agent: false, headers: { authorization: `Bearer ${token}`, 'content-type': contentType } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString();
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null, ms: Date.now() - started });
        });
        res.on('error', reject);
      });
      req.on('error', () => {}); // the server closes a connection it gave up on
      req.flushHeaders();
    });
    return { req, answer };
  }

  it('drops an import whose client stops sending with 408 saying how far it got, and keeps what arrived', async () => {
    const { base, token } = await t.account();
    const { req, answer } = open(`${base}/friends/import`, token, 'application/x-ndjson');
    req.write(line(1) + line(2) + '{"lineUserId":"bad"}\n');
    await sleep(100);
    req.write(line(3) + '{"lineUserId":"' + uid(4).slice(0, 10)); // a line cut off mid-way, then silence
    const r = await answer;
    req.destroy();
    expect(r.status).toBe(408);
    expect(r.body.error).toMatchObject({ code: 'import_idle_timeout', linesRead: 4, friendsWritten: 3, imported: 3, updated: 0, rejectedCount: 1 });
    expect(r.body.error.message).toMatch(/nothing arrived for 0\.4 s\. 4 lines were read and 3 friends written/);
    expect(r.ms).toBeGreaterThanOrEqual(IDLE_SECONDS * 1000 + 100 - 50);
    expect(r.ms).toBeLessThan(5000);

    const friends = await t.json('GET', `${base}/friends?limit=10`, { token });
    expect(friends.body.items.map((f: { lineUserId: string }) => f.lineUserId).sort()).toEqual([uid(1), uid(2), uid(3)]);
  });

  it('lets an import that keeps sending slowly run past the receive limit, and says how many lines it read', async () => {
    const { base, token } = await t.account();
    const { req, answer } = open(`${base}/friends/import`, token, 'application/x-ndjson');
    const started = Date.now();
    for (let n = 1; n <= 8; n++) {
      req.write(line(n));
      await sleep(150); // each gap well under the idle timeout; the whole far over the receive limit
    }
    req.end('\n');
    const r = await answer;
    expect(Date.now() - started).toBeGreaterThan(RECEIVE_MS * 2);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ imported: 8, updated: 0, rejected: [], rejectedCount: 0, linesRead: 9 });
  });

  it('still gives every other route the receive limit: a body that trickles in past it is answered 408', async () => {
    const { base, token } = await t.account();
    const { req, answer } = open(`${base}/preview`, token, 'application/json');
    req.write('{"definition":');
    const r = await answer; // never finished by the client
    req.destroy();
    expect(r.status).toBe(408);
    expect(r.body.error.code).toBe('request_timeout');
    expect(r.ms).toBeGreaterThanOrEqual(RECEIVE_MS - 50);

    // The server is fine afterwards.
    const ok = await fetch(`${origin}${base}/friends`, { headers: { authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
  });
});
