import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { justConnected } from './ConnectAccount';
import { openConnection } from './ConnectionsView';

/**
 * After "Connect this account": LINE sends new friends and blocks only once the webhook URL is set
 * in the LINE Developers console, so that is the step to take next, one press away.
 */
export function WebhookNextStep({ models }: { models: PanelModels }) {
  const shown = justConnected(models);
  const go = useRef<HTMLButtonElement>(null);
  // The form that had focus is gone: land on the next step rather than on the page.
  useEffect(() => { if (shown.value) go.current?.focus(); }, [shown.value]);
  if (!shown.value) return null;
  return (
    <div class="lumo-note lumo-note--info lumo-next-step" role="status">
      <p>{t('connections.nextStep.text', { account: models.accountId })}</p>
      <div class="lumo-conn__actions">
        <button ref={go} type="button" class="lumo-button lumo-button--primary lumo-button--small"
          onClick={() => { shown.value = false; openConnection(models, 'line'); }}>
          {t('connections.nextStep.webhook')}
        </button>
        <button type="button" class="lumo-button lumo-button--small" onClick={() => { shown.value = false; }}>{t('connections.nextStep.later')}</button>
      </div>
    </div>
  );
}
