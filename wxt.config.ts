import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// https://wxt.dev/api/config.html
export default defineConfig({
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: {
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // The host page only; the sync API's origin is asked for at run time (options page).
    host_permissions: ['https://manager.line.biz/*'],
    optional_host_permissions: ['http://*/*', 'https://*/*'],
    // alarms: the outbox's wake-up after Chrome stops the idle service worker (30 s).
    permissions: ['storage', 'tabs', 'alarms'],
  },
});
