import { defineConfig, type UserManifest } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * Firefox's settings (Chromium knows no such key, so they are written for Firefox only). Firefox
 * 140 (desktop, an ESR) and 142 (Android) are the first to read `data_collection_permissions`,
 * which Mozilla asks of every new add-on; they also have the MV3 piece the extension needs,
 * `optional_host_permissions` (since 128, for the sync API's origin) — MDN's browser-compat-data,
 * as addons-linter checks it.
 */
const browserSpecificSettings = {
  gecko: {
    id: 'lumo-segments@lumo-segments',
    strict_min_version: '140.0',
    // Nothing goes to us (the developer) or to a third party: the extension talks only to the
    // sync API the user runs, at the URL they enter (Mozilla's built-in data consent,
    // https://extensionworkshop.com/documentation/develop/firefox-builtin-data-consent/).
    data_collection_permissions: { required: ['none'] },
  },
  gecko_android: { strict_min_version: '142.0' },
};

// https://wxt.dev/api/config.html
export default defineConfig({
  // One promise-based `browser` API for Chrome, Edge and Firefox (webextension-polyfill, aliased
  // to `wxt/browser` at build time; unit tests keep WXT's fake browser for the same import).
  modules: ['@wxt-dev/webextension-polyfill'],
  // MV3 everywhere: Firefox too (WXT's default there is MV2); its background becomes an event
  // page (`background.scripts`), Chromium's a service worker.
  manifestVersion: 3,
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // The host page only; the sync API's origin is asked for at run time (options page).
    host_permissions: ['https://manager.line.biz/*'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // alarms: the outbox's wake-up after Chrome stops the idle service worker (30 s).
    permissions: ['storage', 'tabs', 'alarms'],
    ...(browser === 'firefox' && { browser_specific_settings: browserSpecificSettings as UserManifest['browser_specific_settings'] }),
  }),
});
