/**
 * The Segment panel of the account in the URL. Its models live as long as the account stays the
 * same (closing and reopening keeps a draft); switching accounts restarts the feature with the
 * new account's models.
 */
import { SegmentPanel } from '@/components/SegmentPanel';
import { createPanelModels, type PanelModels } from '@/components/models/panel';
import { isAccountPage } from '@/lib/line-manager';
import { defineFeature } from '../feature-manager';
import { closePanel, panelOpen } from '../panel-state';
import { injectShadowUi } from '../shadow-ui';

function PanelHost({ models }: { models: PanelModels }) {
  return panelOpen.value ? <SegmentPanel models={models} onClose={closePanel} /> : null;
}

export const segmentPanel = defineFeature({
  id: 'segment-panel',
  include: [isAccountPage],
  async init(signal, { ctx, accountId }) {
    const models = createPanelModels(accountId);
    signal.addEventListener('abort', () => models.dispose(), { once: true });
    const ui = await injectShadowUi({
      ctx,
      signal,
      feature: 'segment-panel',
      name: 'lumo-segments-panel',
      isolateEvents: true,
      render: () => <PanelHost models={models} />,
    });
    if (!ui) {
      models.dispose();
      return false;
    }
  },
});
