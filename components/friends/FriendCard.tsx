import { useId, useState } from 'preact/hooks';
import { formatDate, t } from '@/lib/i18n';
import type { FriendsModel } from './model';

/** One friend: name, picture, added date, blocked or not, tags edited in place, services' data, segments. */
export function FriendCard({ model }: { model: FriendsModel }) {
  const c = model.card.value!;
  const f = c.friend;
  const addId = useId();
  const [adding, setAdding] = useState('');
  const name = f.displayName || f.lineUserId;
  const addable = model.allTags.value.filter((x) => !f.tags.some((y) => y.id === x.id));
  const service = (label: string, b: { lists: string[]; properties: Record<string, string> } | null) => b && (
    <div>
      <h4 class="lumo-subtitle">{label}</h4>
      {b.lists.length > 0 && <p>{t('friends.lists', { lists: b.lists.join(', ') })}</p>}
      {Object.keys(b.properties).length > 0 && (
        <dl aria-label={`${label}: ${t('friends.properties')}`}>
          {Object.entries(b.properties).map(([k, v]) => <div key={k}><dt>{k}</dt><dd>{v}</dd></div>)}
        </dl>
      )}
    </div>
  );
  return (
    <article class="lumo-friend-card" aria-label={name}>
      <button type="button" class="lumo-button lumo-button--small" onClick={() => model.close()}>{t('friends.back')}</button>
      <div class="lumo-friend-card__head">
        {f.pictureUrl ? <img class="lumo-friend-card__picture" src={f.pictureUrl} alt={t('friends.picture', { name })} />
          : <span class="lumo-friend-card__picture" aria-hidden="true" />}
        <div>
          <h2 class="lumo-section-title">{name}</h2>
          <p class="lumo-muted">{f.lineUserId}</p>
          <p>{f.addedAt ? t('friends.added', { date: formatDate(f.addedAt) }) : t('friends.addedUnknown')} · {f.blockedAt ? t('friends.blocked') : t('friends.following')}</p>
        </div>
      </div>
      {model.error.value && <p class="lumo-notice lumo-notice--error" role="alert">{model.error.value}</p>}
      <section aria-labelledby={`${addId}-tags`}>
        <h3 id={`${addId}-tags`} class="lumo-subtitle">{t('friends.tags')}</h3>
        {f.tags.length === 0 ? <p class="lumo-muted">{t('friends.noTags')}</p> : (
          <ul class="lumo-friend-card__tags">
            {f.tags.map((x) => (
              <li key={x.id} class="lumo-tag">{x.name}
                <button type="button" aria-label={t('friends.removeTag', { name: x.name })} onClick={() => void model.setTag(x.id, false)}>×</button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={(e) => { e.preventDefault(); if (adding) { void model.setTag(adding, true); setAdding(''); } }}>
          <label class="lumo-field__label" for={addId}>{t('friends.addTag')}</label>
          <select id={addId} class="lumo-select" value={adding} onChange={(e) => setAdding(e.currentTarget.value)}>
            <option value="">—</option>
            {addable.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>{' '}
          <button type="submit" class="lumo-button lumo-button--small" disabled={!adding}>{t('friends.add')}</button>
        </form>
      </section>
      <section aria-labelledby={`${addId}-services`}>
        <h3 id={`${addId}-services`} class="lumo-subtitle">{t('friends.services')}</h3>
        {!f.shopify && !f.hubspot && !f.klaviyo && <p class="lumo-muted">{t('friends.noServices')}</p>}
        {f.shopify && (
          <div>
            <h4 class="lumo-subtitle">{t('friends.shopify')}</h4>
            <p>{t('friends.purchases', { count: f.shopify.purchaseCount })}
              {f.shopify.lastPurchaseAt && <> · {t('friends.lastPurchase', { date: formatDate(f.shopify.lastPurchaseAt) })}</>}
              {f.shopify.abandonedCart && <> · {t('friends.abandonedCart')}</>}</p>
            {f.shopify.tags.length > 0 && <p>{t('friends.customerTags', { tags: f.shopify.tags.join(', ') })}</p>}
          </div>
        )}
        {service('HubSpot', f.hubspot)}
        {service('Klaviyo', f.klaviyo)}
      </section>
      <section aria-labelledby={`${addId}-segments`}>
        <h3 id={`${addId}-segments`} class="lumo-subtitle">{t('friends.segments')}</h3>
        {c.segments.length === 0 ? <p class="lumo-muted">{t('friends.noSegments')}</p>
          : <ul>{c.segments.map((s) => <li key={s.id}>{s.name}</li>)}</ul>}
      </section>
    </article>
  );
}
