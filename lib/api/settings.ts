/**
 * The extension's settings in extension storage. `local:settings` holds the sync API URL and the
 * language (lib/i18n reads `language` from it); the token sits in its own item so nothing that
 * reads or logs the settings carries it along.
 */
import { storage } from 'wxt/utils/storage';
import type { LanguageSetting } from '../messages/protocol';

export interface StoredSettings {
  apiUrl: string | null;
  language: LanguageSetting;
}

export const settingsItem = storage.defineItem<StoredSettings>('local:settings', {
  fallback: { apiUrl: null, language: 'auto' },
});
export const tokenItem = storage.defineItem<string>('local:apiToken', { fallback: '' });
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
  const [settings, token] = await Promise.all([settingsItem.getValue(), tokenItem.getValue()]);
  if (!settings.apiUrl || !token) return null;
  return { baseUrl: settings.apiUrl, token };
}
