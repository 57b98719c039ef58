/** Renders the Segment panel in an open shadow root over a fake background. */
import { render } from 'preact';
import { SegmentPanel } from '@/components/SegmentPanel';
import { createPanelModels, type PanelModels } from '@/components/models/panel';
import { settle, shadowContainer } from './dom';
import { ACCOUNT, fakeBackground } from './fake-background';

export interface Harness {
  root: ShadowRoot;
  models: PanelModels;
  background: ReturnType<typeof fakeBackground>;
  closed: () => number;
  unmount(): void;
}

export async function openPanel(background = fakeBackground()): Promise<Harness> {
  const models = createPanelModels(ACCOUNT, { client: background.client, draftDelayMs: 0, pollMs: 20 });
  const { root, container } = shadowContainer();
  let closes = 0;
  render(<SegmentPanel models={models} onClose={() => { closes++; }} />, container);
  await settle();
  return {
    root,
    models,
    background,
    closed: () => closes,
    unmount() {
      render(null, container);
      models.dispose();
      document.body.innerHTML = '';
    },
  };
}
