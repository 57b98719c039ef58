/**
 * Broadcast results in real Chromium with the built extension. Two segments get a broadcast each
 * through the sync API (delivered to the fake LINE, each multicast carrying its unit); the fake
 * LINE then holds statistics for those units, and the sync API's clock is moved forward so its
 * own statistics job reads them an hour, a day and three days after sending — the results the
 * extension shows come from that job, never from the test. Then: the segment's broadcast history
 * (sent, open rate, click rate, top links, the chart), "fewer than 20" where LINE said null,
 * "Refresh results", the segments compared, and the broadcast window's last results beside the
 * composer. In English and Japanese, screenshotted and axe-checked.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { seriousViolations } from './support/a11y';
import { text } from './support/copy';
import { BroadcastPage, ManagerPage } from './support/pages';
import { expectText, openExtensionPage, openManager, pageErrors, worldPerSuite } from './support/scenario';
import { ACCOUNT, type World } from './support/world';
import { BROADCAST_WINDOW } from '../../entrypoints/background/broadcast-window';
import { unitFor } from '../../server/src/broadcasts/results/units';
import { formatRate } from '../../components/results/format';
import type { FakeStats } from '../../server/test/fakes/line/broadcast-insight';
import type { BroadcastResults } from '../../lib/contract/results';
import type { Definition } from '../../lib/segment/index';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const SALE = 'https://shop.example.com/spring-sale';
const COUPON = 'https://shop.example.com/coupon';

/** LINE's statistics of a unit: `opened` and `clicked` people (null: fewer than 20), clicks per link. */
function stats(opened: number | null, clicked: number | null, links: [string, number | null][] = []): FakeStats {
  return {
    overview: { uniqueImpression: opened, uniqueClick: clicked, uniqueMediaPlayed: null, uniqueMediaPlayed100Percent: null },
    clicks: links.map(([url, click], i) => ({ seq: i + 1, url, click, uniqueClick: click, uniqueClickOfRequest: click })),
  };
}

