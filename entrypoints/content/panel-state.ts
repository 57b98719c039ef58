/**
 * Whether the Segment panel is open, shared by the features that open it (launcher, navigation
 * entry) and the one that shows it. Focus returns to whichever control opened it.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

const open = signal(false);
export const panelOpen: ReadonlySignal<boolean> = open;
let opener: HTMLElement | null = null;

export function openPanel(from?: HTMLElement | null): void {
  opener = from ?? null;
  open.value = true;
}

export function closePanel(): void {
  if (!open.value) return;
  open.value = false;
  const target = opener;
  opener = null;
  if (target?.isConnected) queueMicrotask(() => target.focus());
}

export function togglePanel(from?: HTMLElement | null): void {
  if (open.value) closePanel();
  else openPanel(from);
}
