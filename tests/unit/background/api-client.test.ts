// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '../../../lib/api';
import { ACCOUNT, FakeApi, TOKEN, accountBody, broadcast, definition, segment } from './fake-api';

let api: FakeApi;
const client = (over: { token?: string; retries?: number } = {}) => createApiClient({
  config: () => ({ baseUrl: api.url, token: over.token ?? TOKEN }),
  retries: over.retries ?? 2,
  retryDelay: () => 5,
  timeoutMs: 2000,
});
const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: ApiError) => e);

beforeEach(async () => { api = await new FakeApi().start(); });
afterEach(() => api.stop());

describe('the sync API client', () => {
  it('parses answers with the contract and sends the bearer token', async () => {
    api.route('GET /v1/accounts', { body: { items: [accountBody] } });
    await expect(client().accounts()).resolves.toEqual([accountBody]);
    expect(api.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('tells unreachable from the rest', async () => {
    await api.stop();
    const e = await failure(client().health());
    expect(e).toBeInstanceOf(ApiError);
    expect(e.kind).toBe('unreachable');
    expect(e.isTransient).toBe(true);
  });

  it('tells a bad token (401) apart', async () => {
    const e = await failure(client({ token: 'wrong' }).accounts());
    expect(e.kind).toBe('unauthorized');
    expect(e.status).toBe(401);
  });

  it('tells not found (404) apart', async () => {
    const e = await failure(client().segment(ACCOUNT, 'nope'));
    expect(e.kind).toBe('not_found');
  });

  it('sends If-Match and reports a stale version (412) as a conflict', async () => {
    api.route('PATCH /v1/accounts/@shop/segments/:id', { status: 412, body: { error: { code: 'version_conflict', message: 'The segment changed since version 1.' } } });
    const e = await failure(client().updateSegment(ACCOUNT, 'seg-1', 1, { name: 'New' }));
    expect(e.kind).toBe('conflict');
    expect(e.isRefusal).toBe(true);
    expect(api.requests[0].headers['if-match']).toBe('1');
  });

  it('reports a 4xx with issues as invalid, keeping the server issues', async () => {
    const issues = [{ path: 'name', message: 'Enter a name.' }];
    api.route('POST /v1/accounts/@shop/segments', { status: 400, body: { error: { code: 'invalid', message: 'The segment is not valid.', issues } } });
    const e = await failure(client().createSegment(ACCOUNT, { name: '', folderId: null, definition }));
    expect(e.kind).toBe('invalid');
    expect(e.issues).toEqual(issues);
    expect(e.message).toBe('The segment is not valid.');
    expect(api.calls('POST /v1/accounts/@shop/segments')).toHaveLength(1); // a refusal is never retried
  });

  it('retries 5xx with backoff and answers when the API recovers', async () => {
    let n = 0;
    api.route('GET /v1/accounts/@shop/segments', () => (++n < 3 ? { status: 503, body: { error: { code: 'busy', message: 'busy' } } } : { body: { items: [segment()] } }));
    const segments = await client({ retries: 2 }).segments(ACCOUNT);
    expect(segments.map((s) => s.id)).toEqual(['seg-1']);
    expect(n).toBe(3);
  });

  it('gives up after its retries with a server error', async () => {
    api.route('GET /v1/health', { status: 500, body: { error: { code: 'boom', message: 'boom' } } });
    const e = await failure(client({ retries: 1 }).health());
    expect(e.kind).toBe('server');
    expect(api.calls('GET /v1/health')).toHaveLength(2);
  });

  it('retries a network error and answers once the API is back', async () => {
    const port = api.port;
    await api.stop();
    const slow = createApiClient({ config: () => ({ baseUrl: `http://127.0.0.1:${port}`, token: TOKEN }), retries: 3, retryDelay: () => 150 });
    const pending = slow.health();
    await new Promise((r) => setTimeout(r, 50)); // the first attempt has failed by now
    api.route('GET /v1/health', { body: { ok: true, version: '1.0.0', store: 'sqlite' } });
    await api.start(port);
    await expect(pending).resolves.toEqual({ ok: true, version: '1.0.0', store: 'sqlite' });
  });

  it('refuses an answer that breaks the contract', async () => {
    api.route('GET /v1/health', { body: { ok: 'yes' } });
    const e = await failure(client().health());
    expect(e.kind).toBe('bad_response');
  });

  it('says not configured when there is no URL or token', async () => {
    const e = await failure(createApiClient({ config: () => null }).health());
    expect(e.kind).toBe('not_configured');
  });

  it('sends the Idempotency-Key of a broadcast', async () => {
    api.route('POST /v1/accounts/@shop/broadcasts', { status: 201, body: broadcast() });
    await client().createBroadcast(ACCOUNT, { segmentId: 'seg-1', messages: [{ type: 'text', text: 'Hi' }] }, 'key-12345678');
    expect(api.requests[0].headers['idempotency-key']).toBe('key-12345678');
  });

  it('approves and declines a broadcast awaiting approval (the reason in the body), never retrying', async () => {
    api.route('POST /v1/accounts/@shop/broadcasts/:id/approve', { body: broadcast({ status: 'queued' }) });
    api.route('POST /v1/accounts/@shop/broadcasts/:id/decline', { body: broadcast({ status: 'declined' }) });
    await expect(client().approveBroadcast(ACCOUNT, 'bc-1')).resolves.toMatchObject({ status: 'queued' });
    await expect(client().declineBroadcast(ACCOUNT, 'bc-1', { reason: 'Wrong coupon' })).resolves.toMatchObject({ status: 'declined' });
    expect(api.requests.map((r) => [r.method, r.path, r.body])).toEqual([
      ['POST', '/v1/accounts/@shop/broadcasts/bc-1/approve', undefined],
      ['POST', '/v1/accounts/@shop/broadcasts/bc-1/decline', { reason: 'Wrong coupon' }],
    ]);
    api.route('POST /v1/accounts/@shop/broadcasts/:id/approve', { status: 503, body: { error: { code: 'unavailable', message: 'Down.' } } });
    await failure(client().approveBroadcast(ACCOUNT, 'bc-2'));
    expect(api.calls('POST /v1/accounts/@shop/broadcasts/bc-2/approve')).toHaveLength(1);
  });
});
