import { t } from '@/lib/i18n';
import { BubbleEditor } from './BubbleEditor';
import { MAX_BUBBLES, type BubbleType } from './bubbles';
import type { BroadcastModel } from './model';

/** The 1–5 bubbles of the broadcast, in order, with the buttons to add more. */
export function Composer({ model }: { model: BroadcastModel }) {
  const bubbles = model.bubbles.value;
  const full = bubbles.length >= MAX_BUBBLES;
  const add = (type: BubbleType, label: string) => (
    <button type="button" class="lumo-button lumo-button--outline lumo-button--small" disabled={full} onClick={() => model.add(type)}>{label}</button>
  );
  return (
    <section class="bc-card" aria-labelledby="bc-composer-heading">
      <h2 id="bc-composer-heading" class="bc-card__title">{t('broadcast.composer.heading')}</h2>
      <ol class="bc-bubbles">
        {bubbles.map((b, i) => <BubbleEditor key={b.id} model={model} bubble={b} index={i} count={bubbles.length} />)}
      </ol>
      <div class="bc-add">
        {add('text', t('broadcast.composer.addText'))}
        {add('image', t('broadcast.composer.addImage'))}
        {add('sticker', t('broadcast.composer.addSticker'))}
        {full && <span class="bc-hint">{t('broadcast.composer.max', { max: MAX_BUBBLES })}</span>}
      </div>
    </section>
  );
}
