import { language, t } from '@/lib/i18n';
import { Composer } from './Composer';
import { ConfirmSend } from './ConfirmSend';
import { PhonePreview } from './PhonePreview';
import { Progress } from './Progress';
import { SendBar } from './SendBar';
import { TargetCard } from './TargetCard';
import { TestSend } from './TestSend';
import type { BroadcastModel } from './model';
import { fromLineMessage as asBubble } from './bubbles';
import { LastResults } from '../results/LastResults';
import { ApprovalRequests } from '../approvals/Requests';
import { callerMay } from '@/lib/permissions';

/**
 * The broadcast window: the target segment on top, the composer with its phone-like preview, a
 * test push, then send now or schedule — or, once sent, the broadcast's live progress.
 */
export function BroadcastWindow({ model }: { model: BroadcastModel }) {
  const target = model.target.value;
  const sent = model.broadcast.value;
  const confirmation = model.confirmation.value;
  const segmentName = target.name ?? '';
  return (
    <div class="bc-window" lang={language.value}>
      <header class="bc-header">
        <h1 class="bc-title">{t('broadcast.title')}</h1>
        <span class="bc-account">{t('broadcast.account', { account: model.accountId })}</span>
      </header>
      <main class="bc-main">
        <div class="bc-column">
          <TargetCard target={target} />
          {sent ? <Progress model={model} broadcast={sent} /> : (
            <>
              <Composer model={model} />
              <TestSend model={model} />
              <SendBar model={model} />
            </>
          )}
        </div>
        <aside class="bc-aside">
          <PhonePreview bubbles={sent ? sent.messages.map(asBubble) : model.bubbles.value} accountName={model.accountName.value} />
          {!sent && callerMay(model.role.value, 'results') && <LastResults client={model.client} accountId={model.accountId} segmentId={model.segmentId} />}
          {!model.direct.value && (
            <ApprovalRequests client={model.client} accountId={model.accountId} segmentId={model.segmentId} reloadKey={sent?.id} />
          )}
        </aside>
      </main>
      {confirmation && <ConfirmSend model={model} confirmation={confirmation} segmentName={segmentName} />}
    </div>
  );
}

/** operator_no_analytics sees no broadcast results (the sync API would answer 403); null: the admin token. */

/** When the window was opened without ?account=&segment=. */
export function MissingTarget() {
  return <p class="bc-missing" role="alert">{t('broadcast.missingTarget')}</p>;
}
