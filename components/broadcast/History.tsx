import { useEffect, useMemo } from 'preact/hooks';
import type { Broadcast } from '@/lib/contract/api';
import { formatDateTime, t } from '@/lib/i18n';
import type { SlotProps } from '../slots';
import { createHistoryModel } from './history-model';
import { senderLabel } from './progress';
import { createResultsModel, type ResultsModel } from '../results/model';
import { ResultsSummary } from '../results/ResultsSummary';
import { hasResults } from '../results/format';
import { callerMay } from '@/lib/permissions';
import './broadcast.css';

/** The segment's broadcasts in the panel: when, by which token, how many, and how it went. */
export function History({ models }: SlotProps) {
  const history = useMemo(() => createHistoryModel(models.client, models.accountId), [models]);
  const results = useMemo(() => createResultsModel(models.client, models.accountId), [models]);
  const segmentId = models.editor.segmentId.value;
  useEffect(() => {
    void history.load(segmentId);
    // Back from the broadcast window (a window of its own): show what was just sent.
    const onFocus = () => void history.load(segmentId);
    addEventListener('focus', onFocus);
    return () => removeEventListener('focus', onFocus);
  }, [history, segmentId]);
  useEffect(() => () => history.dispose(), [history]);

  // Results are asked for only by roles that may read them (operator_no_analytics may not: the
  // sync API would answer 403 under every broadcast); until the role is known, none are asked for.
  const seesResults = callerMay(models.role?.value, 'results');
  const state = history.state.value;
  if (segmentId === null || state.status === 'idle') return null;
  return (
    <section class="bc-history" aria-labelledby="bc-history-title">
      <h3 id="bc-history-title" class="bc-history__title">{t('broadcast.history.heading')}</h3>
      {state.status === 'loading' && <p class="bc-hint" role="status">{t('broadcast.history.loading')}</p>}
      {state.status === 'error' && <p class="lumo-field__error" role="alert">{state.message}</p>}
      {state.status === 'ready' && (state.items.length === 0
        ? <p class="bc-hint">{t('broadcast.history.empty')}</p>
        : <ul class="bc-history__list">{state.items.map((b) => <HistoryItem key={b.id} b={b} results={seesResults ? results : null} />)}</ul>)}
    </section>
  );
}

function HistoryItem({ b, results }: { b: Broadcast; results: ResultsModel | null }) {
  const when = b.status === 'scheduled' && b.scheduledAt ? b.scheduledAt : (b.startedAt ?? b.createdAt);
  return (
    <li class="bc-history__item">
      <span class="bc-history__when">
        {formatDateTime(when)}{' '}
        <span class={`bc-status bc-status--${b.status}`}>{t(`broadcast.history.status.${b.status}`)}</span>
      </span>
      <span class="bc-history__count">
        {b.recipients === null ? '—' : t('broadcast.history.count', { sent: b.sent, total: b.recipients })}
      </span>
      <span class="bc-history__meta">
        {t('broadcast.history.by', { who: senderLabel(b.createdBy) })}
        {b.status === 'failed' && b.error ? ` · ${b.error.message}` : ''}
      </span>
      {results && hasResults(b) && <ResultsSummary model={results} broadcastId={b.id} />}
    </li>
  );
}
History.displayName = 'BroadcastHistory';
