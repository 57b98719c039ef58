/** Broadcast results in the panel and the broadcast window: LINE's null is "fewer than 20", never 0. */
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { setLanguage } from '@/lib/i18n';
import type { BroadcastResults } from '@/lib/contract/results';
import type { Handlers } from '@/lib/messages/background';
import { MessageError } from '@/lib/messages/errors';
import { createResultsModel } from '@/components/results/model';
import { ResultsSummary } from '@/components/results/ResultsSummary';
import { CompareView } from '@/components/results/CompareView';
import { compareSegments, formatRate, chartSeries } from '@/components/results/format';
import { protocolClient } from '../fake-background';
import { click, getByRole, settle } from '../dom';
import { mountPerTest, viewModels } from '../mount';
import { ACCOUNT, aBroadcast } from '../broadcast/fake';

const SENT_AT = '2026-03-01T01:00:00.000Z';
function results(over: Partial<BroadcastResults> = {}): BroadcastResults {
  return {
    sent: 1201, uniqueImpressions: 721, uniqueClicks: 130, openRate: 721 / 1201, clickRate: 130 / 1201,
    clicks: [{ url: 'https://shop.example.com/sale', clicks: 160, uniqueClicks: 120 }, { url: 'https://shop.example.com/new', clicks: null, uniqueClicks: null }],
    updatedAt: '2026-03-02T01:00:00.000Z', final: false, reason: null, nextReadAt: null, sentAt: SENT_AT,
    history: [
      { at: '2026-03-01T02:00:00.000Z', uniqueImpressions: null, uniqueClicks: null },
      { at: '2026-03-01T10:00:00.000Z', uniqueImpressions: 500, uniqueClicks: null },
      { at: '2026-03-02T01:00:00.000Z', uniqueImpressions: 721, uniqueClicks: 130 },
    ],
    ...over,
  };
}

const mount = mountPerTest();

function client(handlers: Partial<Handlers>) {
  return protocolClient(handlers, new Set());
}

describe('results in words (pure)', () => {
  it('a null rate is "fewer than 20", a known one a percentage — never 0%', () => {
    expect(formatRate(null, 'fewer than 20', 'en')).toBe('fewer than 20');
    expect(formatRate(0.6, 'fewer than 20', 'en')).toBe('60%');
    expect(formatRate(0, 'fewer than 20', 'en')).toBe('0%');
  });
  it('the chart leaves LINE\'s nulls out as gaps', () => {
    const r = results();
    expect(chartSeries(r.history, r.sentAt, 'uniqueImpressions')).toEqual([
      { day: 9 / 24, value: 500 }, { day: 1, value: 721 },
    ]);
    expect(chartSeries(r.history, r.sentAt, 'uniqueClicks')).toEqual([{ day: 1, value: 130 }]);
  });
  it('segments compared: best average open rate first, unknown rates last', () => {
    const rows = compareSegments([
      { broadcast: aBroadcast({ id: 'a1', segmentId: 's-a', segmentName: 'Repeat buyers' }), results: results({ openRate: 0.5, sent: 100 }) },
      { broadcast: aBroadcast({ id: 'a2', segmentId: 's-a', segmentName: 'Repeat buyers' }), results: results({ openRate: 0.7, sent: 50 }) },
      { broadcast: aBroadcast({ id: 'b1', segmentId: 's-b', segmentName: 'New friends' }), results: results({ openRate: null, clickRate: null, sent: 10 }) },
      { broadcast: aBroadcast({ id: 'c1', segmentId: 's-c', segmentName: 'VIP' }), results: results({ openRate: 0.65 }) },
    ]);
    expect(rows.map((r) => [r.segmentName, r.broadcasts, r.openRate])).toEqual([
      ['VIP', 1, 0.65], ['Repeat buyers', 2, 0.6], ['New friends', 1, null],
    ]);
    expect(rows[1]!.sent).toBe(150);
  });
});

