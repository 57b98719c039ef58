import { render } from 'preact';
import { browser } from 'wxt/browser';
import { followLanguageSetting } from '../../lib/i18n';
import { sendMessage, subscribe } from '../../lib/messages';
import { App } from './App';
import { createOptionsModel } from './model';
import './style.css';

const model = createOptionsModel({
  client: { send: sendMessage },
  requestPermission: (origin) => browser.permissions.request({ origins: [origin] }),
});

void followLanguageSetting();
void model.load().catch(() => {});
// A 401 ending the session, or a sign-in in another tab, shows here at once.
subscribe((event) => { if (event.type === 'settings.changed') model.adopt(event.settings); });
render(<App model={model} />, document.getElementById('app')!);
