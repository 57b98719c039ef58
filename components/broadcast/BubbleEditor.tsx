import { t, formatNumber } from '@/lib/i18n';
import { LabeledField } from '../common/LabeledField';
import { lineLength, TEXT_MAX, type Bubble, type BubbleField, type BubbleType } from './bubbles';
import type { BroadcastModel } from './model';

const EMOJI = ['😊', '🎉', '✨', '🎁', '🔥', '❤️', '👍', '🙏'];

interface Props {
  model: BroadcastModel;
  bubble: Bubble;
  index: number;
  count: number;
}

/** One bubble of the composer: its type and fields, each checked against LINE's rules in place. */
export function BubbleEditor({ model, bubble, index, count }: Props) {
  const n = index + 1;
  /** A field's issue in words (shown in place under it), or undefined. */
  const issue = (f: BubbleField) => {
    const found = model.issueOf(bubble.id, f);
    return found && t(`broadcast.${found.key}`, found.params);
  };
  const input = (field: BubbleField) => ({
    value: bubble[field],
    onInput: (e: Event) => model.update(bubble.id, { [field]: (e.currentTarget as HTMLInputElement).value }),
    onBlur: () => model.touch(bubble.id, field),
  });
  const insertEmoji = (emoji: string, textarea: HTMLTextAreaElement | null) => {
    const at = textarea?.selectionStart ?? bubble.text.length;
    const end = textarea?.selectionEnd ?? at;
    model.update(bubble.id, { text: bubble.text.slice(0, at) + emoji + bubble.text.slice(end) });
    textarea?.focus();
  };
  return (
    <li class="bc-bubble" aria-label={t('broadcast.composer.bubble', { n })}>
      <div class="bc-bubble__head">
        <span class="bc-bubble__n" aria-hidden="true">{n}</span>
        <label class="bc-bubble__type">
          <span class="lumo-visually-hidden">{t('broadcast.composer.type', { n })}</span>
          <select class="lumo-select" value={bubble.type}
            onChange={(e) => model.update(bubble.id, { type: (e.currentTarget as HTMLSelectElement).value as BubbleType })}>
            {(['text', 'image', 'sticker'] as const).map((type) => <option key={type} value={type}>{t(`broadcast.composer.type.${type}`)}</option>)}
          </select>
        </label>
        <span class="bc-bubble__tools">
          <button type="button" class="lumo-button lumo-button--ghost lumo-button--small" disabled={index === 0}
            aria-label={t('broadcast.composer.moveUp', { n })} onClick={() => model.move(bubble.id, -1)}>↑</button>
          <button type="button" class="lumo-button lumo-button--ghost lumo-button--small" disabled={index === count - 1}
            aria-label={t('broadcast.composer.moveDown', { n })} onClick={() => model.move(bubble.id, 1)}>↓</button>
          <button type="button" class="lumo-button lumo-button--ghost lumo-button--small" disabled={count === 1}
            aria-label={t('broadcast.composer.remove', { n })} onClick={() => model.remove(bubble.id)}>✕</button>
        </span>
      </div>

      {bubble.type === 'text' && (
        <LabeledField label={t('broadcast.composer.text')} error={issue('text')}
          hint={<>{t('broadcast.composer.length', { count: formatNumber(lineLength(bubble.text)), max: formatNumber(TEXT_MAX) })} · {t('broadcast.composer.lengthHint')}</>}>
          {({ id, describedBy, invalid }) => (
            <>
              <textarea id={id} class="lumo-input bc-text" rows={4} aria-describedby={describedBy} aria-invalid={invalid} {...input('text')} />
              <div class="bc-emoji" role="group" aria-label={t('broadcast.composer.emoji')}>
                {EMOJI.map((emoji) => (
                  <button key={emoji} type="button" class="bc-emoji__button" aria-label={t('broadcast.composer.insertEmoji', { emoji })}
                    onMouseDown={(e) => e.preventDefault()}
                    onClick={() => insertEmoji(emoji, document.getElementById(id) as HTMLTextAreaElement | null)}>{emoji}</button>
                ))}
              </div>
            </>
          )}
        </LabeledField>
      )}

      {bubble.type === 'image' && (
        <>
          <LabeledField label={t('broadcast.composer.imageUrl')} error={issue('originalContentUrl')}>
            {({ id, describedBy, invalid }) => <input id={id} type="url" class="lumo-input bc-wide" placeholder="https://" aria-describedby={describedBy} aria-invalid={invalid} {...input('originalContentUrl')} />}
          </LabeledField>
          <LabeledField label={t('broadcast.composer.previewUrl')} error={issue('previewImageUrl')} hint={t('broadcast.composer.imageHint')}>
            {({ id, describedBy, invalid }) => <input id={id} type="url" class="lumo-input bc-wide" placeholder="https://" aria-describedby={describedBy} aria-invalid={invalid} {...input('previewImageUrl')} />}
          </LabeledField>
        </>
      )}

      {bubble.type === 'sticker' && (
        <div class="bc-row">
          <LabeledField label={t('broadcast.composer.packageId')} error={issue('packageId')}>
            {({ id, describedBy, invalid }) => <input id={id} inputMode="numeric" class="lumo-input" placeholder="446" aria-describedby={describedBy} aria-invalid={invalid} {...input('packageId')} />}
          </LabeledField>
          <LabeledField label={t('broadcast.composer.stickerId')} error={issue('stickerId')} hint={t('broadcast.composer.stickerHint')}>
            {({ id, describedBy, invalid }) => <input id={id} inputMode="numeric" class="lumo-input" placeholder="1988" aria-describedby={describedBy} aria-invalid={invalid} {...input('stickerId')} />}
          </LabeledField>
        </div>
      )}
    </li>
  );
}
