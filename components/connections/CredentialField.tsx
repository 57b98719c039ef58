import { useId } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { say } from './say';
import type { FieldMessage, FieldSpec } from './services';

interface Props {
  field: FieldSpec;
  value: string;
  error: FieldMessage | string | undefined;
  onInput(value: string): void;
}

/** One credential a service asks for: its label, where to find it, and what to fix, tied to the input. */
export function CredentialField({ field, value, error, onInput }: Props) {
  const fid = useId();
  const described = [field.hint && `${fid}-hint`, error && `${fid}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="lumo-field">
      <label class="lumo-field__label" for={fid}>{t(field.label)}</label>
      <input
        id={fid}
        class="lumo-input lumo-conn__input"
        type={(field.secret ? 'password' : 'text') as 'text'}
        autocomplete="off"
        spellcheck={false}
        value={value}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described}
        onInput={(e) => onInput((e.target as HTMLInputElement).value)}
      />
      {field.hint && <p class="lumo-field__hint" id={`${fid}-hint`}>{t(field.hint)}</p>}
      {error && <p class="lumo-field__error" id={`${fid}-error`}>{say(error)}</p>}
    </div>
  );
}
