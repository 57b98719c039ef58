import { useId, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { Dialog } from '../common/Dialog';

/** A tag's name: create or rename. The server's refusal (a name taken) is said next to the field. */
export function TagNameDialog({ title, submitLabel, initial = '', onSubmit, onCancel }: {
  title: string; submitLabel: string; initial?: string;
  onSubmit: (name: string) => Promise<string | null>; onCancel: () => void;
}) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const submit = async () => {
    const name = value.trim();
    if (!name) return setError(t('panel.required'));
    if (name.length > 100) return setError(t('panel.tooLong', { max: 100 }));
    setBusy(true);
    const problem = await onSubmit(name);
    setBusy(false);
    if (problem) {
      setError(problem);
      // The submit button was disabled while the request ran, which took focus off it: back to the
      // field the message is about, to correct it (or Escape).
      input.current?.focus();
    } else onCancel();
  };
  return (
    <Dialog title={title} onClose={onCancel} onSubmit={() => void submit()} actions={<>
      <button type="button" class="lumo-button" onClick={onCancel}>{t('tags.cancel')}</button>
      <button type="submit" class="lumo-button lumo-button--primary" disabled={busy}>{submitLabel}</button>
    </>}>
      <div class="lumo-field">
        <label class="lumo-field__label" for={id}>{t('tags.name')}</label>
        <input id={id} ref={input} class="lumo-input" value={value} data-autofocus
          aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => { setValue(e.currentTarget.value); setError(null); }} />
        {error && <p id={`${id}-error`} class="lumo-field__error" role="alert">{error}</p>}
      </div>
    </Dialog>
  );
}
