import { useId } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ConnectionsModel } from './model';
import { CredentialField } from './CredentialField';
import { say } from './say';
import type { ServiceSpec } from './services';

/** What a service needs to connect, where to find it, and "Connect"; messages next to the fields. */
export function ConnectForm({ spec, model }: { spec: ServiceSpec; model: ConnectionsModel }) {
  const id = useId();
  const form = model.form(spec.id);
  const values = form.values.value;
  const errors = form.errors.value;
  const busy = form.busy.value === 'connect';
  const formError = form.formError.value;
  const onSubmit = (e: Event) => {
    e.preventDefault();
    // Read now: once dispatch ends, an event from a shadow tree has its target cleared.
    const form = e.currentTarget as HTMLFormElement;
    void model.connect(spec.id).then((ok) => {
      // Focus the first field to fix, so a keyboard user lands where the message is.
      if (!ok) form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
    });
  };
  return (
    <form class="lumo-conn__form" onSubmit={onSubmit} noValidate aria-busy={busy}>
      <p class="lumo-conn__hint" id={`${id}-hint`}>{t(spec.hint)}</p>
      {spec.fields.map((field) => (
        <CredentialField key={field.name} field={field} value={values[field.name] ?? ''} error={errors[field.name]}
          onInput={(v) => model.setField(spec.id, field.name, v)} />
      ))}
      {formError && <p class="lumo-note lumo-note--error" role="alert">{say(formError)}</p>}
      <div class="lumo-conn__actions">
        <button type="submit" class="lumo-button lumo-button--primary" disabled={busy}>{t('connections.connect')}</button>
        {busy && <span role="status" class="lumo-conn__busy"><span class="lumo-spinner" aria-hidden="true" />{t('connections.connecting', { service: spec.name })}</span>}
      </div>
    </form>
  );
}
