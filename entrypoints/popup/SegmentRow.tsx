/** One segment in the popup: name, count and its age, Recount and Create Broadcast. */
import { formatRelativeTime, t } from './i18n';
import type { SegmentItem } from '../../lib/messages';

interface Props {
  item: SegmentItem;
  now: number;
  recounting: boolean;
  onRecount: (id: string) => void;
  onCreateBroadcast: (id: string) => void;
}

function countText(item: SegmentItem): string {
  const p = item.preview;
  if (!p) return t('popup.notCounted');
  if (p.status === 'calculating') return t('popup.calculating');
  if (p.status === 'failed' || p.count === null) return t('popup.countFailed');
  return t('popup.friends', { count: p.count });
}

export function SegmentRow({ item, now, recounting, onRecount, onCreateBroadcast }: Props) {
  const { segment, preview, sync } = item;
  const nameId = `segment-${segment.id}`;
  const unsaved = segment.id.startsWith('local-');
  const calculating = recounting || preview?.status === 'calculating';
  const countedAt = preview?.computedAt;
  return (
    <li class="row" aria-busy={calculating}>
      <div class="row-main">
        <span class="row-name" id={nameId}>{segment.name}</span>
        <span class="row-count" data-testid="count">{recounting ? t('popup.calculating') : countText(item)}</span>
        <span class="row-meta">
          {sync === 'pending' && <span class="badge">{t('popup.waiting')}</span>}
          {sync === 'refused' && <span class="badge badge-warn">{t('popup.refused')}</span>}
          {countedAt && !calculating && <span>{t('popup.countedAgo', { when: formatRelativeTime(countedAt, now) })}</span>}
        </span>
      </div>
      <div class="row-actions">
        <button type="button" class="btn-quiet" aria-describedby={nameId} disabled={unsaved || recounting}
          onClick={() => onRecount(segment.id)}>
          {t('popup.recount')}
        </button>
        <button type="button" class="btn-primary" aria-describedby={nameId} aria-disabled={unsaved}
          onClick={() => onCreateBroadcast(segment.id)}>
          {t('popup.createBroadcast')}
        </button>
      </div>
    </li>
  );
}
