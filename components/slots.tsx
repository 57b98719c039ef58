/**
 * Mount points of the panel for features that live in their own folders (the agent box, the
 * broadcast history). To add one, append your component to its slot here — one line:
 *
 *   agent: [AgentBox],
 *
 * A slot component gets the panel's models (read signals, call actions) and renders nothing
 * when it has nothing to say. Each is wrapped in an error boundary, so a failing slot never
 * takes the panel down.
 */
import type { ComponentType } from 'preact';
import { ErrorBoundary } from './common/ErrorBoundary';
import type { PanelModels } from './models/panel';
import { History as BroadcastHistory } from './broadcast/History';
import { AgentSlot } from './agent/AgentSlot';

export interface SlotProps {
  models: PanelModels;
}

export const PanelSlots: Record<SlotName, ComponentType<SlotProps>[]> = {
  /** In the editor, above the conditions: builds or refines a draft from a goal in words. */
  agent: [AgentSlot],
  /** In the preview, under the friends: the segment's past broadcasts (editor.segmentId). */
  broadcastHistory: [BroadcastHistory],
};

export type SlotName = 'agent' | 'broadcastHistory';

/** Renders the components registered for `name`, each behind its own error boundary. */
export function Slot({ name, models }: { name: SlotName; models: PanelModels }) {
  const components = PanelSlots[name];
  if (components.length === 0) return null;
  return (
    <div class={`lumo-slot lumo-slot--${name}`} data-slot={name}>
      {components.map((Component, i) => (
        <ErrorBoundary key={i} id={`slot:${name}:${Component.displayName ?? Component.name ?? i}`}>
          <Component models={models} />
        </ErrorBoundary>
      ))}
    </div>
  );
}
