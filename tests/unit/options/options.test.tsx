import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { followLanguageSetting, language, setLanguage } from '../../../lib/i18n';
import { dispatch, MESSAGES, MessageError, PROTOCOL } from '../../../lib/messages';
import { settingsItem, tokenItem } from '../../../lib/api/settings';
import { openLumoDb } from '../../../lib/cache/db';
import { createBackgroundService, type BackgroundService } from '../../../entrypoints/background/service';
import { App } from '../../../entrypoints/options/App';
import { createOptionsModel, type OptionsClient } from '../../../entrypoints/options/model';
import { FakeApi, TOKEN, accountBody } from '../background/fake-api';
import { freshDbName } from '../background/harness';
import { button, choose, field, flush, text, type } from '../popup/ui';

let api: FakeApi;
let service: BackgroundService;
let root: HTMLElement;
let stopLanguage: AbortController;
let permissionAsked: string[];
let grant: boolean;

/** What the browser says about a message from the options page (an extension page). */
const OPTIONS_PAGE = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/options.html') });

/** The options page talks to a real background service through the protocol checks. */
const client: OptionsClient = {
  async send(type, payload) {
    const res = await dispatch(service.handlers, { protocol: PROTOCOL, type, payload }, OPTIONS_PAGE());
    if (!res.ok) throw new MessageError(res.error);
    return MESSAGES[type].response.parse(res.data) as never;
  },
};

/** The page as it opens; `token: true` (the API-token tests) follows "Use an API token instead". */
async function mount({ token = true } = {}) {
  const model = createOptionsModel({ client, requestPermission: async (o) => { permissionAsked.push(o); return grant; } });
  render(<App model={model} />, root);
  await model.load();
  if (token && model.auth.value.kind === 'none') {
    button(root, 'Use an API token instead').click();
    await flush();
  }
  return model;
}

async function fill(url: string, token: string) {
  type(field(root, 'Sync API URL') as HTMLInputElement, url);
  type(field(root, 'API token') as HTMLInputElement, token);
  button(root, 'Save').click();
}

const result = () => root.querySelector('#check-result')!;

