import { t } from '@/lib/i18n';
import type { Connection, PanelModels } from './models/panel';
import { ConnectAccount } from './connections/ConnectAccount';

const COPY: Record<Exclude<Connection['state'], 'ready' | 'loading' | 'unknown_account'>, { title: string; text: string }> = {
  not_configured: { title: 'panel.connect.notConfiguredTitle', text: 'panel.connect.notConfiguredText' },
  unauthorized: { title: 'panel.connect.unauthorizedTitle', text: 'panel.connect.unauthorizedText' },
  no_permission: { title: 'panel.connect.noPermissionTitle', text: 'panel.connect.noPermissionText' },
  unreachable: { title: 'panel.connect.unreachableTitle', text: 'panel.connect.unreachableText' },
  error: { title: 'panel.connect.errorTitle', text: 'panel.connect.errorText' },
};

/** The panel when the sync API is not set up, does not know this account, or cannot be reached. */
export function NotConnected({ models }: { models: PanelModels }) {
  const connection = models.connection.value;
  if (connection.state === 'ready' || connection.state === 'loading') return null;
  // An account the sync API does not know is connected here, by its LINE channel, not in options.
  if (connection.state === 'unknown_account') return <ConnectAccount panel={models} />;
  const copy = COPY[connection.state];
  return (
    <div class="lumo-connect">
      <div class="lumo-connect__icon" aria-hidden="true">
        <svg viewBox="0 0 48 48" width="48" height="48"><circle cx="24" cy="24" r="22" fill="#E6F7EC" /><path d="M17 24h14M24 17v14" stroke="#06C755" stroke-width="3" stroke-linecap="round" /></svg>
      </div>
      <h3 class="lumo-connect__title">{t(copy.title, { account: models.accountId })}</h3>
      <p class="lumo-connect__text">{t(copy.text, { account: models.accountId })}</p>
      {connection.state === 'error' && <p class="lumo-connect__detail">{connection.message}</p>}
      <ol class="lumo-connect__steps">
        <li>{t('panel.connect.step1')}</li>
        <li>{t('panel.connect.step2', { account: models.accountId })}</li>
        <li>{t('panel.connect.step3')}</li>
      </ol>
      <div class="lumo-connect__actions">
        <button type="button" class="lumo-button lumo-button--primary" onClick={() => void models.openOptions()}>
          {t('panel.connect.openOptions')}
        </button>
        <button type="button" class="lumo-button" onClick={() => void models.load(true)}>{t('panel.connect.tryAgain')}</button>
      </div>
    </div>
  );
}
