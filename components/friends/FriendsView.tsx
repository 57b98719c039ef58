import { useEffect, useId, useMemo } from 'preact/hooks';
import { formatDate, t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { createFriendsModel, type FriendsModel } from './model';
import { FriendCard } from './FriendCard';
import '../tags/tags.css';

const models = new WeakMap<PanelModels, FriendsModel>();
export function friendsModelOf(panel: PanelModels): FriendsModel {
  let m = models.get(panel);
  if (!m) models.set(panel, (m = createFriendsModel(panel.client, panel.accountId)));
  return m;
}

/** The "Friends" tab: search by name or LINE user id, newest first, paged; a friend opens their card. */
export function FriendsView({ models: panel }: { models: PanelModels }) {
  const model = useMemo(() => friendsModelOf(panel), [panel]);
  const searchId = useId();
  useEffect(() => { void model.search(); }, [model]);
  if (model.card.value) return <FriendCard model={model} />;
  return (
    <div class="lumo-friends lumo-view">
      <div class="lumo-toolbar"><h2 class="lumo-section-title">{t('friends.title')}</h2></div>
      <form role="search" onSubmit={(e) => { e.preventDefault(); void model.search(); }}>
        <label class="lumo-visually-hidden" for={searchId}>{t('friends.search')}</label>
        <input id={searchId} type="search" class="lumo-input lumo-tags__search" placeholder={t('friends.search')}
          value={model.query.value} onInput={(e) => { model.query.value = e.currentTarget.value; void model.search(); }} />
      </form>
      {model.tag.value && (
        <p>
          <span class="lumo-tag">{t('friends.taggedWith', { name: model.tag.value.name })}</span>{' '}
          <button type="button" class="lumo-button lumo-button--small" onClick={() => model.showTag(null)}>{t('friends.clearTag')}</button>
        </p>
      )}
      {model.error.value && <p class="lumo-notice lumo-notice--error" role="alert">{model.error.value}</p>}
      {model.state.value === 'loading' ? (
        <p class="lumo-loading" role="status"><span class="lumo-spinner" aria-hidden="true" />{t('friends.loading')}</p>
      ) : model.friends.value.length === 0 ? (
        <p class="lumo-muted">{t('friends.empty')}</p>
      ) : (
        <ul class="lumo-friends__list">
          {model.friends.value.map((f) => (
            <li key={f.lineUserId} class="lumo-friends__row">
              <button type="button" class="lumo-row__name" onClick={() => void model.open(f.lineUserId)}>{f.displayName || f.lineUserId}</button>
              <span class="lumo-muted">{f.addedAt ? t('friends.added', { date: formatDate(f.addedAt) }) : t('friends.addedUnknown')}</span>
              {f.blockedAt && <span class="lumo-badge">{t('friends.blocked')}</span>}
              <span>{f.tags.map((x) => <span key={x.id} class="lumo-tag">{x.name}</span>)}</span>
            </li>
          ))}
        </ul>
      )}
      {model.hasMore.value && <button type="button" class="lumo-button" onClick={() => void model.more()}>{t('friends.more')}</button>}
    </div>
  );
}
