import { useState } from 'preact/hooks';
import { formatNumber, formatRelativeTime, t } from '@/lib/i18n';
import type { SegmentItem } from '@/lib/messages';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { PromptDialog } from '../common/PromptDialog';
import type { PanelModels } from '../models/panel';
import { SegmentTagActions } from '../tags/SegmentTagActions';

/** How many friends and how old that count is: "1,234 friends · 3 min. ago". */
export function CountCell({ item, now }: { item: SegmentItem; now: number }) {
  const preview = item.preview;
  if (!preview || preview.status === 'calculating') {
    return <span class="lumo-count lumo-count--pending"><span class="lumo-spinner" aria-hidden="true" />{t('panel.preview.calculating')}</span>;
  }
  if (preview.status === 'failed' || preview.count === null) {
    return <span class="lumo-count lumo-count--failed">{t('panel.preview.failed')}</span>;
  }
  return (
    <span class="lumo-count">
      <strong class="lumo-count__number">{t('panel.friends', { count: preview.count })}</strong>
      {preview.computedAt && (
        <span class="lumo-count__age">{t('panel.list.countedAgo', { ago: formatRelativeTime(preview.computedAt, now) })}</span>
      )}
    </span>
  );
}

type Dialog = 'rename' | 'delete' | null;

/** One saved segment: open it, see its count, broadcast to it, file it, copy, rename or delete it. */
export function SegmentRow({ item, models }: { item: SegmentItem; models: PanelModels }) {
  const { list, editor } = models;
  const [dialog, setDialog] = useState<Dialog>(null);
  const { segment } = item;
  const moveId = `lumo-move-${segment.id}`;
  return (
    <li class="lumo-row" aria-label={segment.name}>
      <div class="lumo-row__main">
        <span class="lumo-row__title">
          <button type="button" class="lumo-row__name" onClick={() => editor.open(segment)} title={t('panel.list.open')}>
            {segment.name}
          </button>
          {item.sync !== 'synced' && (
            <span class={`lumo-badge lumo-badge--${item.sync}`}>{t(item.sync === 'pending' ? 'panel.sync.waitingShort' : 'panel.sync.refusedShort')}</span>
          )}
        </span>
        <CountCell item={item} now={models.now.value} />
      </div>
      <div class="lumo-row__actions">
        <label class="lumo-visually-hidden" for={moveId}>{t('panel.list.moveToFolder')}</label>
        <select
          id={moveId}
          class="lumo-select lumo-select--compact"
          title={list.folders.value.find((f) => f.id === segment.folderId)?.name ?? t('panel.list.unfiled')}
          value={segment.folderId ?? ''}
          onChange={(e) => void list.move(item, e.currentTarget.value || null)}
        >
          <option value="">{t('panel.list.unfiled')}</option>
          {list.folders.value.map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
        </select>
        <button type="button" class="lumo-icon-button" aria-label={t('panel.list.duplicate')} title={t('panel.list.duplicate')}
          onClick={() => void list.duplicate(item)}>
          <svg class="lumo-icon" viewBox="0 0 20 20" aria-hidden="true"><rect x="6.5" y="6.5" width="10" height="10" rx="2" fill="none" stroke="currentColor" stroke-width="1.5" /><path d="M13.5 4.5v-1a1 1 0 0 0-1-1h-9a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h1" fill="none" stroke="currentColor" stroke-width="1.5" /></svg>
        </button>
        <button type="button" class="lumo-icon-button" aria-label={t('panel.list.rename')} title={t('panel.list.rename')}
          onClick={() => setDialog('rename')}>
          <svg class="lumo-icon" viewBox="0 0 20 20" aria-hidden="true"><path d="M4 13.5 13 4.5l2.5 2.5-9 9H4z" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" /></svg>
        </button>
        <button type="button" class="lumo-icon-button lumo-icon-button--danger" aria-label={t('panel.list.delete')} title={t('panel.list.delete')}
          onClick={() => setDialog('delete')}>
          <svg class="lumo-icon" viewBox="0 0 20 20" aria-hidden="true"><path d="M4 6h12M8 6V4h4v2m-6 0 .7 10h6.6L14 6" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" /></svg>
        </button>
        <SegmentTagActions item={item} models={models} />
        <button type="button" class="lumo-button lumo-button--primary lumo-button--small" onClick={() => void list.createBroadcast(item)}>
          {t('panel.list.createBroadcast')}
        </button>
      </div>
      {dialog === 'rename' && (
        <PromptDialog
          title={t('panel.list.renameTitle')}
          label={t('panel.editor.name')}
          submitLabel={t('panel.list.rename')}
          initial={segment.name}
          onSubmit={(name) => list.rename(item, name)}
          onCancel={() => setDialog(null)}
        />
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={t('panel.list.deleteTitle')}
          message={t('panel.list.deleteMessage', { name: segment.name })}
          confirmLabel={t('panel.list.delete')}
          danger
          onConfirm={() => { setDialog(null); void list.remove(item); }}
          onCancel={() => setDialog(null)}
        />
      )}
    </li>
  );
}
