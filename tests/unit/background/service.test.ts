// @vitest-environment node
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch, PROTOCOL, type MessageType, type RequestOf, type ResponseOf, MESSAGES } from '../../../lib/messages';
import { openLumoDb } from '../../../lib/cache/db';
import type { BackgroundService, ServiceOptions } from '../../../entrypoints/background/service';
import { ACCOUNT, FakeApi, accountBody, definition, preview, segment } from './fake-api';
import { configure, fastOptions, freshDbName, freshServiceModule, tick } from './harness';

let api: FakeApi;
let services: BackgroundService[] = [];
let dbName: string;

async function startService(over: Partial<ServiceOptions> = {}) {
  vi.resetModules();
  const { createBackgroundService } = await freshServiceModule();
  const service = createBackgroundService({ ...fastOptions(dbName), ...over });
  services.push(service);
  await service.start();
  return service;
}

/** Sends one message through the real protocol checks, as a UI would. */
async function ask<T extends MessageType>(service: BackgroundService, type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  const res = await dispatch(service.handlers, { protocol: PROTOCOL, type, payload });
  if (!res.ok) throw Object.assign(new Error(res.error.message), res.error);
  return MESSAGES[type].response.parse(res.data) as ResponseOf<T>;
}

/** A sync API that keeps segments, with versions and If-Match, like the real one. */
function segmentsApi(a: FakeApi) {
  const store = new Map<string, ReturnType<typeof segment>>();
  let next = 1;
  a.route('GET /v1/accounts', { body: { items: [accountBody] } })
    .route('GET /v1/accounts/@shop/segments', () => ({ body: { items: [...store.values()] } }))
    .route('GET /v1/accounts/@shop/segments/:id', (r) => {
      const s = store.get(r.path.split('/').pop()!);
      return s ? { body: s } : { status: 404, body: { error: { code: 'not_found', message: 'No such segment.' } } };
    })
    .route('POST /v1/accounts/@shop/segments', (r) => {
      const body = r.body as { name: string; folderId: string | null; definition: unknown };
      const s = segment({ id: `seg-${next++}`, name: body.name, folderId: body.folderId, definition: body.definition, version: 1 });
      store.set(s.id, s);
      return { status: 201, body: s };
    })
    .route('PATCH /v1/accounts/@shop/segments/:id', (r) => {
      const s = store.get(r.path.split('/').pop()!);
      if (!s) return { status: 404, body: { error: { code: 'not_found', message: 'No such segment.' } } };
      if (String(s.version) !== r.headers['if-match']) {
        return { status: 412, body: { error: { code: 'version_conflict', message: `The segment is at version ${s.version}.` } } };
      }
      const updated = { ...s, ...(r.body as object), version: s.version + 1 };
      store.set(s.id, updated);
      return { body: updated };
    })
    .route('GET /v1/accounts/@shop/segments/:id/preview', () => ({ body: preview() }))
    .route('POST /v1/accounts/@shop/folders', (r) => ({ status: 201, body: { id: `folder-${next++}`, name: (r.body as { name: string }).name, createdAt: '2026-11-28T00:00:00.000Z' } }));
  return store;
}

/** A background whose folder and segment lists were fetched once (both empty), as when the panel opens. */
async function panelOpenOnEmptyLists() {
  segmentsApi(api);
  api.route('GET /v1/accounts/@shop/folders', { body: { items: [] } });
  const service = await startService();
  const c = await service.ready;
  await ask(service, 'listFolders', { accountId: ACCOUNT });
  await ask(service, 'listSegments', { accountId: ACCOUNT });
  return { service, c };
}

beforeEach(async () => {
  fakeBrowser.reset();
  dbName = freshDbName();
  api = await new FakeApi().start();
  await configure(api);
});
afterEach(async () => {
  for (const s of services) await s.dispose();
  services = [];
  await api.stop();
});

