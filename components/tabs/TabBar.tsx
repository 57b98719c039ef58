import { useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { ErrorBoundary } from '../common/ErrorBoundary';
import type { PanelModels } from '../models/panel';
import { visibleTabs, type PanelTab } from './registry';

const tabId = (id: string) => `lumo-tab-${id}`;
const panelId = (id: string) => `lumo-tabpanel-${id}`;

/** Index of the tab a key moves to (WAI-ARIA tabs: arrows wrap, Home/End), or null for other keys. */
export function tabIndexForKey(key: string, current: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight': return (current + 1) % count;
    case 'ArrowLeft': return (current - 1 + count) % count;
    case 'Home': return 0;
    case 'End': return count - 1;
    default: return null;
  }
}

/**
 * The panel's tab bar and the selected tab's panel. Tabs activate on focus (arrow keys move and
 * select); only the selected tab is in the Tab order, so Tab goes from the bar into the view.
 */
export function PanelTabs({ models, tabs }: { models: PanelModels; tabs?: readonly PanelTab[] }) {
  const list = visibleTabs(models, tabs);
  const bar = useRef<HTMLDivElement>(null);
  const selected = list.find((tab) => tab.id === models.tab.value) ?? list[0];
  if (!selected) return null;
  const onKeyDown = (e: KeyboardEvent) => {
    const next = tabIndexForKey(e.key, list.indexOf(selected), list.length);
    if (next === null) return;
    e.preventDefault();
    const tab = list[next]!;
    models.selectTab(tab.id);
    bar.current?.querySelector<HTMLElement>(`#${tabId(tab.id)}`)?.focus();
  };
  return (
    <>
      <div ref={bar} class="lumo-tabs" role="tablist" aria-label={t('tabs.label')} onKeyDown={onKeyDown}>
        {list.map((tab) => {
          const isSelected = tab === selected;
          return (
            <button
              key={tab.id}
              type="button"
              role="tab"
              id={tabId(tab.id)}
              class="lumo-tab"
              aria-selected={isSelected ? 'true' : 'false'}
              aria-controls={isSelected ? panelId(tab.id) : undefined}
              tabIndex={isSelected ? 0 : -1}
              onClick={() => models.selectTab(tab.id)}
            >
              {t(tab.label)}
            </button>
          );
        })}
      </div>
      <div class="lumo-panel__body" role="tabpanel" id={panelId(selected.id)} aria-labelledby={tabId(selected.id)}>
        <ErrorBoundary id={`tab:${selected.id}`} key={selected.id}>
          <TabView tab={selected} models={models} />
        </ErrorBoundary>
      </div>
    </>
  );
}

/** Calls the tab's render inside the error boundary (a component, so a throw is caught there). */
function TabView({ tab, models }: { tab: PanelTab; models: PanelModels }) {
  return <>{tab.render(models)}</>;
}
