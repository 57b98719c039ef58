import { t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { openConnection } from './ConnectionsView';
import { serviceSpec } from './services';
import { waitingServices } from './notConnected';

/**
 * In the editor: each service that is not connected, the conditions that use it and why they
 * match no one, and "Connect Shopify" opening that service's section in Connections.
 */
export function ConnectNotice({ models }: { models: PanelModels }) {
  const waiting = waitingServices(models.catalog.catalog.value, models.editor.definition.value);
  if (waiting.length === 0) return null;
  return (
    <ul class="lumo-connect-notice">
      {waiting.map(({ provider, conditions }) => {
        const service = serviceSpec(provider).name;
        return (
          <li key={provider} class={conditions.length ? 'lumo-note lumo-note--warning' : 'lumo-connect-notice__quiet'}>
            <span>
              {conditions.length
                ? t('connections.notice.used', { service, conditions: conditions.join(', '), count: conditions.length })
                : t('connections.notice.unused', { service })}
            </span>
            <button type="button" class="lumo-button lumo-button--small" onClick={() => openConnection(models, provider)}>
              {t('connections.notice.connect', { service })}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
