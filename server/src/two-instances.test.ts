/**
 * Two sync API instances on one PostgreSQL database behind a round-robin client, as behind a
 * load balancer: each with its own store (connection pool), job runner, columnar index and change
 * log, as main.ts builds them. Counts agree whichever answers, If-Match holds across them, and
 * every job — a segment's calculation, a broadcast, a tag operation — runs once, on one of them.
 *
 * Both live in this process (the process-wide friends change feed reaches both); what only the
 * store can carry between them — versions, jobs, idempotency keys, the change log — is exercised.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from './app';
import { systemClock, type AppDeps } from './http/context';
import { createMemoryLogger } from './http/logger';
import { createJobs } from './jobs/runner';
import { createSqlEngine } from './segments/engine';
import { createIndexedEngine } from './segments/index/engine';
import { createChangeLog } from './segments/index/change-log';
import { refreshSegmentsOnFriendChanges } from './services/segment-calculation';
import { openStore, type Store } from './store/db';
import { sorted, TEXT, useFakeLine } from './broadcasts/testing/fixtures';
import { startFakeLineBroadcast, type FakeLineBroadcast } from '../test/fakes/line/broadcast-fake';
import { forPostgres } from '../test/stores';
import { TEST_ADMIN_TOKEN, testConfig } from '../test/app';

function instance(store: Store, name: string) {
  const logger = createMemoryLogger();
  const jobs = createJobs({ store, clock: systemClock, logger, workerId: name, pollMs: 30 });
  const engine = createIndexedEngine(store, createSqlEngine(store), { logger, changeLog: createChangeLog(store) });
  const deps: AppDeps = { store, config: testConfig(), engine, clock: systemClock, logger, jobs };
  const { app } = createApp(deps, { checkResponses: true });
  const stopRefresh = refreshSegmentsOnFriendChanges(deps);
  jobs.start(deps);
  return { name, deps, app, logger, async stop() { stopRefresh(); await jobs.stop(); engine.close(); } };
}

const buyers = { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 1 }] }] };
const uid = (n: number) => `U${n.toString(16).padStart(32, '0')}`;
const ndjson = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => {
  const i = from + k;
  return JSON.stringify({ lineUserId: uid(i), displayName: `Friend ${i}`, addedAt: '2026-11-01T00:00:00Z', ...(i % 2 ? { shopify: { customerId: `c${i}`, purchaseCount: 1 + (i % 5) } } : {}) });
}).join('\n');

forPostgres('two sync API instances on one PostgreSQL', (ctx) => {
  let second: Store;
  let a: ReturnType<typeof instance>;
  let b: ReturnType<typeof instance>;
  let fake: FakeLineBroadcast;
  beforeAll(async () => {
    second = await openStore(ctx.url, { migrate: false });
    a = instance(ctx.store, 'instance-a');
    b = instance(second, 'instance-b');
    fake = await startFakeLineBroadcast();
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fake?.close();
    await second?.close();
  });

  /** Round robin: each request goes to the next instance; answers say which one served. */
  let turn = 0;
  const rr = async (method: string, path: string, opts: { token?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}) => {
    const inst = [a, b][turn++ % 2];
    const headers: Record<string, string> = { authorization: `Bearer ${opts.token ?? TEST_ADMIN_TOKEN}`, ...opts.headers };
    let body = opts.body;
    if (opts.json !== undefined) { body = JSON.stringify(opts.json); headers['content-type'] = 'application/json'; }
    const res = await inst.app.request(path, { method, headers, body });
    const text = await res.text();
    return { by: inst.name, status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const until = async <T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const v = await read();
      if (done(v)) return v;
      if (Date.now() > deadline) throw new Error(`${what} did not happen in 20 s: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('agree on counts and versions, and run each job once', async () => {
    const accountId = `@two_${randomUUID().slice(0, 8)}`;
    expect((await rr('POST', '/v1/accounts', { json: { id: accountId, name: 'Two instances' } })).status).toBe(201);
    const base = `/v1/accounts/${accountId}`;
    useFakeLine(a.deps, accountId, fake);
    useFakeLine(b.deps, accountId, fake);

    const imported = await rr('POST', `${base}/friends/import`, { body: ndjson(1, 41), headers: { 'content-type': 'application/x-ndjson' } });
    expect(imported.body).toMatchObject({ imported: 40 });
    // Counts: the same from both, several times over (each instance builds its own index).
    const counts = await Promise.all(Array.from({ length: 6 }, () => rr('POST', `${base}/preview`, { json: { definition: buyers } })));
    expect(new Set(counts.map((c) => c.by))).toEqual(new Set(['instance-a', 'instance-b']));
    expect(counts.map((c) => c.body.count)).toEqual(Array(6).fill(20));

    // Saves with If-Match: a version taken on one instance is stale on the other too.
    const created = await rr('POST', `${base}/segments`, { json: { name: 'Buyers', definition: buyers } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const first = await rr('PATCH', `${base}/segments/${id}`, { json: { name: 'Buyers (renamed)' }, headers: { 'if-match': '1' } });
    const stale = await rr('PATCH', `${base}/segments/${id}`, { json: { name: 'Lost update' }, headers: { 'if-match': '1' } });
    expect([first.by, stale.by].sort()).toEqual(['instance-a', 'instance-b']);
    expect(first.status).toBe(200);
    expect(stale.status).toBe(412);
    for (let i = 0; i < 2; i++) expect((await rr('GET', `${base}/segments/${id}`)).body).toMatchObject({ name: 'Buyers (renamed)', version: 2 });

    // The calculation job: ready with the right count, whichever instance is asked.
    const ready = await until(() => rr('GET', `${base}/segments/${id}/preview`), (r) => r.body.status === 'ready', 'the calculation');
    expect(ready.body.count).toBe(20);
    expect((await rr('GET', `${base}/segments/${id}/preview`)).body).toMatchObject({ status: 'ready', count: 20 });

    // A broadcast: the same Idempotency-Key on the other instance is the same broadcast; each member gets it once.
    const key = randomUUID();
    const sent = await rr('POST', `${base}/broadcasts`, { json: { segmentId: id, messages: TEXT }, headers: { 'idempotency-key': key } });
    const again = await rr('POST', `${base}/broadcasts`, { json: { segmentId: id, messages: TEXT }, headers: { 'idempotency-key': key } });
    expect(sent.status).toBe(201);
    expect(again.body.id).toBe(sent.body.id);
    await until(() => rr('GET', `${base}/broadcasts/${sent.body.id}`), (r) => r.body.status === 'sent', 'the broadcast');
    const members = Array.from({ length: 40 }, (_, k) => k + 1).filter((i) => i % 2).map(uid);
    expect(sorted(fake.state.deliveries())).toEqual(sorted(members));

    // A tag operation: every member tagged, once.
    const tag = await rr('POST', `${base}/tags`, { json: { name: 'Buyers' } });
    expect(tag.status).toBe(201);
    const op = await rr('POST', `${base}/segments/${id}/tags`, { json: { tagId: tag.body.id, action: 'add' }, headers: { 'idempotency-key': randomUUID() } });
    expect(op.status).toBe(202);
    const opDone = await until(() => rr('GET', `${base}/tag-operations/${op.body.id}`), (r) => r.body.status !== 'running', 'the tag operation');
    expect(opDone.body).toMatchObject({ status: 'done', total: 20, changed: 20 });

    // Each job ran once: done on its first attempt, by one of the two.
    const jobs = await ctx.store.db.selectFrom('jobs').select(['kind', 'status', 'attempts', 'locked_by']).where('account_id', '=', accountId).execute();
    const ran = jobs.filter((j) => j.status !== 'queued'); // later ones (results reads, delayed refreshes) wait their time
    expect(ran.filter((j) => j.status !== 'done' || j.attempts !== 1)).toEqual([]);
    for (const kind of ['segment.calculate', 'broadcast.send', 'tags.bulk']) expect(ran.filter((j) => j.kind === kind)).toHaveLength(1);

    // Friends imported through one instance count on the other at once (its index is kept fresh through the change log).
    await rr('POST', `${base}/friends/import`, { body: ndjson(41, 61), headers: { 'content-type': 'application/x-ndjson' } });
    const after = await Promise.all([rr('POST', `${base}/preview`, { json: { definition: buyers } }), rr('POST', `${base}/preview`, { json: { definition: buyers } })]);
    expect(after.map((r) => r.body.count)).toEqual([30, 30]);
    expect([...a.logger.entries, ...b.logger.entries].filter((e) => e.level === 'error')).toEqual([]);
  }, 60_000);
});
