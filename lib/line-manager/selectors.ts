/**
 * Every selector of the host page (manager.line.biz) in one registry. The manager is a
 * single-page app whose class names are build hashes that change without notice, so each entry is
 * a list of alternatives on the stablest hooks we have (landmarks, aria-*, data-*, class
 * prefixes), most specific first, each with the page variant it serves. When none matches, the
 * feature that needs it steps back and the floating launcher remains the way in.
 */

/**
 * An alternative that needs more than a CSS selector: among the elements `selector` matches, the
 * first outside `notWithin` and, with `text`, whose text (or aria-label) is exactly one of those
 * labels once spaces and full-/half-width forms are folded — for controls with no stable
 * attribute, whose label is the most stable thing about them.
 */
export interface Candidate {
  selector: string;
  text?: readonly string[];
  notWithin?: string;
}
export type Alternative = string | Candidate;

/** The manager's own menus: a link there is navigation, not the page's content. */
const MENUS = 'nav, aside, [role="navigation"], [role="menu"], [role="dialog"]';

export const selectors = {
  /** The account's left navigation (Home, Chats, Broadcasts, …), where the "Segments" entry goes. */
  leftNavigation: [
    // Current manager: sidebar landmark labelled by the app
    'aside nav[aria-label] ul',
    // Current manager: sidebar without label, list directly in <nav>
    'aside nav ul',
    // Layouts that use an explicit navigation role instead of <nav>
    'aside [role="navigation"] ul',
    // Older Bootstrap-based manager: "#sidebar .list-group"
    '#sidebar .list-group',
    '#sidebar ul',
    // Vue builds with scoped class prefixes: "sidebar-…", "side-nav…", "SideNav…"
    '[class^="sidebar"] ul',
    '[class*=" sidebar"] ul',
    '[class*="side-nav"] ul',
    '[class*="SideNav"] ul',
  ],
  /** One entry of that navigation, whose look the "Segments" entry borrows. */
  navigationItem: [
    // Every variant: a list item holding a link
    ':scope > li',
    // Bootstrap list-group variant: links directly in the list
    ':scope > a',
  ],
  /**
   * The broadcast list's own create button (「作成」, "Create new"), beside which "Create
   * Broadcast" goes. Never one in the navigation: a menu entry to the create page is no button
   * to stand beside.
   */
  broadcastCreateButton: [
    // Current manager: a link to the create page at the head of the list
    { selector: 'a[href$="/broadcast/create"]', notWithin: MENUS },
    // …with the list's filters carried along ("/broadcast/create?…")
    { selector: 'a[href*="/broadcast/create?"]', notWithin: MENUS },
    // Builds that route in script: a <button> (or role=button) labelled like the page's own, in
    // the manager's Japanese or English
    {
      selector: 'button, [role="button"], a',
      text: ['作成', '新規作成', 'メッセージを作成', 'Create new', 'Create', 'Create message'],
      notWithin: MENUS,
    },
  ],
} as const satisfies Record<string, readonly Alternative[]>;

export type SelectorName = keyof typeof selectors;

const fold = (text: string) => text.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();

function find(alternative: Alternative, root: ParentNode): Element | undefined {
  if (typeof alternative === 'string') return root.querySelector(alternative) ?? undefined;
  const { selector, text, notWithin } = alternative;
  const labels = text && new Set(text.map(fold));
  for (const el of root.querySelectorAll(selector)) {
    if (notWithin && el.parentElement?.closest(notWithin)) continue;
    if (labels && !labels.has(fold(el.getAttribute('aria-label') ?? el.textContent ?? ''))) continue;
    return el;
  }
  return undefined;
}

/** The first element matching any alternative, in the registry's order. */
export function select(name: SelectorName, root: ParentNode = document): Element | undefined {
  for (const alternative of selectors[name] as readonly Alternative[]) {
    try {
      const found = find(alternative, root);
      if (found) return found;
    } catch {
      // An alternative the engine cannot parse (e.g. :scope on a document) is just not a match.
    }
  }
  return undefined;
}

/** True when some alternative finds the element. */
export function exists(name: SelectorName, root: ParentNode = document): boolean {
  return select(name, root) !== undefined;
}
