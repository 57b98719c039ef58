import { t } from '@/lib/i18n';
import type { Bounds } from '@/lib/rich-menus/layout';

/**
 * The menu as LINE shows it under the chat: the image with its tap areas numbered, and the chat
 * bar below. Areas are drawn in percent of the image, so the preview scales with the panel.
 */
export function MenuPreview({ image, size, bounds, chatBarText, label }: {
  image: string | null; size: { width: number; height: number }; bounds: Bounds[]; chatBarText: string; label: string;
}) {
  const pct = (v: number, of: number) => `${(v / of) * 100}%`;
  return (
    <figure class="lumo-rm-preview" aria-label={label}>
      <div class="lumo-rm-preview__screen" style={{ aspectRatio: `${size.width} / ${size.height}` }}>
        {image ? <img src={image} alt="" class="lumo-rm-preview__image" /> : <p class="lumo-rm-preview__empty">{t('richMenus.previewEmpty')}</p>}
        {bounds.map((b, i) => (
          <span key={i} class="lumo-rm-preview__area" aria-hidden="true"
            style={{ left: pct(b.x, size.width), top: pct(b.y, size.height), width: pct(b.width, size.width), height: pct(b.height, size.height) }}>
            {i + 1}
          </span>
        ))}
      </div>
      <figcaption class="lumo-rm-preview__bar">{chatBarText || '…'} ▾</figcaption>
    </figure>
  );
}
