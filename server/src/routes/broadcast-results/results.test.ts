/**
 * Broadcast results end to end: a broadcast sent through the job runner and @line/bot-sdk to the
 * fake LINE (with its statistics endpoints and unit counter), LINE's statistics read back by the
 * `broadcast.results` job and by "Refresh", on real SQLite and PostgreSQL, with a hand-moved clock.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { manualClock, useTestApp } from '../../../test/app';
import { startFakeLineInsight, type FakeLineInsight } from '../../../test/fakes/line/broadcast-insight';
import { seedSegment, TEXT, useFakeLine } from '../../broadcasts/testing/fixtures';
import { configureResults, DEFAULT_RESULTS, type ResultsSettings } from '../../broadcasts/results/settings';
import { broadcastSettings, type BroadcastSettings } from '../../broadcasts/settings';
import { assignUnit } from '../../broadcasts/results/units';
import { createJobs } from '../../jobs/runner';
import type { BroadcastResults } from '../../../../lib/contract/results';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = any;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

forEachStore('broadcast results', (ctx) => {
  const clock = manualClock();
  const t = useTestApp(ctx, { clock });
  const fakes: FakeLineInsight[] = [];
  afterEach(async () => { await Promise.all(fakes.splice(0).map((f) => f.close())); });

  async function setup(members: number, opts: { settings?: Partial<BroadcastSettings>; results?: Partial<ResultsSettings>; unitsPerMonth?: number } = {}) {
    const fake = await startFakeLineInsight({ now: () => clock.now(), unitsPerMonth: opts.unitsPerMonth });
    fakes.push(fake);
    const acct = await t.account();
    useFakeLine(t.deps, acct.id, fake, opts.settings);
    configureResults(t.deps, { ...DEFAULT_RESULTS, ...opts.results });
    const seg = await seedSegment(t.deps, acct.id, { members });
    const auth = { token: acct.token };
    const s = {
      fake, acct, seg,
      /** Records a broadcast to the segment and (unless `drain: false`) lets the runner send it. */
      async send(o: { drain?: boolean } = {}): Promise<string> {
        const r = await t.json<Answer>('POST', `${acct.base}/broadcasts`, {
          ...auth, json: { segmentId: seg.segmentId, messages: TEXT }, headers: { 'idempotency-key': randomUUID() },
        });
        expect(r.status).toBe(201);
        if (o.drain !== false) await s.drain();
        return r.body.id as string;
      },
      results: async (id: string) => (await t.json<BroadcastResults>('GET', `${acct.base}/broadcasts/${id}/results`, auth)).body,
      refresh: (id: string) => t.json<Answer>('POST', `${acct.base}/broadcasts/${id}/results/refresh`, auth),
      drain: () => t.deps.jobs.drain(t.deps, 1000),
      /** Moves the clock and runs what became due. */
      async advance(ms: number) { clock.advance(ms); await s.drain(); },
      multicastUnits: () => fake.line.received.requests
        .filter((r) => r.method === 'POST' && r.path === '/v2/bot/message/multicast')
        .map((r) => (r.body as { customAggregationUnits?: string[] }).customAggregationUnits),
    };
    return s;
  }

  describe('aggregation units', () => {
    it('every multicast request of a broadcast carries the same unit, one unit per broadcast', async () => {
      const s = await setup(1201);
      const first = await s.send();
      const second = await s.send();
      const units = s.multicastUnits();
      expect(units).toHaveLength(6); // 3 batches of ≤500, twice
      expect(units.every((u) => Array.isArray(u) && u.length === 1 && /^[A-Za-z0-9_]{1,30}$/.test(u[0]!))).toBe(true);
      expect(new Set(units.slice(0, 3).map((u) => u![0])).size).toBe(1);
      expect(new Set(units.slice(3).map((u) => u![0])).size).toBe(1);
      expect(units[0]![0]).not.toBe(units[3]![0]);
      // LINE counted both units, and their recipients are the broadcasts' recipients.
      expect(s.fake.insight.unitsUsedThisMonth()).toBe(2);
      expect(s.fake.insight.units.get(units[0]![0]!)!.recipients.size).toBe(1201);
      expect((await s.results(first)).sent).toBe(1201);
      expect((await s.results(second)).sent).toBe(1201);
    });

    it('past the month\'s units (counted here and by LINE) a broadcast goes without one and its results say why', async () => {
      const s = await setup(25, { results: { unitsPerMonth: 2 }, unitsPerMonth: 2 });
      // Another tool on the channel used one unit this month: LINE's count says so.
      s.fake.insight.noteMulticast({ to: ['U' + '1'.repeat(32)], customAggregationUnits: ['other_tool'] });
      const withUnit = await s.send();
      const without = await s.send();
      const units = s.multicastUnits();
      expect(units[0]).toHaveLength(1);
      expect(units[1]).toBeUndefined();
      expect(s.fake.state.deliveries()).toHaveLength(50); // both were sent
      const r = await s.results(without);
      expect(r).toMatchObject({ final: true, uniqueImpressions: null, openRate: null, reason: { code: 'unit_limit' } });
      expect(r.reason!.message).toMatch(/1,000|2 units|units/);
      expect((await s.results(withUnit)).reason?.code).toBe('not_sent_yet'); // waiting for its first read
    });

    it('the month\'s last units go to exactly as many broadcasts, however many ask at the same moment', async () => {
      const s = await setup(25, { results: { unitsPerMonth: 4 }, unitsPerMonth: 4 });
      await s.send(); // one unit used: three left
      const gateway = (await broadcastSettings(t.deps).gateway(s.acct.id))!;
      // Each asks LINE for its count between reading ours and taking a unit: the window a race needs.
      const units = await Promise.all(Array.from({ length: 10 }, (_, i) =>
        assignUnit(t.deps, { accountId: s.acct.id, id: `bc_race_${i}` }, gateway, 25)));
      expect(units.filter((u) => u !== null)).toHaveLength(3);
      // Asking again for a broadcast that has its answer gives the same answer and takes nothing.
      expect(await assignUnit(t.deps, { accountId: s.acct.id, id: 'bc_race_0' }, gateway, 25)).toBe(units[0]);
      expect(await assignUnit(t.deps, { accountId: s.acct.id, id: 'bc_race_late' }, gateway, 25)).toBeNull();
    });

    it('broadcasts sent concurrently (two runners) never take more than the month\'s units: LINE drops none', async () => {
      const s = await setup(25, { results: { unitsPerMonth: 3 }, unitsPerMonth: 3 });
      await s.send();
      const ids: string[] = [];
      for (let i = 0; i < 6; i++) ids.push(await s.send({ drain: false }));
      // A second instance's runner over the same store, both running their jobs at once.
      const other = createJobs({ store: t.deps.store, clock, logger: t.deps.logger, concurrency: 3 });
      await Promise.all([s.drain(), other.drain(t.deps, 1000)]);
      const results = await Promise.all(ids.map((id) => s.results(id)));
      expect(results.every((r) => r.sent === 25)).toBe(true);
      expect(results.filter((r) => r.reason?.code === 'unit_limit')).toHaveLength(4);
      expect(s.fake.insight.unitsUsedThisMonth()).toBe(3);
      expect(s.fake.insight.droppedUnits).toEqual([]);
    });

    it('fewer than 20 recipients: no unit, no statistics calls, and the results say why they stay empty', async () => {
      const s = await setup(19);
      const id = await s.send();
      expect(s.multicastUnits()).toEqual([undefined]);
      await s.advance(2 * HOUR);
      expect(s.fake.insight.calls).toHaveLength(0);
      const r = await s.results(id);
      expect(r).toMatchObject({ sent: 19, final: true, uniqueImpressions: null, uniqueClicks: null, reason: { code: 'too_few_recipients' } });
      const refreshed = await s.refresh(id);
      expect(refreshed.status).toBe(200);
      expect(s.fake.insight.calls).toHaveLength(0);
    });
  });

  describe('reading LINE', () => {
    it('results appear after the first read, an hour after sending, with their history', async () => {
      const s = await setup(100);
      const id = await s.send();
      const before = await s.results(id);
      expect(before).toMatchObject({ sent: 100, uniqueImpressions: null, updatedAt: null, final: false, history: [] });
      expect(before.reason?.code).toBe('not_sent_yet');

      await s.advance(HOUR - 60_000);
      expect(s.fake.insight.calls).toHaveLength(0);
      await s.advance(60_000);
      expect(s.fake.insight.calls).toHaveLength(1);
      expect(s.fake.insight.calls[0]).toMatchObject({ path: '/v2/bot/insight/message/event/aggregation', key: s.multicastUnits()[0]![0], status: 200 });

      const r = await s.results(id);
      expect(r).toMatchObject({
        sent: 100, uniqueImpressions: 60, uniqueClicks: 20, openRate: 0.6, clickRate: 0.2, final: false, reason: null,
        clicks: [{ url: 'https://shop.example.com/sale', clicks: 30, uniqueClicks: 20 }],
      });
      expect(r.updatedAt).toBe(new Date(clock.now()).toISOString());
      expect(r.history).toHaveLength(1);

      s.fake.insight.setStats(s.multicastUnits()[0]![0]!, {
        overview: { uniqueImpression: 75, uniqueClick: 31 },
        clicks: [
          { seq: 1, url: 'https://shop.example.com/sale', click: 40, uniqueClick: 25, uniqueClickOfRequest: 28 },
          { seq: 2, url: 'https://shop.example.com/sale', click: 12, uniqueClick: null, uniqueClickOfRequest: 28 },
          { seq: 2, url: 'https://shop.example.com/new', click: 45, uniqueClick: 30, uniqueClickOfRequest: 30 },
        ],
      });
      await s.advance(HOUR);
      const later = await s.results(id);
      expect(later.history.map((p) => p.uniqueImpressions)).toEqual([60, 75]);
      expect(later.clicks).toEqual([
        { url: 'https://shop.example.com/sale', clicks: 52, uniqueClicks: 28 },
        { url: 'https://shop.example.com/new', clicks: 45, uniqueClicks: 30 },
      ]);
    });

    it('LINE\'s nulls (fewer than 20) stay null — never 0 — in the results, the rates, the links and the history', async () => {
      const s = await setup(40);
      const id = await s.send();
      s.fake.insight.setStats(s.multicastUnits()[0]![0]!, {
        overview: { uniqueImpression: null, uniqueClick: null },
        clicks: [{ seq: 1, url: 'https://shop.example.com/sale', click: null, uniqueClick: null, uniqueClickOfRequest: null }],
      });
      await s.advance(HOUR);
      const r = await s.results(id);
      expect(r).toMatchObject({ uniqueImpressions: null, uniqueClicks: null, openRate: null, clickRate: null, reason: null });
      expect(r.clicks).toEqual([{ url: 'https://shop.example.com/sale', clicks: null, uniqueClicks: null }]);
      expect(r.history).toEqual([{ at: expect.any(String), uniqueImpressions: null, uniqueClicks: null }]);
      expect(r.updatedAt).not.toBeNull();
    });

    it('a narrowcast is read by its request id', async () => {
      const s = await setup(30, { settings: { narrowcastThreshold: 25 } });
      const id = await s.send();
      const requestId = s.fake.state.accepted.find((a) => a.kind === 'narrowcast')!.requestId;
      await s.advance(HOUR);
      expect(s.fake.insight.calls).toEqual([expect.objectContaining({ path: '/v2/bot/insight/message/event', key: requestId, status: 200 })]);
      expect(await s.results(id)).toMatchObject({ sent: 30, uniqueImpressions: null, uniqueClicks: null, reason: null }); // 18 and 6: under 20
      s.fake.insight.setStats(requestId, { overview: { uniqueImpression: 24, uniqueClick: null }, clicks: [] });
      const r = await s.refresh(id);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ uniqueImpressions: 24, openRate: 0.8, uniqueClicks: null, clickRate: null });
    });

    it('LINE\'s 400 for a unit it does not know: the results say so and it is asked again later', async () => {
      const s = await setup(50);
      const id = await s.send();
      s.fake.insight.units.clear();
      await s.advance(HOUR);
      const r = await s.results(id);
      expect(r.reason?.code).toBe('unit_unknown');
      expect(r.uniqueImpressions).toBeNull();
      expect(r.final).toBe(false);
      expect(Date.parse(r.nextReadAt!)).toBe(clock.now() + HOUR);
    });

    it('14 days after sending the last read makes the results final, and nothing reads them again', async () => {
      const s = await setup(60);
      const id = await s.send();
      // Step by the read rhythm: hourly the first day, 6-hourly to day 3, daily to past day 14.
      for (let i = 0; i < 24; i++) await s.advance(HOUR);
      for (let i = 0; i < 8; i++) await s.advance(6 * HOUR);
      for (let i = 0; i < 13; i++) await s.advance(DAY);
      const calls = s.fake.insight.calls.length;
      const r = await s.results(id);
      expect(r.final).toBe(true);
      expect(r.nextReadAt).toBeNull();
      // hourly the first day, every 6 h to day 3, daily after: 24 + 8 + 11 reads, then the final one
      expect(calls).toBeGreaterThanOrEqual(42);
      expect(calls).toBeLessThanOrEqual(45);
      expect(r.history).toHaveLength(calls);
      await s.advance(5 * DAY);
      expect(s.fake.insight.calls.length).toBe(calls);
      const refreshed = await s.refresh(id);
      expect(refreshed.status).toBe(200);
      expect(s.fake.insight.calls.length).toBe(calls);
    }, 120_000);
  });

  describe('the channel\'s 60 calls an hour', () => {
    it('200 broadcasts: never more than 60 calls in any hour, oldest-read first, every one read, all final after 14 days', async () => {
      const s = await setup(20);
      const ids: string[] = [];
      for (let i = 0; i < 200; i++) ids.push(await s.send({ drain: false }));
      await s.drain();
      // Eight hours in 15-minute steps, then past the 14 days.
      for (let step = 0; step < 8 * 4; step++) await s.advance(15 * 60_000);
      const calls = s.fake.insight.calls;
      expect(calls.every((c) => c.status === 200)).toBe(true); // LINE never had to say 429
      for (const c of calls) expect(s.fake.insight.callsInHourBefore(c.at)).toBeLessThanOrEqual(60 - DEFAULT_RESULTS.reserveForRefresh);
      // Every broadcast got its first read within 200 / 50 = 4 hours (+1 for the first hour).
      const firstRead = new Map<string, number>();
      for (const c of calls) if (!firstRead.has(c.key)) firstRead.set(c.key, c.at);
      expect(firstRead.size).toBe(200);
      const sentAt = clock.now() - 8 * HOUR;
      expect(Math.max(...firstRead.values()) - sentAt).toBeLessThanOrEqual(5 * HOUR + 15 * 60_000);
      // Oldest-read first: every broadcast is read once before any is read twice.
      expect(new Set(calls.slice(0, 200).map((c) => c.key)).size).toBe(200);
      expect(calls.length).toBeGreaterThan(300);
      clock.advance(14 * DAY);
      // 200 last reads at 50 an hour: four hours and a bit.
      for (let step = 0; step < 6; step++) await s.advance(HOUR);
      for (const c of calls) expect(s.fake.insight.callsInHourBefore(c.at)).toBeLessThanOrEqual(60);
      const all = await Promise.all(ids.map((id) => s.results(id)));
      expect(all.every((r) => r.final)).toBe(true);
    }, 300_000);

    it('a refresh takes a call from the same budget; spent: 429 with Retry-After', async () => {
      const s = await setup(30, { results: { callsPerHour: 3, reserveForRefresh: 1 } });
      const id = await s.send();
      await s.advance(HOUR); // the scheduled first read: 1 call
      const a = await s.refresh(id);
      const b = await s.refresh(id);
      expect([a.status, b.status]).toEqual([200, 200]);
      const spent = await s.refresh(id);
      expect(spent.status).toBe(429);
      expect(spent.body.error.code).toBe('rate_limited');
      const retryAfter = Number(spent.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      expect(s.fake.insight.calls).toHaveLength(3);
      clock.advance(retryAfter * 1000);
      expect((await s.refresh(id)).status).toBe(200);
    });

    it('LINE\'s 429 on statistics: the hour is waited out, the refresh says when', async () => {
      const s = await setup(30);
      const id = await s.send();
      s.fake.insight.fail(429);
      await s.advance(HOUR);
      expect(s.fake.insight.calls.map((c) => c.status)).toEqual([429]);
      const refresh = await s.refresh(id);
      expect(refresh.status).toBe(429);
      expect(Number(refresh.headers.get('retry-after'))).toBeGreaterThan(3500);
      await s.advance(HOUR - 60_000);
      expect(s.fake.insight.calls).toHaveLength(1);
      await s.advance(2 * 60_000);
      expect(s.fake.insight.calls.map((c) => c.status)).toEqual([429, 200]);
      expect((await s.results(id)).uniqueImpressions).toBe(null); // 18 of 30: under 20
      expect((await s.results(id)).updatedAt).not.toBeNull();
    });
  });

  it('results are for roles that see analytics: operator_no_analytics gets 403 (read and refresh), operator_no_broadcast reads them', async () => {
    const s = await setup(30);
    const id = await s.send();
    const noAnalytics = await t.accountToken(s.acct.id, 'operator_no_analytics');
    const noBroadcast = await t.accountToken(s.acct.id, 'operator_no_broadcast');
    const get = await t.json('GET', `${s.acct.base}/broadcasts/${id}/results`, { token: noAnalytics });
    expect(get.status).toBe(403);
    expect(get.body.error.code).toBe('forbidden');
    const refresh = await t.json('POST', `${s.acct.base}/broadcasts/${id}/results/refresh`, { token: noAnalytics });
    expect(refresh.status).toBe(403);
    expect((await t.json('GET', `${s.acct.base}/broadcasts/${id}/results`, { token: noBroadcast })).status).toBe(200);
    expect(s.fake.insight.calls).toHaveLength(0);
  });

  it('answers 404 for a broadcast of another account', async () => {
    const s = await setup(20);
    const id = await s.send();
    const other = await t.account();
    const r = await t.json('GET', `${other.base}/broadcasts/${id}/results`, { token: other.token });
    expect(r.status).toBe(404);
    expect(s.fake.insight.calls).toHaveLength(0);
  });
});
