/**
 * The extension's settings in extension storage. `local:settings` holds the sync API URL and the
 * language (lib/i18n reads `language` from it). The token or session is not here: content scripts
 * can read storage.local, so it lives where only the background and extension pages reach
 * (credentials.ts); `credentialNonceItem` only says that one is saved.
 */
import { storage } from 'wxt/utils/storage';
import type { LanguageSetting } from '../messages/protocol';
import { readCredential, writeCredential } from './credentials';

export interface StoredSettings {
  apiUrl: string | null;
  language: LanguageSetting;
}

export const settingsItem = storage.defineItem<StoredSettings>('local:settings', {
  fallback: { apiUrl: null, language: 'auto' },
});
/** Set while a credential is saved (its IndexedDB key; opens nothing by itself). */
export const credentialNonceItem = storage.defineItem<string | null>('local:credentialNonce', { fallback: null });
/** Why the user was signed out, for the options page: the session expired or was revoked (a 401). */
export const signedOutItem = storage.defineItem<'expired' | null>('local:signedOut', { fallback: null });
/** The saved credential's token ("" when none), and setting an API token ("" removes it). */
export const tokenItem = {
  async getValue(): Promise<string> {
    return (await readCredential())?.token ?? '';
  },
  async setValue(token: string): Promise<void> {
    await writeCredential(token ? { kind: 'token', token } : null);
  },
};
/** The account of the manager.line.biz page seen last, for the popup. */
export const lastAccountItem = storage.defineItem<string | null>('local:lastAccountId', { fallback: null });

export interface ApiConfig {
  /** Origin and path prefix of the sync API, without "/v1" and without a trailing slash. */
  baseUrl: string;
  token: string;
}

/**
 * Cleans a URL typed by a person: trims, drops a trailing "/" and "/v1" (the client adds it), and
 * returns null for anything but http(s).
 */
export function normalizeApiUrl(input: string): string | null {
  let url: URL;
  try { url = new URL(input.trim()); } catch { return null; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username || url.password) return null;
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  return `${url.origin}${path}`;
}

/** The optional host permission pattern that lets the background call this API. */
export function originPattern(baseUrl: string): string {
  return `${new URL(baseUrl).origin}/*`;
}

export async function readApiConfig(): Promise<ApiConfig | null> {
  const [settings, token] = await Promise.all([settingsItem.getValue(), tokenItem.getValue().catch(() => '')]);
  if (!settings.apiUrl || !token) return null;
  return { baseUrl: settings.apiUrl, token };
}
