import { SegmentEditor } from '../editor/SegmentEditor';
import { SegmentList } from '../list/SegmentList';
import type { PanelModels } from '../models/panel';

/** The "Segments" tab: the list, or the editor while a segment is open. */
export function SegmentsView({ models }: { models: PanelModels }) {
  return models.view.value === 'editor' ? <SegmentEditor models={models} /> : <SegmentList models={models} />;
}