describe('the cache', () => {
  it('answers from the cache when the sync API is down', async () => {
    const store = segmentsApi(api);
    store.set('seg-1', segment());
    const service = await startService();
    const online = await ask(service, 'listSegments', { accountId: ACCOUNT });
    expect(online).toMatchObject({ refreshing: false, offline: false });
    expect(online.data.map((i) => i.segment.name)).toEqual(['Repeat buyers']);

    await api.stop();
    const cached = await ask(service, 'listSegments', { accountId: ACCOUNT });
    expect(cached.data.map((i) => i.segment.name)).toEqual(['Repeat buyers']);
    expect(cached.fetchedAt).toBe(online.fetchedAt);

    const recount = await ask(service, 'listSegments', { accountId: ACCOUNT, refresh: true });
    expect(recount).toMatchObject({ offline: true, refreshing: false });
    expect(recount.data).toHaveLength(1);
  });

  it('answers at once from the cache and pushes the fresh list after', async () => {
    const store = segmentsApi(api);
    store.set('seg-1', segment());
    const service = await startService();
    await ask(service, 'listSegments', { accountId: ACCOUNT });
    store.set('seg-2', segment({ id: 'seg-2', name: 'New friends' }));
    const pushed: unknown[] = [];
    service.hub.accept({ name: 'lumo/events', postMessage: (m) => pushed.push(m), onDisconnect: { addListener: () => {} } });

    const stale = await ask(service, 'listSegments', { accountId: ACCOUNT });
    expect(stale.refreshing).toBe(true);
    expect(stale.data).toHaveLength(1);
    await vi.waitFor(() => expect(pushed).toContainEqual(expect.objectContaining({ type: 'fresh.segments', accountId: ACCOUNT })));
    const fresh = pushed.find((e) => (e as { type: string }).type === 'fresh.segments') as { data: unknown[] };
    expect(fresh.data).toHaveLength(2);
  });

  it('survives a restart: the cached list is there for the next worker', async () => {
    segmentsApi(api).set('seg-1', segment());
    const first = await startService();
    await ask(first, 'listAccounts', {});
    await ask(first, 'listSegments', { accountId: ACCOUNT });
    await first.dispose();
    await api.stop();

    const second = await startService();
    await expect(ask(second, 'listAccounts', {})).resolves.toMatchObject({ data: [accountBody] });
    await expect(ask(second, 'listSegments', { accountId: ACCOUNT })).resolves.toMatchObject({ data: [{ segment: { id: 'seg-1' } }] });
  });

  it('tells the UIs when a refresh behind the cache finds the API down, and when a read reaches it again', async () => {
    segmentsApi(api).set('seg-1', segment());
    const port = api.port;
    const service = await startService();
    await ask(service, 'listSegments', { accountId: ACCOUNT });
    const pushed: { type: string; status?: { reachable: boolean | null } }[] = [];
    service.hub.accept({ name: 'lumo/events', postMessage: (m) => pushed.push(m as never), onDisconnect: { addListener: () => {} } });
    const reachability = () => pushed.filter((e) => e.type === 'outbox.changed').map((e) => e.status!.reachable);

    await api.stop();
    const cached = await ask(service, 'listSegments', { accountId: ACCOUNT });
    expect(cached).toMatchObject({ refreshing: true, offline: false }); // the answer cannot know yet
    await vi.waitFor(() => expect(reachability()).toContain(false));
    expect((await ask(service, 'outboxStatus', {})).reachable).toBe(false);

    segmentsApi(api);
    await api.start(port);
    await ask(service, 'listSegments', { accountId: ACCOUNT, refresh: true });
    await vi.waitFor(() => expect(reachability().at(-1)).toBe(true));
    expect((await ask(service, 'outboxStatus', {})).reachable).toBe(true);
  });

  it('without a cache, an unreachable API is an unreachable error', async () => {
    await api.stop();
    const service = await startService();
    await expect(ask(service, 'listSegments', { accountId: ACCOUNT })).rejects.toMatchObject({ kind: 'unreachable' });
  });
});

