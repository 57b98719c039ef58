/**
 * The options page's state: the sync API URL and token being edited, the language, and what the
 * last check found. Saving asks for the API origin's host permission first (it must run inside
 * the click, before anything is awaited), then saves through the background and checks the
 * connection against /v1/health and /v1/accounts.
 */
import { batch, signal, type ReadonlySignal } from '@preact/signals';
import { normalizeApiUrl, originPattern } from '../../lib/api/settings';
import type { Account } from '../../lib/contract/api';
import type { LanguageSetting, MessageType, RequestOf, ResponseOf, Settings } from '../../lib/messages';
import { CONNECTION_PROBLEMS, isMessageError } from '../../lib/messages';

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

/** What went wrong signing in or accepting an invite, as an i18n key of options.signIn.* and its params. */
export type SignInProblem = { key: string; params?: Record<string, string | number>; field?: 'email' | 'password' | 'code' | 'name' | 'apiUrl' };
export type SignInState = { kind: 'idle' } | { kind: 'busy' } | { kind: 'problem'; problem: SignInProblem };
export type Me = ResponseOf<'getMe'>;

/** The API's refusal in the person's words (DESIGN.md: one answer for a wrong email or password; 429 says when). */
export function signInProblem(error: unknown, origin: string): SignInProblem {
  if (!isMessageError(error)) return { key: 'options.signIn.failed' };
  if (error.kind === 'no_permission') return { key: 'options.no_permission', params: { origin }, field: 'apiUrl' };
  if (error.kind === 'unreachable') return { key: 'options.unreachable', params: { origin }, field: 'apiUrl' };
  if (error.status === 429) return { key: 'options.signIn.throttled', params: { minutes: Math.max(1, Math.ceil((error.retryAfter ?? 900) / 60)) } };
  if (error.status === 401) return { key: 'options.signIn.wrongPassword', field: 'password' };
  if (error.kind === 'not_found' && error.status === 404) return { key: 'options.signIn.noPeople', params: { origin }, field: 'apiUrl' };
  if (error.code === 'invite_expired' || error.code === 'invite_used' || error.code === 'invalid_invite' || (error.status === 410)) return { key: 'options.signIn.inviteExpired', field: 'code' };
  const issue = error.issues?.[0];
  if (issue?.path === 'password') return { key: 'options.signIn.passwordShort', field: 'password' };
  if (issue?.path === 'email') return { key: 'options.signIn.badEmail', field: 'email' };
  if (issue?.path === 'code') return { key: 'options.signIn.inviteExpired', field: 'code' };
  if (issue?.path === 'name') return { key: 'options.signIn.nameNeeded', field: 'name' };
  if (error.kind === 'invalid') return { key: 'options.signIn.refused', params: { message: error.message } };
  if (error.kind === 'bad_response') return { key: 'options.bad_response', params: { origin }, field: 'apiUrl' };
  return { key: 'options.signIn.failed' };
}

export function createOptionsModel(env: OptionsEnv) {
  const apiUrl = signal('');
  const token = signal('');
  const hasToken = signal(false);
  const language = signal<LanguageSetting>('auto');
  const check = signal<CheckState>({ kind: 'idle' });
  const loaded = signal(false);
  const languageSaved = signal(false);
  const auth = signal<NonNullable<Settings['auth']>>({ kind: 'none' });
  /** Sign in (a member) or an API token (scripts, kiosks). */
  const mode = signal<'signin' | 'token'>('signin');
  const email = signal('');
  const password = signal('');
  const inviteCode = signal('');
  const inviteName = signal('');
  const invitePassword = signal('');
  const signIn = signal<SignInState>({ kind: 'idle' });
  const invite = signal<SignInState>({ kind: 'idle' });
  const me = signal<Me | null>(null);

  const originOf = (url: string | null) => {
    try { return url ? new URL(url).origin : ''; } catch { return url ?? ''; }
  };

  function adopt(s: Settings) {
    batch(() => {
      apiUrl.value = s.apiUrl ?? apiUrl.value;
      hasToken.value = s.hasToken;
      language.value = s.language;
      auth.value = s.auth ?? { kind: s.hasToken ? 'token' : 'none' };
      if (auth.value.kind === 'token') mode.value = 'token';
      loaded.value = true;
    });
    if (auth.value.kind === 'session') void loadMe();
    else me.value = null;
  }

  async function load() {
    adopt(await env.client.send('getSettings', {}));
  }

  async function loadMe() {
    try {
      me.value = await env.client.send('getMe', {});
    } catch {
      me.value = null;
    }
  }

  /** Sign in or accept an invite; call straight from the click (the permission prompt needs the gesture). */
  function startSession(which: 'signIn' | 'acceptInvite'): Promise<void> {
    const state = which === 'signIn' ? signIn : invite;
    const url = normalizeApiUrl(apiUrl.value);
    if (!url) {
      state.value = { kind: 'problem', problem: { key: apiUrl.value.trim() ? 'options.invalid_url' : 'options.signIn.urlNeeded', field: 'apiUrl' } };
      return Promise.resolve();
    }
    state.value = { kind: 'busy' };
    const permission = env.requestPermission(originPattern(url)).catch(() => false);
    const origin = originOf(url);
    return (async () => {
      try {
        if (!(await permission)) {
          state.value = { kind: 'problem', problem: { key: 'options.no_permission', params: { origin }, field: 'apiUrl' } };
          return;
        }
        const settings = which === 'signIn'
          ? await env.client.send('signIn', { apiUrl: url, email: email.value.trim(), password: password.value })
          : await env.client.send('acceptInvite', { apiUrl: url, code: inviteCode.value.trim(), name: inviteName.value.trim(), password: invitePassword.value });
        batch(() => {
          password.value = '';
          invitePassword.value = '';
          inviteCode.value = '';
          state.value = { kind: 'idle' };
        });
        adopt(settings);
      } catch (e) {
        state.value = { kind: 'problem', problem: signInProblem(e, origin) };
      }
    })();
  }

  async function signOut() {
    adopt(await env.client.send('signOut', {}));
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
        adopt(saved);
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
    apiUrl, token, mode, email, password, inviteCode, inviteName, invitePassword,
    auth: auth as ReadonlySignal<NonNullable<Settings['auth']>>,
    signInState: signIn as ReadonlySignal<SignInState>,
    inviteState: invite as ReadonlySignal<SignInState>,
    me: me as ReadonlySignal<Me | null>,
    signIn: () => startSession('signIn'),
    acceptInvite: () => startSession('acceptInvite'),
    signOut,
    /** The background says the settings changed (a 401 ended the session, another page signed in). */
    adopt,
    hasToken: hasToken as ReadonlySignal<boolean>,
    language: language as ReadonlySignal<LanguageSetting>,
    check: check as ReadonlySignal<CheckState>,
    loaded: loaded as ReadonlySignal<boolean>,
    languageSaved: languageSaved as ReadonlySignal<boolean>,
    load, save, setLanguage,
  };
}
export type OptionsModel = ReturnType<typeof createOptionsModel>;
