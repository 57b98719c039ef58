import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { formatNumber, t } from '@/lib/i18n';
import type { Tag } from '@/lib/contract/api';
import { ConfirmDialog } from '../common/ConfirmDialog';
import type { PanelModels } from '../models/panel';
import { friendsModelOf } from '../friends/FriendsView';
import { createTagsModel, type TagsModel } from './model';
import { TagNameDialog } from './TagNameDialog';
import './tags.css';

const models = new WeakMap<PanelModels, TagsModel>();
export function tagsModelOf(panel: PanelModels): TagsModel {
  let m = models.get(panel);
  if (!m) models.set(panel, (m = createTagsModel(panel.client, panel.accountId)));
  return m;
}

type Dialog = { kind: 'create' } | { kind: 'rename'; tag: Tag } | { kind: 'delete'; tag: Tag; usedBy: { name: string }[] } | null;

/** The "Tags" tab: every tag with its friend count; create, rename, delete, search; tags from a CSV. */
export function TagsView({ models: panel }: { models: PanelModels }) {
  const model = useMemo(() => tagsModelOf(panel), [panel]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const searchId = useId();
  const fileId = useId();
  useEffect(() => { void model.load(); }, [model]);
  const openFriends = (tag: Tag) => {
    friendsModelOf(panel).showTag({ id: tag.id, name: tag.name });
    panel.selectTab('friends');
  };
  const result = model.importResult.value;
  return (
    <div class="lumo-tags lumo-view">
      <div class="lumo-toolbar">
        <h2 class="lumo-section-title">{t('tags.title')}</h2>
        <button type="button" class="lumo-button lumo-button--primary" onClick={() => setDialog({ kind: 'create' })}>{t('tags.create')}</button>
      </div>
      <p class="lumo-muted">{t('tags.intro')}</p>
      <label class="lumo-visually-hidden" for={searchId}>{t('tags.search')}</label>
      <input id={searchId} type="search" class="lumo-input lumo-tags__search" placeholder={t('tags.search')}
        value={model.query.value} onInput={(e) => { model.query.value = e.currentTarget.value; }} />
      {model.error.value && <p class="lumo-notice lumo-notice--error" role="alert">{model.error.value}</p>}
      {model.state.value === 'loading' ? (
        <p class="lumo-loading" role="status"><span class="lumo-spinner" aria-hidden="true" />{t('tags.loading')}</p>
      ) : model.visible.value.length === 0 ? (
        <p class="lumo-muted">{model.tags.value.length === 0 ? t('tags.empty') : t('tags.noMatch', { q: model.query.value })}</p>
      ) : (
        <ul class="lumo-tags__list">
          {model.visible.value.map((tag) => (
            <li key={tag.id} class="lumo-tags__row" aria-label={tag.name}>
              <button type="button" class="lumo-row__name" aria-label={t('tags.openFriends', { name: tag.name })} onClick={() => openFriends(tag)}>
                <span class="lumo-tag">{tag.name}</span>
              </button>
              <span class="lumo-muted">{t('tags.friends', { count: tag.friendCount ?? 0, n: formatNumber(tag.friendCount ?? 0) })}</span>
              <span class="lumo-tags__actions">
                <button type="button" class="lumo-button lumo-button--small" aria-label={`${t('tags.rename')}: ${tag.name}`} onClick={() => setDialog({ kind: 'rename', tag })}>{t('tags.rename')}</button>
                <button type="button" class="lumo-button lumo-button--small lumo-button--danger" aria-label={`${t('tags.delete')}: ${tag.name}`}
                  onClick={() => void model.usedBy(tag.id).then((usedBy) => setDialog({ kind: 'delete', tag, usedBy }))}>{t('tags.delete')}</button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <section class="lumo-tags__import" aria-labelledby={`${fileId}-title`}>
        <h3 id={`${fileId}-title`} class="lumo-subtitle">{t('tags.importTitle')}</h3>
        <p class="lumo-muted">{t('tags.importHint')}</p>
        <label class="lumo-field__label" for={fileId}>{t('tags.importFile')}</label>
        <input id={fileId} type="file" accept=".csv,text/csv" disabled={model.importing.value}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void file.text().then((text) => model.importCsv(text));
            e.currentTarget.value = '';
          }} />
        {model.importing.value && <p role="status">{t('tags.importing')}</p>}
        {result && (
          <div role="status">
            <p>{t('tags.imported', { tagged: formatNumber(result.tagged), already: formatNumber(result.alreadyTagged), rejected: formatNumber(result.rejectedCount) })}</p>
            {result.rejected.length > 0 && (
              <ul class="lumo-tags__rejected">
                {result.rejected.map((r) => <li key={r.line}>{t('tags.rejectedLine', { line: r.line, error: r.error })}</li>)}
              </ul>
            )}
          </div>
        )}
      </section>
      {dialog?.kind === 'create' && (
        <TagNameDialog title={t('tags.createTitle')} submitLabel={t('tags.create')} onSubmit={(name) => model.create(name)} onCancel={() => setDialog(null)} />
      )}
      {dialog?.kind === 'rename' && (
        <TagNameDialog title={t('tags.renameTitle')} submitLabel={t('tags.rename')} initial={dialog.tag.name}
          onSubmit={(name) => model.rename(dialog.tag.id, name)} onCancel={() => setDialog(null)} />
      )}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title={t('tags.deleteTitle', { name: dialog.tag.name })}
          message={`${t('tags.deleteMessage')} ${dialog.usedBy.length > 0 ? t('tags.deleteUsedBy', { names: dialog.usedBy.map((s) => s.name).join(', ') }) : t('tags.deleteUnused')}`}
          confirmLabel={t('tags.delete')}
          danger
          onConfirm={() => { const id = dialog.tag.id; setDialog(null); void model.remove(id); }}
          onCancel={() => setDialog(null)}
        />
      )}
    </div>
  );
}
