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
import { button, choose, field, text, type } from '../popup/ui';

let api: FakeApi;
let service: BackgroundService;
let root: HTMLElement;
let stopLanguage: AbortController;
let permissionAsked: string[];
let grant: boolean;

/** The options page talks to a real background service through the protocol checks. */
const client: OptionsClient = {
  async send(type, payload) {
    const res = await dispatch(service.handlers, { protocol: PROTOCOL, type, payload });
    if (!res.ok) throw new MessageError(res.error);
    return MESSAGES[type].response.parse(res.data) as never;
  },
};

async function mount() {
  const model = createOptionsModel({ client, requestPermission: async (o) => { permissionAsked.push(o); return grant; } });
  render(<App model={model} />, root);
  await model.load();
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
