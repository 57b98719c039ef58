import { t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { SegmentTagActions } from './SegmentTagActions';
import './tags.css';

/**
 * "Tag everyone" and "Export CSV" in the editor. Both act on the segment as the sync API has it
 * saved, so they wait for a new segment's first save and for unsaved changes: tagging the saved
 * members while the editor shows other conditions would tag people the marketer did not mean.
 */
export function EditorTagActions({ models }: { models: PanelModels }) {
  const { editor, list } = models;
  const id = editor.segmentId.value;
  const item = id === null ? undefined : list.items.value.find((x) => x.segment.id === id);
  const saved = item !== undefined && item.sync === 'synced';
  return (
    <div class="lumo-editor__segment-actions" role="group" aria-label={t('tags.segmentActions')}>
      {!saved ? <p class="lumo-muted">{t('tags.saveFirst')}</p>
        : editor.dirty.value ? <p class="lumo-muted">{t('tags.saveChangesFirst')}</p>
        : <SegmentTagActions item={item} models={models} />}
    </div>
  );
}
