import type { ComponentChildren } from 'preact';
import { useId } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { FieldIssue } from './bubbles';

interface FieldProps {
  label: string;
  issue?: FieldIssue;
  hint?: ComponentChildren;
  /** Renders the control with the ids that tie it to its label, hint and issue. */
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}

/** A labelled control whose issue is shown in place, right under it, and announced. */
export function Field({ label, issue, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const issueId = issue ? `${id}-issue` : undefined;
  const describedBy = [issueId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div class="lumo-field">
      <label class="lumo-field__label" for={id}>{label}</label>
      {children({ id, describedBy, invalid: !!issue })}
      {issue && <p id={issueId} class="lumo-field__error" role="alert">{t(`broadcast.${issue.key}`, issue.params)}</p>}
      {hint && <p id={hintId} class="bc-hint">{hint}</p>}
    </div>
  );
}
