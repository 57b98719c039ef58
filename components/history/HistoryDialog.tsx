import './history.css';
import { useState } from 'preact/hooks';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { Dialog } from '../common/Dialog';
import type { PanelModels } from '../models/panel';
import type { Count, HistoryEntry, HistoryModel } from './model';
import { actorName, changeWords } from './words';

function CountText({ count }: { count: Count | undefined }) {
  if (!count || count.state === 'loading') return <>{t('history.countLoading')}</>;
  if (count.state === 'failed') return <>{t('history.countFailed')}</>;
  return <>{t('history.countToday', { count: formatNumber(count.count) })}</>;
}

function Entry({ entry, current, models, history, onRestore }: {
  entry: HistoryEntry; current: boolean; models: PanelModels; history: HistoryModel; onRestore: (version: number) => void;
}) {
  const v = entry.version;
  const words = entry.changes === null ? [] : changeWords(entry.changes, models.catalog.catalog.value, models.catalog.tags.value, models.list.folders.value);
  const headingId = `lumo-history-v${v.version}`;
  return (
    <li class="lumo-history__entry" aria-labelledby={headingId}>
      <div class="lumo-history__head">
        <h3 id={headingId} class="lumo-history__version">
          {t('history.version', { version: v.version })}
          {current && <span class="lumo-badge"> {t('history.current')}</span>}
        </h3>
        <span class="lumo-history__who">{t('history.savedBy', { who: actorName(v.savedBy), when: formatDateTime(v.savedAt) })}</span>
      </div>
      <ul class="lumo-history__changes">
        {entry.changes === null && <li>{v.savedBy ? t('history.created') : t('history.firstKept')}</li>}
        {entry.changes !== null && words.length === 0 && <li>{t('history.noChange')}</li>}
        {words.map((w, i) => <li key={i}>{w}</li>)}
      </ul>
      <div class="lumo-history__foot">
        <span class="lumo-history__count"><CountText count={history.counts.value[v.version]} /></span>
        {!current && (
          <button type="button" class="lumo-button lumo-button--outline" disabled={history.restoring.value !== null}
            aria-describedby={headingId} onClick={() => onRestore(v.version)}>
            {t('history.restore')}
          </button>
        )}
      </div>
    </li>
  );
}

/** The segment's versions newest first, what each changed, its count today, and Restore behind a confirmation. */
export function HistoryDialog({ models, history }: { models: PanelModels; history: HistoryModel }) {
  const [confirming, setConfirming] = useState<number | null>(null);
  const entries = history.entries.value;
  const notice = history.notice.value;
  const shown = models.preview.shown.value;
  const currentCount = shown.kind === 'saved' && shown.preview?.status === 'ready' ? shown.preview.count : null;
  return (
    <>
      <Dialog
        title={t('history.title', { name: models.editor.name.value })}
        onClose={() => history.close()}
        actions={<button type="button" class="lumo-button" onClick={() => history.close()}>{t('history.close')}</button>}
      >
        <div class="lumo-history">
          <p class="lumo-history__now">
            {currentCount === null ? t('history.countLoading') : t('history.countNow', { count: formatNumber(currentCount) })}
          </p>
          <div role="status" class="lumo-history__notice">
            {notice?.kind === 'restored' && t('history.restored', { version: notice.version, newVersion: notice.newVersion })}
            {notice?.kind === 'stale' && t('history.stale')}
            {notice?.kind === 'failed' && t('history.restoreFailed', { reason: notice.reason })}
          </div>
          {history.status.value === 'loading' && entries.length === 0 && <p>{t('history.loading')}</p>}
          {history.status.value === 'failed' && <p role="alert">{t('history.failed', { reason: history.error.value ?? '' })}</p>}
          <ol class="lumo-history__list">
            {entries.map((e, i) => (
              <Entry key={e.version.version} entry={e} current={i === 0} models={models} history={history} onRestore={setConfirming} />
            ))}
          </ol>
        </div>
      </Dialog>
      {confirming !== null && (
        <ConfirmDialog
          title={t('history.restoreTitle', { version: confirming })}
          message={`${t('history.restoreMessage', { version: confirming })}${models.editor.dirty.value ? ` ${t('history.restoreDirty')}` : ''}`}
          confirmLabel={t('history.restore')}
          onCancel={() => setConfirming(null)}
          onConfirm={() => { const v = confirming; setConfirming(null); void history.restore(v); }}
        />
      )}
    </>
  );
}