describe('the outbox', () => {
  it('keeps a change made while the API is down across a worker restart, then sends it', async () => {
    const port = api.port;
    await api.stop();
    const first = await startService();
    const saved = await ask(first, 'createSegment', { accountId: ACCOUNT, name: 'Repeat buyers', definition });
    expect(saved.state).toBe('pending');
    expect(saved.data?.id).toMatch(/^local-/);
    const status = await ask(first, 'outboxStatus', {});
    expect(status).toMatchObject({ pending: 1, refused: 0, reachable: false });
    expect(status.entries[0]).toMatchObject({ kind: 'segment.create', state: 'pending', lastError: { kind: 'unreachable' } });
    // The UI can list it already, marked as waiting.
    const listed = await ask(first, 'listSegments', { accountId: ACCOUNT }).catch(() => null);
    expect(listed).toBeNull(); // nothing cached and the API is down: the list itself cannot load…
    // …but the outbox status says what waits, for "waiting to send, sync API unreachable".

    await first.dispose(); // the worker stops: every in-memory thing is gone

    const store = segmentsApi(api);
    await api.start(port);
    const second = await startService(); // a new worker over the same IndexedDB
    expect(api.calls('POST /v1/accounts/@shop/segments')).toHaveLength(1);
    expect(api.calls('POST /v1/accounts/@shop/segments')[0].body).toEqual({ name: 'Repeat buyers', folderId: null, definition });
    expect([...store.values()].map((s) => s.name)).toEqual(['Repeat buyers']);
    await expect(ask(second, 'outboxStatus', {})).resolves.toMatchObject({ pending: 0, refused: 0, entries: [] });
    const list = await ask(second, 'listSegments', { accountId: ACCOUNT, refresh: true });
    expect(list.data).toEqual([expect.objectContaining({ sync: 'synced', segment: expect.objectContaining({ id: 'seg-1' }) })]);
  });

  it('sets an alarm for the next attempt, so a stopped worker wakes to retry', async () => {
    await api.stop();
    const alarms: (number | null)[] = [];
    const service = await startService({ setAlarm: (at) => alarms.push(at) });
    const before = Date.now();
    await ask(service, 'createFolder', { accountId: ACCOUNT, name: 'VIP' });
    expect(alarms.at(-1)).toBeGreaterThan(before);
    await ask(service, 'outboxDiscard', { id: (await ask(service, 'outboxStatus', {})).entries[0].id });
    expect(alarms.at(-1)).toBeNull();
  });

  it('sends again a change the stopped worker left mid-send, once (Idempotency-Key)', async () => {
    segmentsApi(api);
    const db = await openLumoDb(dbName);
    await db.put('outbox', {
      id: '000000001000-a', accountId: ACCOUNT, kind: 'segment.create', targetId: 'local-abc', label: 'Repeat buyers',
      body: { name: 'Repeat buyers', folderId: null, definition }, baseVersion: null,
      state: 'sending', attempts: 1, createdAt: '2026-11-28T00:00:00.000Z', nextAttemptAt: null, lastError: null,
    });
    db.close();
    await startService();
    const posts = api.calls('POST /v1/accounts/@shop/segments');
    expect(posts).toHaveLength(1);
    expect(posts[0].headers['idempotency-key']).toBe('000000001000-a');
  });

  it('reports a 412 conflict and keeps the user\'s version until they decide', async () => {
    const store = segmentsApi(api);
    store.set('seg-1', segment({ version: 2, name: 'Changed by a colleague' }));
    const service = await startService();
    const mine = { name: 'My name', definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: ['t1'] }] }] } };

    const res = await ask(service, 'updateSegment', { accountId: ACCOUNT, segmentId: 'seg-1', version: 1, patch: mine });
    expect(res.state).toBe('refused');
    expect(res.error).toMatchObject({ kind: 'conflict', status: 412 });

    const status = await ask(service, 'outboxStatus', { accountId: ACCOUNT });
    expect(status.refused).toBe(1);
    expect(status.entries[0]).toMatchObject({ state: 'refused', kind: 'segment.update', body: mine, lastError: { kind: 'conflict' } });
    // Nothing retries a refusal on its own.
    await service.handlers.listAccounts({}, { sender: {} });
    await tick(20);
    expect(api.calls('PATCH /v1/accounts/@shop/segments/seg-1')).toHaveLength(1);

    // A restart keeps the refusal too.
    await service.dispose();
    const again = await startService();
    expect((await ask(again, 'outboxStatus', {})).entries[0]).toMatchObject({ state: 'refused', body: mine });

    // The user chooses to overwrite: their version goes on top of version 2.
    const after = await ask(again, 'outboxRetry', { id: status.entries[0].id, overwrite: true });
    expect(after.entries).toEqual([]);
    expect(store.get('seg-1')).toMatchObject({ name: 'My name', version: 3 });
    expect(api.calls('PATCH /v1/accounts/@shop/segments/seg-1').at(-1)?.headers['if-match']).toBe('2');
  });

  it('a discarded refusal is gone only on the user\'s word', async () => {
    const store = segmentsApi(api);
    store.set('seg-1', segment({ version: 5 }));
    const service = await startService();
    const res = await ask(service, 'updateSegment', { accountId: ACCOUNT, segmentId: 'seg-1', version: 1, patch: { name: 'Old' } });
    expect(res.state).toBe('refused');
    const status = await ask(service, 'outboxDiscard', { id: res.outboxId });
    expect(status.entries).toEqual([]);
    expect(store.get('seg-1')?.name).toBe('Repeat buyers');
  });

  it('offline, a folder and a segment in it are created in order, the segment with the folder\'s real id', async () => {
    const port = api.port;
    await api.stop();
    const first = await startService();
    const folder = await ask(first, 'createFolder', { accountId: ACCOUNT, name: 'VIP' });
    expect(folder.state).toBe('pending');
    const seg = await ask(first, 'createSegment', { accountId: ACCOUNT, name: 'Big spenders', folderId: folder.data!.id, definition });
    // An edit of the unsent segment joins its create.
    await ask(first, 'updateSegment', { accountId: ACCOUNT, segmentId: seg.data!.id, version: 0, patch: { name: 'Biggest spenders' } });
    expect((await ask(first, 'outboxStatus', {})).pending).toBe(2);
    await first.dispose();

    const store = segmentsApi(api);
    await api.start(port);
    await startService();
    const [created] = [...store.values()];
    expect(created).toMatchObject({ name: 'Biggest spenders', folderId: expect.stringMatching(/^folder-/) });
  });

  it('never lists a new folder or segment twice while it is being accepted (once under its local id, once under the API\'s)', async () => {
    const { service, c } = await panelOpenOnEmptyLists();
    const seen: { folders: string[]; segments: string[] }[] = [];
    let reading = true;
    // Readers as eager as the panel and the popup together: the lists read over and over, several
    // at a time, while the changes go out.
    const read = async () => {
      while (reading) {
        const [folders, segments] = await Promise.all([c.views.folders(ACCOUNT), c.views.segments(ACCOUNT)]);
        seen.push({ folders: folders.map((f) => f.name), segments: segments.map((s) => s.segment.name) });
      }
    };
    const reader = Promise.all([read(), read(), read(), read()]);
    const folder = await ask(service, 'createFolder', { accountId: ACCOUNT, name: 'VIP' });
    expect(folder).toMatchObject({ state: 'sent', data: { id: expect.stringMatching(/^folder-/) }, localId: expect.stringMatching(/^local-/) });
    await ask(service, 'createSegment', { accountId: ACCOUNT, name: 'Big spenders', folderId: folder.data!.id, definition });
    reading = false;
    await reader;
    expect(seen.length).toBeGreaterThan(3);
    for (const s of seen) {
      expect(s.folders.filter((n) => n === 'VIP').length).toBeLessThanOrEqual(1);
      expect(s.segments.filter((n) => n === 'Big spenders').length).toBeLessThanOrEqual(1);
    }
    expect(seen.at(-1)).toEqual({ folders: ['VIP'], segments: ['Big spenders'] });
  });

  it('a list read while a create is accepted sees it once: before or after, never both', async () => {
    const { service, c } = await panelOpenOnEmptyLists();
    await api.stop();
    await ask(service, 'createFolder', { accountId: ACCOUNT, name: 'VIP' });
    await ask(service, 'createSegment', { accountId: ACCOUNT, name: 'Big spenders', definition });
    c.outbox.stop();
    const [folderEntry, segmentEntry] = await c.outbox.entries(ACCOUNT);
    const folder = { id: 'folder-9', name: 'VIP', createdAt: '2026-11-28T00:00:00.000Z' };
    const seg = segment({ id: 'seg-9', name: 'Big spenders', version: 1 });

    // The reads start, then, before any of them has run, the outbox accepts both creates: the
    // cache gains the API's versions and the outbox drops the changes in one transaction.
    const views = Promise.all([c.views.folders(ACCOUNT), c.views.segments(ACCOUNT)]);
    const accept = c.db.transaction(['outbox', 'folders', 'segments'], 'readwrite');
    void accept.objectStore('outbox').delete(folderEntry.id);
    void accept.objectStore('outbox').delete(segmentEntry.id);
    void accept.objectStore('folders').put({ accountId: ACCOUNT, id: folder.id, folder });
    void accept.objectStore('segments').put({ accountId: ACCOUNT, id: seg.id, segment: seg as never });
    const [folders, segments] = await views;
    await accept.done;
    expect(folders.map((f) => f.name)).toEqual(['VIP']);
    expect(segments.map((s) => s.segment.name)).toEqual(['Big spenders']);
  });

  it('refuses an invalid segment before it is queued, with issues per field', async () => {
    segmentsApi(api);
    const service = await startService();
    await expect(ask(service, 'createSegment', { accountId: ACCOUNT, name: '  ', definition: { groups: [] } }))
      .rejects.toMatchObject({ kind: 'invalid', issues: expect.arrayContaining([expect.objectContaining({ path: 'name' })]) });
    expect((await ask(service, 'outboxStatus', {})).entries).toEqual([]);
  });
});

