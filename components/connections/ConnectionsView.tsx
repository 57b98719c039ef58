import { useEffect, useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ProviderId } from '@/lib/contract/api';
import type { PanelModels } from '../models/panel';
import { createConnectionsModel, type ConnectionsModel } from './model';
import { sectionId, ServiceSection } from './ServiceSection';
import { SERVICES } from './services';

/** One Connections model per panel (the panel's models outlive the tab, so a half-typed form stays). */
const models = new WeakMap<PanelModels, ConnectionsModel>();
const focusRequests = new WeakMap<PanelModels, ProviderId>();

export function connectionsOf(panel: PanelModels): ConnectionsModel {
  let model = models.get(panel);
  if (!model) models.set(panel, (model = createConnectionsModel(panel.client, panel.accountId)));
  return model;
}

/** Opens the Connections tab on one service's section ("Connect Shopify" in the editor). */
export function openConnection(panel: PanelModels, provider: ProviderId): void {
  focusRequests.set(panel, provider);
  panel.selectTab('connections');
}

/** The "Connections" tab: one section per service. */
export function ConnectionsView({ models: panel }: { models: PanelModels }) {
  const model = connectionsOf(panel);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    void model.load().then(() => {
      const wanted = focusRequests.get(panel);
      focusRequests.delete(panel);
      if (!wanted) return;
      const heading = root.current?.querySelector<HTMLElement>(`#${sectionId(wanted)}-title`);
      heading?.scrollIntoView({ block: 'start' });
      heading?.focus();
    });
    return () => model.stop();
  }, [model, panel]);
  const items = model.items.value;
  return (
    <div class="lumo-connections" ref={root}>
      <h2 class="lumo-section-title">{t('connections.tab')}</h2>
      <p class="lumo-connections__intro">{t('connections.intro')}</p>
      {!model.canManage.value && <p class="lumo-note lumo-note--info">{t('connections.adminOnly')}</p>}
      {model.loadError.value && <p class="lumo-note lumo-note--error" role="alert">{model.loadError.value}</p>}
      {items === null && !model.loadError.value ? (
        <p class="lumo-loading" role="status"><span class="lumo-spinner" aria-hidden="true" />{t('connections.loading')}</p>
      ) : (
        SERVICES.map((spec) => <ServiceSection key={spec.id} spec={spec} model={model} now={panel.now.value} />)
      )}
    </div>
  );
}
