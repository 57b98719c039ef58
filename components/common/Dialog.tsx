import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { activeElementOf, focusFirst, trapTab } from './focus';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  /** Buttons, at the bottom right. */
  actions: ComponentChildren;
  onSubmit?: () => void;
}

/** The dialogs open now, innermost last: only it answers an Escape heard outside any dialog. */
const open: HTMLElement[] = [];

/**
 * A modal dialog inside the panel: focus moves in, Tab stays in, Escape closes, and focus goes
 * back to where it was.
 */
export function Dialog({ title, onClose, children, actions, onSubmit }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const previous = activeElementOf(el) as HTMLElement | null;
    focusFirst(el);
    open.push(el);
    // Focus can leave the dialog without the user moving it: Chromium drops it to the page's
    // body when the focused button becomes disabled (a submit button while its request runs), and
    // the dialog's own handler no longer hears the keys. Escape still closes the innermost dialog.
    const doc = el.ownerDocument;
    const onDocumentKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || open.at(-1) !== el || e.composedPath().includes(el)) return;
      e.preventDefault();
      close.current();
    };
    doc.addEventListener('keydown', onDocumentKey);
    return () => {
      doc.removeEventListener('keydown', onDocumentKey);
      open.splice(open.indexOf(el), 1);
      previous?.focus?.();
    };
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      e.preventDefault();
      onClose();
    } else if (ref.current) {
      trapTab(e, ref.current);
    }
  };
  return (
    <div class="lumo-scrim lumo-scrim--dialog">
      <div ref={ref} class="lumo-dialog" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <form onSubmit={(e) => { e.preventDefault(); onSubmit?.(); }} noValidate>
          <h2 id={titleId} class="lumo-dialog__title">{title}</h2>
          <div class="lumo-dialog__body">{children}</div>
          <div class="lumo-dialog__actions">{actions}</div>
        </form>
      </div>
    </div>
  );
}
