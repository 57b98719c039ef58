/**
 * The extension as the browser tests load it: the project's own configuration, built into a
 * folder of its own (.output/e2e-chrome-mv3), so a `wxt build` or `wxt dev` run meanwhile never
 * swaps files under a running test.
 *
 * One difference, and only one: the local sync API's origin (127.0.0.1, any port) is granted at
 * install. The options page asks for the API's origin with chrome.permissions.request, and
 * Chromium answers that with a prompt in its own window chrome, which no automation can click
 * (microsoft/playwright#32755). An origin already granted makes request() resolve true at once, so
 * the options page's save-and-check flow still runs exactly as a marketer's does.
 */
import { defineConfig, type UserManifest } from 'wxt';
import base from '../../wxt.config';

type ManifestEnv = Parameters<Extract<typeof base.manifest, (...args: never[]) => unknown>>[0];

export default defineConfig({
  ...base,
  outDirTemplate: 'e2e-{{browser}}-mv{{manifestVersion}}',
  manifest: async (env: ManifestEnv) => {
    const manifest: UserManifest = typeof base.manifest === 'function' ? await base.manifest(env) : (base.manifest ?? {});
    return { ...manifest, host_permissions: [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'] };
  },
});