for (const lang of ['en', 'ja'] as const) {
  const t = (key: string, params?: Record<string, string | number>) => text(lang, key, params);
  const rate = (r: number | null) => formatRate(r, t('results.fewerThan20'), lang);

  describe.skipIf(!inject('chromiumPresent'))(`broadcast results (${lang})`, () => {
    let world: World;
    const track = worldPerSuite({ lang, clock: true }, (w) => { world = w; });

    async function broadcastTo(segmentId: string, message: string): Promise<{ id: string; sent: number }> {
      const created = await world.api.call('POST', `/v1/accounts/${ACCOUNT}/broadcasts`,
        { segmentId, messages: [{ type: 'text', text: message }] }, { token: world.token, headers: { 'idempotency-key': crypto.randomUUID() } });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const id = created.body.id as string;
      let b: any;
      await expect.poll(async () => (b = (await world.api.call('GET', `/v1/accounts/${ACCOUNT}/broadcasts/${id}`, undefined, { token: world.token })).body).status,
        { timeout: 60_000, interval: 250 }).toBe('sent');
      return { id, sent: b.sent as number };
    }

    const results = async (id: string) =>
      (await world.api.call<BroadcastResults>('GET', `/v1/accounts/${ACCOUNT}/broadcasts/${id}/results`, undefined, { token: world.token })).body;

    /** Moves the sync API's clock and waits for its statistics job to have read every broadcast `reads` times. */
    async function laterReads(ms: number, ids: string[], reads: number): Promise<void> {
      await world.api.advanceClock(ms);
      for (const id of ids) {
        await expect.poll(async () => (await results(id)).history.length, { timeout: 30_000, interval: 250 }).toBe(reads);
      }
    }

    /** The value beside a label in a results block ("Open rate" → "62.5%"). */
    const figure = (block: Locator, key: string) => block.locator('.lumo-results__figures > div')
      .filter({ has: block.page().locator('dt').filter({ hasText: new RegExp(`^${t(key)}$`) }) }).locator('dd');

    it('shows what LINE counted, read by the sync API over the days after sending: history, chart, nulls, refresh, comparison, last results', async () => {
      const vip: Definition = { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [world.tagIds.VIP!] }] }] };
      const others: Definition = { groups: [{ conditions: [{ property: 'tag', operator: 'contains_none', value: [world.tagIds.VIP!] }] }] };
      const othersName = lang === 'en' ? 'Results: everyone but VIP' : '結果：VIP以外';
      const vipName = lang === 'en' ? 'Results: VIP' : '結果：VIP';
      const [a, b] = [await world.givenSegment(othersName, others), await world.givenSegment(vipName, vip)];
      expect(world.expected(others).length).toBeGreaterThanOrEqual(40);
      expect(world.expected(vip).length).toBeGreaterThanOrEqual(20);

      const bcA = await broadcastTo(a.id, lang === 'en' ? `Spring sale: ${SALE}` : `春のセール：${SALE}`);
      const bcB = await broadcastTo(b.id, lang === 'en' ? 'VIP night' : 'VIP限定ナイト');
      expect(bcA.sent).toBe(world.expected(others).length);
      const [unitA, unitB] = [unitFor(bcA.id), unitFor(bcB.id)];
      // Every multicast request of a broadcast carried its one unit.
      const unitsSent = world.line.received.multicast.map((m) => m.body.customAggregationUnits);
      expect(unitsSent.length).toBeGreaterThan(0);
      expect(new Set(unitsSent.map((u) => JSON.stringify(u)))).toEqual(new Set([JSON.stringify([unitA]), JSON.stringify([unitB])]));

      const sA = bcA.sent;
      const open = (share: number) => Math.floor(sA * share);
      // An hour after sending: opens, but clicks still under 20 (LINE: null).
      world.insight.setStats(unitA, stats(open(0.4), null, [[SALE, null]]));
      world.insight.setStats(unitB, stats(20, null));
      await laterReads(HOUR + 60_000, [bcA.id, bcB.id], 1);
      world.insight.setStats(unitA, stats(open(0.55), 21, [[SALE, 24], [COUPON, null]]));
      world.insight.setStats(unitB, stats(21, null));
      await laterReads(DAY, [bcA.id, bcB.id], 2);
      world.insight.setStats(unitA, stats(open(0.6), 23, [[SALE, 29], [COUPON, null]]));
      await laterReads(2 * DAY, [bcA.id, bcB.id], 3);
      const readA = await results(bcA.id);
      expect(readA.uniqueImpressions).toBe(open(0.6));
      expect((await results(bcB.id)).uniqueClicks).toBeNull();

      // The segment's broadcast history in the panel.
      const page = track(await openManager(world));
      const manager = new ManagerPage(page, lang);
      const panel = await manager.openPanel();
      const editor = await manager.openSegment(othersName);
      const item = editor.preview.locator('.bc-history__item').first();
      await expectText(figure(item, 'results.openRate'), rate(open(0.6) / sA));
      await expectText(figure(item, 'results.sent'), new Intl.NumberFormat(lang).format(sA));
      await expectText(figure(item, 'results.clickRate'), rate(23 / sA));
      const links = item.locator('.lumo-results__links li');
      await expectText(links.nth(0), `${SALE} ${t('results.linkClicks', { count: 29 })}`);
      await expectText(links.nth(1), `${COUPON} ${t('results.fewerThan20')}`);
      // The chart: opens at each of the 3 reads, clicks only where LINE gave a number (2).
      const chart = item.getByRole('img', { name: t('results.chartSummary', { days: 4, opens: open(0.6), clicks: 23 }) });
      await chart.waitFor();
      const points = async (kind: string) => ((await chart.locator(`polyline.lumo-results__line--${kind}`).getAttribute('points')) ?? '').trim().split(/\s+/).length;
      expect(await points('opens')).toBe(3);
      expect(await points('clicks')).toBe(2);
      await chart.scrollIntoViewIfNeeded();
      await world.screenshot(page, `${lang}-results-history`);
      expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

      // Refresh reads LINE now (one of the hour's 60 calls) and shows the new numbers.
      world.insight.setStats(unitA, stats(open(0.62), 26, [[SALE, 33], [COUPON, 20]]));
      const callsBefore = world.insight.calls.length;
      await item.getByRole('button', { name: t('results.refresh'), exact: true }).click();
      await expectText(figure(item, 'results.openRate'), rate(open(0.62) / sA));
      await expectText(figure(item, 'results.clickRate'), rate(26 / sA));
      await expectText(links.nth(1), `${COUPON} ${t('results.linkClicks', { count: 20 })}`);
      expect(world.insight.calls.length).toBe(callsBefore + 1);
      expect((await results(bcA.id)).history).toHaveLength(4);

      // The segments compared: best open rate first; LINE's null click rate is "fewer than 20".
      await panel.getByRole('tab', { name: t('results.tab'), exact: true }).click();
      const table = panel.getByRole('table', { name: t('results.compareCaption') });
      const rows = table.getByRole('row');
      await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(3);
      const cells = async (n: number) => (await rows.nth(n).locator('th, td').allTextContents()).map((s) => s.trim());
      expect(await cells(1)).toEqual([othersName, '1', new Intl.NumberFormat(lang).format(sA), rate(open(0.62) / sA), rate(26 / sA)]);
      expect(await cells(2)).toEqual([vipName, '1', new Intl.NumberFormat(lang).format(bcB.sent), rate(21 / bcB.sent), t('results.fewerThan20')]);
      await world.screenshot(page, `${lang}-results-compare`);
      expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);
      expect(pageErrors(page)).toEqual([]);

      // The broadcast window: the segment's last broadcast beside the composer.
      const win = track(await openExtensionPage(world, `broadcast.html?account=${encodeURIComponent(ACCOUNT)}&segment=${encodeURIComponent(b.id)}`));
      await win.setViewportSize({ width: BROADCAST_WINDOW.width, height: BROADCAST_WINDOW.height });
      const composer = new BroadcastPage(win, lang);
      await composer.firstText.waitFor();
      const last = win.getByRole('region', { name: t('results.lastBroadcast') });
      await expectText(figure(last, 'results.openRate'), rate(21 / bcB.sent));
      await expectText(figure(last, 'results.clickRate'), t('results.fewerThan20'));
      await expectText(figure(last, 'results.clicked'), t('results.fewerThan20'));
      await world.screenshot(win, `${lang}-results-last-broadcast`);
      expect(await seriousViolations(win)).toEqual([]);
    });
  });
}
