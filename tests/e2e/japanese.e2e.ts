/**
 * The same extension in a browser whose language is Japanese: every surface speaks Japanese
 * without any setting, and a marketer can build, read and broadcast to a segment in it.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Definition } from '../../lib/segment/index';
import { seriousViolations } from './support/a11y';
import { JAPANESE, text } from './support/copy';
import { BroadcastPage, ManagerPage, PopupPage } from './support/pages';
import { REPEAT_BUYERS_OR_CUSTOMERS, expectCount, expectText, openExtensionPage, openManager, worldPerSuite } from './support/scenario';
import type { World } from './support/world';
import { BROADCAST_WINDOW } from '../../entrypoints/background/broadcast-window';

const ja = (key: string, params?: Record<string, string | number>) => text('ja', key, params);

describe.skipIf(!inject('chromiumPresent'))('the extension in Japanese (browser language ja)', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'ja' }, (w) => { world = w; });

  it('builds and saves a segment in Japanese, and reads its count and friends', async () => {
    const definition: Definition = { groups: [{ conditions: [
      { property: 'shopify.integrated', operator: 'is_integrated' },
      { property: 'shopify.purchase_count', operator: 'gte', value: 5 },
    ] }] };
    const expected = world.expected(definition);
    expect(expected.length).toBeGreaterThan(10);
    const dormant: Definition = { groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'gte', value: 60 }] }] };
    await world.givenSegment('休眠顧客（60日以上購入なし）', dormant);

    const page = track(await openManager(world));
    const manager = new ManagerPage(page, 'ja');
    await manager.launcher.waitFor();
    await expectText(manager.launcher, ja('content.launcher'));
    expect(ja('content.launcher')).toMatch(JAPANESE);
    await expectCount(manager.navEntry, 1);

    const panel = await manager.openPanel();
    await expectText(panel.getByRole('heading', { level: 2 }), ja('panel.title'));
    await panel.getByRole('button', { name: ja('panel.list.createFolder') }).waitFor();
    await expectText(manager.row('休眠顧客（60日以上購入なし）'), ja('panel.friends', { count: world.expected(dormant).length }));
    await world.screenshot(page, 'ja-panel');
    expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

    const editor = await manager.startNewSegment();
    await editor.name.fill('リピーター（5回以上購入）');
    await editor.setCondition(1, 1, { property: 'shopify.integrated', operator: 'is_integrated' });
    await editor.addProperty(1);
    await editor.setCondition(1, 2, { property: 'shopify.purchase_count', operator: 'gte', value: 5 });
    await editor.save();
    await expectText(editor.saveStatus, ja('panel.sync.saved'));
    await expectText(editor.count, ja('panel.friends', { count: expected.length }));
    await expect.poll(() => editor.sampleNames(), { timeout: 15_000 }).toEqual(expected.slice(0, 10).map((f) => f.displayName));
    // The preview's summary reads in Japanese too.
    await expectText(editor.preview, JAPANESE);
    await world.screenshot(page, 'ja-editor-preview');
    expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

    const saved = (await world.segments()).find((s) => s.name === 'リピーター（5回以上購入）');
    expect(saved?.definition).toEqual(definition);
  });

  it('shows the popup and the broadcast window in Japanese', async () => {
    const segment = await world.givenSegment('春のセール対象', REPEAT_BUYERS_OR_CUSTOMERS);
    const count = world.expected(REPEAT_BUYERS_OR_CUSTOMERS).length;
    const page = track(await openManager(world));
    const manager = new ManagerPage(page, 'ja');
    await manager.openPanel();
    await manager.row(segment.name).waitFor();

    const popupPage = track(await openExtensionPage(world, 'popup.html'));
    await popupPage.setViewportSize({ width: 400, height: 600 });
    const popup = new PopupPage(popupPage, 'ja');
    await expectText(popup.count(segment.name), ja('popup.friends', { count }));
    await expectText(popupPage.getByRole('heading', { level: 1 }), ja('popup.title'));
    await world.screenshot(popupPage, 'ja-popup');
    expect(await seriousViolations(popupPage)).toEqual([]);

    const opened = world.browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/broadcast.html'), timeout: 20_000 });
    await manager.row(segment.name).getByRole('button', { name: ja('panel.list.createBroadcast') }).click();
    const win = track(await opened);
    // The size of the window the extension opens (entrypoints/background/broadcast-window.ts).
    await win.setViewportSize({ width: BROADCAST_WINDOW.width, height: BROADCAST_WINDOW.height });
    const broadcast = new BroadcastPage(win, 'ja');
    await expectText(win.getByRole('heading', { level: 1 }), ja('broadcast.title'));
    await expectText(broadcast.target, segment.name);
    await expectText(broadcast.target, ja('broadcast.target.friends', { count }));
    await broadcast.firstText.fill('春のセールのお知らせ🌸 対象のお客様に20%オフクーポンをお届けします。');
    await win.getByRole('button', { name: ja('broadcast.send.now') }).waitFor();
    await world.screenshot(win, 'ja-broadcast-window');
    expect(await seriousViolations(win)).toEqual([]);
  });
});
