/**
 * Every selector of the host page (manager.line.biz) in one registry. The manager is a
 * single-page app whose class names are build hashes that change without notice, so each entry is
 * a list of alternatives on the stablest hooks we have (landmarks, aria-*, data-*, class
 * prefixes), most specific first, each with the page variant it serves. When none matches, the
 * feature that needs it steps back and the floating launcher remains the way in.
 */

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
} as const satisfies Record<string, readonly string[]>;

export type SelectorName = keyof typeof selectors;

/** The first element matching any alternative, in the registry's order. */
export function select(name: SelectorName, root: ParentNode = document): Element | undefined {
  for (const alternative of selectors[name]) {
    try {
      const found = root.querySelector(alternative);
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
