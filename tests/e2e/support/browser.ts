/**
 * Real headless Chromium (Debian's /usr/bin/chromium) with the built extension loaded, driven by
 * playwright-core. manager.line.biz is mapped to the local replica, so the extension's real match
 * patterns are exercised over HTTPS.
 */
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const CHROMIUM = process.env.LUMO_CHROMIUM ?? '/usr/bin/chromium';
/** Built by global-setup with tests/e2e/wxt.e2e.config.ts (which says how it differs). */
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/e2e-chrome-mv3');

export function chromiumPresent(): boolean {
  return existsSync(CHROMIUM);
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  close(): Promise<void>;
}

export async function launchWithExtension(opts: { managerPort: number; lang?: 'en' | 'ja' }): Promise<ExtensionBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'lumo-e2e-profile-'));
  const lang = opts.lang ?? 'en';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreHTTPSErrors: true,
    locale: lang === 'ja' ? 'ja-JP' : 'en-US',
    viewport: { width: 1440, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=MAP manager.line.biz 127.0.0.1:${opts.managerPort}`,
      `--lang=${lang === 'ja' ? 'ja' : 'en-US'}`,
    ],
  });
  const serviceWorker = async () => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };
  const sw = await serviceWorker();
  const extensionId = new URL(sw.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
