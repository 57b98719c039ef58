import type { Catalog, Tag } from '@/lib/contract/api';
import { t } from '@/lib/i18n';
import { Dialog } from '../common/Dialog';
import { conditionSummary } from '../preview/summary';
import type { Review } from './model';

interface ReviewDialogProps {
  review: Review;
  catalog: Catalog | null;
  tags: readonly Tag[];
  /** The open segment's name, when it has one: Approve replaces its conditions. */
  openSegmentName: string | null;
  onApprove: () => void;
  onCancel: () => void;
}

/**
 * The approval dialog: the suggestion as readable conditions, with its count and explanation.
 * Approve puts it in the editor; Cancel (or Escape) keeps it on hold. Focus starts on Approve's
 * neighbour Cancel, so Enter alone never applies anything.
 */
export function ReviewDialog({ review, catalog, tags, openSegmentName, onApprove, onCancel }: ReviewDialogProps) {
  const { definition } = review;
  return (
    <Dialog
      title={t('agent.review.title')}
      onClose={onCancel}
      onSubmit={onApprove}
      actions={<>
        <button type="button" class="lumo-button" onClick={onCancel} data-autofocus>{t('agent.cancel')}</button>
        <button type="submit" class="lumo-button lumo-button--primary">{t('agent.approve')}</button>
      </>}
    >
      <p class="lumo-agent__name">{review.name}</p>
      <p class="lumo-agent__count">
        {review.count === null ? t('agent.review.countUnknown') : t('agent.review.matches', { count: review.count })}
      </p>
      <div class="lumo-subtitle">{t('agent.review.conditions')}</div>
      <ol class="lumo-agent__groups">
        {definition.groups.map((group, g) => (
          <li key={g} class="lumo-agent__group">
            {g > 0 && <span class="lumo-agent__or">{t('panel.editor.or')}</span>}
            <ul class="lumo-agent__conditions">
              {group.conditions.map((c, i) => <li key={i}>{conditionSummary(c, catalog, tags)}</li>)}
            </ul>
          </li>
        ))}
      </ol>
      <div class="lumo-subtitle">{t('agent.review.why')}</div>
      <p class="lumo-agent__explanation">{review.explanation}</p>
      <p class="lumo-agent__source">{t(review.source === 'model' ? 'agent.review.byModel' : 'agent.review.byPlanner')}</p>
      <p class="lumo-agent__hint">
        {openSegmentName ? t('agent.review.openSegment', { name: openSegmentName }) : t('agent.review.newSegment')}
        {' '}{t('agent.cancel.hint')}
      </p>
    </Dialog>
  );
}
