/**
 * "Create Broadcast" on the manager's own broadcast list (メッセージ配信), in real Chromium with the
 * built extension on the manager replica: the button stands beside the page's create button,
 * asks for a segment (searchable, with counts), and opens the broadcast window with it; it comes
 * and goes with the page's client-side navigation, and a page variant without a create button
 * gets nothing and no error. English and Japanese, each axe-checked with a screenshot.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { Language } from '../../lib/i18n/define';
import type { Definition } from '../../lib/segment/index';
import { BROADCAST_WINDOW } from '../../entrypoints/background/broadcast-window';
import { seriousViolations } from './support/a11y';
import { text } from './support/copy';
import { BroadcastPage, ManagerPage } from './support/pages';
import { REPEAT_BUYERS_OR_CUSTOMERS, expectCount, expectText, openManager, pageErrors, worldPerSuite } from './support/scenario';
import type { World } from './support/world';

const BUTTON_HOST = '[data-lumo-segments="broadcast-button"]';
const PICKER_HOST = '[data-lumo-segments="broadcast-picker"]';

/** The manager page with what this feature adds, in the run's language. */
class BroadcastListPage extends ManagerPage {
  get createBroadcast(): Locator {
    return this.page.locator(BUTTON_HOST).getByRole('button', { name: this.t('managerBroadcast.button') });
  }
  get picker(): Locator {
    return this.page.getByRole('dialog', { name: this.t('managerBroadcast.title') });
  }
  get search(): Locator {
    return this.picker.getByRole('searchbox', { name: this.t('managerBroadcast.search') });
  }
  /** The segments offered, each a button named by the segment (its count is its description). */
  option(name: string): Locator {
    return this.picker.getByRole('list', { name: this.t('managerBroadcast.segments') }).getByRole('button', { name, exact: true });
  }
  get options(): Locator {
    return this.picker.getByRole('list', { name: this.t('managerBroadcast.segments') }).getByRole('button');
  }
}

