/** What a broadcast's state means in words, for the window's progress and the panel's history. Pure. */
import type { Broadcast } from '@/lib/contract/api';
import { formatDateTime, t } from '@/lib/i18n';

export function progressText(b: Broadcast): string {
  const total = b.recipients ?? 0;
  switch (b.status) {
    case 'scheduled': return t('broadcast.progress.scheduled', { when: b.scheduledAt ? formatDateTime(b.scheduledAt) : '' });
    case 'queued': return t('broadcast.progress.queued');
    case 'sending': return b.recipients === null ? t('broadcast.progress.preparing') : t('broadcast.progress.sending', { sent: b.sent, total });
    case 'sent': return t('broadcast.progress.sent', { count: b.sent });
    case 'cancelled': return t('broadcast.progress.cancelled');
    case 'awaiting_approval': return t('broadcast.progress.awaiting');
    case 'declined': return t('broadcast.progress.declined', { who: b.approval?.decidedBy?.name ?? '', reason: b.approval?.reason ?? '' });
    case 'failed': {
      const reason = b.error?.message ?? '';
      return b.sent > 0 ? t('broadcast.progress.partial', { sent: b.sent, total, reason }) : t('broadcast.progress.failed', { reason });
    }
    default: return '';
  }
}

/** A problem LINE had on the way that a retry is dealing with, while it still sends. */
export function retryingText(b: Broadcast): string | null {
  if (b.status !== 'sending' || !b.lastProblem) return null;
  if (!['line_unavailable', 'line_rate_limited'].includes(b.lastProblem.code)) return null;
  return t('broadcast.progress.retrying', { reason: b.lastProblem.message });
}

/** "admin token" or "token 1a2b3c4d", as the sync API records who sent it. */
export function senderLabel(createdBy: string): string {
  return createdBy === 'admin' ? t('broadcast.history.admin') : createdBy;
}
