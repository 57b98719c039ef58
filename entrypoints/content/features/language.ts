/**
 * The UI language: the browser's, unless the user chose one in options. Read from extension
 * storage and, as the background's word, from getSettings and its `settings.changed` events.
 */
import { followLanguageSetting, resolveLanguage, setLanguage } from '@/lib/i18n';
import { isLineManager } from '@/lib/line-manager';
import { on, sendMessage } from '@/lib/messages';
import { defineFeature } from '../feature-manager';

export const language = defineFeature({
  id: 'language',
  include: [isLineManager],
  key: () => 'language',
  async init(signal) {
    await followLanguageSetting(signal);
    const stop = on('settings.changed', ({ settings }) => setLanguage(resolveLanguage(settings.language)));
    signal.addEventListener('abort', stop, { once: true });
    try {
      const settings = await sendMessage('getSettings', {});
      if (!signal.aborted) setLanguage(resolveLanguage(settings.language));
    } catch {
      // No background to ask (yet): storage has answered already, or the browser's language stays.
    }
  },
});
