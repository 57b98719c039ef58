import { render } from 'preact';
import { browser } from 'wxt/browser';
import { followLanguageSetting } from '../../lib/i18n';
import { sendMessage, subscribe } from '../../lib/messages';
import { App } from './App';
import { createPopupModel } from './model';
import './style.css';

const model = createPopupModel({
  client: { send: sendMessage, subscribe },
  currentTabUrl: async () => (await browser.tabs.query({ active: true, currentWindow: true }))[0]?.url,
  openTab: async (url) => { await browser.tabs.create({ url }); },
  close: () => window.close(),
});

// The language first (one storage read), so the first paint is in the user's language.
void followLanguageSetting().finally(() => {
  render(<App model={model} />, document.getElementById('app')!);
});
void model.load();
addEventListener('pagehide', () => model.dispose());
