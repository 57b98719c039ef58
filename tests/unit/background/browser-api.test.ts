import { expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// The builds point `wxt/browser` at webextension-polyfill (wxt.config.ts); that alias must not
// reach the unit tests, where the polyfill would throw ("only be loaded in a browser extension")
// and every test of the background, options and popup would stop at its import.
it('gives the unit tests WXT\'s fake browser for the `browser` the code imports', async () => {
  expect(browser).toBe(fakeBrowser);
  await browser.storage.local.set({ probe: 1 });
  expect(await fakeBrowser.storage.local.get('probe')).toEqual({ probe: 1 });
});
