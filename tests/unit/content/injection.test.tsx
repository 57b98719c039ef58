import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { handleMessages, type Handlers } from '@/lib/messages';
import { setLanguage } from '@/lib/i18n';
import { defineFeature, runFeatures } from '@/entrypoints/content/feature-manager';
import { launcher } from '@/entrypoints/content/features/launcher';
import { broadcastButton } from '@/entrypoints/content/features/broadcast-button';
import { navEntry } from '@/entrypoints/content/features/nav-entry';
import { segmentPanel } from '@/entrypoints/content/features/segment-panel';
import { closePanel } from '@/entrypoints/content/panel-state';
import { accessibleName, click, getByRole, queryAllByRole, settle } from '../components/dom';
import { aPreview, aSegment, fakeBackground } from '../components/fake-background';

const { happyDOM } = window as unknown as { happyDOM: { setURL(url: string): void } };

/** Like the manager: a sidebar whose navigation the app re-renders on every route. */
function renderManager(account = '@lumo-test') {
  document.body.innerHTML = `<aside><nav aria-label="メインメニュー" id="side-nav"></nav></aside><main id="content"></main>`;
  renderNav(account);
}
function renderNav(account: string) {
  document.getElementById('side-nav')!.innerHTML =
    `<ul><li><a href="/account/${account}/">ホーム</a></li><li><a href="/account/${account}/chat/">チャット</a></li></ul>`;
}
/** An in-page navigation, as the manager does it; WXT notices it (wxt:locationchange) within a second. */
function navigate(path: string) {
  history.pushState({}, '', path);
}

const hosts = (feature: string) => document.querySelectorAll(`[data-lumo-segments="${feature}"]`);
const shadowOf = (feature: string) => (hosts(feature)[0] as HTMLElement | undefined)?.shadowRoot ?? null;

/** Waits until `check` passes (UI creation is async: WXT loads the CSS first). */
async function until(check: () => boolean, ms = 3000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await settle(1);
  }
}

let ctx: ContentScriptContext;
let stopHandling: (() => void) | undefined;

beforeEach(() => {
  fakeBrowser.reset();
  setLanguage('en');
  // The entry's CSS is fetched from the extension; there is none in tests.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async () => new Response(''));
  happyDOM.setURL('https://manager.line.biz/account/@lumo-test/');
  renderManager();
  ctx = new ContentScriptContext('content', { matches: ['https://manager.line.biz/*'], cssInjectionMode: 'ui' });
});

