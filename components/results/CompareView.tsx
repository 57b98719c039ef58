import './results.css';
import { useEffect, useState } from 'preact/hooks';
import { language, t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { describeError } from '../models/errors';
import { compareSegments, formatRate, hasResults, type SegmentComparison } from './format';

/** How many recent broadcasts the comparison reads (one results request each). */
const RECENT = 30;

/** The "Results" tab: segments compared by how their broadcasts open and get clicked. */
export function CompareView({ models }: { models: PanelModels }) {
  const [rows, setRows] = useState<SegmentComparison[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    (async () => {
      const broadcasts = (await models.client.send('listBroadcasts', { accountId: models.accountId })).filter(hasResults).slice(0, RECENT);
      const items = await Promise.all(broadcasts.map(async (broadcast) => ({
        broadcast, results: await models.client.send('getBroadcastResults', { accountId: models.accountId, broadcastId: broadcast.id }),
      })));
      if (live) setRows(compareSegments(items));
    })().catch((e) => { if (live) setError(describeError(e, 'broadcast results')); });
    return () => { live = false; };
  }, [models]);
  const fewer = t('results.fewerThan20');
  const lang = language.value;
  return (
    <section class="lumo-results-compare lumo-view" aria-labelledby="lumo-results-compare-title">
      <h3 id="lumo-results-compare-title" class="lumo-section-title">{t('results.compareHeading')}</h3>
      <p class="lumo-subtitle">{t('results.compareHint')}</p>
      {error && <p class="lumo-field__error" role="alert">{t('results.failed', { reason: error })}</p>}
      {!error && rows === null && <p role="status">{t('results.compareLoading')}</p>}
      {rows?.length === 0 && <p>{t('results.compareEmpty')}</p>}
      {rows && rows.length > 0 && (
        <table>
          <caption>{t('results.compareCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.compareSegment')}</th>
              <th scope="col">{t('results.compareBroadcasts')}</th>
              <th scope="col">{t('results.sent')}</th>
              <th scope="col">{t('results.openRate')}</th>
              <th scope="col">{t('results.clickRate')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.segmentId}>
                <th scope="row">{r.segmentName}</th>
                <td>{r.broadcasts}</td>
                <td>{new Intl.NumberFormat(lang).format(r.sent)}</td>
                <td>{formatRate(r.openRate, fewer, lang)}</td>
                <td>{formatRate(r.clickRate, fewer, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
