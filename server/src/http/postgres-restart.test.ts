/**
 * PostgreSQL restarted under load (`pg_ctl restart -m fast`, what an upgrade or a failover does):
 * on a PRIVATE cluster — never the shared one — with HTTP traffic running against the API the
 * whole time. Every answer is a 200 or a 503 with Retry-After (never a 500, never a crash), and
 * once PostgreSQL is back the server answers 200 again without being restarted itself.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/db';
import { createMemoryLogger } from './logger';
import type { StoreContext } from '../../test/stores';
import { serveOverHttp, useTestApp } from '../../test/app';
import { hasPostgresBinaries, startPostgresCluster, type Cluster } from '../../test/postgres-cluster';

const buyers = { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 1 }] }] };
const friendLines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({
  lineUserId: `U${String(i + 1).padStart(32, '0')}`, displayName: `Friend ${i + 1}`,
  ...(i % 2 ? { shopify: { customerId: `c${i}`, purchaseCount: i } } : {}),
})).join('\n');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasPostgresBinaries())('the API while PostgreSQL restarts under load', () => {
  let cluster: Cluster;
  const ctx = { dialect: 'postgres' } as StoreContext;
  const storeLog = createMemoryLogger();
  beforeAll(async () => {
    cluster = (await startPostgresCluster())!;
    ctx.url = cluster.url;
    ctx.store = await openStore(cluster.url, { logger: storeLog });
  }, 120_000);
  afterAll(async () => {
    await ctx.store?.close();
    cluster?.stop();
  });
  const t = useTestApp(ctx);
  const http = serveOverHttp(t);

  const startedAt = async () => {
    const c = new pg.Client({ connectionString: cluster.url });
    c.on('error', () => {});
    await c.connect();
    try { return String((await c.query('SELECT pg_postmaster_start_time()::text AS t')).rows[0].t); } finally { await c.end(); }
  };

  it('answers every request 200 or 503 with Retry-After during the restart, and 200 again after it', async () => {
    const a = await t.account();
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(http.origin + path, {
        method, headers: { authorization: `Bearer ${a.token}`, 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let json: any = null;
      try { json = JSON.parse(text); } catch { /* reported below through the status */ }
      return { status: res.status, retryAfter: res.headers.get('retry-after'), body: json, etag: res.headers.get('etag') };
    };
    expect((await call('POST', `${a.base}/friends/import`, friendLines(40))).status).toBe(200);
    const segments = await Promise.all([0, 1, 2].map(async (i) => (await call('POST', `${a.base}/segments`, { name: `Buyers ${i}`, definition: buyers })).body));
    const before = await startedAt();

    const answers: { route: string; status: number; retryAfter: string | null; code?: string; phase: string }[] = [];
    let phase = 'before';
    let stop = false;
    const worker = async (w: number) => {
      const seg = segments[w % segments.length];
      for (let i = 0; !stop; i++) {
        const op = i % 4;
        const note = (route: string, r: Awaited<ReturnType<typeof call>>) =>
          answers.push({ route, status: r.status, retryAfter: r.retryAfter, code: r.body?.error?.code, phase });
        if (op === 0) note('list', await call('GET', `${a.base}/segments`));
        else if (op === 1) {
          const r = await call('POST', `${a.base}/preview`, { definition: buyers });
          note('preview', r);
          if (r.status === 200) expect(r.body.count).toBe(20);
        } else if (op === 2) note('friends', await call('GET', `${a.base}/friends?limit=5`));
        else {
          const current = await call('GET', `${a.base}/segments/${seg.id}`);
          note('get', current);
          if (current.status !== 200) { await sleep(20); continue; }
          note('patch', await call('PATCH', `${a.base}/segments/${seg.id}`, { name: `Buyers ${w}.${i}` }, { 'if-match': current.etag!.replace(/"/g, '') }));
        }
        await sleep(5);
      }
    };
    const traffic = Promise.all([0, 1, 2].map(worker));
    await sleep(1000);
    phase = 'restarting';
    const restartMs = Date.now();
    await cluster.restart();
    const tookMs = Date.now() - restartMs;
    phase = 'after';
    // Back to 200 without restarting the server: the pool drops dead clients and connects anew.
    const deadline = Date.now() + 15_000;
    let back = false;
    while (!back && Date.now() < deadline) {
      back = answers.filter((x) => x.phase === 'after' && x.status === 200).length >= 8;
      await sleep(100);
    }
    stop = true;
    await traffic;

    expect(await startedAt()).not.toBe(before); // it did restart
    const odd = answers.filter((x) => ![200, 503].includes(x.status) || (x.status === 503 && (x.retryAfter === null || x.code !== 'store_unavailable')));
    expect(odd).toEqual([]);
    expect(answers.filter((x) => x.phase === 'before' && x.status === 200).length).toBeGreaterThan(0);
    expect(back).toBe(true);
    for (const route of ['list', 'preview', 'friends', 'get']) {
      expect((await call(route === 'preview' ? 'POST' : 'GET', route === 'list' ? `${a.base}/segments` : route === 'preview' ? `${a.base}/preview` : route === 'friends' ? `${a.base}/friends` : `${a.base}/segments/${segments[0].id}`,
        route === 'preview' ? { definition: buyers } : undefined)).status).toBe(200);
    }
    expect(t.logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    expect(storeLog.entries.filter((e) => e.level === 'error')).toEqual([]);
    // For the report: how the restart looked from the outside.
    const count = (s: number) => answers.filter((x) => x.status === s).length;
    console.info(`postgres restart: ${tookMs} ms; ${answers.length} answers: ${count(200)}× 200, ${count(503)}× 503`);
  }, 120_000);
});
