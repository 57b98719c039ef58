import { useEffect, useState } from 'preact/hooks';
import type { Broadcast } from '@/lib/contract/api';
import { formatDateTime, t } from '@/lib/i18n';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';
import { progressText } from '../broadcast/progress';
import { messagePreview, requesterName } from './model';
import './approvals.css';

/**
 * Beside the composer, for a role that asks instead of sending: this segment's requests that wait
 * for approval or were declined, and why — the requester learns the answer where they send.
 * `reloadKey` changes when this window made a new request; the list also reloads on focus (the
 * approver decides in another window).
 */
export function ApprovalRequests({ client, accountId, segmentId, reloadKey }: {
  client: Pick<PanelClient, 'send'>; accountId: string; segmentId: string; reloadKey?: string;
}) {
  const [items, setItems] = useState<Broadcast[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () => client.send('listBroadcasts', { accountId, segmentId })
      .then((all) => { if (live) { setItems(all.filter((b) => b.status === 'awaiting_approval' || b.status === 'declined')); setError(null); } })
      .catch((e) => { if (live) setError(describeError(e, 'approval requests')); });
    void load();
    addEventListener('focus', load);
    return () => { live = false; removeEventListener('focus', load); };
  }, [client, accountId, segmentId, reloadKey]);
  if (items === null && error === null) return null;
  return (
    <section class="bc-card lumo-requests" aria-labelledby="lumo-requests-title">
      <h2 id="lumo-requests-title" class="bc-card__title">{t('approvals.requestsHeading')}</h2>
      {error && <p class="lumo-field__error" role="alert">{t('approvals.requestsFailed', { reason: error })}</p>}
      {items?.length === 0 && <p class="bc-hint">{t('approvals.requestsEmpty')}</p>}
      {items && items.length > 0 && (
        <ul class="lumo-approvals__list">
          {items.map((b) => (
            <li key={b.id} class={`lumo-approvals__item lumo-requests__item--${b.status}`}>
              <p class="lumo-approvals__who">{t('approvals.askedBy', { who: requesterName(b), when: formatDateTime(b.createdAt) })}</p>
              <p class="lumo-approvals__message">{messagePreview(b.messages).text}</p>
              <p class={b.status === 'declined' ? 'lumo-field__error' : 'bc-hint'}>{progressText(b)}</p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
