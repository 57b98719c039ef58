import { useId, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { Dialog } from './Dialog';

interface PromptDialogProps {
  title: string;
  label: string;
  submitLabel: string;
  initial?: string;
  maxLength?: number;
  /** Resolves false when the change did not go through (the dialog stays open). */
  onSubmit: (value: string) => Promise<boolean> | boolean;
  onCancel: () => void;
}

/** One required text field in a dialog: Create Folder, Rename. */
export function PromptDialog({ title, label, submitLabel, initial = '', maxLength = 100, onSubmit, onCancel }: PromptDialogProps) {
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const submit = async () => {
    const trimmed = value.trim();
    if (!trimmed) return setError(t('panel.required'));
    if (trimmed.length > maxLength) return setError(t('panel.tooLong', { max: maxLength }));
    setBusy(true);
    const ok = await onSubmit(trimmed);
    setBusy(false);
    if (ok) onCancel();
  };
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      onSubmit={() => void submit()}
      actions={<>
        <button type="button" class="lumo-button" onClick={onCancel}>{t('panel.cancel')}</button>
        <button type="submit" class="lumo-button lumo-button--primary" disabled={busy}>{submitLabel}</button>
      </>}
    >
      <div class="lumo-field">
        <label class="lumo-field__label" for={id}>{label}</label>
        <input
          id={id}
          class="lumo-input"
          value={value}
          required
          maxLength={maxLength + 50}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onInput={(e) => { setValue(e.currentTarget.value); setError(null); }}
          data-autofocus
        />
        {error && <p id={`${id}-error`} class="lumo-field__error" role="alert">{error}</p>}
      </div>
    </Dialog>
  );
}
