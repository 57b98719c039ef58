/**
 * Everything a browser scenario needs, started in one call: the manager.line.biz replica, a fake
 * LINE API that records what it receives, the real sync API on fresh SQLite with the e2e data set,
 * and Chromium with the built extension, configured through its options page as a marketer would.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startFakeLine, type FakeLine } from '../../../server/test/fakes/line/index';
import { insightRoutes, type FakeInsightState } from '../../../server/test/fakes/line/broadcast-insight';
import { otherChannelRoutes, type FakeChannel } from '../../../server/test/fakes/line/channels';
import { startFakeShopify, type FakeShopify } from '../../../server/test/fakes/shopify/index';
import { launchWithExtension, type ExtensionBrowser } from './browser';
import { startManagerReplica, type Replica } from './manager-replica';
import { startSyncApi, type SyncApi } from './sync-api';
import { buildFriends, toNdjson, asSegmentFriends, expectedMembers, type E2eFriend } from './dataset';
import type { Definition, SegmentFriend } from '../../../lib/segment/index';
import type { Segment } from '../../../lib/contract/api';
import type { Language } from '../../../lib/i18n/define';
import { text } from './copy';

export const ACCOUNT = '@e2e-shop';
export const SCREENSHOTS = resolve(import.meta.dirname, '../screenshots');

export interface World {
  replica: Replica;
  line: FakeLine;
  /** LINE's statistics of the broadcasts the fake LINE received (what each unit answers: `setStats`). */
  insight: FakeInsightState;
  /** The fake Shopify, when the world was started with `shopify` (its customers hold friends' LINE user ids). */
  shopify: FakeShopify | null;
  api: SyncApi;
  browser: ExtensionBrowser;
  token: string;
  friends: E2eFriend[];
  /** The friends as lib/segment's evaluator sees them (tag ids resolved). */
  segmentFriends: SegmentFriend[];
  tagIds: Record<string, string>;
  /** The friends lib/segment's evaluator puts in a segment, in the preview's order. */
  expected(definition: Definition): SegmentFriend[];
  /** A segment saved straight through the sync API: the "given" of a scenario. */
  givenSegment(name: string, definition: Definition, folderId?: string | null): Promise<Segment>;
  /** The account's segments as the sync API has them now. */
  segments(): Promise<Segment[]>;
  managerUrl(path?: string): string;
  extensionUrl(page: string): string;
  screenshot(page: Page, name: string): Promise<string>;
  dispose(): Promise<void>;
}

export interface WorldOptions {
  lang?: 'en' | 'ja';
  friends?: number;
  /**
   * Starts a fake Shopify whose customers are the data set's Shopify friends (linked by the
   * default metafield), and imports the friends WITHOUT their Shopify data: it arrives only when
   * Shopify is connected and synced.
   */
  shopify?: boolean;
  /** The sync API's clock can be moved forward (`world.api.advanceClock`). */
  clock?: boolean;
  /** More LINE Official Accounts the fake LINE answers for, by their channel access tokens (not in Lumo yet). */
  lineChannels?: FakeChannel[];
}

export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  // What is started so far, stopped in reverse order if a later step fails (the caller gets no
  // world to dispose, and a sync API left running would outlive the test run).
  const started: (() => Promise<void>)[] = [];
  try {
    return await buildWorld(opts, started);
  } catch (e) {
    for (const stop of started.reverse()) await stop().catch(() => {});
    throw e;
  }
}

