import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { ErrorBoundary } from './common/ErrorBoundary';
import { focusFirst } from './common/focus';
import type { PanelModels } from './models/panel';
import { NotConnected } from './NotConnected';
import { OutboxBanner } from './OutboxBanner';
import { WebhookNextStep } from './connections/NextStep';
import { PanelTabs } from './tabs/TabBar';

export interface SegmentPanelProps {
  models: PanelModels;
  onClose: () => void;
}

/**
 * The Segment panel: a sheet over the right of the LINE manager. Focus moves into it when it
 * opens; Escape closes it (a dialog inside handles its own Escape first). Its models outlive it,
 * so closing and reopening keeps an unsaved draft.
 */
export function SegmentPanel({ models, onClose }: SegmentPanelProps) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    void models.load();
    if (ref.current) focusFirst(ref.current);
  }, [models]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onClose();
    }
  };
  const connection = models.connection.value;
  return (
    <div class="lumo-root">
      <div class="lumo-scrim" onClick={onClose} aria-hidden="true" />
      <section ref={ref} class="lumo-panel" role="dialog" aria-modal="false" aria-labelledby="lumo-panel-title" onKeyDown={onKeyDown}>
        <header class="lumo-panel__head">
          <span class="lumo-logo" aria-hidden="true">
            <svg viewBox="0 0 24 24" width="24" height="24"><rect width="24" height="24" rx="7" fill="#06C755" /><path d="M7 8h10M7 12h7M7 16h4" stroke="#fff" stroke-width="2" stroke-linecap="round" /></svg>
          </span>
          <h2 id="lumo-panel-title" class="lumo-panel__title" tabIndex={-1} data-autofocus>{t('panel.title')}</h2>
          <span class="lumo-account" title={t('panel.account')}>{models.accountId}</span>
          <button type="button" class="lumo-icon-button lumo-panel__close" aria-label={t('panel.close')} title={t('panel.close')} onClick={onClose}>
            <svg class="lumo-icon" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" /></svg>
          </button>
        </header>
        <OutboxBanner models={models} />
        {connection.state === 'ready' ? (
          <>
            <WebhookNextStep models={models} />
            <PanelTabs models={models} />
          </>
        ) : (
          <div class="lumo-panel__body">
            <ErrorBoundary id="panel">
              {connection.state === 'loading' ? (
                <p class="lumo-loading" role="status"><span class="lumo-spinner" aria-hidden="true" />{t('panel.loading')}</p>
              ) : (
                <NotConnected models={models} />
              )}
            </ErrorBoundary>
          </div>
        )}
      </section>
    </div>
  );
}
