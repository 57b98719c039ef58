/**
 * When things go wrong under the marketer: Chrome stops the extension's service worker in the
 * middle of a save, or the sync API goes away. A change is never lost, never made twice, and the
 * panel says what is happening.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Definition } from '../../lib/segment/index';
import { text } from './support/copy';
import { ManagerPage } from './support/pages';
import { expectText, openManager, worldPerSuite } from './support/scenario';
import type { World } from './support/world';

const t = (key: string, params?: Record<string, string | number>) => text('en', key, params);
const buyers = (n: number): Definition => ({ groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: n }] }] });

describe.skipIf(!inject('chromiumPresent'))('changes survive a stopped service worker and an unreachable sync API', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'en' }, (w) => { world = w; }, async (w) => {
    w.api.thaw();
    await w.api.start().catch(() => {}); // a scenario that failed while the API was down
  });

  const named = async (name: string) => (await world.segments()).filter((s) => s.name === name);

  it('delivers a save, exactly once, when the service worker is stopped in the middle of it', async () => {
    const name = 'Saved across a worker restart';
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.openPanel();
    const editor = await manager.startNewSegment();
    await editor.name.fill(name);
    await editor.setCondition(1, 1, { property: 'shopify.purchase_count', operator: 'gte', value: 3 });

    // The API takes the request and does not answer: the save is in flight when the worker stops.
    world.api.freeze();
    try {
      await editor.save();
      // The panel stops waiting for the answer and says the change will be sent; by then the
      // outbox holds it and its request is out.
      await expectText(editor.saveStatus, t('panel.sync.waiting'), 40_000);
      await world.browser.stopServiceWorker();
    } finally {
      world.api.thaw();
    }

    // The worker starts again (the panel reconnects to it) and the outbox finishes the job; the
    // request cut off by the stop and its retry carry the same Idempotency-Key: one segment.
    await expect.poll(async () => (await named(name)).length, { timeout: 60_000, interval: 500 }).toBe(1);
    await manager.panel.locator('.lumo-banner').waitFor({ state: 'detached', timeout: 60_000 });
    expect(await named(name)).toHaveLength(1);
    expect((await named(name))[0]!.definition).toEqual(buyers(3));

    // The marketer sees it saved, with its count.
    await editor.backToList();
    const row = manager.row(name);
    await expectText(row, t('panel.friends', { count: world.expected(buyers(3)).length }), 60_000);
    expect(await row.getByText(t('panel.sync.waitingShort')).count()).toBe(0);
  }, 180_000);

  it('keeps a change in the outbox while the sync API is down, says so, and sends it when the API is back', async () => {
    const segment = await world.givenSegment('Edited while the API is down', buyers(3));
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.openPanel();
    await manager.row(segment.name).waitFor();
    const editor = await manager.openSegment(segment.name);
    await editor.setCondition(1, 1, { property: 'shopify.purchase_count', operator: 'gte', value: 4 });

    await world.api.stop();
    await editor.save();
    await expectText(editor.saveStatus, t('panel.sync.waiting'), 40_000);
    // The panel's banner says the change waits for the API.
    const banner = manager.panel.locator('.lumo-banner');
    await expectText(banner, t('panel.sync.waiting'));
    await editor.backToList();
    await expectText(manager.row(segment.name), t('panel.sync.waitingShort'));
    // Closing and reopening the panel does not lose it.
    await manager.closePanel();
    await manager.openPanel();
    await expectText(manager.row(segment.name), t('panel.sync.waitingShort'));
    expect((await world.segments().catch(() => null))).toBeNull(); // really down

    await world.api.start();
    await expect.poll(async () => (await named(segment.name))[0]?.definition, { timeout: 90_000, interval: 500 }).toEqual(buyers(4));
    await banner.waitFor({ state: 'detached', timeout: 60_000 });
    await expectText(manager.row(segment.name), t('panel.friends', { count: world.expected(buyers(4)).length }), 60_000);
    expect(await manager.row(segment.name).getByText(t('panel.sync.waitingShort')).count()).toBe(0);
    const saved = await named(segment.name);
    expect(saved).toHaveLength(1);
    expect(saved[0]!.version).toBe(segment.version + 1);
  }, 180_000);
});
