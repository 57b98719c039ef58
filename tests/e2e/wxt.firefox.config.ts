/**
 * The Firefox build as tests/e2e/firefox.e2e.ts checks it: the project's own configuration, built
 * into a folder of its own (.output/test-firefox-mv3) so a `npm run build:firefox` meanwhile never
 * swaps files under the test. Nothing else differs.
 */
import { defineConfig } from 'wxt';
import base from '../../wxt.config';

export default defineConfig({ ...base, outDirTemplate: 'test-{{browser}}-mv{{manifestVersion}}' });