beforeEach(async () => {
  fakeBrowser.reset();
  setLanguage('en');
  stopLanguage = new AbortController();
  permissionAsked = [];
  grant = true;
  api = await new FakeApi(true).start();
  api.route('GET /v1/health', { body: { ok: true, version: '1.2.3', store: 'sqlite' } });
  api.route('GET /v1/accounts', { body: { items: [accountBody] } });
  const dbName = freshDbName();
  service = createBackgroundService({ openDb: () => openLumoDb(dbName), api: { retries: 0 } });
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(async () => {
  stopLanguage.abort();
  render(null, root);
  root.remove();
  await service.dispose();
  await api.stop();
});

describe('the options page', () => {
  it('saves the URL and token, asks for the API origin only, and confirms the connection', async () => {
    await mount();
    await fill(`${api.url}/v1/`, TOKEN);
    await vi.waitFor(() => expect(text(result())).toBe('Connected to sync API 1.2.3. It sees 1 account: Lumo Shop (@shop).'));
    expect(permissionAsked).toEqual([`${api.url}/*`]);
    expect(await settingsItem.getValue()).toMatchObject({ apiUrl: api.url }); // "/v1/" is the client's to add
    expect(await tokenItem.getValue()).toBe(TOKEN);
    // The token is not shown back: the page only learns that one is saved.
    expect((field(root, 'API token') as HTMLInputElement).value).toBe('');
    expect(text(root)).toContain('A token is saved. Leave this empty to keep it.');
  });

  it('says when the sync API cannot be reached', async () => {
    await mount();
    const url = api.url;
    await api.stop();
    await fill(url, TOKEN);
    await vi.waitFor(() => expect(text(result())).toBe(`Could not reach ${url}. Check the URL, and that the sync API is running.`));
    expect(result().getAttribute('role')).toBe('alert');
  });

  it('says when the token is refused', async () => {
    await mount();
    await fill(api.url, 'not-the-token');
    await vi.waitFor(() => expect(text(result())).toContain('The sync API refused this API token.'));
  });

  it('says when the token sees no account', async () => {
    api.route('GET /v1/accounts', { body: { items: [] } });
    await mount();
    await fill(api.url, TOKEN);
    await vi.waitFor(() => expect(text(result())).toContain('it sees no LINE Official Account'));
  });

  it('says when the URL is not a Lumo sync API', async () => {
    api.route('GET /v1/health', { body: { hello: 'world' } });
    await mount();
    await fill(api.url, TOKEN);
    await vi.waitFor(() => expect(text(result())).toContain('answered, but not as a Lumo sync API'));
  });

  it('says when the permission for the API origin is refused, and saves nothing', async () => {
    grant = false;
    await mount();
    await fill(api.url, TOKEN);
    await vi.waitFor(() => expect(text(result())).toContain(`The extension needs your permission to reach ${api.url}.`));
    expect((await settingsItem.getValue()).apiUrl).toBeNull();
    expect(api.requests).toEqual([]);
  });

  it('marks a URL that is not http(s) without asking for anything', async () => {
    await mount();
    await fill('ftp://example.com', TOKEN);
    await vi.waitFor(() => expect(text(result())).toContain('starting with http:// or https://'));
    expect(field(root, 'Sync API URL').getAttribute('aria-invalid')).toBe('true');
    expect(permissionAsked).toEqual([]);
  });

  it('switches the language, stores it for every page, and keeps the English names stable in English', async () => {
    await followLanguageSetting(stopLanguage.signal);
    await mount();
    expect(field(root, 'Language')).toBeTruthy();
    choose(field(root, 'Language') as HTMLSelectElement, 'ja');
    await vi.waitFor(() => expect(language.value).toBe('ja'));
    expect((await settingsItem.getValue()).language).toBe('ja');
    await vi.waitFor(() => expect(field(root, '同期APIのURL')).toBeTruthy());
    expect(field(root, 'APIトークン')).toBeTruthy();
    expect(button(root, '保存')).toBeTruthy();
    choose(field(root, '言語') as HTMLSelectElement, 'en');
    await vi.waitFor(() => expect(button(root, 'Save')).toBeTruthy());
    expect(field(root, 'API token')).toBeTruthy();
  });
});

describe('signing in (issue 13)', () => {
  const member = { id: 'm-1', email: 'aoi@example.com', name: 'Aoi' };
  const SESSION = 'session-token-0123456789';
  beforeEach(() => {
    api.route('POST /v1/sessions', (req) => {
      const { email, password } = req.body as { email: string; password: string };
      if (email === member.email && password === 'correct horse battery') {
        api.tokens.add(SESSION);
        return { status: 201, body: { token: SESSION, member, expiresAt: '2027-01-05T00:00:00.000Z' } };
      }
      return { status: 401, body: { error: { code: 'invalid_credentials', message: 'Wrong email or password.' } } };
    });
    api.route('GET /v1/me', { body: { member, accounts: [{ id: '@shop', name: 'Lumo Shop', timezone: 'Asia/Tokyo', role: 'operator_no_broadcast' }] } });
    api.route('DELETE /v1/sessions/current', () => { api.tokens.delete(SESSION); return { status: 204 }; });
  });

  async function signIn(password: string) {
    type(field(root, 'Sync API URL') as HTMLInputElement, api.url);
    type(field(root, 'Email') as HTMLInputElement, member.email);
    type(field(root, 'Password') as HTMLInputElement, password);
    button(root, 'Sign in').click();
  }

  it('signs in, shows who and the accounts with their roles, keeps the session out of storage.local, and signs out', async () => {
    await mount({ token: false });
    await signIn('correct horse battery');
    await vi.waitFor(() => expect(text(root)).toContain('Signed in as Aoi (aoi@example.com).'));
    await vi.waitFor(() => expect(text(root)).toContain('Lumo Shop (@shop) Operator (no broadcasts)'));
    expect(permissionAsked).toEqual([`${api.url}/*`]);
    // The background calls the API with the session…
    expect(api.calls('GET /v1/me')[0]!.headers.authorization).toBe(`Bearer ${SESSION}`);
    // …which content scripts cannot read: nothing in storage.local holds it.
    expect(JSON.stringify(await fakeBrowser.storage.local.get(null))).not.toContain(SESSION);
    // What this person read stays in the cache while they are signed in…
    await client.send('listAccounts', {});
    const { cache } = await service.ready;
    expect((await cache.accounts())?.data).toHaveLength(1);
    button(root, 'Sign out').click();
    await vi.waitFor(() => expect(button(root, 'Sign in')).toBeTruthy());
    expect(api.calls('DELETE /v1/sessions/current')).toHaveLength(1);
    expect(await tokenItem.getValue()).toBe('');
    // …and goes with them: the next person at this browser sees none of it.
    expect(await cache.accounts()).toBeUndefined();
  });

  it('says the email or password is wrong, next to the password, and saves nothing', async () => {
    await mount({ token: false });
    await signIn('wrong password!');
    await vi.waitFor(() => expect(text(root)).toContain('The email or the password is wrong.'));
    expect(field(root, 'Password').getAttribute('aria-invalid')).toBe('true');
    expect(await tokenItem.getValue()).toBe('');
  });

  it('says when to try again after too many attempts', async () => {
    api.route('POST /v1/sessions', { status: 429, headers: { 'retry-after': '600' }, body: { error: { code: 'too_many_attempts', message: 'Too many.' } } });
    await mount({ token: false });
    await signIn('correct horse battery');
    await vi.waitFor(() => expect(text(root)).toContain('Too many attempts for this email. Try again in 10 min.'));
  });

  it('accepts an invite code on the same page', async () => {
    api.route('POST /v1/invites/accept', (req) => {
      expect(req.body).toEqual({ code: 'INV-123', name: 'Aoi', password: 'a long password' });
      api.tokens.add(SESSION);
      return { status: 201, body: { token: SESSION, member, expiresAt: '2027-01-05T00:00:00.000Z' } };
    });
    await mount({ token: false });
    type(field(root, 'Sync API URL') as HTMLInputElement, api.url);
    type(field(root, 'Invite code') as HTMLInputElement, 'INV-123');
    type(field(root, 'Your name') as HTMLInputElement, 'Aoi');
    type(field(root, 'Choose a password') as HTMLInputElement, 'a long password');
    button(root, 'Accept invite').click();
    await vi.waitFor(() => expect(text(root)).toContain('Signed in as Aoi (aoi@example.com).'));
  });

  it('sends the user back to sign-in when the API ends the session (401), and changes wait', async () => {
    const model = await mount({ token: false });
    await signIn('correct horse battery');
    await vi.waitFor(() => expect(text(root)).toContain('Signed in as Aoi'));
    api.tokens.delete(SESSION); // revoked elsewhere
    api.route('POST /v1/accounts/@shop/folders', { status: 201, body: { id: 'f-1', name: 'Spring', createdAt: '2026-03-01T00:00:00.000Z' } });
    const change = await dispatch(service.handlers, { protocol: PROTOCOL, type: 'createFolder', payload: { accountId: '@shop', name: 'Spring' } });
    expect(change.ok && (change.data as { state: string }).state).toBe('pending');
    model.adopt((await dispatch(service.handlers, { protocol: PROTOCOL, type: 'getSettings', payload: {} }) as unknown as { data: never }).data);
    await vi.waitFor(() => expect(text(root)).toContain('Your session has ended. Sign in again'));
    const status = await dispatch(service.handlers, { protocol: PROTOCOL, type: 'outboxStatus', payload: {} });
    expect(status.ok && (status.data as { pending: number; refused: number })).toMatchObject({ pending: 1, refused: 0 });
  });
});

describe('settings and sign-in come from extension pages only', () => {
  const contentScript = () => ({ id: fakeBrowser.runtime.id, url: 'https://manager.line.biz/account/@shop/', tab: { id: 3 } as never });

  it('refuses a content script that tries to point the API elsewhere or sign in', async () => {
    await settingsItem.setValue({ apiUrl: api.url, language: 'auto' });
    await tokenItem.setValue(TOKEN);
    for (const [type, payload] of [
      ['saveSettings', { apiUrl: 'https://evil.example' }],
      ['checkConnection', { apiUrl: 'https://evil.example' }],
      ['signIn', { apiUrl: 'https://evil.example', email: 'a@b.c', password: 'x' }],
      ['signOut', {}],
      ['getMe', {}],
    ] as const) {
      const res = await dispatch(service.handlers, { protocol: PROTOCOL, type, payload }, contentScript());
      expect(res.ok, type).toBe(false);
    }
    expect((await settingsItem.getValue()).apiUrl).toBe(api.url);
    expect(await tokenItem.getValue()).toBe(TOKEN);
    // Reading whether one is signed in stays open to the panel (it never carries the token).
    const settings = await dispatch(service.handlers, { protocol: PROTOCOL, type: 'getSettings', payload: {} }, contentScript());
    expect(JSON.stringify(settings)).not.toContain(TOKEN);
  });

  it('calls the API only while its host permission is granted', async () => {
    await settingsItem.setValue({ apiUrl: api.url, language: 'auto' });
    await tokenItem.setValue(TOKEN);
    const contains = vi.spyOn(fakeBrowser.permissions, 'contains').mockResolvedValue(false as never);
    const res = await dispatch(service.handlers, { protocol: PROTOCOL, type: 'listFriends', payload: { accountId: '@shop' } });
    expect(res.ok).toBe(false);
    expect(!res.ok && res.error.kind).toBe('no_permission');
    expect(api.requests).toEqual([]);
    contains.mockRestore();
  });
});
