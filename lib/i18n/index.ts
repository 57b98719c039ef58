/**
 * The one i18n layer of the extension (content script, panel, popup, options).
 *
 * - Strings live in `lib/i18n/messages/<namespace>.ts`, each `defineMessages({ en, ja })`; every
 *   file there is registered under its file name, so `t('panel.save')` reads `save` from
 *   `messages/panel.ts`. `registerMessages` adds a namespace from elsewhere.
 * - `language` follows the browser (navigator.language ja* → Japanese) unless the user chose one
 *   in options (extension storage `settings.language`: 'auto' | 'en' | 'ja');
 *   `followLanguageSetting()` applies and watches that choice.
 * - `t` reads the `language` signal, so components and computeds that call it re-render when the
 *   language changes.
 * - Numbers, dates and "3 min ago" go through Intl in the active locale.
 */
import { registerMessages, type MessageCatalog } from './core';

export * from './core';

const files = import.meta.glob<{ default?: MessageCatalog }>('./messages/*.ts', { eager: true });
for (const [path, mod] of Object.entries(files)) {
  const namespace = /([^/]+)\.ts$/.exec(path)?.[1];
  if (namespace && mod.default) registerMessages(namespace, mod.default);
}
