import { signal, type Signal } from '@preact/signals';
import { useEffect, useId } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { createConnectAccountModel, type ConnectAccountModel } from './connectAccount';
import { CredentialField } from './CredentialField';
import { say } from './say';
import { serviceSpec } from './services';

/** One model per panel: a half-typed form survives closing and reopening the panel. */
const models = new WeakMap<PanelModels, ConnectAccountModel>();
const connectedHere = new WeakMap<PanelModels, Signal<boolean>>();

function modelOf(panel: PanelModels): ConnectAccountModel {
  let model = models.get(panel);
  if (!model) models.set(panel, (model = createConnectAccountModel(panel.client, panel.accountId)));
  return model;
}

/** Whether this panel's account was connected a moment ago (the next step is then shown). */
export function justConnected(panel: PanelModels): Signal<boolean> {
  let s = connectedHere.get(panel);
  if (!s) connectedHere.set(panel, (s = signal(false)));
  return s;
}

const LINE = serviceSpec('line');

/**
 * "Connect this account": the panel of an account the sync API does not know. Its channel's
 * secret and token, then the account opens with its (empty) segment list and the next step.
 */
export function ConnectAccount({ panel }: { panel: PanelModels }) {
  const id = useId();
  const model = modelOf(panel);
  useEffect(() => { void model.load(); }, [model]);
  const values = model.values.value;
  const errors = model.errors.value;
  const busy = model.busy.value;
  const formError = model.formError.value;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    // Read now: once dispatch ends, an event from a shadow tree has its target cleared.
    const form = e.currentTarget as HTMLFormElement;
    void model.connect().then(async (account) => {
      if (!account) {
        form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
        return;
      }
      justConnected(panel).value = true;
      await panel.load(true);
    });
  };
  const member = model.auth.value?.member;
  return (
    <section class="lumo-connect lumo-connect-account" aria-labelledby={`${id}-title`}>
      <h3 class="lumo-connect__title" id={`${id}-title`}>{t('connections.account.title')}</h3>
      <p class="lumo-connect__text">{t('connections.account.intro', { account: panel.accountId })}</p>
      {!model.canConnect.value ? (
        <>
          <p class="lumo-note lumo-note--info">{t('connections.account.needsSession')}</p>
          <div class="lumo-connect__actions">
            <button type="button" class="lumo-button lumo-button--primary" onClick={() => void panel.openOptions()}>{t('connections.account.signIn')}</button>
            <button type="button" class="lumo-button" onClick={() => void panel.load(true)}>{t('panel.connect.tryAgain')}</button>
          </div>
        </>
      ) : (
        <form class="lumo-conn__form lumo-connect-account__form" onSubmit={onSubmit} noValidate aria-busy={busy} aria-labelledby={`${id}-title`}>
          {member && <p class="lumo-connect-account__who">{t('connections.account.signedInAs', { name: member.name })}</p>}
          <p class="lumo-conn__hint">{t(LINE.hint)}</p>
          {LINE.fields.map((field) => (
            <CredentialField key={field.name} field={field} value={values[field.name] ?? ''} error={errors[field.name]}
              onInput={(v) => model.setField(field.name, v)} />
          ))}
          {formError && <p class="lumo-note lumo-note--error" role="alert">{say(formError)}</p>}
          <div class="lumo-conn__actions">
            <button type="submit" class="lumo-button lumo-button--primary" disabled={busy}>{t('connections.connect')}</button>
            {model.notMember.value && (
              <button type="button" class="lumo-button" onClick={() => void panel.openOptions()}>{t('connections.account.someoneElse')}</button>
            )}
            {busy && <span role="status" class="lumo-conn__busy"><span class="lumo-spinner" aria-hidden="true" />{t('connections.connecting', { service: LINE.name })}</span>}
          </div>
        </form>
      )}
    </section>
  );
}
