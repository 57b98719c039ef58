/**
 * The floating "Segments" button, on every account page: the way into the panel that needs
 * nothing from the host page, so it stays when the page's navigation cannot be found.
 */
import { t } from '@/lib/i18n';
import { isAccountPage } from '@/lib/line-manager';
import { defineFeature } from '../feature-manager';
import { panelOpen, togglePanel } from '../panel-state';
import { injectShadowUi } from '../shadow-ui';

export function Launcher() {
  return (
    <button
      type="button"
      class="lumo-launcher"
      aria-expanded={panelOpen.value}
      title={t('content.launcherHint')}
      onClick={(e) => togglePanel(e.currentTarget)}
    >
      <svg class="lumo-launcher__icon" viewBox="0 0 24 24" aria-hidden="true">
        <circle cx="9" cy="9" r="3.2" fill="none" stroke="currentColor" stroke-width="1.8" />
        <circle cx="16.5" cy="10.5" r="2.4" fill="none" stroke="currentColor" stroke-width="1.8" />
        <path d="M3.8 18.5c.8-3 2.9-4.6 5.2-4.6s4.4 1.6 5.2 4.6M14.6 15.2c.6-.4 1.2-.6 1.9-.6 1.8 0 3.2 1.3 3.7 3.9" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" />
      </svg>
      <span class="lumo-launcher__label">{t('content.launcher')}</span>
    </button>
  );
}

export const launcher = defineFeature({
  id: 'launcher',
  include: [isAccountPage],
  // One launcher for every account page: it does not depend on which account is open.
  key: () => 'launcher',
  async init(signal, { ctx }) {
    const ui = await injectShadowUi({ ctx, signal, feature: 'launcher', name: 'lumo-segments-launcher', render: () => <Launcher /> });
    if (!ui) return false;
  },
});
