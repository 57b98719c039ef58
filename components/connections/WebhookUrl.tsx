import { useId, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';

/** LINE's webhook URL to paste into the LINE Developers console, with "Copy". */
export function WebhookUrl({ url }: { url: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied('yes');
    } catch {
      // The page may deny the clipboard: select it so Ctrl+C works.
      input.current?.select();
      setCopied('failed');
    }
  };
  return (
    <div class="lumo-field lumo-conn__webhook">
      <label class="lumo-field__label" for={`${id}-url`}>{t('connections.webhookUrl')}</label>
      <div class="lumo-conn__copy">
        <input ref={input} id={`${id}-url`} class="lumo-input lumo-conn__input" readOnly value={url} aria-describedby={`${id}-hint`} onFocus={(e) => (e.target as HTMLInputElement).select()} />
        <button type="button" class="lumo-button" onClick={() => void copy()}>{t('connections.copy')}</button>
        <span role="status" class="lumo-conn__copied">{copied === 'yes' ? t('connections.copied') : copied === 'failed' ? t('connections.copyFailed') : ''}</span>
      </div>
      <p class="lumo-field__hint" id={`${id}-hint`}>{t('connections.webhookHint')}</p>
    </div>
  );
}
