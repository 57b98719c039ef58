import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';

interface LabeledFieldProps {
  label: string;
  /** What to fix, shown under the control and announced; the control is marked invalid. */
  error?: string;
  hint?: ComponentChildren;
  /** Renders the control with the ids that tie it to its label, hint and error. */
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/**
 * A labelled control whose accessible name is its label alone (the hint and the error describe it
 * instead of being read as part of its name).
 */
export function LabeledField({ label, error, hint, children }: LabeledFieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div class="lumo-field">
      <label class="lumo-field__label" for={id}>{label}</label>
      {children({ id, describedBy: [errorId, hintId].filter(Boolean).join(' ') || undefined, invalid: !!error })}
      {hint && <span id={hintId} class="lumo-field__hint">{hint}</span>}
      {error && <span id={errorId} class="lumo-field__error" role="alert">{error}</span>}
    </div>
  );
}
