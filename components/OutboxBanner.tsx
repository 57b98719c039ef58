import { t } from '@/lib/i18n';
import { describeRefusal } from './models/errors';
import type { PanelModels } from './models/panel';

/**
 * Changes not yet accepted by the sync API: waiting (unreachable) or refused, with the reason.
 * A refused change is kept — the user retries it, overwrites the other version, or discards it.
 */
export function OutboxBanner({ models }: { models: PanelModels }) {
  const { outbox } = models;
  const state = outbox.state.value;
  if (state.kind === 'saved') return null;
  if (state.kind === 'waiting') {
    return (
      <div class="lumo-banner lumo-banner--waiting" role="status">
        <span class="lumo-banner__dot" aria-hidden="true" />
        {outbox.reachable.value === false
          ? t('panel.sync.waiting')
          : t('panel.sync.sending', { count: state.entries.length })}
      </div>
    );
  }
  return (
    <div class="lumo-banner lumo-banner--refused" role="alert">
      <ul class="lumo-banner__list">
        {state.entries.map((entry) => (
          <li key={entry.id} class="lumo-banner__item">
            <p class="lumo-banner__text">
              {t('panel.sync.refusedItem', {
                name: entry.label,
                reason: entry.lastError ? describeRefusal(entry.lastError) : t('panel.error.generic'),
              })}
              <span class="lumo-banner__kept"> {t('panel.sync.versionKept')}</span>
            </p>
            <span class="lumo-banner__actions">
              {entry.lastError?.kind === 'conflict' ? (
                <button type="button" class="lumo-button lumo-button--small lumo-button--primary" onClick={() => void outbox.retry(entry, true)}>
                  {t('panel.sync.overwrite')}
                </button>
              ) : (
                <button type="button" class="lumo-button lumo-button--small" onClick={() => void outbox.retry(entry)}>
                  {t('panel.sync.retry')}
                </button>
              )}
              <button type="button" class="lumo-button lumo-button--small lumo-button--ghost" onClick={() => void outbox.discard(entry)}>
                {t('panel.sync.discard')}
              </button>
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
