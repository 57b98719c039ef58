/**
 * The popup's strings and nothing else: lib/i18n's core with the popup namespace registered.
 * lib/i18n itself loads every screen's strings, which the popup's first paint should not parse.
 */
import { registerMessages } from '../../lib/i18n/core';
import popup from '../../lib/i18n/messages/popup';

registerMessages('popup', popup);

export { followLanguageSetting, formatRelativeTime, language, t } from '../../lib/i18n/core';
