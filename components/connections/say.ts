import { t } from '@/lib/i18n';
import type { FieldMessage } from './services';

/** A model's message in the user's language: an i18n key (params that are keys translated too), or the API's sentence. */
export function say(message: FieldMessage | string): string {
  if (typeof message === 'string') return message;
  const params = Object.fromEntries(Object.entries(message.params ?? {}).map(([k, v]) => [k, v.startsWith('connections.') ? t(v) : v]));
  return t(message.key, params);
}
