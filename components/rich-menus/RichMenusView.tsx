import { useEffect, useMemo, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { ConfirmDialog } from '../common/ConfirmDialog';
import type { PanelModels } from '../models/panel';
import { Assignments } from './Assignments';
import { MenuForm } from './MenuForm';
import { MenuPreview } from './MenuPreview';
import { createRichMenusModel, type RichMenusModel } from './model';
import type { Bounds } from '@/lib/rich-menus/layout';
import './rich-menus.css';

const models = new WeakMap<PanelModels, RichMenusModel>();
/** One model per panel, so switching tabs keeps a draft. */
export function richMenusModelOf(panel: PanelModels): RichMenusModel {
  let m = models.get(panel);
  if (!m) models.set(panel, (m = createRichMenusModel(panel.client, panel.accountId)));
  return m;
}

/** The "Rich menus" tab: the channel's menus, a new one from an image, and who sees which. */
export function RichMenusView({ models: panel }: { models: PanelModels }) {
  const model = useMemo(() => richMenusModelOf(panel), [panel]);
  const [deleting, setDeleting] = useState<{ id: string; name: string } | null>(null);
  useEffect(() => { void model.load(); return model.watch(); }, [model]);
  return (
    <div class="lumo-rm">
      <div class="lumo-toolbar">
        <h2 class="lumo-section-title">{t('richMenus.title')}</h2>
        {!model.draft.value && <button type="button" class="lumo-button lumo-button--primary" onClick={() => model.startDraft()}>{t('richMenus.create')}</button>}
      </div>
      <p class="lumo-muted">{t('richMenus.intro')}</p>
      {model.error.value && <p class="lumo-notice lumo-notice--error" role="alert">{model.error.value}</p>}
      {model.notice.value && <p class="lumo-notice" role="status">{model.notice.value}</p>}
      <MenuForm model={model} />
      {model.state.value === 'loading' ? (
        <p class="lumo-loading" role="status"><span class="lumo-spinner" aria-hidden="true" />{t('richMenus.loading')}</p>
      ) : model.menus.value.length === 0 ? (
        !model.draft.value && <p class="lumo-muted">{t('richMenus.empty')}</p>
      ) : (
        <ul class="lumo-rm-list">
          {model.menus.value.map((m) => (
            <li key={m.id} class="lumo-rm-card" aria-label={m.name}>
              <MenuPreview image={model.images.value[m.id] ?? null} size={m.size} chatBarText={m.chatBarText} label={m.name}
                bounds={m.areas.map((a) => a.bounds as Bounds)} />
              <div class="lumo-rm-card__body">
                <strong>{m.name}</strong>
                {!m.createdByLumo && <span class="lumo-badge">{t('richMenus.notLumo')}</span>}
                {m.segmentIds.length > 0 && <span class="lumo-muted">{t('richMenus.shownTo', { count: m.segmentIds.length })}</span>}
                {m.createdByLumo && (
                  <button type="button" class="lumo-button lumo-button--small lumo-button--danger" onClick={() => setDeleting({ id: m.id, name: m.name })}>
                    {t('richMenus.delete')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      {model.state.value === 'ready' && <Assignments model={model} segments={panel.list.items.value} />}
      {deleting && (
        <ConfirmDialog title={t('richMenus.deleteTitle')} message={t('richMenus.deleteMessage', { name: deleting.name })}
          confirmLabel={t('richMenus.delete')} danger onCancel={() => setDeleting(null)}
          onConfirm={() => { const id = deleting.id; setDeleting(null); void model.remove(id); }} />
      )}
    </div>
  );
}
