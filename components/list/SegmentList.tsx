import { formatRelativeTime, t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { FolderBar } from './FolderBar';
import { SegmentRow } from './SegmentRow';
import { RecentlyDeleted } from '../history/RecentlyDeleted';

/** The account's segments: folders on the left; search, "Create Segment" and the rows on the right. */
export function SegmentList({ models }: { models: PanelModels }) {
  const { list, editor } = models;
  const rows = list.visible.value;
  const folder = list.folder.value;
  const searching = list.query.value.trim() !== '';
  return (
    <div class="lumo-list">
      <FolderBar models={models} />
      <section class="lumo-list__main" aria-labelledby="lumo-list-title">
        <div class="lumo-toolbar">
          <h3 id="lumo-list-title" class="lumo-section-title">{t('panel.list.title')}</h3>
          <input
            type="search"
            class="lumo-input lumo-search"
            aria-label={t('panel.list.search')}
            placeholder={t('panel.list.searchPlaceholder')}
            value={list.query.value}
            onInput={(e) => { list.query.value = e.currentTarget.value; }}
          />
          <button
            type="button"
            class="lumo-button lumo-button--primary"
            onClick={() => editor.startNew(folder === 'all' || folder === 'unfiled' ? null : folder)}
          >
            {t('panel.list.createSegment')}
          </button>
        </div>
        {(list.offline.value || models.outbox.reachable.value === false || list.notice.value) && (
          <p class={`lumo-note lumo-note--${list.notice.value?.tone ?? 'info'}`} role="status">
            {list.notice.value?.text ?? t('panel.list.offline', {
              ago: list.fetchedAt.value ? formatRelativeTime(list.fetchedAt.value, models.now.value) : '—',
            })}
          </p>
        )}
        {rows.length > 0 ? (
          <ul class="lumo-rows" aria-label={t('panel.list.title')}>
            {rows.map((item) => <SegmentRow key={item.segment.id} item={item} models={models} />)}
          </ul>
        ) : (
          <div class="lumo-empty">
            <p class="lumo-empty__title">{t(searching ? 'panel.list.noMatch' : 'panel.list.emptyTitle')}</p>
            <p class="lumo-empty__text">{t(searching ? 'panel.list.noMatchHint' : 'panel.list.emptyText')}</p>
          </div>
        )}
        <RecentlyDeleted models={models} />
      </section>
    </div>
  );
}
