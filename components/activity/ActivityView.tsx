import '../history/history.css';
import { useEffect, useMemo } from 'preact/hooks';
import { formatDateTime, formatRelativeTime, t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { createActivityModel, type ActivityModel } from './model';
import { activitySentence } from './words';

/** The "Activity" tab: who did what, when, newest first, a page at a time. */
export function ActivityView({ models, activity: given }: { models: PanelModels; activity?: ActivityModel }) {
  const activity = useMemo(() => given ?? createActivityModel(models.client, models.accountId), [given, models]);
  useEffect(() => { void activity.load(); }, [activity]);
  const items = activity.items.value;
  const status = activity.status.value;
  const now = models.now.value;
  return (
    <section class="lumo-activity" aria-labelledby="lumo-activity-title">
      <h3 id="lumo-activity-title" class="lumo-section-title">{t('activity.title')}</h3>
      <p class="lumo-subtitle">{t('activity.hint')}</p>
      {status === 'loading' && items.length === 0 && <p role="status">{t('activity.loading')}</p>}
      {status === 'failed' && (
        <div class="lumo-note lumo-note--error" role="alert">
          {t('activity.failed', { reason: activity.error.value ?? '' })}{' '}
          <button type="button" class="lumo-button lumo-button--ghost" onClick={() => void activity.load()}>{t('activity.retry')}</button>
        </div>
      )}
      {status === 'ready' && items.length === 0 && <p>{t('activity.empty')}</p>}
      <ol class="lumo-activity__list">
        {items.map((item, i) => (
          <li key={`${item.at}-${i}`} class="lumo-activity__item">
            <span class="lumo-activity__what">{activitySentence(item)}</span>
            <time class="lumo-activity__when" dateTime={item.at} title={formatDateTime(item.at)}>{formatRelativeTime(item.at, now)}</time>
          </li>
        ))}
      </ol>
      {status === 'ready' && activity.error.value && <p class="lumo-field__error" role="alert">{activity.error.value}</p>}
      {activity.hasMore.value ? (
        <button type="button" class="lumo-button lumo-button--outline" disabled={activity.loadingMore.value} onClick={() => void activity.loadMore()}>
          {activity.loadingMore.value ? t('activity.loadingMore') : t('activity.loadMore')}
        </button>
      ) : status === 'ready' && items.length > 0 && <p class="lumo-activity__end">{t('activity.end')}</p>}
    </section>
  );
}
