import { render } from 'preact';
import { browser } from 'wxt/browser';
import { credentialNonceItem, lastAccountItem, settingsItem } from '../../lib/api/settings';
import { getAccountId } from '../../lib/line-manager/urls';
import { App } from './App';
import { readCachedList } from './cached';
import { followLanguageSetting } from './i18n';
import { createPopupModel, type PopupClient } from './model';
import './style.css';

// The popup promises cached counts on screen at once (issue 9: 150 ms after opening), so its
// first paint loads only Preact, its own strings and a read of the cache. The message protocol
// (zod and every schema of the API: 115 KB, three times the rest) follows once that frame is painted, and the
// popup then asks the background as always and shows its answers.

const currentTabUrl = async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.url;

const lastAccount = lastAccountItem.getValue().catch(() => null); // asked at once, beside the tab: every step here is one IPC
const cached = readCachedList({
  async configured() {
    // Whether a token or session is saved, without reading it into the popup (it never leaves
    // the background): the credential's nonce is set exactly while one is.
    const [settings, nonce] = await Promise.all([settingsItem.getValue(), credentialNonceItem.getValue()]);
    return !!settings.apiUrl && !!nonce;
  },
  account: async () => getAccountId((await currentTabUrl().catch(() => undefined)) ?? '') ?? (await lastAccount),
});

// The language first (one storage read), so the first paint is in the user's language.
const mounted = followLanguageSetting().finally(() => {
  render(<App model={model} />, document.getElementById('app')!);
});

/**
 * After the frame that shows what the cache had (or the loading state when it had nothing). A
 * hidden page gets no frames: then after a moment anyway, or the protocol would never load.
 */
const firstFramePainted = Promise.all([mounted.catch(() => {}), cached]).then(() => new Promise<void>((resolve) => {
  requestAnimationFrame(() => setTimeout(resolve, 0));
  setTimeout(resolve, 250);
}));
const protocol = firstFramePainted.then(() => import('../../lib/messages/client'));

const client: PopupClient = {
  send: async (type, payload) => (await protocol).sendMessage(type, payload),
  subscribe(listener) {
    let unsubscribe: (() => void) | null = null;
    let done = false;
    void protocol.then((m) => { if (!done) unsubscribe = m.subscribe(listener); });
    return () => { done = true; unsubscribe?.(); };
  },
};

const model = createPopupModel({
  client,
  cached: () => cached,
  currentTabUrl,
  openTab: async (url) => { await browser.tabs.create({ url }); },
  close: () => window.close(),
});

void model.load();
addEventListener('pagehide', () => model.dispose());
