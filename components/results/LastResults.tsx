import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Broadcast } from '@/lib/contract/api';
import { formatDateTime, t } from '@/lib/i18n';
import type { PanelClient } from '../models/client';
import { hasResults } from './format';
import { createResultsModel } from './model';
import { ResultsSummary } from './ResultsSummary';

/** Beside the composer: how the segment's last broadcast did, to write the next one better. */
export function LastResults({ client, accountId, segmentId }: { client: Pick<PanelClient, 'send'>; accountId: string; segmentId: string }) {
  const model = useMemo(() => createResultsModel(client, accountId), [client, accountId]);
  const [last, setLast] = useState<Broadcast | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    client.send('listBroadcasts', { accountId, segmentId })
      .then((items) => { if (live) setLast(items.find(hasResults) ?? null); })
      .catch(() => { if (live) setLast(null); });
    return () => { live = false; };
  }, [client, accountId, segmentId]);
  if (last === undefined) return null;
  return (
    <section class="bc-card lumo-results-last" aria-labelledby="lumo-results-last-title">
      <h2 id="lumo-results-last-title" class="bc-card__title">{t('results.lastBroadcast')}</h2>
      {last === null ? <p class="bc-hint">{t('results.lastBroadcastNone')}</p> : (
        <>
          <p class="bc-hint">{formatDateTime(last.finishedAt ?? last.createdAt)}</p>
          <ResultsSummary model={model} broadcastId={last.id} />
        </>
      )}
    </section>
  );
}
