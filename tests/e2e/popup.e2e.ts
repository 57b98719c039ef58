/**
 * The popup's promise (DESIGN.md, "The extension"; issue 9): the account's segments with their
 * cached counts at once — also when the sync API is down and the browser has stopped the
 * background worker, which is when a marketer most needs the last known figures.
 */
import { describe, inject, it } from 'vitest';
import { pattern, text } from './support/copy';
import { ManagerPage, PopupPage } from './support/pages';
import { REPEAT_BUYERS_OR_CUSTOMERS, expectText, openExtensionPage, openManager, worldPerSuite } from './support/scenario';
import type { World } from './support/world';

describe.skipIf(!inject('chromiumPresent'))('the popup', () => {
  let world: World;
  const track = worldPerSuite({}, (w) => { world = w; });

  it('shows the cached counts while the sync API is down and the worker was stopped', async () => {
    const segment = await world.givenSegment('Popup offline: repeat buyers or customers', REPEAT_BUYERS_OR_CUSTOMERS);
    const friends = text('en', 'popup.friends', { count: world.expected(REPEAT_BUYERS_OR_CUSTOMERS).length });
    // The popup opens on the account of the manager page used last.
    const manager = new ManagerPage(track(await openManager(world)));
    await manager.launcher.waitFor();
    // Counted once while the API is up: the background's cache holds the count.
    const first = track(await openExtensionPage(world, 'popup.html'));
    await expectText(new PopupPage(first).count(segment.name), friends);
    await first.close();

    await world.api.stop();
    await world.browser.stopServiceWorker();
    const page = track(await openExtensionPage(world, 'popup.html'));
    const popup = new PopupPage(page);
    // Well before the background gives up on the API (its retries take longer than this).
    await expectText(popup.count(segment.name), friends, 5_000);
    // The background, woken by the popup, answers from the same cache: the count stays.
    await page.waitForTimeout(3_000);
    await expectText(popup.count(segment.name), friends, 1_000);
    // And once its refresh behind the cache has failed, the popup says the counts are the last known.
    await expectText(page.getByRole('status'), pattern('en', 'popup.offline'), 30_000);
    await expectText(popup.count(segment.name), friends, 1_000);
  }, 120_000);
});
