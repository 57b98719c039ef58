import { formatDateTime, t } from '@/lib/i18n';
import { Dialog } from '../common/Dialog';
import type { BroadcastModel, Confirmation } from './model';

/**
 * The last question before sending: which account, which segment, how many friends (counted just
 * now) and when — and that sending cannot be undone. "Send" waits for the count.
 */
export function ConfirmSend({ model, confirmation, segmentName }: { model: BroadcastModel; confirmation: Confirmation; segmentName: string }) {
  const c = confirmation;
  const scheduled = c.kind === 'schedule';
  const recipients = c.recipients ?? 0;
  const quota = c.quota;
  const short = quota && quota.remaining !== null && quota.limit !== null && recipients > quota.remaining;
  const canSend = c.status === 'ready' && !short && !model.sending.value;
  return (
    <Dialog
      title={t(scheduled ? 'broadcast.confirm.titleScheduled' : 'broadcast.confirm.title')}
      onClose={model.closeConfirmation}
      onSubmit={() => { if (canSend) void model.confirmSend(); }}
      actions={<>
        <button type="button" class="lumo-button" onClick={model.closeConfirmation} data-autofocus>{t('broadcast.confirm.cancel')}</button>
        <button type="submit" class="lumo-button lumo-button--primary" disabled={!canSend}>{t('broadcast.confirm.send')}</button>
      </>}
    >
      <dl class="bc-facts">
        <dt>{t('broadcast.confirm.account')}</dt><dd>{model.accountId}</dd>
        <dt>{t('broadcast.confirm.segment')}</dt><dd>{segmentName}</dd>
        <dt>{t('broadcast.confirm.recipients')}</dt>
        <dd><span role="status">{c.status === 'checking' ? t('broadcast.confirm.checking') : c.status === 'ready' ? t('broadcast.confirm.friends', { count: recipients }) : '—'}</span></dd>
        <dt>{t('broadcast.confirm.when')}</dt><dd>{scheduled && c.scheduledAt ? formatDateTime(c.scheduledAt) : t('broadcast.confirm.now')}</dd>
      </dl>
      {c.status === 'error' && <p class="lumo-field__error" role="alert">{c.error}</p>}
      {c.status === 'ready' && recipients === 0 && <p class="lumo-field__warning">{t('broadcast.confirm.nobody')}</p>}
      {c.status === 'ready' && quota && quota.limit !== null && quota.remaining !== null && (
        short
          ? <p class="lumo-field__error" role="alert">{t('broadcast.confirm.quotaShort', { remaining: quota.remaining, limit: quota.limit, count: recipients })}</p>
          : <p class="bc-hint">{t('broadcast.confirm.quota', { remaining: quota.remaining, limit: quota.limit })}</p>
      )}
      <p class="bc-warning"><strong>{t(scheduled ? 'broadcast.confirm.irreversibleScheduled' : 'broadcast.confirm.irreversible')}</strong></p>
      <p class="bc-hint">{t('broadcast.confirm.countNote')}</p>
    </Dialog>
  );
}
