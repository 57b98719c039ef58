/** Offline and outbox notices above the list: what waits, and why. */
import { formatRelativeTime, t } from './i18n';
import type { PopupModel } from './model';

export function StatusBanner({ model }: { model: PopupModel }) {
  const offline = model.offlineSince.value;
  const { pending, refused, reachable } = model.outbox.value;
  const notice = model.notice.value;
  if (!offline && pending === 0 && refused === 0 && !notice) return null;
  return (
    <div class="banners" role="status" aria-live="polite">
      {notice && <p class="banner banner-warn">{t(`popup.${notice}`)}</p>}
      {offline && <p class="banner">{t('popup.offline', { when: formatRelativeTime(offline, model.now.value) })}</p>}
      {pending > 0 && (
        <p class="banner">
          {t('popup.outboxWaiting', { count: pending })}
          {reachable === false && <> {t('popup.outboxUnreachable')}</>}
        </p>
      )}
      {refused > 0 && <p class="banner banner-warn">{t('popup.outboxRefused', { count: refused })}</p>}
    </div>
  );
}
