import { useState } from 'preact/hooks';
import { formatRelativeTime, t } from '@/lib/i18n';
import type { ConnectionStatus } from '@/lib/messages';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ConnectForm } from './ConnectForm';
import type { ConnectionsModel } from './model';
import { say } from './say';
import type { ServiceSpec } from './services';
import { WebhookUrl } from './WebhookUrl';

export const sectionId = (provider: string) => `lumo-conn-${provider}`;

interface Props { spec: ServiceSpec; model: ConnectionsModel; now: number }

/** One service: its status and what it found, or the form to connect it (admins only). */
export function ServiceSection({ spec, model, now }: Props) {
  const status = model.status(spec.id);
  const form = model.form(spec.id);
  const [confirming, setConfirming] = useState(false);
  const manage = model.canManage.value;
  const state = status?.status ?? 'not_connected';
  const titleId = `${sectionId(spec.id)}-title`;
  return (
    <section class="lumo-conn" id={sectionId(spec.id)} aria-labelledby={titleId} data-service={spec.id}>
      <header class="lumo-conn__head">
        <h3 class="lumo-conn__title" id={titleId} tabIndex={-1}>{spec.name}</h3>
        <span class={`lumo-badge lumo-conn__status lumo-conn__status--${state}`}>{t(`connections.status.${state}`)}</span>
      </header>
      {status?.connected ? (
        <>
          <Details status={status} spec={spec} now={now} />
          {spec.id === 'line' && status.webhookUrl && <WebhookUrl url={status.webhookUrl} />}
          {spec.id === 'line' && (
            <p class={status.lastEventAt ? 'lumo-conn__events' : 'lumo-note lumo-note--warning lumo-conn__events'}>
              {status.lastEventAt ? t('connections.lastEvent', { ago: formatRelativeTime(status.lastEventAt, now) }) : t('connections.noEventsYet')}
            </p>
          )}
          {form.formError.value && <p class="lumo-note lumo-note--error" role="alert">{say(form.formError.value)}</p>}
          {manage && (
            <div class="lumo-conn__actions">
              <button type="button" class="lumo-button" disabled={form.busy.value !== null || state === 'syncing' || state === 'queued'} onClick={() => void model.syncNow(spec.id)}>
                {t('connections.syncNow')}
              </button>
              <button type="button" class="lumo-button lumo-button--outline-danger" disabled={form.busy.value !== null} onClick={() => setConfirming(true)}>
                {t('connections.disconnect')}
              </button>
            </div>
          )}
        </>
      ) : manage ? (
        <ConnectForm spec={spec} model={model} />
      ) : null}
      {confirming && (
        <ConfirmDialog
          title={t('connections.disconnectTitle', { service: spec.name })}
          message={t(spec.id === 'line' ? 'connections.disconnectLineMessage' : 'connections.disconnectMessage', { service: spec.name })}
          confirmLabel={t('connections.disconnect')}
          danger
          onCancel={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); void model.disconnect(spec.id); }}
        />
      )}
    </section>
  );
}

function Details({ status, spec, now }: { status: ConnectionStatus; spec: ServiceSpec; now: number }) {
  const detail = status.settings.shop ?? status.settings.basicId;
  const counts = status.counts;
  const found: string[] = [];
  if (counts) {
    if (spec.id === 'line') {
      if (counts.friendsAdded !== undefined) found.push(t('connections.found.friendsAdded', { count: counts.friendsAdded }));
    } else {
      found.push(t('connections.found.linked', { linked: counts.linked, records: counts.records }));
    }
    for (const k of ['withoutLineUserId', 'invalidLineUserId', 'duplicateLineUserId', 'notFriends'] as const) {
      if (counts[k] > 0 && spec.id !== 'line') found.push(t(`connections.found.${k}`, { count: counts[k] }));
    }
  }
  return (
    <div class="lumo-conn__details">
      {detail && <p>{t('connections.connectedAs', { detail })}</p>}
      {status.linkField && <p>{t('connections.linkFieldIs', { field: status.linkField })}</p>}
      <p class="lumo-conn__sync">
        {status.lastSyncAt ? t('connections.lastSync', { ago: formatRelativeTime(status.lastSyncAt, now) }) : t('connections.neverSynced')}
      </p>
      {status.progress && (
        <div class="lumo-conn__progress">
          <progress aria-label={t('connections.progress', { service: spec.name })} />
          <span>{t('connections.progressText', { records: status.progress.records, phase: status.progress.phase })}</span>
        </div>
      )}
      {found.length > 0 && <ul class="lumo-conn__found">{found.map((line) => <li key={line}>{line}</li>)}</ul>}
      {status.lastError && status.status === 'failed' && (
        <div class="lumo-note lumo-note--error lumo-conn__error">
          <p>{t('connections.lastError', { ago: formatRelativeTime(status.lastError.at, now) })} {status.lastError.message}</p>
          <p>{t('connections.lastErrorWhat', { service: spec.name })}</p>
        </div>
      )}
    </div>
  );
}
