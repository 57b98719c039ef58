/**
 * Real headless Chromium (Debian's /usr/bin/chromium) with the built extension loaded, driven by
 * playwright-core. manager.line.biz is mapped to the local replica, so the extension's real match
 * patterns are exercised over HTTPS.
 */
import { execFileSync } from 'node:child_process';
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

/** Builds the extension as the browser tests load it (tests/e2e/wxt.e2e.config.ts). */
export function buildExtension(): void {
  execFileSync('npx', ['wxt', 'build', '-c', 'tests/e2e/wxt.e2e.config.ts'], { stdio: 'inherit', cwd: resolve(import.meta.dirname, '../../..') });
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker(): Promise<Worker>;
  /**
   * Stops the extension's service worker as Chrome does after 30 s idle (CDP
   * ServiceWorker.stopAllWorkers from one of the extension's own pages), and waits until it is
   * stopped. The next event (a message, an alarm) starts it again.
   */
  stopServiceWorker(): Promise<void>;
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
      // The browser's own language list, as a Japanese user's Chrome has it: navigator.language
      // is right in every page from its first script, also in windows the extension opens (the
      // \`locale\` emulation above reaches a new window only once Playwright has attached to it; a
      // broadcast window once rendered in English under load).
      `--accept-lang=${lang === 'ja' ? 'ja,en-US' : 'en-US,en'}`,
    ],
  });
  const serviceWorker = async () => {
    const existing = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
    return existing ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
  };
  const sw = await serviceWorker();
  const extensionId = new URL(sw.url()).host;
  const stopServiceWorker = async () => {
    // A CDP session on a page of the extension's origin reaches the extension's worker.
    const page = await context.newPage();
    try {
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      const cdp = await context.newCDPSession(page);
      const stopped = new Promise<void>((resolve) => {
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.runningStatus === 'stopped')) resolve();
        });
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped;
      await cdp.detach();
    } finally {
      await page.close();
    }
  };
  return {
    context,
    extensionId,
    serviceWorker,
    stopServiceWorker,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
