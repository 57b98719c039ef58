import { t } from '@/lib/i18n';
import type { BroadcastModel } from './model';

/** Notifications, and the two ways to send: now, or at a chosen time. Both ask first. */
export function SendBar({ model }: { model: BroadcastModel }) {
  const attempted = model.attempted.value;
  const schedule = model.schedule.value;
  const scheduleIssue = attempted && model.scheduleAt.value !== '' && 'issue' in schedule ? schedule.issue : null;
  const blocked = attempted && !model.valid.value;
  const busy = model.confirmation.value !== null || model.sending.value;
  const direct = model.direct.value;
  return (
    <section class="bc-card bc-send" aria-labelledby="bc-send-heading">
      <h2 id="bc-send-heading" class="bc-card__title">{t('broadcast.send.heading')}</h2>
      <label class="bc-check">
        <input type="checkbox" checked={model.notify.value} onChange={(e) => { model.notify.value = (e.currentTarget as HTMLInputElement).checked; }} />
        <span>{t('broadcast.notify')}</span>
      </label>
      {!direct && (
        <div class="bc-send__row">
          <button type="button" class="lumo-button lumo-button--primary" disabled={busy} onClick={() => void model.requestApproval()}>
            {t('broadcast.send.request')}
          </button>
          <p class="bc-hint">{t('broadcast.send.requestHint')}</p>
        </div>
      )}
      {direct && <div class="bc-send__row">
        <button type="button" class="lumo-button lumo-button--primary" disabled={busy} onClick={() => void model.requestSend('now')}>
          {t('broadcast.send.now')}
        </button>
        <span class="bc-send__or" aria-hidden="true">/</span>
        <label class="bc-send__at">
          <span class="lumo-visually-hidden">{t('broadcast.send.at')}</span>
          <input type="datetime-local" class="lumo-input" value={model.scheduleAt.value} aria-invalid={!!scheduleIssue}
            onInput={(e) => { model.scheduleAt.value = (e.currentTarget as HTMLInputElement).value; }} />
        </label>
        <button type="button" class="lumo-button lumo-button--outline" disabled={busy || model.scheduleAt.value === ''}
          onClick={() => void model.requestSend('schedule')}>
          {t('broadcast.send.schedule')}
        </button>
      </div>}
      {scheduleIssue && <p class="lumo-field__error" role="alert">{t(`broadcast.${scheduleIssue}`)}</p>}
      {blocked && <p class="lumo-field__error" role="alert">{t('broadcast.send.fixFirst')}</p>}
      {model.sendError.value && <p class="lumo-field__error" role="alert">{model.sendError.value}</p>}
    </section>
  );
}
