import { useEffect, useMemo } from 'preact/hooks';
import type { Broadcast } from '@/lib/contract/api';
import { formatDateTime, t } from '@/lib/i18n';
import { Dialog } from '../common/Dialog';
import type { PanelModels } from '../models/panel';
import { createApprovalsModel, messagePreview, requesterName, type ApprovalsModel, type Declining } from './model';
import './approvals.css';

/**
 * The "Approvals" tab: broadcasts an operator_no_broadcast asked for, for the roles that may
 * send. Approve sends it through the usual path; Decline asks for a reason the requester sees.
 */
export function ApprovalsView({ models, approvals: given }: { models: PanelModels; approvals?: ApprovalsModel }) {
  const approvals = useMemo(() => given ?? createApprovalsModel(models.client, models.accountId), [given, models]);
  useEffect(() => {
    void approvals.load();
    return () => approvals.dispose();
  }, [approvals]);
  const state = approvals.state.value;
  const notice = approvals.notice.value;
  const declining = approvals.declining.value;
  return (
    <section class="lumo-approvals" aria-labelledby="lumo-approvals-title">
      <h3 id="lumo-approvals-title" class="lumo-section-title">{t('approvals.heading')}</h3>
      {state.status === 'loading' && <p role="status">{t('approvals.loading')}</p>}
      {state.status === 'not_allowed' && <p>{t('approvals.notAllowed')}</p>}
      {state.status === 'error' && <p class="lumo-field__error" role="alert">{state.message}</p>}
      {notice && <p class={notice.kind === 'error' ? 'lumo-field__error' : 'lumo-approvals__ok'} role={notice.kind === 'error' ? 'alert' : 'status'}>{notice.text}</p>}
      {state.status === 'ready' && (state.items.length === 0
        ? <p>{t('approvals.empty')}</p>
        : <ul class="lumo-approvals__list">{state.items.map((b) => <Item key={b.id} b={b} approvals={approvals} />)}</ul>)}
      {declining && <DeclineDialog approvals={approvals} d={declining} />}
    </section>
  );
}

function Item({ b, approvals }: { b: Broadcast; approvals: ApprovalsModel }) {
  const preview = messagePreview(b.messages);
  const count = approvals.counts.value[b.segmentId];
  const busy = approvals.busy.value;
  const titleId = `lumo-approval-${b.id}`;
  return (
    <li class="lumo-approvals__item" aria-labelledby={titleId}>
      <p id={titleId} class="lumo-approvals__who">
        {t('approvals.askedBy', { who: requesterName(b), when: formatDateTime(b.createdAt) })}
      </p>
      <dl class="lumo-approvals__facts">
        <dt>{t('approvals.message')}</dt>
        <dd class="lumo-approvals__message">
          {preview.text}
          {preview.more > 0 && <span class="lumo-approvals__more"> {t('approvals.more', { count: preview.more })}</span>}
        </dd>
        <dt>{t('approvals.segment')}</dt><dd>{b.segmentName}</dd>
        <dt>{t('approvals.countNow')}</dt>
        <dd>{count === undefined ? t('approvals.counting') : count === null ? '—' : t('approvals.friends', { count })}</dd>
      </dl>
      <div class="lumo-approvals__actions">
        <button type="button" class="lumo-button lumo-button--primary" disabled={busy !== null} onClick={() => void approvals.approve(b)}>
          {busy === b.id ? t('approvals.approving') : t('approvals.approve')}
        </button>
        <button type="button" class="lumo-button lumo-button--outline" disabled={busy !== null} onClick={() => approvals.openDecline(b)}>
          {t('approvals.decline')}
        </button>
      </div>
    </li>
  );
}

function DeclineDialog({ approvals, d }: { approvals: ApprovalsModel; d: Declining }) {
  const errorId = 'lumo-decline-error';
  return (
    <Dialog
      title={t('approvals.declineTitle')}
      onClose={approvals.closeDecline}
      onSubmit={() => void approvals.confirmDecline()}
      actions={<>
        <button type="button" class="lumo-button" onClick={approvals.closeDecline}>{t('approvals.cancel')}</button>
        <button type="submit" class="lumo-button lumo-button--danger" disabled={d.busy}>{t('approvals.confirmDecline')}</button>
      </>}
    >
      <label class="lumo-field">
        <span class="lumo-field__label">{t('approvals.reason')}</span>
        <textarea class="lumo-input" rows={3} maxLength={500} required value={d.reason} data-autofocus
          aria-invalid={d.error !== null} aria-describedby={d.error ? errorId : undefined}
          onInput={(e) => approvals.setReason((e.currentTarget as HTMLTextAreaElement).value)} />
      </label>
      {d.error && <p id={errorId} class="lumo-field__error" role="alert">{d.error}</p>}
    </Dialog>
  );
}
