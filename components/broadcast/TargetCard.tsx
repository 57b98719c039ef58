import { t } from '@/lib/i18n';
import type { Target } from './model';

/** The segment the broadcast goes to: its name, a fresh count and its first friends. */
export function TargetCard({ target }: { target: Target }) {
  return (
    <section class="bc-card bc-target" aria-labelledby="bc-target-heading">
      <h2 id="bc-target-heading" class="bc-card__title">{t('broadcast.target.heading')}</h2>
      <p class="bc-target__name">{target.name ?? '…'}</p>
      <p class="bc-target__count" role="status" aria-live="polite">
        {target.status === 'error' ? <span class="lumo-field__error">{target.error}</span>
          : target.status === 'ready' && target.count !== null ? t('broadcast.target.friends', { count: target.count })
            : t('broadcast.target.calculating')}
      </p>
      {target.status === 'ready' && target.count === 0 && <p class="bc-hint">{t('broadcast.target.noFriends')}</p>}
      {target.sample.length > 0 && (
        <>
          <h3 class="bc-target__sub">{t('broadcast.target.firstFriends')}</h3>
          <ul class="bc-friends">
            {target.sample.map((f) => (
              <li key={f.lineUserId} class="bc-friend">
                {f.pictureUrl ? <img class="bc-friend__pic" src={f.pictureUrl} alt="" referrerpolicy="no-referrer" /> : <span class="bc-friend__pic bc-friend__pic--initial" aria-hidden="true">{initial(f.displayName)}</span>}
                <span>{f.displayName || f.lineUserId}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <p class="bc-hint">{t('broadcast.target.blockedNote')}</p>
    </section>
  );
}

/** The first character of a name (a whole emoji or kana, not half of one), for a friend without a picture. */
function initial(name: string): string {
  const first = [...name.trim()][0] ?? '';
  return first.toUpperCase();
}
