import { t } from '@/lib/i18n';
import type { BroadcastModel } from './model';

/** "Send test": push the messages to one friend chosen by search, to see them on a phone first. */
export function TestSend({ model }: { model: BroadcastModel }) {
  const test = model.test.value;
  const busy = test.status === 'sending';
  return (
    <section class="bc-card" aria-labelledby="bc-test-heading">
      <h2 id="bc-test-heading" class="bc-card__title">{t('broadcast.test.heading')}</h2>
      {test.selected ? (
        <p class="bc-test__to">
          <span>{t('broadcast.test.to', { name: test.selected.displayName || test.selected.lineUserId })}</span>
          <button type="button" class="lumo-button lumo-button--ghost lumo-button--small" onClick={() => model.chooseTestFriend(null)}>{t('broadcast.test.change')}</button>
        </p>
      ) : (
        <div class="bc-test__search">
          <label class="lumo-field">
            <span class="lumo-field__label">{t('broadcast.test.search')}</span>
            <input type="search" class="lumo-input bc-wide" value={test.query} placeholder={t('broadcast.test.searchPlaceholder')}
              onInput={(e) => void model.searchFriends((e.currentTarget as HTMLInputElement).value)} />
          </label>
          {test.searching && <p class="bc-hint" role="status">{t('broadcast.test.searching')}</p>}
          {!test.searching && test.query.trim() !== '' && test.results.length === 0 && (
            <p class="bc-hint" role="status">{t('broadcast.test.noResults', { query: test.query })}</p>
          )}
          {test.results.length > 0 && (
            <ul class="bc-results">
              {test.results.map((f) => (
                <li key={f.lineUserId}>
                  <button type="button" class="bc-result" onClick={() => model.chooseTestFriend({ lineUserId: f.lineUserId, displayName: f.displayName })}>
                    {f.pictureUrl ? <img class="bc-friend__pic" src={f.pictureUrl} alt="" referrerpolicy="no-referrer" /> : <span class="bc-friend__pic" aria-hidden="true" />}
                    <span>{f.displayName || f.lineUserId}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div class="bc-actions">
        <button type="button" class="lumo-button" disabled={busy || !test.selected} onClick={() => void model.sendTest()}>
          {t('broadcast.test.send')}
        </button>
        <span role="status" class={test.status === 'error' ? 'lumo-field__error' : 'bc-hint'}>
          {busy ? t('broadcast.test.sending') : test.message ?? ''}
        </span>
      </div>
    </section>
  );
}
