/**
 * A "Segments" entry at the end of the manager's left navigation, where it is found (selectors
 * in lib/line-manager). The manager re-renders its navigation on every route, so a
 * MutationObserver puts the entry back whenever it goes; where no navigation is found, nothing is
 * added and the launcher remains the way in.
 */
import { t } from '@/lib/i18n';
import { isAccountPage, select } from '@/lib/line-manager';
import { defineFeature } from '../feature-manager';
import { panelOpen, togglePanel } from '../panel-state';
import { HOST_ATTR, hostSelector, injectShadowUi } from '../shadow-ui';

export function NavEntry() {
  return (
    <button type="button" class="lumo-nav-entry" aria-expanded={panelOpen.value} onClick={(e) => togglePanel(e.currentTarget)}>
      <svg class="lumo-nav-entry__icon" viewBox="0 0 20 20" aria-hidden="true">
        <circle cx="7.5" cy="7" r="2.6" fill="none" stroke="currentColor" stroke-width="1.5" />
        <circle cx="13.8" cy="8.4" r="2" fill="none" stroke="currentColor" stroke-width="1.5" />
        <path d="M3 15.5c.7-2.6 2.4-3.9 4.5-3.9s3.8 1.3 4.5 3.9M12.2 12.7c.5-.3 1-.5 1.6-.5 1.5 0 2.7 1.1 3.1 3.3" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" />
      </svg>
      <span>{t('content.navEntry')}</span>
    </button>
  );
}

/** The entry takes the colour, font and padding of the navigation's own links. */
function borrowLook(nav: Element, item: HTMLElement): void {
  const link = nav.querySelector('a');
  if (!link) return;
  const style = getComputedStyle(link);
  item.style.setProperty('--lumo-nav-color', style.color);
  item.style.setProperty('--lumo-nav-font-size', style.fontSize);
  item.style.setProperty('--lumo-nav-font-family', style.fontFamily);
  item.style.setProperty('--lumo-nav-padding', style.padding);
}

export const navEntry = defineFeature({
  id: 'nav-entry',
  include: [isAccountPage],
  key: () => 'nav-entry',
  async init(signal, { ctx }) {
    const ui = await injectShadowUi({
      ctx,
      signal,
      feature: 'nav-entry',
      name: 'lumo-segments-nav',
      anchor: () => select('leftNavigation'),
      append(nav, host) {
        const previous = host.parentElement;
        if (previous?.getAttribute(HOST_ATTR) === 'nav-entry-item') previous.remove();
        const item = document.createElement(nav.tagName === 'UL' || nav.tagName === 'OL' ? 'li' : 'div');
        item.setAttribute(HOST_ATTR, 'nav-entry-item');
        borrowLook(nav, item);
        item.append(host);
        nav.append(item);
      },
      render: () => <NavEntry />,
      mountNow: false, // `ensure` mounts it wherever the navigation is, now and after each re-render
    });
    if (!ui) return false;

    const ensure = () => {
      const nav = select('leftNavigation');
      if (!nav || nav.querySelector(`:scope > [${HOST_ATTR}="nav-entry-item"] > ${hostSelector('nav-entry')}`)) return;
      ui.mount();
    };
    const observer = new MutationObserver(ensure);
    observer.observe(document.body, { childList: true, subtree: true });
    signal.addEventListener('abort', () => {
      observer.disconnect();
      document.querySelectorAll(`[${HOST_ATTR}="nav-entry-item"]`).forEach((el) => el.remove());
    }, { once: true });
    ensure();
  },
});
