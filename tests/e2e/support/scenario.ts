/**
 * Shared pieces of the browser scenarios: the seed's segments, waiting for what the marketer
 * sees, and opening the extension's pages.
 */
import { afterAll, afterEach, beforeAll, expect, type TestContext } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { startWorld, type World } from './world';

/** The seed's combination segment (DESIGN.md, "The segment language"). */
export { REPEAT_BUYERS_OR_CUSTOMERS } from '../../../lib/segment/examples';

/** Waits until the locator's text matches (Playwright's auto-waiting, with vitest's message on failure). */
export async function expectText(locator: Locator, expected: string | RegExp, timeout = 30_000): Promise<void> {
  await expect.poll(async () => (await locator.first().textContent({ timeout: 1_000 }).catch(() => null))?.replace(/\s+/g, ' ').trim(), { timeout, interval: 200 })
    .toMatch(typeof expected === 'string' ? new RegExp(expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) : expected);
}

export async function expectCount(locator: Locator, n: number, timeout = 10_000): Promise<void> {
  await expect.poll(() => locator.count(), { timeout, interval: 200 }).toBe(n);
}

/** A manager page of the e2e account, with the launcher in place. */
export async function openManager(world: World, path = ''): Promise<Page> {
  const page = await world.browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  uncaught.set(page, errors);
  await page.goto(world.managerUrl(path));
  return page;
}

const uncaught = new WeakMap<Page, string[]>();

/** Uncaught errors the page saw (ours would break the host page's scripts). */
export function pageErrors(page: Page): string[] {
  return uncaught.get(page) ?? [];
}

/** An extension page opened in a tab of its own. */
export async function openExtensionPage(world: World, path: string): Promise<Page> {
  const page = await world.browser.context.newPage();
  await page.goto(world.extensionUrl(path));
  return page;
}

/**
 * One world for a describe block: started before its tests (handed to `started`), each test's
 * pages closed after it (screenshots and the sync API's log when it failed), stopped after all.
 * `beforeClose` runs first after each test. Answers `track`, which registers a page to close.
 */
export function worldPerSuite(opts: Parameters<typeof startWorld>[0], started: (world: World) => void,
  beforeClose?: (world: World) => Promise<void>): (page: Page) => Page {
  let world: World | undefined;
  const pages: Page[] = [];
  beforeAll(async () => { world = await startWorld(opts); started(world); });
  afterEach(async (ctx) => {
    if (world) await beforeClose?.(world);
    await closePages(world, pages.splice(0), ctx);
  });
  afterAll(async () => { await world?.dispose(); });
  return (page) => { pages.push(page); return page; };
}

/**
 * Closes a scenario's pages; when it failed, first keeps a screenshot of each (named after the
 * test) and prints the end of the sync API's log, so a failure in CI can be understood.
 */
export async function closePages(world: World | undefined, pages: Page[], ctx: TestContext): Promise<void> {
  if (world && ctx.task.result?.state === 'fail') {
    const name = ctx.task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60).toLowerCase();
    for (const [i, page] of pages.entries()) {
      if (!page.isClosed()) await world.screenshot(page, `failed-${name}-${i}`).catch(() => {});
    }
    console.log(`sync API log (last lines):\n${world.api.output().split('\n').slice(-30).join('\n')}`);
  }
  await Promise.all(pages.map((p) => p.close().catch(() => {})));
}
