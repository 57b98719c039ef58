/**
 * A small testing-library of our own (none is installed): find controls by role and accessible
 * name inside shadow roots, and act on them the way a user does.
 */

const ROLE_SELECTORS: Record<string, string> = {
  button: 'button:not([role]), [role="button"]',
  textbox: 'input:not([type]):not([list]), input[type="text"]:not([list]), textarea',
  searchbox: 'input[type="search"]',
  combobox: 'select, input[list]',
  spinbutton: 'input[type="number"]',
  checkbox: 'input[type="checkbox"]',
  date: 'input[type="date"]',
  group: '[role="group"], fieldset',
  region: 'section[aria-label], section[aria-labelledby], [role="region"]',
  complementary: 'aside, [role="complementary"]',
  dialog: '[role="dialog"]',
  listitem: 'li',
  status: '[role="status"]',
  alert: '[role="alert"]',
  tab: '[role="tab"]',
  tablist: '[role="tablist"]',
  tabpanel: '[role="tabpanel"]',
};

type Root = ParentNode & Node;

/** Visible text, without aria-hidden parts and without form controls. */
function textOf(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? '';
  if (!(node instanceof Element)) return '';
  if (node.getAttribute('aria-hidden') === 'true' || ['INPUT', 'SELECT', 'TEXTAREA'].includes(node.tagName)) return '';
  return [...node.childNodes].map(textOf).join('');
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export function accessibleName(el: Element): string {
  const root = el.getRootNode() as Document | ShadowRoot;
  const labelledBy = el.getAttribute('aria-labelledby');
  if (labelledBy) {
    return squash(labelledBy.split(/\s+/).map((id) => {
      const target = root.getElementById(id);
      return target ? textOf(target) : '';
    }).join(' '));
  }
  const label = el.getAttribute('aria-label');
  if (label) return squash(label);
  if (el.id) {
    const forLabel = root.querySelector(`label[for="${el.id}"]`);
    if (forLabel) return squash(textOf(forLabel));
  }
  const wrapping = el.closest('label');
  if (wrapping && ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName)) return squash(textOf(wrapping));
  if (['BUTTON', 'A', 'OPTION'].includes(el.tagName) || ['button', 'tab'].includes(el.getAttribute('role') ?? '')) return squash(textOf(el));
  return '';
}

export function queryAllByRole(root: Root, role: string, name?: string | RegExp): HTMLElement[] {
  const selector = ROLE_SELECTORS[role];
  if (!selector) throw new Error(`Unknown role "${role}"`);
  return [...root.querySelectorAll<HTMLElement>(selector)].filter((el) => {
    if (name === undefined) return true;
    const n = accessibleName(el);
    return typeof name === 'string' ? n === name : name.test(n);
  });
}

export function getByRole(root: Root, role: string, name?: string | RegExp): HTMLElement {
  const found = queryAllByRole(root, role, name);
  if (found.length !== 1) {
    const names = queryAllByRole(root, role).map(accessibleName);
    throw new Error(`Expected one ${role} named ${String(name)}, found ${found.length}. ${role}s here: ${JSON.stringify(names)}`);
  }
  return found[0]!;
}

export function queryByText(root: Root, text: string | RegExp): HTMLElement | undefined {
  const all = [...root.querySelectorAll<HTMLElement>('*')].filter((el) => {
    const own = squash(textOf(el));
    return typeof text === 'string' ? own === text : text.test(own);
  });
  // The innermost element holding the text.
  return all.find((el) => ![...el.children].some((child) => all.includes(child as HTMLElement)));
}

/** Lets Preact and pending promises settle. */
export async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) await new Promise((r) => setTimeout(r, 0));
}

export async function click(el: HTMLElement): Promise<void> {
  el.click();
  await settle();
}

export async function type(el: HTMLElement, text: string): Promise<void> {
  const input = el as HTMLInputElement;
  input.focus();
  input.value = text;
  input.dispatchEvent(new Event('input', { bubbles: true }));
  input.dispatchEvent(new Event('blur'));
  await settle();
}

export async function choose(el: HTMLElement, value: string): Promise<void> {
  const select = el as HTMLSelectElement;
  if (![...select.options].some((o) => o.value === value)) {
    throw new Error(`No option "${value}" in ${accessibleName(select)}: ${[...select.options].map((o) => o.value).join(', ')}`);
  }
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}

export async function press(el: HTMLElement, key: string): Promise<void> {
  el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  await settle();
}

/** A host with an open shadow root, as the content script mounts the panel. */
export function shadowContainer(): { host: HTMLElement; root: ShadowRoot; container: HTMLElement } {
  const host = document.createElement('div');
  document.body.append(host);
  const root = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  root.append(container);
  return { host, root, container };
}
