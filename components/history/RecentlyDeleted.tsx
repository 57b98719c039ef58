import { useMemo } from 'preact/hooks';
import { formatDate, formatRelativeTime, t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { createDeletedModel } from './deleted-model';
import { actorName } from './words';
import './history.css';

/** "Recently deleted": a toggle under the list, and the segments deleted in the last 30 days with "Restore". */
export function RecentlyDeleted({ models }: { models: PanelModels }) {
  const deleted = useMemo(() => createDeletedModel(models.client, models.accountId,
    (segment) => models.list.adopt({ segment, preview: null, sync: 'synced' })), [models]);
  const open = deleted.isOpen.value;
  const notice = deleted.notice.value;
  return (
    <div class="lumo-deleted">
      <button type="button" class="lumo-button lumo-button--ghost" aria-expanded={open} aria-controls="lumo-deleted-region"
        onClick={() => void deleted.toggle()}>
        {t('history.deleted.open')}
      </button>
      {open && (
        <section id="lumo-deleted-region" aria-labelledby="lumo-deleted-title">
          <h4 id="lumo-deleted-title" class="lumo-subtitle">{t('history.deleted.title')}</h4>
          <p class="lumo-deleted__meta">{t('history.deleted.hint')}</p>
          <div role="status">
            {notice?.tone === 'info' && <p class="lumo-note lumo-note--info">{t('history.deleted.restored', { name: notice.name })}</p>}
          </div>
          {notice?.tone === 'error' && <p class="lumo-note lumo-note--error" role="alert">{t('history.deleted.failed', { reason: notice.reason ?? '' })}</p>}
          {deleted.status.value === 'ready' && deleted.items.value.length === 0 && <p>{t('history.deleted.empty')}</p>}
          <ul class="lumo-deleted__list">
            {deleted.items.value.map((s) => (
              <li key={s.id} class="lumo-deleted__item">
                <div>
                  <div class="lumo-deleted__name">{s.name}</div>
                  <div class="lumo-deleted__meta">
                    {t('history.deleted.deletedBy', { who: actorName(s.deletedBy), when: formatRelativeTime(s.deletedAt, models.now.value) })}
                    {' · '}{t('history.deleted.until', { date: formatDate(s.purgeAt) })}
                  </div>
                </div>
                <button type="button" class="lumo-button lumo-button--outline" aria-label={t('history.deleted.restore', { name: s.name })}
                  onClick={() => void deleted.undelete(s.id)}>
                  {t('history.restore')}
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
