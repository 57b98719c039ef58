/** Settings and the connection check behind the options page. */
import { browser } from 'wxt/browser';
import { createApiClient } from '../../lib/api/client';
import {
  lastAccountItem, normalizeApiUrl, originPattern, readApiConfig, settingsItem, tokenItem,
} from '../../lib/api/settings';
import type { Handlers } from '../../lib/messages/background';
import { MessageError } from '../../lib/messages/errors';
import type { ConnectionCheck, Settings } from '../../lib/messages/protocol';
import type { Core } from './context';

export async function readSettings(): Promise<Settings> {
  const [s, token, lastAccountId] = await Promise.all([settingsItem.getValue(), tokenItem.getValue(), lastAccountItem.getValue()]);
  return { apiUrl: s.apiUrl, hasToken: token.length > 0, language: s.language, lastAccountId };
}

/** Whether the optional host permission for the API's origin is granted; true when the browser cannot tell. */
async function hasOriginPermission(baseUrl: string): Promise<boolean> {
  try {
    return await browser.permissions.contains({ origins: [originPattern(baseUrl)] });
  } catch {
    return true;
  }
}

/**
 * Checks a sync API URL and token step by step, so the options page can say which one is wrong:
 * the URL (unreachable, not a Lumo API), the token (refused), or the account list (empty).
 */
export async function checkConnection(input: { apiUrl?: string; token?: string }, fetchImpl?: typeof fetch): Promise<ConnectionCheck> {
  const saved = await readApiConfig();
  const rawUrl = input.apiUrl ?? saved?.baseUrl ?? (await settingsItem.getValue()).apiUrl;
  const token = input.token || saved?.token || (await tokenItem.getValue());
  if (!rawUrl || !token) {
    return { ok: false, problem: 'not_configured', message: 'Enter the sync API URL and the API token.' };
  }
  const baseUrl = normalizeApiUrl(rawUrl);
  if (!baseUrl) return { ok: false, problem: 'invalid_url', message: 'Enter the sync API URL as http:// or https:// followed by its address.' };
  if (!(await hasOriginPermission(baseUrl))) {
    return { ok: false, problem: 'no_permission', message: `Allow the extension to reach ${new URL(baseUrl).origin} (press Save and accept the request).` };
  }
  const client = createApiClient({ config: () => ({ baseUrl, token }), retries: 0, timeoutMs: 8000, fetch: fetchImpl });
  let health;
  try {
    health = await client.health();
  } catch (e) {
    const kind = (e as { kind?: string }).kind;
    if (kind === 'unauthorized') {
      return { ok: false, problem: 'unauthorized', message: 'The sync API refused the API token.' };
    }
    if (kind === 'bad_response' || kind === 'not_found') {
      return { ok: false, problem: 'bad_response', message: `${baseUrl} answers, but not as a Lumo sync API. Check the URL.` };
    }
    return { ok: false, problem: 'unreachable', message: `Could not reach ${baseUrl}. Check the URL and that the sync API is running.` };
  }
  try {
    const accounts = await client.accounts();
    if (accounts.length === 0) {
      return { ok: false, problem: 'no_accounts', message: 'The token works but sees no LINE account. Create an account token for your account on the sync API.' };
    }
    return { ok: true, version: health.version, store: health.store, accounts };
  } catch (e) {
    const kind = (e as { kind?: string }).kind;
    if (kind === 'unauthorized') return { ok: false, problem: 'unauthorized', message: 'The sync API refused the API token.' };
    if (kind === 'bad_response') return { ok: false, problem: 'bad_response', message: 'The sync API answered the account list in an unexpected format.' };
    return { ok: false, problem: 'unreachable', message: `Could not reach ${baseUrl}. Check the URL and that the sync API is running.` };
  }
}

type SettingsHandlers = Pick<Handlers, 'getSettings' | 'saveSettings' | 'checkConnection' | 'rememberAccount' | 'openOptions'>;

export function settingsHandlers(core: () => Promise<Core>): SettingsHandlers {
  return {
    getSettings: () => readSettings(),

    async saveSettings({ apiUrl, token, language }) {
      const current = await settingsItem.getValue();
      let url = current.apiUrl;
      if (apiUrl !== undefined) {
        url = apiUrl === null || apiUrl === '' ? null : normalizeApiUrl(apiUrl);
        if (apiUrl && !url) {
          throw new MessageError({
            kind: 'invalid', message: 'Enter the sync API URL as http:// or https:// followed by its address.',
            issues: [{ path: 'apiUrl', message: 'Enter the sync API URL as http:// or https:// followed by its address.' }],
          });
        }
      }
      await settingsItem.setValue({ apiUrl: url, language: language ?? current.language });
      if (token !== undefined) await tokenItem.setValue(token);
      const settings = await readSettings();
      const c = await core();
      c.hub.emit({ type: 'settings.changed', settings });
      // Changes that waited for a right URL or token may go now.
      if (url !== current.apiUrl || token !== undefined) void c.outbox.drain({ force: true });
      return settings;
    },

    checkConnection: (input) => checkConnection(input),

    async rememberAccount({ accountId }) {
      await lastAccountItem.setValue(accountId);
      return { ok: true as const };
    },

    async openOptions() {
      await browser.runtime.openOptionsPage();
      return { ok: true as const };
    },
  };
}
