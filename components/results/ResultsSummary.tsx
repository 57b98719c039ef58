import './results.css';
import { formatDateTime, language, t } from '@/lib/i18n';
import type { BroadcastResults } from '@/lib/contract/results';
import { ResultsChart } from './Chart';
import { formatCount, formatRate } from './format';
import type { ResultsModel } from './model';

/** One broadcast's results: sent, open and click rates, the top links, the chart, and Refresh. */
export function ResultsSummary({ model, broadcastId, chart = true }: { model: ResultsModel; broadcastId: string; chart?: boolean }) {
  const state = model.state(broadcastId).value;
  if (state.status === 'loading') return <p class="bc-hint" role="status">{t('results.loading')}</p>;
  if (state.status === 'error') return <p class="lumo-field__error" role="alert">{t('results.failed', { reason: state.message })}</p>;
  const r = state.results;
  return (
    <div class="lumo-results">
      <Figures r={r} />
      {r.reason && <p class="bc-hint">{r.reason.code === 'not_sent_yet' ? t('results.notYet') : r.reason.message}</p>}
      <TopLinks r={r} />
      {chart && <ResultsChart results={r} />}
      <p class="lumo-results__meta">
        {r.final ? t('results.final') : r.updatedAt ? t('results.updated', { when: formatDateTime(r.updatedAt) }) : ''}
        {!r.final && (
          <button type="button" class="lumo-button lumo-button--ghost" disabled={state.refreshing}
            onClick={() => void model.refresh(broadcastId, { later: (minutes) => t('results.refreshLater', { minutes }) })}>
            {state.refreshing ? t('results.refreshing') : t('results.refresh')}
          </button>
        )}
      </p>
      {state.notice && <p class="lumo-field__error" role="alert">{state.notice}</p>}
    </div>
  );
}

function Figures({ r }: { r: BroadcastResults }) {
  // Before LINE's first read a null means "not read yet", not "fewer than 20": a dash, never 0.
  const fewer = r.updatedAt === null ? '—' : t('results.fewerThan20');
  const lang = language.value;
  return (
    <dl class="lumo-results__figures">
      <div><dt>{t('results.sent')}</dt><dd>{formatCount(r.sent, fewer, lang)}</dd></div>
      <div><dt>{t('results.openRate')}</dt><dd>{formatRate(r.openRate, fewer, lang)}</dd></div>
      <div><dt>{t('results.clickRate')}</dt><dd>{formatRate(r.clickRate, fewer, lang)}</dd></div>
      <div><dt>{t('results.opened')}</dt><dd>{formatCount(r.uniqueImpressions, fewer, lang)}</dd></div>
      <div><dt>{t('results.clicked')}</dt><dd>{formatCount(r.uniqueClicks, fewer, lang)}</dd></div>
    </dl>
  );
}

function TopLinks({ r }: { r: BroadcastResults }) {
  if (r.updatedAt === null) return null;
  const top = r.clicks.slice(0, 3);
  return (
    <div class="lumo-results__links">
      <h4 class="lumo-results__subtitle">{t('results.topLinks')}</h4>
      {top.length === 0 ? <p class="bc-hint">{t('results.noLinks')}</p> : (
        <ol>
          {top.map((c) => (
            <li key={c.url}>
              <span class="lumo-results__url">{c.url}</span>{' '}
              <span>{c.clicks === null ? t('results.fewerThan20') : t('results.linkClicks', { count: c.clicks })}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
