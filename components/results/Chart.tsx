import { t, formatNumber } from '@/lib/i18n';
import type { BroadcastResults } from '@/lib/contract/results';
import { chartSeries } from './format';

const W = 240;
const H = 80;
const PAD = 4;

/**
 * Opens and clicks over the days after sending, as two lines in a small inline SVG. A read where
 * LINE said null (fewer than 20) is a gap, not a zero. Its text alternative says the same in words.
 */
export function ResultsChart({ results }: { results: BroadcastResults }) {
  const opens = chartSeries(results.history, results.sentAt, 'uniqueImpressions');
  const clicks = chartSeries(results.history, results.sentAt, 'uniqueClicks');
  if (results.history.length < 2) return null;
  const maxDay = Math.max(1, ...results.history.map((p) => (Date.parse(p.at) - Date.parse(results.sentAt ?? results.history[0]!.at)) / 86_400_000));
  const maxValue = Math.max(1, ...opens.map((p) => p.value), ...clicks.map((p) => p.value));
  const x = (day: number) => PAD + (day / maxDay) * (W - 2 * PAD);
  const y = (v: number) => H - PAD - (v / maxValue) * (H - 2 * PAD);
  const line = (pts: { day: number; value: number }[]) => pts.map((p) => `${x(p.day).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const fewer = t('results.fewerThan20');
  const latest = (pts: { value: number }[]) => (pts.length ? formatNumber(pts[pts.length - 1]!.value) : fewer);
  const label = t('results.chartSummary', { days: Math.ceil(maxDay), opens: latest(opens), clicks: latest(clicks) });
  return (
    <figure class="lumo-results__chart">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={label}>
        <title>{t('results.chart')}</title>
        <line x1={PAD} y1={H - PAD} x2={W - PAD} y2={H - PAD} class="lumo-results__axis" />
        {opens.length > 0 && <polyline points={line(opens)} class="lumo-results__line lumo-results__line--opens" fill="none" />}
        {clicks.length > 0 && <polyline points={line(clicks)} class="lumo-results__line lumo-results__line--clicks" fill="none" />}
      </svg>
      <figcaption class="lumo-results__legend">
        <span class="lumo-results__key lumo-results__key--opens">{t('results.chartOpens')}</span>
        <span class="lumo-results__key lumo-results__key--clicks">{t('results.chartClicks')}</span>
      </figcaption>
    </figure>
  );
}
