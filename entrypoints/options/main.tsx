import { render } from 'preact';
import { browser } from 'wxt/browser';
import { followLanguageSetting } from '../../lib/i18n';
import { sendMessage } from '../../lib/messages';
import { App } from './App';
import { createOptionsModel } from './model';
import './style.css';

const model = createOptionsModel({
  client: { send: sendMessage },
  requestPermission: (origin) => browser.permissions.request({ origins: [origin] }),
});

void followLanguageSetting();
void model.load().catch(() => {});
render(<App model={model} />, document.getElementById('app')!);
