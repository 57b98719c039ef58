/**
 * The broadcast window (an extension page), opened by the background with ?account=&segment=
 * from a segment's Create Broadcast button. Talks to the sync API only through the background.
 */
import { render } from 'preact';
import { followLanguageSetting, t } from '../../lib/i18n';
import { sendMessage, subscribe } from '../../lib/messages';
import { BroadcastWindow, MissingTarget } from '../../components/broadcast/BroadcastWindow';
import { createBroadcastModel } from '../../components/broadcast/model';
import './style.css';

const params = new URLSearchParams(location.search);
const accountId = params.get('account');
const segmentId = params.get('segment');
const app = document.getElementById('app')!;

// The language first (one storage read), so the first paint is in the user's language.
void followLanguageSetting().finally(() => {
  document.title = `${t('broadcast.title')} · Lumo Segments`;
  if (!accountId || !segmentId) {
    render(<MissingTarget />, app);
    return;
  }
  const model = createBroadcastModel({ client: { send: sendMessage, subscribe }, accountId, segmentId });
  render(<BroadcastWindow model={model} />, app);
  void model.load();
  addEventListener('pagehide', () => model.dispose());
});