describe('previews', () => {
  it('polls a calculating preview and pushes the count when it is ready', async () => {
    segmentsApi(api).set('seg-1', segment());
    let n = 0;
    api.route('GET /v1/accounts/@shop/segments/:id/preview', () => ({ body: ++n < 3 ? preview({ status: 'calculating', count: null }) : preview({ count: 7 }) }));
    const service = await startService();
    const pushed: { type: string; data?: { status: string; count: number } }[] = [];
    service.hub.accept({ name: 'lumo/events', postMessage: (m) => pushed.push(m as never), onDisconnect: { addListener: () => {} } });
    const first = await ask(service, 'getPreview', { accountId: ACCOUNT, segmentId: 'seg-1' });
    expect(first.data?.status).toBe('calculating');
    await vi.waitFor(() => expect(pushed.some((e) => e.type === 'fresh.preview' && e.data?.count === 7)).toBe(true));
    const cached = await ask(service, 'getPreview', { accountId: ACCOUNT, segmentId: 'seg-1' });
    expect(cached.data?.count).toBe(7);
  });
});

describe('settings', () => {
  it('remembers the account of the manager page in use, for the popup', async () => {
    const service = await startService();
    service.noteAccount('@shop');
    await vi.waitFor(async () => expect((await ask(service, 'getSettings', {})).lastAccountId).toBe('@shop'));
  });

  it('never hands the token to a page, only whether one is saved', async () => {
    const service = await startService();
    const settings = await ask(service, 'getSettings', {});
    expect(settings).toEqual({ apiUrl: api.url, hasToken: true, language: 'auto', lastAccountId: null, auth: { kind: 'token', signedOut: null } });
    expect(JSON.stringify(settings)).not.toContain('test-token');
  });
});
