/** Finding controls the way a user does (by label and role) in the popup and options tests. */

/** The accessible name of a control: aria-label, the label wrapping it, or its text. */
export function nameOf(el: Element): string {
  const aria = el.getAttribute('aria-label');
  if (aria) return aria;
  const wrapping = el.closest('label');
  if (wrapping && wrapping !== el) {
    return [...wrapping.childNodes].filter((n) => !(n instanceof HTMLInputElement || n instanceof HTMLSelectElement)).map((n) => n.textContent).join('').trim();
  }
  if (el.id) {
    const label = el.ownerDocument.querySelector(`label[for="${el.id}"]`);
    if (label) return label.textContent?.trim() ?? '';
  }
  return el.textContent?.trim() ?? '';
}

export function buttons(root: ParentNode, name: string): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')].filter((b) => nameOf(b) === name);
}
export function button(root: ParentNode, name: string): HTMLButtonElement {
  const [b] = buttons(root, name);
  if (!b) throw new Error(`No button "${name}" in: ${[...root.querySelectorAll('button')].map((x) => nameOf(x)).join(', ')}`);
  return b;
}
export function field(root: ParentNode, name: string): HTMLInputElement | HTMLSelectElement {
  const el = [...root.querySelectorAll('input, select')].find((i) => nameOf(i) === name);
  if (!el) throw new Error(`No field labelled "${name}"`);
  return el as HTMLInputElement;
}
export function type(input: HTMLInputElement, value: string) {
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}
export function choose(select: HTMLSelectElement, value: string) {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}
export const text = (root: Element) => root.textContent?.replace(/\s+/g, ' ').trim() ?? '';
export const flush = (ms = 0) => new Promise((r) => setTimeout(r, ms));
