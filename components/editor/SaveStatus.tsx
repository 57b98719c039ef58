import { t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';

/** What became of the last save: saved, waiting for the sync API, or refused with its reason. */
export function SaveStatus({ models }: { models: PanelModels }) {
  const state = models.editor.saveState.value;
  switch (state.kind) {
    case 'saving':
      return <p class="lumo-save-status" role="status">{t('panel.sync.saving')}</p>;
    case 'saved':
      return <p class="lumo-save-status lumo-save-status--ok" role="status">✓ {t('panel.sync.saved')}</p>;
    case 'waiting':
      return <p class="lumo-save-status lumo-save-status--waiting" role="status">{t('panel.sync.waiting')}</p>;
    case 'refused':
      return (
        <p class="lumo-save-status lumo-save-status--error" role="alert">
          {t('panel.sync.refused', { reason: state.reason })}
        </p>
      );
    case 'invalid':
      return <p class="lumo-save-status lumo-save-status--error" role="alert">{t('panel.editor.fixToSave')}</p>;
    case 'idle':
      return null;
  }
}
