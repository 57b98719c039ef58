import type { Broadcast } from '@/lib/contract/api';
import { t } from '@/lib/i18n';
import { progressText, retryingText } from './progress';
import type { BroadcastModel } from './model';

/** Live progress after sending: queued, sending n of N, sent, or failed with LINE's reason. */
export function Progress({ model, broadcast }: { model: BroadcastModel; broadcast: Broadcast }) {
  const b = broadcast;
  const total = b.recipients ?? 0;
  const failed = b.status === 'failed' || b.status === 'declined';
  const retrying = retryingText(b);
  return (
    <section class={`bc-card bc-progress bc-progress--${b.status}`} aria-labelledby="bc-progress-heading">
      <h2 id="bc-progress-heading" class="bc-card__title">{t('broadcast.progress.label')}</h2>
      <p class="bc-progress__text" role={failed ? 'alert' : 'status'} aria-live="polite">{progressText(b)}</p>
      {(b.status === 'sending' || b.status === 'sent') && (
        <progress class="bc-progress__bar" max={Math.max(total, 1)} value={b.status === 'sent' && total === 0 ? 1 : b.sent}
          aria-label={t('broadcast.progress.label')} />
      )}
      {retrying && <p class="lumo-field__warning">{retrying}</p>}
      <div class="bc-actions">
        {(b.status === 'scheduled' || b.status === 'queued') && (
          <button type="button" class="lumo-button lumo-button--danger" onClick={() => void model.cancelScheduled()}>{t('broadcast.progress.cancel')}</button>
        )}
        {(b.status === 'sent' || b.status === 'failed' || b.status === 'cancelled' || b.status === 'declined') && (
          <button type="button" class="lumo-button" onClick={model.startOver}>{t('broadcast.progress.another')}</button>
        )}
      </div>
      {model.sendError.value && <p class="lumo-field__error" role="alert">{model.sendError.value}</p>}
    </section>
  );
}