describe('a broadcast\'s results', () => {
  it('shows the rates, the top links and the chart; nulls read "fewer than 20"', async () => {
    const model = createResultsModel(client({ getBroadcastResults: () => results() }), ACCOUNT);
    render(<ResultsSummary model={model} broadcastId="b1" />, mount.container);
    await settle(5);
    const text = mount.container.textContent!;
    expect(text).toContain('Open rate60%');
    expect(text).toContain('Click rate10.8%');
    expect(text).toContain('https://shop.example.com/sale 160 clicks');
    expect(text).toContain('https://shop.example.com/new fewer than 20');
    expect(mount.container.querySelector('svg[role="img"]')!.getAttribute('aria-label')).toContain('721 opened, 130 clicked');
    expect(mount.container.querySelectorAll('polyline')).toHaveLength(2);
  });

  it('all null: "fewer than 20" everywhere, no 0 and no 0%', async () => {
    const model = createResultsModel(client({
      getBroadcastResults: () => results({ uniqueImpressions: null, uniqueClicks: null, openRate: null, clickRate: null, clicks: [], history: [] }),
    }), ACCOUNT);
    render(<ResultsSummary model={model} broadcastId="b1" />, mount.container);
    await settle(5);
    const figures = [...mount.container.querySelectorAll('dd')].map((d) => d.textContent);
    expect(figures).toEqual(['1,201', 'fewer than 20', 'fewer than 20', 'fewer than 20', 'fewer than 20']);
    expect(mount.container.textContent).not.toMatch(/\b0%/);
  });

  it('before LINE\'s first read: a dash, neither "fewer than 20" nor 0', async () => {
    const model = createResultsModel(client({
      getBroadcastResults: () => results({
        uniqueImpressions: null, uniqueClicks: null, openRate: null, clickRate: null, clicks: [], history: [], updatedAt: null,
        reason: { code: 'not_sent_yet', message: 'Results appear about an hour after the broadcast is sent.' },
      }),
    }), ACCOUNT);
    render(<ResultsSummary model={model} broadcastId="b1" />, mount.container);
    await settle(5);
    expect([...mount.container.querySelectorAll('dd')].map((d) => d.textContent)).toEqual(['1,201', '—', '—', '—', '—']);
    expect(mount.container.textContent).toContain('Results appear about an hour after sending.');
  });

  it('says why results stay empty (too few recipients)', async () => {
    const model = createResultsModel(client({
      getBroadcastResults: () => results({
        sent: 12, uniqueImpressions: null, uniqueClicks: null, openRate: null, clickRate: null, clicks: [], history: [], updatedAt: null, final: true,
        reason: { code: 'too_few_recipients', message: 'Sent to 12 friends: LINE shows opens and clicks only for messages to 20 or more, so these results stay empty.' },
      }),
    }), ACCOUNT);
    render(<ResultsSummary model={model} broadcastId="b1" />, mount.container);
    await settle(5);
    expect(mount.container.textContent).toContain('only for messages to 20 or more');
    expect(mount.container.textContent).toContain('Final');
    expect(mount.container.querySelector('button')).toBeNull(); // nothing to refresh
  });

  it('Refresh reads LINE now; when the hour\'s reads are spent it says when to try again', async () => {
    let refreshes = 0;
    const model = createResultsModel(client({
      getBroadcastResults: () => results(),
      refreshBroadcastResults: () => {
        refreshes++;
        if (refreshes === 1) return results({ uniqueImpressions: 800, openRate: 800 / 1201 });
        throw new MessageError({ kind: 'invalid', status: 429, message: 'LINE allows 60 statistics reads an hour for this channel and they are used up; try again in 17 minute(s).' });
      },
    }), ACCOUNT);
    render(<ResultsSummary model={model} broadcastId="b1" />, mount.container);
    await settle(5);
    await click(getByRole(mount.container, 'button', 'Refresh results'));
    await settle(5);
    expect(mount.container.textContent).toContain('Opened800');
    await click(getByRole(mount.container, 'button', 'Refresh results'));
    await settle(5);
    expect(getByRole(mount.container, 'alert').textContent).toContain('try again in 17 min');
    expect(mount.container.textContent).toContain('Opened800'); // the last results stay
  });

  it('in Japanese', async () => {
    setLanguage('ja');
    const model = createResultsModel(client({ getBroadcastResults: () => results({ openRate: null }) }), ACCOUNT);
    render(<ResultsSummary model={model} broadcastId="b1" />, mount.container);
    await settle(5);
    expect(mount.container.textContent).toContain('開封率20人未満');
    expect(getByRole(mount.container, 'button', '配信結果を更新')).toBeTruthy();
  });
});

describe('segments compared (the Results tab)', () => {
  it('one row per segment with its broadcasts\' results, best open rate first', async () => {
    const byId: Record<string, BroadcastResults> = { a1: results({ openRate: 0.4 }), b1: results({ openRate: 0.8 }) };
    const c = client({
      listBroadcasts: () => [
        aBroadcast({ id: 'a1', segmentId: 's-a', segmentName: 'Repeat buyers', status: 'sent', sent: 100 }),
        aBroadcast({ id: 'b1', segmentId: 's-b', segmentName: 'VIP', status: 'sent', sent: 100 }),
        aBroadcast({ id: 'q1', segmentId: 's-c', segmentName: 'Queued', status: 'queued', sent: 0 }),
      ],
      getBroadcastResults: ({ broadcastId }) => byId[broadcastId]!,
    });
    render(<CompareView models={viewModels(ACCOUNT, c)} />, mount.container);
    await settle(8);
    const rows = [...mount.container.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((td) => td.textContent));
    expect(rows).toEqual([
      ['VIP', '1', '1,201', '80%', '10.8%'],
      ['Repeat buyers', '1', '1,201', '40%', '10.8%'],
    ]);
  });
});
