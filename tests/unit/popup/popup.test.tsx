import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { effect } from '@preact/signals';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { setLanguage } from '../../../lib/i18n';
import {
  dispatch, MESSAGES, PROTOCOL, MessageError, type Handlers, type PushEvent, type SegmentItem,
} from '../../../lib/messages';
import { App } from '../../../entrypoints/popup/App';
import { createPopupModel, matches, type PopupClient, type PopupModel } from '../../../entrypoints/popup/model';
import { button, buttons, field, flush, text, type } from './ui';

const ACCOUNT = '@shop';
const definition = { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 5 }] }] };
function item(id: string, name: string, count: number | null, over: Partial<SegmentItem> = {}): SegmentItem {
  return {
    segment: { id, name, folderId: null, definition: definition as never, version: 1, createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z' },
    preview: count === null ? null : {
      status: 'ready', version: 1, count, sample: [], summary: '', asOf: null,
      computedAt: new Date(Date.now() - 5 * 60_000).toISOString(), durationMs: 2,
    },
    sync: 'synced',
    ...over,
  };
}
const settings = { apiUrl: 'http://127.0.0.1:8787', hasToken: true, language: 'auto' as const, lastAccountId: null };

/**
 * A background with only the handlers a test gives, behind the real protocol checks: the popup
 * talks to it exactly as to the worker. Push events go to the popup's listener.
 */
function fakeBackground(handlers: Partial<Handlers>) {
  const calls: { type: string; payload: unknown }[] = [];
  let listener: ((e: PushEvent) => void) | null = null;
  const client: PopupClient = {
    async send(type, payload) {
      calls.push({ type, payload });
      const res = await dispatch(handlers, { protocol: PROTOCOL, type, payload });
      if (!res.ok) throw new MessageError(res.error);
      return MESSAGES[type].response.parse(res.data) as never;
    },
    subscribe(l) { listener = l; return () => { listener = null; }; },
  };
  return { client, calls, push: (e: PushEvent) => listener?.(e) };
}

let root: HTMLElement;
let model: PopupModel | null = null;

function mount(bg: ReturnType<typeof fakeBackground>, tabUrl?: string) {
  const opened: string[] = [];
  model = createPopupModel({ client: bg.client, currentTabUrl: async () => tabUrl, openTab: async (u) => { opened.push(u); }, close: () => {} });
  render(<App model={model} />, root);
  void model.load();
  return { model, opened };
}

const cachedList = (data: SegmentItem[]) => ({ data, fetchedAt: '2026-11-28T00:00:00.000Z', refreshing: true, offline: false });

/** The popup open on one segment whose cached count (10) is on screen; previews never answer. */
async function openOnCachedCount() {
  const bg = fakeBackground({
    getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
    listSegments: () => cachedList([item('s1', 'Repeat buyers', 10)]),
    getPreview: () => new Promise(() => {}),
  });
  mount(bg);
  await vi.waitFor(() => expect(text(root)).toContain('10 friends'));
  return bg;
}

beforeEach(() => {
  fakeBrowser.reset();
  setLanguage('en');
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  model?.dispose();
  model = null;
  render(null, root);
  root.remove();
});

describe('the popup', () => {
  it('shows the current tab\'s account\'s segments with their cached counts at once', async () => {
    const bg = fakeBackground({
      getSettings: () => settings,
      listSegments: ({ accountId }) => cachedList(accountId === ACCOUNT ? [item('s1', 'Repeat buyers', 1234), item('s2', 'New friends', 1)] : []),
      getPreview: () => new Promise(() => {}), // the refresh never answers: the cache must carry the paint
      outboxStatus: () => ({ entries: [], pending: 0, refused: 0, reachable: true }),
      listAccounts: () => cachedList([]) as never,
    });
    const { model: m } = mount(bg, 'https://manager.line.biz/account/@shop/chat');
    await vi.waitFor(() => expect(text(root)).toContain('1,234 friends'));
    expect(m.accountId.value).toBe(ACCOUNT);
    expect(text(root)).toContain('1 friend');
    expect(text(root)).toContain('Counted 5 min. ago');
    expect(buttons(root, 'Create Broadcast')).toHaveLength(2);
  });

  it('has the cached counts within 150 ms of opening, before any network answer', async () => {
    const handlers: Partial<Handlers> = {
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => cachedList(Array.from({ length: 50 }, (_, i) => item(`s${i}`, `Segment ${i}`, 1000 + i))),
      getPreview: () => new Promise(() => {}), // no network answer ever comes
    };
    // Warm the runtime (the first zod parse and Intl set-up are one-off costs, ~150 ms in Node).
    // The clock then covers settings, account and cached list through the real protocol checks,
    // not the paint: happy-dom takes 150–300 ms to build 50 rows that a browser builds in a few.
    mount(fakeBackground(handlers));
    await vi.waitFor(() => expect(text(root)).toContain('1,000 friends'));
    model!.dispose();
    render(null, root);

    const started = performance.now();
    const m = createPopupModel({ client: fakeBackground(handlers).client, currentTabUrl: async () => undefined, openTab: async () => {} });
    const counted = new Promise<number>((resolve) => {
      effect(() => { if (m.items.value[0]?.preview?.count === 1000) resolve(performance.now()); });
    });
    void m.load();
    expect((await counted) - started).toBeLessThan(150);
    m.dispose();
  });

  it('paints the counts the cache has while neither the background nor the sync API answers', async () => {
    const silent = fakeBackground({
      getSettings: () => new Promise(() => {}),
      listSegments: () => new Promise(() => {}),
      getPreview: () => new Promise(() => {}),
    });
    model = createPopupModel({
      client: silent.client, currentTabUrl: async () => undefined, openTab: async () => {},
      cached: async () => ({ accountId: ACCOUNT, items: [item('s1', 'Repeat buyers', 1234), item('s2', 'Drafted offline', null, { sync: 'pending' })] }),
    });
    render(<App model={model} />, root);
    void model.load();
    await vi.waitFor(() => expect(text(root)).toContain('1,234 friends'));
    expect(text(root)).toContain('Waiting to send');
    expect(buttons(root, 'Create Broadcast')).toHaveLength(2);
    expect(model.accountId.value).toBe(ACCOUNT);
  });

  it('replaces the cached paint with the background\'s answer, and follows the background when it says otherwise', async () => {
    const cached = async () => ({ accountId: ACCOUNT, items: [item('s1', 'Repeat buyers', 1)] });
    let answer!: (v: ReturnType<typeof cachedList>) => void;
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => new Promise((r) => { answer = r; }),
      getPreview: () => new Promise(() => {}),
    });
    model = createPopupModel({ client: bg.client, currentTabUrl: async () => undefined, openTab: async () => {}, cached });
    render(<App model={model} />, root);
    void model.load();
    await vi.waitFor(() => expect(text(root)).toContain('1 friend'));
    await vi.waitFor(() => expect(answer).toBeTypeOf('function'));
    answer(cachedList([item('s1', 'Repeat buyers', 2), item('s3', 'Saved elsewhere', 7)]));
    await vi.waitFor(() => expect(text(root)).toContain('7 friends'));
    expect(text(root)).toContain('2 friends');
    model.dispose();
    render(null, root);

    // The token was removed since: the background's "no settings" wins over the cached paint.
    model = createPopupModel({
      client: fakeBackground({ getSettings: () => ({ ...settings, apiUrl: null }) }).client,
      currentTabUrl: async () => undefined, openTab: async () => {}, cached,
    });
    render(<App model={model} />, root);
    void model.load();
    await vi.waitFor(() => expect(buttons(root, 'Open settings')).toHaveLength(1));
    expect(text(root)).not.toContain('friend');
  });

  it('replaces a count when a fresh one is pushed', async () => {
    const bg = await openOnCachedCount();
    bg.push({ type: 'fresh.preview', accountId: ACCOUNT, segmentId: 's1', data: { ...item('s1', '', 12).preview! } });
    await vi.waitFor(() => expect(text(root)).toContain('12 friends'));
  });

  it('counts a segment that arrives with the fresh list (saved elsewhere since the cached one)', async () => {
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => cachedList([item('s1', 'Repeat buyers', 10)]),
      getPreview: ({ segmentId }) => (segmentId === 's2'
        ? { data: item('s2', '', 7).preview, fetchedAt: null, refreshing: false, offline: false }
        : new Promise(() => {})),
    });
    mount(bg);
    await vi.waitFor(() => expect(text(root)).toContain('10 friends'));
    bg.push({ type: 'fresh.segments', accountId: ACCOUNT, data: [item('s1', 'Repeat buyers', 10), item('s2', 'Saved on another computer', null)] });
    await vi.waitFor(() => expect(text(root)).toContain('7 friends'));
    expect(text(root)).not.toContain('Not counted yet');
  });

  it('recounts a segment from the network', async () => {
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => cachedList([item('s1', 'Repeat buyers', 10)]),
      getPreview: ({ refresh }) => ({ data: item('s1', '', refresh ? 11 : 10).preview, fetchedAt: null, refreshing: false, offline: false }),
    });
    mount(bg);
    await vi.waitFor(() => expect(text(root)).toContain('10 friends'));
    button(root, 'Recount').click();
    await vi.waitFor(() => expect(text(root)).toContain('11 friends'));
    expect(bg.calls).toContainEqual({ type: 'getPreview', payload: { accountId: ACCOUNT, segmentId: 's1', refresh: true } });
  });

  it('searches by name, ignoring case and width', async () => {
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => cachedList([item('s1', 'VIP buyers', 3), item('s2', 'New friends', 4)]),
      getPreview: () => new Promise(() => {}),
    });
    mount(bg);
    await vi.waitFor(() => expect(buttons(root, 'Create Broadcast')).toHaveLength(2));
    type(field(root, 'Search segments') as HTMLInputElement, 'ｖｉｐ');
    await flush();
    expect(text(root)).toContain('VIP buyers');
    expect(text(root)).not.toContain('New friends');
    type(field(root, 'Search segments') as HTMLInputElement, 'zzz');
    await flush();
    expect(text(root)).toContain('No segment matches “zzz”.');
    expect(matches('新規友だち', '友だち')).toBe(true);
  });

  it('Create Broadcast opens the broadcast window for that segment', async () => {
    const opened: unknown[] = [];
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => cachedList([item('s1', 'Repeat buyers', 3), item('s2', 'New friends', 4)]),
      getPreview: () => new Promise(() => {}),
      openBroadcastWindow: (p) => { opened.push(p); return { windowId: 7 }; },
    });
    mount(bg);
    await vi.waitFor(() => expect(buttons(root, 'Create Broadcast')).toHaveLength(2));
    buttons(root, 'Create Broadcast')[1].click();
    await vi.waitFor(() => expect(opened).toEqual([{ accountId: ACCOUNT, segmentId: 's2' }]));
    // Each button is described by its segment's name, for screen readers.
    const described = buttons(root, 'Create Broadcast')[1].getAttribute('aria-describedby')!;
    expect(root.querySelector(`#${CSS.escape(described)}`)?.textContent).toBe('New friends');
  });

  it('without settings, says so and opens the options page', async () => {
    let opened = false;
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, apiUrl: null, hasToken: false }),
      openOptions: () => { opened = true; return { ok: true as const }; },
    });
    mount(bg, 'https://manager.line.biz/account/@shop/');
    await vi.waitFor(() => expect(text(root)).toContain('Connect the extension to your Lumo sync API'));
    button(root, 'Open settings').click();
    await vi.waitFor(() => expect(opened).toBe(true));
  });

  it('with no segments, says where to create one and opens the account in the manager', async () => {
    const bg = fakeBackground({
      getSettings: () => settings,
      listSegments: () => cachedList([]),
      outboxStatus: () => ({ entries: [], pending: 0, refused: 0, reachable: true }),
    });
    const { opened } = mount(bg, 'https://manager.line.biz/account/@shop/');
    await vi.waitFor(() => expect(text(root)).toContain('This account has no segments yet.'));
    button(root, 'Open the Segments panel').click();
    await vi.waitFor(() => expect(opened).toEqual(['https://manager.line.biz/account/@shop/']));
  });

  it('with no account anywhere, points to the LINE manager', async () => {
    const bg = fakeBackground({
      getSettings: () => settings,
      listAccounts: () => ({ data: [], fetchedAt: null, refreshing: false, offline: false }),
    });
    mount(bg, 'https://example.com/');
    await vi.waitFor(() => expect(text(root)).toContain('Open one of your LINE Official Accounts'));
    expect(buttons(root, 'Open LINE Official Account Manager')).toHaveLength(1);
  });

  it('says when the sync API is unreachable and changes wait to be sent', async () => {
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => ({ data: [item('s1', 'Repeat buyers', 3, { sync: 'pending' })], fetchedAt: '2026-11-28T00:00:00.000Z', refreshing: false, offline: true }),
      getPreview: () => new Promise(() => {}),
      outboxStatus: () => ({
        entries: [{ id: 'e1', accountId: ACCOUNT, kind: 'segment.update' as const, targetId: 's1', label: 'Repeat buyers', state: 'pending' as const, attempts: 2, createdAt: '2026-11-28T00:00:00.000Z', nextAttemptAt: null, lastError: { kind: 'unreachable' as const, message: 'x' }, body: {} }],
        pending: 1, refused: 0, reachable: false,
      }),
    });
    mount(bg);
    await vi.waitFor(() => expect(text(root)).toContain('1 change is waiting to send. The sync API is unreachable'));
    expect(text(root)).toContain('The sync API is unreachable. Showing what was saved');
    expect(text(root)).toContain('Waiting to send');
  });

  it('says the counts are the last known once the background finds the API down behind a cached answer, and stops saying it when it is back', async () => {
    const bg = await openOnCachedCount();
    expect(text(root)).not.toContain('The sync API is unreachable');
    bg.push({ type: 'outbox.changed', status: { entries: [], pending: 0, refused: 0, reachable: false } });
    await vi.waitFor(() => expect(text(root)).toContain('The sync API is unreachable. Showing what was saved'));
    expect(text(root)).toContain('10 friends');
    bg.push({ type: 'outbox.changed', status: { entries: [], pending: 0, refused: 0, reachable: true } });
    await vi.waitFor(() => expect(text(root)).not.toContain('The sync API is unreachable'));
  });

  it('speaks Japanese when the user chose it', async () => {
    setLanguage('ja');
    const bg = fakeBackground({
      getSettings: () => ({ ...settings, lastAccountId: ACCOUNT }),
      listSegments: () => cachedList([item('s1', 'リピーター', 1234)]),
      getPreview: () => new Promise(() => {}),
    });
    mount(bg);
    await vi.waitFor(() => expect(text(root)).toContain('1,234人'));
    expect(buttons(root, '配信を作成')).toHaveLength(1);
    expect(field(root, 'セグメントを検索')).toBeTruthy();
  });
});
