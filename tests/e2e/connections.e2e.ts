/**
 * Connections without a terminal (issue 13): in the panel's "Connections" tab a marketer sees
 * LINE's webhook URL, connects Shopify (the local Shopify fake, through the real sync API), watches
 * the first sync finish, and finds Shopify conditions enabled in the editor — which before pointed
 * at "Connect Shopify". In real Chromium on the manager replica.
 */
import { describe, expect, inject, it } from 'vitest';
import { seriousViolations } from './support/a11y';
import { text } from './support/copy';
import { ManagerPage } from './support/pages';
import { expectText, openExtensionPage, openManager, pageErrors, worldPerSuite } from './support/scenario';
import { ACCOUNT, type World } from './support/world';

const t = (key: string, params?: Record<string, string | number>) => text('en', key, params);
const PANEL = '[data-lumo-segments="segment-panel"]';

describe.skipIf(!inject('chromiumPresent'))('connecting services in the panel', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'en', shopify: true }, (w) => { world = w; });

  it('connects Shopify from the editor\'s "Connect Shopify", watches the first sync, and finds its conditions enabled', async () => {
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    const panel = await manager.openPanel();

    // Friends hold no Shopify data yet: the editor shows its properties disabled and the way out.
    const editor = await manager.startNewSegment();
    await editor.name.fill('Shopify buyers');
    const purchaseCount = panel.getByRole('combobox', { name: t('panel.editor.property') }).first().locator('option[value="shopify.purchase_count"]');
    expect(await purchaseCount.isDisabled()).toBe(true);
    await expectText(panel, 'Shopify is not connected: its properties are disabled.');
    await panel.getByRole('button', { name: 'Connect Shopify' }).click();

    // The Connections tab opens on Shopify's section.
    await expect.poll(() => panel.getByRole('tab', { name: 'Connections' }).getAttribute('aria-selected')).toBe('true');
    const shopify = panel.getByRole('region', { name: 'Shopify' });
    await shopify.getByRole('button', { name: 'Connect' }).waitFor();
    const line = panel.getByRole('region', { name: 'LINE' });
    expect(await line.getByRole('textbox', { name: 'Webhook URL' }).inputValue()).toBe(`${world.api.url}/v1/webhooks/line/${ACCOUNT}`);
    await line.getByRole('button', { name: 'Copy' }).waitFor();
    expect(await shopify.getByLabel(t('connections.field.linkField')).inputValue()).toBe('lumo.line_user_id');
    await world.screenshot(page, 'en-connections');
    expect(await seriousViolations(page, PANEL)).toEqual([]);

    // A shop that is not a myshopify.com domain is refused next to the field, nothing sent.
    await shopify.getByLabel(t('connections.field.shop')).fill('my-shop.example.com');
    await shopify.getByLabel(t('connections.field.accessToken.shopify')).fill(world.shopify!.accessToken);
    await shopify.getByRole('button', { name: 'Connect' }).click();
    await expectText(shopify, t('connections.error.shop'));
    expect((await world.api.call('GET', `/v1/accounts/${ACCOUNT}/integrations/shopify`, undefined, { token: world.token })).body.connected).toBe(false);

    // A token Shopify refuses: said next to the token field, nothing saved.
    await shopify.getByLabel(t('connections.field.shop')).fill(world.shopify!.shop);
    await shopify.getByLabel(t('connections.field.accessToken.shopify')).fill('shpat_not_the_right_one');
    await shopify.getByRole('button', { name: 'Connect' }).click();
    await expectText(shopify, t('connections.error.rejected', { service: 'Shopify' }));
    expect((await world.api.call('GET', `/v1/accounts/${ACCOUNT}/integrations/shopify`, undefined, { token: world.token })).body.connected).toBe(false);

    await shopify.getByLabel(t('connections.field.accessToken.shopify')).fill(world.shopify!.accessToken);
    await shopify.getByRole('button', { name: 'Connect' }).click();
    // The first sync runs and finishes: what it found is shown, in the marketer's words.
    const records = world.shopify!.customers.length;
    await expectText(shopify, new RegExp(`\\d+ of ${records} records linked to friends`), 45_000);
    await expectText(shopify.locator('.lumo-conn__status'), 'Connected');
    await shopify.getByRole('button', { name: 'Sync now' }).waitFor();
    await world.screenshot(page, 'en-connections-shopify-synced');

    // Back in the editor, Shopify's conditions are enabled.
    await panel.getByRole('tab', { name: 'Segments' }).click();
    await expect.poll(() => purchaseCount.isDisabled(), { timeout: 15_000 }).toBe(false);
    expect(await panel.getByRole('button', { name: 'Connect Shopify' }).count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });

  it('is keyboard-reachable: arrow keys move between tabs, Tab reaches the forms', async () => {
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    const panel = await manager.openPanel();
    await panel.getByRole('tab', { name: 'Segments' }).focus();
    // Arrow keys walk the tabs (other views may sit between Segments and Connections).
    const connections = panel.getByRole('tab', { name: 'Connections' });
    for (let i = 0; i < 6 && (await connections.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => connections.getAttribute('aria-selected')).toBe('true');
    expect(await connections.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    await panel.getByRole('region', { name: 'LINE' }).waitFor();
    // From the selected tab, Tab goes into the view (its controls are reachable in order).
    for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      return el?.closest('[role="tabpanel"]') !== null;
    });
    expect(focused).toBe(true);
  });

  it('shows Connections in Japanese', async () => {
    const options = track(await openExtensionPage(world, 'options.html'));
    await options.getByLabel(text('en', 'options.language')).selectOption('ja');
    await options.getByText(text('en', 'options.languageSaved')).or(options.getByText(text('ja', 'options.languageSaved'))).first().waitFor();
    const page = track(await openManager(world));
    const manager = new ManagerPage(page, 'ja');
    const panel = await manager.openPanel();
    await panel.getByRole('tab', { name: text('ja', 'connections.tab') }).click();
    const line = panel.getByRole('region', { name: 'LINE' });
    await line.getByRole('button', { name: text('ja', 'connections.copy') }).waitFor();
    await expectText(panel.getByRole('region', { name: 'Shopify' }), text('ja', 'connections.status.idle'));
    await world.screenshot(page, 'ja-connections');
    expect(await seriousViolations(page, PANEL)).toEqual([]);
    await options.getByLabel(text('ja', 'options.language')).selectOption('auto');
  });
});
