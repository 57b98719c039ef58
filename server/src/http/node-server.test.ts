/**
 * The API as the extension reaches it: over a real HTTP server (@hono/node-server, as main.ts
 * serves it), whose requests and responses take other paths than `app.request` in the other
 * suites — bodies read straight from the socket, light responses written without a web stream.
 * Body limits, CORS and the request id must hold on every one of those paths.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { serveOverHttp, useTestApp } from '../../test/app';

const EXTENSION = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const shopifyBuyers = { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 1 }] }] };

forEachStore('the API over HTTP', (ctx) => {
  const t = useTestApp(ctx);
  const http = serveOverHttp(t);

  async function shop() {
    const a = await t.account();
    const lines = [
      { lineUserId: `U${'1'.padStart(32, '0')}`, displayName: 'Aoi', addedAt: '2026-11-01T00:00:00Z', shopify: { customerId: 'c1', purchaseCount: 2 } },
      { lineUserId: `U${'2'.padStart(32, '0')}`, displayName: 'Ben', addedAt: '2026-10-01T00:00:00Z' },
    ];
    await t.request('POST', `${a.base}/friends/import`, { token: a.token, body: lines.map((l) => JSON.stringify(l)).join('\n') });
    return a;
  }
  /**
   * A POST on a connection of its own (the server closes one that a 413 left with unread bytes).
   * A string body declares its Content-Length; `chunks` send it in pieces, with no length.
   */
  const post = (path: string, token: string, body: string, headers: Record<string, string> = {}, chunks = false) =>
    new Promise<{ status: number; headers: Headers; json(): Promise<any> }>((resolve, reject) => {
      const req = request(http.origin + path, {
        method: 'POST', agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers, ...(chunks ? {} : { 'content-length': Buffer.byteLength(body) }) },
      }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => {
          const text = Buffer.concat(parts).toString();
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h.set(k, Array.isArray(v) ? v.join(', ') : v);
          resolve({ status: res.statusCode ?? 0, headers: h, json: async () => JSON.parse(text) });
        });
      });
      req.on('error', reject);
      if (chunks) for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
      req.end(chunks ? undefined : body);
    });

  it('answers a draft preview with its count, sample and summary, a request id and, for the extension, CORS headers', async () => {
    const { base, token } = await shop();
    const res = await post(`${base}/preview`, token, JSON.stringify({ definition: shopifyBuyers }), { origin: EXTENSION });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ready', version: 0, count: 1, summary: 'Number of purchases is at least 1',
      sample: [{ lineUserId: `U${'1'.padStart(32, '0')}`, displayName: 'Aoi', pictureUrl: null, addedAt: '2026-11-01T00:00:00.000Z' }],
    });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]{8}$/);
    expect(res.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(res.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(res.headers.get('vary')).toBe('Origin');

    const stranger = await post(`${base}/preview`, token, JSON.stringify({ definition: shopifyBuyers }), { origin: 'https://evil.example' });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    expect(stranger.headers.get('x-request-id')).not.toBe(res.headers.get('x-request-id'));
  });

  it('answers a preflight from the extension', async () => {
    const { base } = await t.account();
    const res = await fetch(`${http.origin}${base}/preview`, {
      method: 'OPTIONS', headers: { origin: EXTENSION, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(EXTENSION);
    expect(res.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type,If-Match,Idempotency-Key,Accept-Language');
    expect(res.headers.get('access-control-max-age')).toBe('600');
  });

  it('keeps the request id and CORS headers on errors and on a replayed create', async () => {
    const { base, token } = await t.account();
    const notFound = await fetch(`${http.origin}${base}/nothing-here`, { headers: { authorization: `Bearer ${token}`, origin: EXTENSION } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-request-id')).toMatch(/^[\w-]{8}$/);
    expect(notFound.headers.get('access-control-allow-origin')).toBe(EXTENSION);

    const invalid = await post(`${base}/preview`, token, JSON.stringify({ definition: { groups: [] } }), { origin: EXTENSION });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).error.issues[0].path).toBe('definition.groups');
    expect(invalid.headers.get('access-control-allow-origin')).toBe(EXTENSION);

    const create = () => post(`${base}/folders`, token, JSON.stringify({ name: 'Campaigns' }), { origin: EXTENSION, 'idempotency-key': 'http-replay-0001' });
    const first = await create();
    const again = await create();
    expect(again.status).toBe(first.status);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get('x-request-id')).toMatch(/^[\w-]{8}$/);
    expect(again.headers.get('access-control-allow-origin')).toBe(EXTENSION);
  });

  it('limits bodies whether they declare their length or come in chunks', async () => {
    const { base, token } = await shop();
    const huge = JSON.stringify({ name: 'x'.repeat(2_000_000) });
    const declared = await post(`${base}/folders`, token, huge);
    expect(declared.status).toBe(413);
    expect((await declared.json()).error.code).toBe('payload_too_large');
    const streamed = await post(`${base}/folders`, token, huge, {}, true);
    expect(streamed.status).toBe(413);
    expect((await streamed.json()).error.code).toBe('payload_too_large');

    const small = await post(`${base}/preview`, token, JSON.stringify({ definition: shopifyBuyers }), {}, true);
    expect(small.status).toBe(200);
    expect((await small.json()).count).toBe(1);
    const malformed = await post(`${base}/preview`, token, '{"definition": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('invalid_json');
    const empty = await post(`${base}/preview`, token, '');
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.code).toBe('invalid_json');
  });
});
