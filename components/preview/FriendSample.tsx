import { useState } from 'preact/hooks';
import { formatDate, t } from '@/lib/i18n';
import type { SampleFriend } from '@/lib/contract/api';

/** Up to 10 friends: picture, name and when they added the account (or that it is unknown). */
export function FriendSample({ friends }: { friends: SampleFriend[] }) {
  if (friends.length === 0) return null;
  return (
    <section class="lumo-sample" aria-labelledby="lumo-sample-title">
      <h4 id="lumo-sample-title" class="lumo-subtitle">{t('panel.preview.sampleTitle', { count: friends.length })}</h4>
      <ul class="lumo-friends">
        {friends.slice(0, 10).map((f) => (
          <li key={f.lineUserId} class="lumo-friend">
            <Avatar url={f.pictureUrl} name={f.displayName} />
            <span class="lumo-friend__name">{f.displayName || t('panel.preview.noName')}</span>
            <span class="lumo-friend__added">
              {f.addedAt ? t('panel.preview.addedOn', { date: formatDate(f.addedAt) }) : t('panel.preview.addedUnknown')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The friend's LINE picture; their initial when there is none or it does not load. */
function Avatar({ url, name }: { url: string | null; name: string }) {
  const [failed, setFailed] = useState(false);
  if (url && !failed) {
    return <img class="lumo-avatar" src={url} alt="" width={32} height={32} loading="lazy" referrerpolicy="no-referrer" onError={() => setFailed(true)} />;
  }
  return <span class="lumo-avatar lumo-avatar--initial" aria-hidden="true">{initial(name)}</span>;
}

function initial(name: string): string {
  return [...name.trim()][0]?.toUpperCase() ?? '?';
}