/** Console errors of the page, ours included (Chromium reports the content script's too). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return errors;
}

const vip = (world: World): Definition =>
  ({ groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [world.tagIds.VIP!] }] }] });

function scenarios(lang: Language) {
  const t = (key: string, params?: Record<string, string | number>) => text(lang, key, params);
  let world: World;
  const track = worldPerSuite({ lang }, (w) => { world = w; });
  const names = lang === 'en'
    ? { repeat: 'Repeat buyers or customers', vip: 'VIP friends', other: 'Dormant customers' }
    : { repeat: 'リピーターまたは顧客', vip: 'VIP の友だち', other: '休眠顧客' };

  it('stands beside the page\'s create button, finds a segment by search, and opens the broadcast window with it', async () => {
    await world.givenSegment(names.repeat, REPEAT_BUYERS_OR_CUSTOMERS);
    const target = await world.givenSegment(names.vip, vip(world));
    await world.givenSegment(names.other, { groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'gte', value: 60 }] }] });
    const members = world.expected(vip(world)).length;
    const page = track(await openManager(world, 'broadcast/'));
    const errors = consoleErrors(page);
    const manager = new BroadcastListPage(page, lang);

    await manager.createBroadcast.waitFor();
    // Right after the page's own create button, in the same toolbar.
    await expectCount(page.locator(`#host-create + ${BUTTON_HOST}`), 1);
    const own = await page.locator('#host-create').boundingBox();
    const ours = await manager.createBroadcast.boundingBox();
    expect(ours!.x).toBeGreaterThan(own!.x + own!.width - 1);
    expect(Math.abs((ours!.y + ours!.height / 2) - (own!.y + own!.height / 2))).toBeLessThan(4);
    expect(await seriousViolations(page, BUTTON_HOST)).toEqual([]);

    await manager.createBroadcast.click();
    await manager.picker.waitFor();
    await expectCount(manager.options, 3, 20_000);
    await expectText(manager.option(names.vip), t('panel.friends', { count: members }));
    await expect.poll(() => manager.search.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await manager.search.fill(lang === 'en' ? 'vip' : 'ＶＩＰ');
    await expectCount(manager.options, 1);
    await world.screenshot(page, `${lang}-manager-broadcast-picker`);
    expect(await seriousViolations(page, PICKER_HOST)).toEqual([]);

    // Escape closes it and focus returns to our button.
    await page.keyboard.press('Escape');
    await manager.picker.waitFor({ state: 'detached' });
    await expect.poll(() => manager.createBroadcast.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);

    // By keyboard alone: open, search, arrow down to the segment, Enter.
    await page.keyboard.press('Enter');
    await manager.search.waitFor();
    await expectCount(manager.options, 3, 20_000);
    // Tab: the list is one stop, then Cancel, then round to the search field (the focus stays in).
    const focused = () => page.evaluate(() => {
      const host = document.querySelector('[data-lumo-segments="broadcast-picker"]');
      const el = host?.shadowRoot?.activeElement as HTMLElement | null | undefined;
      return el ? `${el.tagName.toLowerCase()}:${el.getAttribute('type') ?? ''}` : 'outside';
    });
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('button:button');
    await expect.poll(() => manager.options.first().evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await expect.poll(() => manager.picker.getByRole('button', { name: t('panel.cancel') }).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('input:search');
    await page.keyboard.type('VIP');
    await expectCount(manager.options, 1);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => manager.option(names.vip).evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    const opened = world.browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/broadcast.html'), timeout: 20_000 });
    await page.keyboard.press('Enter');
    const win = track(await opened);
    await win.waitForLoadState();
    await win.setViewportSize({ width: BROADCAST_WINDOW.width, height: BROADCAST_WINDOW.height });
    expect(new URL(win.url()).searchParams.get('segment')).toBe(target.id);
    const broadcast = new BroadcastPage(win, lang);
    await expectText(broadcast.target, target.name);
    await expectText(broadcast.target, text(lang, 'broadcast.target.friends', { count: members }));
    await manager.picker.waitFor({ state: 'detached' });
    expect(pageErrors(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  if (lang === 'en') {
    it('comes and goes with the page as the manager navigates in place', async () => {
      const page = track(await openManager(world));
      const errors = consoleErrors(page);
      const manager = new BroadcastListPage(page, lang);
      await manager.launcher.waitFor();
      await expectCount(page.locator(BUTTON_HOST), 0);

      await page.locator('#side-nav').getByRole('link', { name: 'メッセージ配信' }).click();
      await manager.createBroadcast.waitFor();
      await expectCount(page.locator(BUTTON_HOST), 1);

      // The page's own create button still works, and the compose page has no button of ours.
      await page.locator('#host-create').click();
      await page.getByRole('heading', { name: 'メッセージを作成' }).waitFor();
      await expectCount(page.locator(BUTTON_HOST), 0);

      await page.goBack();
      await manager.createBroadcast.waitFor();
      await page.locator('#side-nav').getByRole('link', { name: 'ホーム' }).click();
      await expectCount(page.locator(BUTTON_HOST), 0);
      expect(pageErrors(page)).toEqual([]);
      expect(errors).toEqual([]);
    });

    it('adds nothing and breaks nothing on a broadcast list without a create button', async () => {
      const page = track(await openManager(world, 'broadcast/?replica=no-create-button'));
      const errors = consoleErrors(page);
      const manager = new BroadcastListPage(page, lang);
      await manager.launcher.waitFor(); // the content script runs on this page
      await page.getByRole('table', { name: '配信一覧' }).waitFor();
      await page.waitForTimeout(1500); // a re-render or a late anchor would have shown by now
      await expectCount(page.locator(BUTTON_HOST), 0);
      await expectCount(page.locator(PICKER_HOST).getByRole('dialog'), 0);
      // The rest of the extension is there as ever.
      await manager.openPanel();
      expect(pageErrors(page)).toEqual([]);
      expect(errors).toEqual([]);
    });
  }
}

describe.skipIf(!inject('chromiumPresent'))('"Create Broadcast" on the manager\'s broadcast list (English)', () => scenarios('en'));
describe.skipIf(!inject('chromiumPresent'))('"Create Broadcast" on the manager\'s broadcast list (Japanese)', () => scenarios('ja'));
