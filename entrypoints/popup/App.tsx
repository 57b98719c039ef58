/** The popup: header (account, settings), search, the segments with their counts. */
import { language, t } from './i18n';
import { EmptyState, retryLabel } from './EmptyState';
import type { PopupModel } from './model';
import { SegmentRow } from './SegmentRow';
import { StatusBanner } from './StatusBanner';

export function App({ model }: { model: PopupModel }) {
  const view = model.view.value;
  return (
    <main class="popup" lang={language.value}>
      <header class="header">
        <h1>{t('popup.title')}</h1>
        <AccountPicker model={model} />
        <button type="button" class="btn-quiet" onClick={() => void model.openSettings()}>{t('popup.settings')}</button>
      </header>
      {view.kind === 'loading' && <p class="loading" role="status">{t('popup.loading')}</p>}
      {view.kind === 'no_settings' && (
        <EmptyState message={t('popup.noSettings')} action={{ label: t('popup.openSettings'), run: () => void model.openSettings() }} />
      )}
      {view.kind === 'no_account' && (
        <EmptyState message={t('popup.noAccount')} action={{ label: t('popup.openManager'), run: () => void model.openManager() }} />
      )}
      {view.kind === 'unknown_account' && (
        <EmptyState message={t('popup.unknownAccount', { account: model.accountId.value ?? '' })}
          action={{ label: t('popup.openSettings'), run: () => void model.openSettings() }} />
      )}
      {view.kind === 'error' && (
        <EmptyState message={t(`popup.${view.error}`)}
          action={view.error === 'unauthorized'
            ? { label: t('popup.openSettings'), run: () => void model.openSettings() }
            : { label: retryLabel(), run: () => void model.load() }} />
      )}
      {view.kind === 'ready' && <Segments model={model} />}
    </main>
  );
}

function AccountPicker({ model }: { model: PopupModel }) {
  const accounts = model.accounts.value;
  const current = model.accountId.value;
  if (!current || accounts.length < 2) return current ? <span class="account">{current}</span> : null;
  return (
    <label class="account">
      <span class="visually-hidden">{t('popup.account')}</span>
      <select value={current} onChange={(e) => void model.switchAccount((e.currentTarget as HTMLSelectElement).value)}>
        {accounts.map((a) => <option key={a.id} value={a.id}>{a.name} ({a.id})</option>)}
      </select>
    </label>
  );
}

function Segments({ model }: { model: PopupModel }) {
  const all = model.items.value;
  const shown = model.visible.value;
  const recounting = model.recounting.value;
  return (
    <>
      <StatusBanner model={model} />
      {all.length === 0 ? (
        <EmptyState message={t('popup.noSegments')} action={{ label: t('popup.openPanel'), run: () => void model.openManager() }} />
      ) : (
        <>
          <div class="toolbar">
            <label class="search">
              <span class="visually-hidden">{t('popup.search')}</span>
              <input type="search" value={model.query.value} placeholder={t('popup.searchPlaceholder')}
                onInput={(e) => model.setQuery((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <button type="button" class="btn-quiet" disabled={recounting.size > 0} onClick={() => void model.recountAll()}>
              {t('popup.recountAll')}
            </button>
          </div>
          {shown.length === 0
            ? <p class="no-match" role="status">{t('popup.noMatch', { query: model.query.value })}</p>
            : (
              <ul class="rows" aria-label={t('popup.title')}>
                {shown.map((item) => (
                  <SegmentRow key={item.segment.id} item={item} now={model.now.value} recounting={recounting.has(item.segment.id)}
                    onRecount={(id) => void model.recount(id)} onCreateBroadcast={(id) => void model.createBroadcast(id)} />
                ))}
              </ul>
            )}
        </>
      )}
    </>
  );
}
