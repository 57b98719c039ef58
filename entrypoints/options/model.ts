/**
 * The options page's state: the sync API URL and token being edited, the language, and what the
 * last check found. Saving asks for the API origin's host permission first (it must run inside
 * the click, before anything is awaited), then saves through the background and checks the
 * connection against /v1/health and /v1/accounts.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { normalizeApiUrl, originPattern } from '../../lib/api/settings';
import type { Account } from '../../lib/contract/api';
import type { LanguageSetting, MessageType, RequestOf, ResponseOf } from '../../lib/messages';
import { CONNECTION_PROBLEMS } from '../../lib/messages';

export interface OptionsClient {
  send<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>>;
}
export interface OptionsEnv {
  client: OptionsClient;
  /** chrome.permissions.request for one origin pattern; resolves to whether it was granted. */
  requestPermission: (originPattern: string) => Promise<boolean>;
}

export type Problem = (typeof CONNECTION_PROBLEMS)[number] | 'failed';
export type CheckState =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'ok'; version: string; accounts: Account[] }
  | { kind: 'problem'; problem: Problem; origin: string };

export function createOptionsModel(env: OptionsEnv) {
  const apiUrl = signal('');
  const token = signal('');
  const hasToken = signal(false);
  const language = signal<LanguageSetting>('auto');
  const check = signal<CheckState>({ kind: 'idle' });
  const loaded = signal(false);
  const languageSaved = signal(false);

  const originOf = (url: string | null) => {
    try { return url ? new URL(url).origin : ''; } catch { return url ?? ''; }
  };

  async function load() {
    const s = await env.client.send('getSettings', {});
    apiUrl.value = s.apiUrl ?? '';
    hasToken.value = s.hasToken;
    language.value = s.language;
    loaded.value = true;
  }

  /** Call straight from the click: the permission prompt needs the user's gesture. */
  function save(): Promise<void> {
    const url = normalizeApiUrl(apiUrl.value);
    if (!url) {
      check.value = { kind: 'problem', problem: apiUrl.value.trim() ? 'invalid_url' : 'not_configured', origin: '' };
      return Promise.resolve();
    }
    if (!token.value.trim() && !hasToken.value) {
      check.value = { kind: 'problem', problem: 'not_configured', origin: '' };
      return Promise.resolve();
    }
    check.value = { kind: 'checking' };
    const permission = env.requestPermission(originPattern(url)).catch(() => false);
    return (async () => {
      const origin = originOf(url);
      try {
        if (!(await permission)) {
          check.value = { kind: 'problem', problem: 'no_permission', origin };
          return;
        }
        const saved = await env.client.send('saveSettings', { apiUrl: url, ...(token.value.trim() && { token: token.value.trim() }) });
        apiUrl.value = saved.apiUrl ?? '';
        hasToken.value = saved.hasToken;
        token.value = '';
        const result = await env.client.send('checkConnection', {});
        check.value = result.ok
          ? { kind: 'ok', version: result.version, accounts: result.accounts }
          : { kind: 'problem', problem: result.problem, origin };
      } catch {
        check.value = { kind: 'problem', problem: 'failed', origin };
      }
    })();
  }

  async function setLanguage(value: LanguageSetting) {
    language.value = value;
    languageSaved.value = false;
    await env.client.send('saveSettings', { language: value });
    languageSaved.value = true;
  }

  return {
    apiUrl, token,
    hasToken: hasToken as ReadonlySignal<boolean>,
    language: language as ReadonlySignal<LanguageSetting>,
    check: check as ReadonlySignal<CheckState>,
    loaded: loaded as ReadonlySignal<boolean>,
    languageSaved: languageSaved as ReadonlySignal<boolean>,
    load, save, setLanguage,
  };
}
export type OptionsModel = ReturnType<typeof createOptionsModel>;