async function buildWorld(opts: WorldOptions, started: (() => Promise<void>)[]): Promise<World> {
  const replica = await startManagerReplica();
  started.push(() => replica.close());
  const friends = buildFriends(opts.friends ?? 160);
  const lineToken = 'e2e-line-channel-access-token';
  const stats = insightRoutes({ channelAccessToken: lineToken });
  const line = await startFakeLine({
    channelAccessToken: lineToken,
    extraRoutes: opts.lineChannels?.length
      ? (req, host) => otherChannelRoutes(opts.lineChannels!)(req, host) ?? stats.extraRoutes(req, host)
      : stats.extraRoutes,
    // Friends who blocked the account are no longer followers on LINE's side.
    friends: friends.filter((f) => !f.blockedAt).map((f) => ({ userId: f.lineUserId, displayName: f.displayName })),
    basicId: ACCOUNT,
  });
  started.push(() => line.close());
  let shopify: FakeShopify | null = null;
  if (opts.shopify) {
    shopify = await startFakeShopify({
      customers: friends.flatMap((f, i) => (f.shopify ? [{
        id: 1000 + i, tags: f.shopify.tags, numberOfOrders: f.shopify.purchaseCount,
        lastOrderProcessedAt: f.shopify.lastPurchaseAt, metafields: { 'lumo.line_user_id': f.lineUserId },
      }] : [])),
    });
    started.push(() => shopify!.close());
  }
  const api = await startSyncApi({
    LUMO_LINE_API_URL: line.url, LUMO_LINE_DATA_API_URL: line.dataUrl,
    ...(shopify ? { LUMO_SHOPIFY_API_URL: shopify.url } : {}),
  }, { clock: opts.clock });
  started.push(() => api.dispose());

  const created = await api.call('POST', '/v1/accounts', { id: ACCOUNT, name: 'E2E Shop', timezone: 'Asia/Tokyo' });
  if (created.status !== 201 && created.status !== 200) throw new Error(`create account: ${JSON.stringify(created)}`);
  const token = (await api.call('POST', `/v1/accounts/${ACCOUNT}/tokens`)).body.token as string;
  const imported = await api.call('POST', `/v1/accounts/${ACCOUNT}/friends/import`, undefined, {
    token, raw: toNdjson(opts.shopify ? friends.map((f) => ({ ...f, shopify: null })) : friends), headers: { 'content-type': 'application/x-ndjson' },
  });
  if (imported.status !== 200 || imported.body.rejected.length > 0) throw new Error(`import: ${JSON.stringify(imported.body)}`);
  const connected = await api.call('PUT', `/v1/accounts/${ACCOUNT}/integrations/line`,
    { channelSecret: 'e2e0c0ffee0123456789abcdef012345', channelAccessToken: line.channelAccessToken }, { token });
  if (connected.status >= 300) throw new Error(`connect LINE: ${JSON.stringify(connected.body)}`);
  const tags = (await api.call('GET', `/v1/accounts/${ACCOUNT}/tags`, undefined, { token })).body.items as { id: string; name: string }[];
  const tagIds = Object.fromEntries(tags.map((t) => [t.name, t.id]));

  const browser = await launchWithExtension({ managerPort: replica.port, lang: opts.lang });
  started.push(() => browser.close());
  const world: World = {
    replica, line, insight: stats.insight, shopify, api, browser, token, friends, tagIds,
    segmentFriends: asSegmentFriends(friends, tagIds),
    expected: (definition) => expectedMembers(world.segmentFriends, definition),
    async givenSegment(name, definition, folderId = null) {
      const r = await api.call('POST', `/v1/accounts/${ACCOUNT}/segments`, { name, definition, folderId }, { token });
      if (r.status !== 201 && r.status !== 200) throw new Error(`create segment "${name}": ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as Segment;
    },
    async segments() {
      const r = await api.call('GET', `/v1/accounts/${ACCOUNT}/segments`, undefined, { token });
      if (r.status !== 200) throw new Error(`list segments: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.items as Segment[];
    },
    managerUrl: (path = '') => `https://manager.line.biz/account/${ACCOUNT}/${path}`,
    extensionUrl: (p) => `chrome-extension://${browser.extensionId}/${p}`,
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const file = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
      return file;
    },
    async dispose() {
      await browser.close();
      await api.dispose();
      await line.close();
      await shopify?.close();
      await replica.close();
    },
  };
  await configureExtension(world, opts.lang);
  return world;
}

/** The options page, filled in and saved the way a marketer does it. */
export async function configureExtension(world: World, lang: Language = 'en'): Promise<void> {
  const page = await world.browser.context.newPage();
  await page.goto(world.extensionUrl('options.html'));
  // The first time the page offers sign-in with "Use an API token instead"; once a token is saved
  // it opens on the token form itself.
  const useToken = page.getByRole('button', { name: text(lang, 'options.useToken') });
  const tokenField = page.getByLabel(text(lang, 'options.token'), { exact: true });
  await useToken.or(tokenField).first().waitFor();
  if (await useToken.isVisible()) await useToken.click();
  await page.getByLabel(text(lang, 'options.apiUrl')).fill(world.api.url);
  await page.getByLabel(text(lang, 'options.token'), { exact: true }).fill(world.token);
  await page.getByRole('button', { name: text(lang, 'options.save') }).click();
  // The check names the accounts the token sees; anything else there is the reason it failed.
  const result = page.locator('#check-result');
  try {
    await result.getByText(ACCOUNT).waitFor({ timeout: 20_000 });
  } catch (e) {
    throw new Error(`The options page did not connect to the sync API: "${await result.textContent().catch(() => '?')}"`, { cause: e });
  }
  await page.close();
}
