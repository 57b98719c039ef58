import { useEffect, useMemo } from 'preact/hooks';
import type { SlotProps } from '../slots';
import { applyToEditor } from './apply';
import { AgentBox } from './AgentBox';
import { extensionHeldStore } from './held';
import { createAgentModel } from './model';

/** The agent box in the editor's slot: suggestions go into the open segment on Approve. */
export function AgentSlot({ models }: SlotProps) {
  const agent = useMemo(() => createAgentModel({
    client: models.client,
    accountId: models.accountId,
    store: extensionHeldStore(models.accountId),
    onApprove: (definition, name) => applyToEditor(models.editor, definition, name),
  }), [models]);
  useEffect(() => { void agent.loadHeld(); }, [agent]);
  const { editor, catalog } = models;
  return (
    <AgentBox
      agent={agent}
      catalog={catalog.catalog.value}
      tags={catalog.tags.value}
      openSegmentName={editor.segmentId.value === null ? null : editor.name.value || null}
    />
  );
}
AgentSlot.displayName = 'AgentBox';
