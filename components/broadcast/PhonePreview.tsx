import { t } from '@/lib/i18n';
import { bubbleIssues, stickerImageUrl, type Bubble } from './bubbles';

/**
 * The messages as a friend sees them in LINE: a phone-shaped frame, the account's name on top,
 * the bubbles on the left of a LINE-blue chat. A bubble that LINE would refuse shows as a gap
 * to fix rather than as something it will never look like.
 */
export function PhonePreview({ bubbles, accountName }: { bubbles: readonly Bubble[]; accountName: string }) {
  return (
    <section class="bc-phone-wrap" aria-labelledby="bc-preview-heading">
      <h2 id="bc-preview-heading" class="bc-card__title">{t('broadcast.preview.heading')}</h2>
      <div class="bc-phone" role="img" aria-label={t('broadcast.preview.label')}>
        <div class="bc-phone__bar"><span class="bc-phone__name">{accountName}</span></div>
        <ol class="bc-chat" aria-hidden="true">
          {bubbles.map((b, i) => (
            <li key={b.id} class="bc-chat__row">
              {i === 0 ? <span class="bc-chat__avatar">{accountName.replace(/^@/, '').slice(0, 1).toUpperCase()}</span> : <span class="bc-chat__avatar bc-chat__avatar--spacer" />}
              <PreviewBubble bubble={b} />
              {i === bubbles.length - 1 && <span class="bc-chat__time">{t('broadcast.preview.now')}</span>}
            </li>
          ))}
        </ol>
      </div>
    </section>
  );
}

function PreviewBubble({ bubble }: { bubble: Bubble }) {
  const broken = Object.keys(bubbleIssues(bubble)).length > 0;
  if (broken) return <p class="bc-chat__bubble bc-chat__bubble--invalid">{t('broadcast.preview.invalid')}</p>;
  switch (bubble.type) {
    case 'text':
      return <p class="bc-chat__bubble">{bubble.text}</p>;
    case 'image':
      return <img class="bc-chat__image" src={bubble.previewImageUrl.trim()} alt={t('broadcast.preview.image')} referrerpolicy="no-referrer" />;
    case 'sticker': {
      const src = stickerImageUrl(bubble.stickerId);
      const label = t('broadcast.preview.sticker', { packageId: bubble.packageId, stickerId: bubble.stickerId });
      return src ? <img class="bc-chat__sticker" src={src} alt={label} referrerpolicy="no-referrer" /> : <p class="bc-chat__bubble">{label}</p>;
    }
  }
}