afterEach(async () => {
  closePanel();
  ctx.abort();
  stopHandling?.();
  stopHandling = undefined;
  await settle();
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('launcher', () => {
  it('is injected once, however often it is started', async () => {
    const controller = new AbortController();
    await Promise.all([
      launcher.init(controller.signal, { ctx, url: new URL(location.href), accountId: '@lumo-test' }),
      launcher.init(controller.signal, { ctx, url: new URL(location.href), accountId: '@lumo-test' }),
    ]);
    await launcher.init(controller.signal, { ctx, url: new URL(location.href), accountId: '@lumo-test' });
    expect(hosts('launcher')).toHaveLength(1);
    const root = shadowOf('launcher')!;
    expect(root).not.toBeNull(); // an open shadow root
    expect(accessibleName(getByRole(root, 'button'))).toBe('Segments');

    controller.abort();
    expect(hosts('launcher')).toHaveLength(0);
  });

  it('is named in Japanese when the language is Japanese', async () => {
    setLanguage('ja');
    await launcher.init(new AbortController().signal, { ctx, url: new URL(location.href), accountId: '@lumo-test' });
    await settle();
    expect(getByRole(shadowOf('launcher')!, 'button', 'セグメント')).toBeTruthy();
  });

  it('replaces a launcher left by an older copy of the content script instead of adding a second', async () => {
    const stale = document.createElement('lumo-segments-launcher');
    stale.setAttribute('data-lumo-segments', 'launcher');
    stale.setAttribute('data-lumo-instance', 'an-older-copy');
    document.body.append(stale);
    await launcher.init(new AbortController().signal, { ctx, url: new URL(location.href), accountId: '@lumo-test' });
    expect(hosts('launcher')).toHaveLength(1);
    expect(hosts('launcher')[0]).not.toBe(stale);
  });
});

describe('navigation entry', () => {
  it('adds "Segments" at the end of the manager’s navigation and puts it back after a re-render', async () => {
    runFeatures(ctx, [navEntry]);
    await until(() => hosts('nav-entry').length === 1);
    const items = () => [...document.querySelectorAll('#side-nav li')];
    expect(items().at(-1)?.querySelector('[data-lumo-segments="nav-entry"]')).not.toBeNull();
    expect(getByRole(shadowOf('nav-entry')!, 'button', 'Segments')).toBeTruthy();

    renderNav('@lumo-test'); // the app re-renders its navigation
    await until(() => items().length === 3);
    expect(hosts('nav-entry')).toHaveLength(1);
    expect(items().at(-1)?.querySelector('[data-lumo-segments="nav-entry"]')).not.toBeNull();
  });

  it('adds nothing where no navigation is found, and the launcher remains', async () => {
    document.body.innerHTML = '<main>no sidebar here</main>';
    runFeatures(ctx, [launcher, navEntry]);
    await until(() => hosts('launcher').length === 1);
    await settle();
    expect(hosts('nav-entry')).toHaveLength(0);
  });
});

describe('feature manager', () => {
  it('runs features only on account pages, and stops them when the page is left', async () => {
    happyDOM.setURL('https://manager.line.biz/');
    const runner = runFeatures(ctx, [launcher]);
    await settle();
    expect(runner.running()).toEqual([]);
    expect(hosts('launcher')).toHaveLength(0);

    navigate('/account/@lumo-test/chat/');
    await until(() => hosts('launcher').length === 1);
    expect(runner.running()).toEqual(['launcher']);

    navigate('/');
    await until(() => runner.running().length === 0);
    expect(hosts('launcher')).toHaveLength(0);
  });

  it('follows the URL a location change reports, before `location` itself has changed (Chromium\'s Navigation API)', async () => {
    happyDOM.setURL('https://manager.line.biz/');
    const runner = runFeatures(ctx, [launcher]);
    runner.update('https://manager.line.biz/account/@lumo-test/broadcast/');
    await until(() => hosts('launcher').length === 1);
    expect(runner.running()).toEqual(['launcher']);
  });

  it('keeps features running through a download, which Chromium\'s Navigation API reports as a navigation to its blob: URL', async () => {
    let starts = 0;
    let stops = 0;
    const counter = defineFeature({
      id: 'counter', include: [(url) => url.pathname.startsWith('/account/')],
      init(signal) { starts++; signal.addEventListener('abort', () => { stops++; }); },
    });
    runFeatures(ctx, [counter]);
    await settle();
    // WXT's own event (its class is internal): the name it gives "wxt:locationchange" in this script.
    const download = Object.assign(new Event(`${fakeBrowser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:locationchange`), {
      newUrl: new URL('blob:https://manager.line.biz/3f1c2b9e-8d4a-4c1e-9f0a-2b7d6e5c4a31'), oldUrl: new URL(location.href),
    });
    window.dispatchEvent(download);
    await settle(3);
    expect([starts, stops]).toEqual([1, 0]);
  });

  it('keeps a broken feature from breaking the others, and logs its error once with its id', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const broken = defineFeature({ id: 'broken', include: [() => true], init() { throw new Error('boom'); } });
    const brokenAsync = defineFeature({ id: 'broken-async', include: [() => true], async init() { throw new Error('later'); } });
    const fine = vi.fn();
    const runner = runFeatures(ctx, [broken, brokenAsync, defineFeature({ id: 'fine', include: [() => true], init: fine })]);
    await settle();
    expect(fine).toHaveBeenCalledOnce();
    expect(runner.running()).toContain('fine');
    runner.update();
    const tags = error.mock.calls.map((c) => String(c[0]));
    expect(tags.filter((t) => t === '[lumo-segments:broken]')).toHaveLength(1);
    expect(tags.filter((t) => t === '[lumo-segments:broken-async]')).toHaveLength(1);
  });
});

describe('the panel in the page', () => {
  it('opens from the launcher with focus inside, closes on Escape, and follows an account switch', async () => {
    const background = fakeBackground();
    stopHandling = handleMessages(background.handlers as Handlers);
    runFeatures(ctx, [launcher, segmentPanel]);
    await until(() => hosts('launcher').length === 1 && hosts('segment-panel').length === 1);

    const launcherButton = getByRole(shadowOf('launcher')!, 'button', 'Segments');
    await click(launcherButton);
    const panel = () => shadowOf('segment-panel')!;
    await until(() => panel().querySelector('[role="dialog"]') !== null);
    expect(launcherButton.getAttribute('aria-expanded')).toBe('true');
    expect(panel().activeElement?.textContent).toBe('Segments');
    await until(() => background.sent('listSegments').length > 0);
    expect(background.sent('listSegments')[0]!.accountId).toBe('@lumo-test');

    panel().querySelector('[role="dialog"]')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    await settle();
    expect(panel().querySelector('[role="dialog"]')).toBeNull();

    // Another account: the panel restarts with that account's segments.
    const firstPanel = hosts('segment-panel')[0];
    navigate('/account/@second/');
    await until(() => hosts('segment-panel').length === 1 && hosts('segment-panel')[0] !== firstPanel);
    await click(getByRole(shadowOf('launcher')!, 'button', 'Segments'));
    await until(() => background.sent('listSegments').some((p) => p.accountId === '@second'));
    expect(hosts('segment-panel')).toHaveLength(1);
    expect(hosts('launcher')).toHaveLength(1);
  });
});

describe('"Create Broadcast" on the manager\'s broadcast list', () => {
  /** The list's head as the manager renders it: its title and its own create button. */
  function renderBroadcastList(withCreateButton = true) {
    document.getElementById('content')!.innerHTML = `<div class="page-head"><h1>メッセージ配信</h1>${withCreateButton
      ? '<a id="own-create" class="btn btn-primary" href="/account/@lumo-test/broadcast/create">作成</a>' : ''}</div>`;
  }
  const button = () => getByRole(shadowOf('broadcast-button')!, 'button', 'Create Broadcast');

  it('stands right after the page\'s own create button, comes back after a re-render, and leaves with the page', async () => {
    navigate('/account/@lumo-test/broadcast/');
    renderBroadcastList();
    const runner = runFeatures(ctx, [broadcastButton]);
    await until(() => hosts('broadcast-button').length === 1);
    expect(document.getElementById('own-create')!.nextElementSibling?.getAttribute('data-lumo-segments')).toBe('broadcast-button');
    expect(button().getAttribute('aria-haspopup')).toBe('dialog');

    renderBroadcastList(); // the app re-renders the list's head
    await until(() => document.getElementById('own-create')!.nextElementSibling?.getAttribute('data-lumo-segments') === 'broadcast-button');
    expect(hosts('broadcast-button')).toHaveLength(1);

    renderBroadcastList(false); // a state of the page without its create button: ours goes too
    await until(() => hosts('broadcast-button').length === 0);

    renderBroadcastList();
    await until(() => hosts('broadcast-button').length === 1);
    navigate('/account/@lumo-test/broadcast/create'); // composing: no create button to stand beside
    await until(() => runner.running().length === 0);
    expect(hosts('broadcast-button')).toHaveLength(0);
  });

  it('adds nothing and logs nothing on a broadcast list without a create button', async () => {
    const error = vi.spyOn(console, 'error');
    navigate('/account/@lumo-test/broadcast/');
    renderBroadcastList(false);
    const runner = runFeatures(ctx, [broadcastButton]);
    await until(() => runner.running().includes('broadcast-button'));
    await settle(10);
    expect(hosts('broadcast-button')).toHaveLength(0);
    expect(error).not.toHaveBeenCalled();
  });

  it('asks for a segment and opens the broadcast window with the one chosen; focus returns to the button', async () => {
    const background = fakeBackground({ segments: [
      { segment: aSegment({ id: 'seg-vip', name: 'VIP friends' }), preview: aPreview({ count: 12 }), sync: 'synced' },
      { segment: aSegment({ id: 'seg-new', name: 'New friends' }), preview: aPreview({ count: 40 }), sync: 'synced' },
    ] });
    stopHandling = handleMessages(background.handlers as Handlers);
    navigate('/account/@lumo-test/broadcast/');
    renderBroadcastList();
    runFeatures(ctx, [broadcastButton]);
    await until(() => hosts('broadcast-button').length === 1);

    await click(button());
    const picker = () => shadowOf('broadcast-picker')!;
    await until(() => picker().querySelector('[role="dialog"]') !== null && queryAllByRole(picker(), 'button', 'VIP friends').length === 1);
    expect(background.sent('listSegments')[0]!.accountId).toBe('@lumo-test');
    await click(getByRole(picker(), 'button', 'VIP friends'));
    await until(() => picker().querySelector('[role="dialog"]') === null);
    expect(background.sent('openBroadcastWindow')).toEqual([{ accountId: '@lumo-test', segmentId: 'seg-vip' }]);
    await settle();
    expect(shadowOf('broadcast-button')!.activeElement).toBe(button());
  });
});
