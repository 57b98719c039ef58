import { formatRelativeTime, t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { Slot } from '../slots';
import { Diagnosis } from './Diagnosis';
import { FriendSample } from './FriendSample';
import { segmentSummary } from './summary';

/**
 * Beside the editor: the summary, the count and up to 10 friends. A saved segment's count may be
 * "calculating" and becomes the result by itself; while editing, a live count of the draft is
 * shown, marked as unsaved.
 */
export function PreviewPane({ models }: { models: PanelModels }) {
  const { preview, editor } = models;
  const { kind, preview: result, loading, error } = preview.shown.value;
  const calculating = loading || result?.status === 'calculating';
  const draftInvalid = kind === 'draft' && !editor.previewSource.valid.value;
  return (
    <aside class="lumo-preview" aria-labelledby="lumo-preview-title">
      <header class="lumo-preview__head">
        <h3 id="lumo-preview-title" class="lumo-section-title">{t('panel.preview.title')}</h3>
        {kind === 'draft' && <span class="lumo-badge lumo-badge--draft">{t('panel.preview.unsaved')}</span>}
      </header>
      <p class="lumo-summary">{segmentSummary(editor.definition.value, models.catalog.catalog.value, models.catalog.tags.value)}</p>
      <div class="lumo-count-card" role="status" aria-live="polite" aria-busy={calculating ? 'true' : 'false'}>
        {draftInvalid ? (
          <p class="lumo-count-card__hint">{t('panel.preview.completeConditions')}</p>
        ) : calculating ? (
          <p class="lumo-count-card__calculating"><span class="lumo-spinner" aria-hidden="true" />{t('panel.preview.calculating')}</p>
        ) : error ? (
          <p class="lumo-count-card__error">{error}</p>
        ) : result?.status === 'failed' ? (
          <p class="lumo-count-card__error">{result.error ?? t('panel.preview.failed')}</p>
        ) : result && result.count !== null ? (
          <>
            <p class="lumo-count-card__number">{t('panel.friends', { count: result.count })}</p>
            {result.computedAt && (
              <p class="lumo-count-card__age">
                {t(kind === 'draft' ? 'panel.preview.draftCounted' : 'panel.list.countedAgo', {
                  ago: formatRelativeTime(result.computedAt, models.now.value),
                })}
              </p>
            )}
          </>
        ) : (
          <p class="lumo-count-card__hint">{t('panel.preview.noCountYet')}</p>
        )}
        {kind === 'saved' && result && !calculating && (
          <button type="button" class="lumo-button lumo-button--ghost lumo-button--small" onClick={() => void preview.recount()}>
            {t('panel.preview.recount')}
          </button>
        )}
      </div>
      {!calculating && !draftInvalid && result?.count === 0 && <Diagnosis models={models} />}
      {!calculating && !draftInvalid && result && result.count !== 0 && <FriendSample friends={result.sample} />}
      <Slot name="broadcastHistory" models={models} />
    </aside>
  );
}
