/**
 * Settings, sign-in and the connection check behind the options page. Whatever sets where the
 * API is or who signs in is accepted from the extension's own pages only: a content script (which
 * a compromised host page could steer) must never point the API elsewhere and receive the token.
 */
import { browser, type Browser } from 'wxt/browser';
import { createApiClient, signInCall } from '../../lib/api/client';
import { readCredential, writeCredential } from '../../lib/api/credentials';
import {
  lastAccountItem, normalizeApiUrl, originPattern, readApiConfig, settingsItem, signedOutItem, tokenItem,
} from '../../lib/api/settings';
import type { Handlers, HandlerContext } from '../../lib/messages/background';
import { MessageError } from '../../lib/messages/errors';
import type { ConnectionCheck, Settings } from '../../lib/messages/protocol';
import type { Core } from './context';

export async function readSettings(): Promise<Settings> {
  const [s, credential, lastAccountId, signedOut] = await Promise.all([
    settingsItem.getValue(), readCredential().catch(() => null), lastAccountItem.getValue(), signedOutItem.getValue(),
  ]);
  const auth: NonNullable<Settings['auth']> = credential?.kind === 'session'
    ? { kind: 'session', member: credential.member, expiresAt: credential.expiresAt, signedOut: null }
    : { kind: credential ? 'token' : 'none', signedOut };
  return { apiUrl: s.apiUrl, hasToken: !!credential, language: s.language, lastAccountId, auth };
}

/** Whether a message comes from one of this extension's own pages (options, popup, broadcast window). */
export function isExtensionPage(sender: Browser.runtime.MessageSender): boolean {
  const base = browser.runtime.getURL('/');
  return sender.id === browser.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(base);
}

function extensionPagesOnly(ctx: HandlerContext) {
  if (!isExtensionPage(ctx.sender)) {
    throw new MessageError({ kind: 'malformed', message: 'Settings and sign-in are accepted from the extension\'s own pages only.' });
  }
}

/** Whether the optional host permission for the API's origin is granted; true when the browser cannot tell. */
export async function hasOriginPermission(baseUrl: string): Promise<boolean> {
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

type SettingsHandlers = Pick<Handlers,
  'getSettings' | 'saveSettings' | 'checkConnection' | 'rememberAccount' | 'openOptions' | 'signIn' | 'acceptInvite' | 'signOut' | 'getMe'>;

const invalidUrl = () => new MessageError({
  kind: 'invalid', message: 'Enter the sync API URL as http:// or https:// followed by its address.',
  issues: [{ path: 'apiUrl', message: 'Enter the sync API URL as http:// or https:// followed by its address.' }],
});

export function settingsHandlers(core: () => Promise<Core>): SettingsHandlers {
  /** A new credential is in place: tell the UIs, and let changes that waited for it go. */
  async function changed(force = true) {
    const settings = await readSettings();
    const c = await core();
    c.hub.emit({ type: 'settings.changed', settings });
    if (force) void c.outbox.drain({ force: true });
    return settings;
  }

  /** Signs in (or accepts an invite) at `apiUrl`, whose host permission the page asked for in the click. */
  async function startSession(rawUrl: string, path: 'sessions' | 'invites/accept', body: unknown): Promise<Settings> {
    const url = normalizeApiUrl(rawUrl);
    if (!url) throw invalidUrl();
    if (!(await hasOriginPermission(url))) {
      throw new MessageError({ kind: 'no_permission', message: `Allow the extension to reach ${new URL(url).origin}.` });
    }
    const session = await signInCall(url, path, body);
    const current = await settingsItem.getValue();
    await writeCredential({ kind: 'session', token: session.token, member: session.member, expiresAt: session.expiresAt });
    await settingsItem.setValue({ ...current, apiUrl: url });
    await signedOutItem.setValue(null);
    return changed();
  }

  return {
    getSettings: () => readSettings(),

    async signIn({ apiUrl, email, password }, ctx) {
      extensionPagesOnly(ctx);
      return startSession(apiUrl, 'sessions', { email, password });
    },

    async acceptInvite({ apiUrl, code, name, password }, ctx) {
      extensionPagesOnly(ctx);
      return startSession(apiUrl, 'invites/accept', { code, name, password });
    },

    async signOut(_payload, ctx) {
      extensionPagesOnly(ctx);
      const credential = await readCredential();
      if (credential?.kind === 'session') {
        // Ended at the API first, so the token stops working everywhere; offline, it is forgotten here anyway.
        await (await core()).api.endSession().catch(() => {});
      }
      await writeCredential(null);
      await signedOutItem.setValue(null);
      // Without it an open panel kept showing the last person's segments from the cache.
      await (await core()).cache.forgetReads();
      return changed(false);
    },

    async getMe(_payload, ctx) {
      extensionPagesOnly(ctx);
      return (await core()).api.me();
    },

    async saveSettings({ apiUrl, token, language }, ctx) {
      if (apiUrl !== undefined || token !== undefined) extensionPagesOnly(ctx);
      const current = await settingsItem.getValue();
      let url = current.apiUrl;
      if (apiUrl !== undefined) {
        url = apiUrl === null || apiUrl === '' ? null : normalizeApiUrl(apiUrl);
        if (apiUrl && !url) throw invalidUrl();
      }
      await settingsItem.setValue({ ...current, apiUrl: url, language: language ?? current.language });
      if (token !== undefined) {
        await tokenItem.setValue(token);
        await signedOutItem.setValue(null);
      }
      // Changes that waited for a right URL or token may go now.
      return changed(url !== current.apiUrl || token !== undefined);
    },

    checkConnection: (input, ctx) => {
      // Given a URL, the check sends the saved token there: only the options page may ask.
      extensionPagesOnly(ctx);
      return checkConnection(input);
    },

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
