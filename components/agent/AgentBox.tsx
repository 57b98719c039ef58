import { useId } from 'preact/hooks';
import type { Catalog, Tag } from '@/lib/contract/api';
import { t } from '@/lib/i18n';
import type { AgentMode, AgentModel } from './model';
import { HeldList } from './HeldList';
import { Questions } from './Questions';
import { ReviewDialog } from './ReviewDialog';
import './agent.css';

export interface AgentBoxProps {
  agent: AgentModel;
  catalog: Catalog | null;
  tags: readonly Tag[];
  /** The open segment's saved name; null for a new segment. */
  openSegmentName: string | null;
}

const MODES: AgentMode[] = ['auto', 'consult'];

/**
 * "Who do you want to reach?": the goal in the marketer's words, Auto or Consult, the agent's
 * questions, the approval dialog for its suggestion, and the suggestions on hold.
 */
export function AgentBox({ agent, catalog, tags, openSegmentName }: AgentBoxProps) {
  const goalId = useId();
  const hintId = useId();
  const reply = agent.reply.value;
  const review = agent.reviewing.value;
  const mode = agent.mode.value;
  return (
    <section class="lumo-agent" aria-label={t('agent.title')}>
      {/* No <form>: the box sits inside the editor's form, and nothing here may submit it. */}
      <div class="lumo-agent__form">
        <div class="lumo-agent__head">
          <label class="lumo-field__label lumo-agent__question-label" for={goalId}>{t('agent.question')}</label>
          <div role="group" aria-label={t('agent.mode')} class="lumo-agent__modes">
            {MODES.map((m) => (
              <button key={m} type="button" aria-pressed={mode === m}
                class={`lumo-agent__mode${mode === m ? ' lumo-agent__mode--on' : ''}`} onClick={() => agent.setMode(m)}>
                {t(`agent.mode.${m}`)}
              </button>
            ))}
          </div>
        </div>
        <p id={hintId} class="lumo-agent__hint">{t(mode === 'auto' ? 'agent.mode.autoHint' : 'agent.mode.consultHint')}</p>
        <div class="lumo-agent__ask">
          <textarea
            id={goalId}
            class="lumo-input lumo-agent__goal"
            rows={2}
            maxLength={2000}
            aria-describedby={hintId}
            placeholder={t('agent.placeholder')}
            value={agent.goal.value}
            onInput={(e) => agent.setGoal(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); void agent.ask(); }
            }}
          />
          <button type="button" class="lumo-button lumo-button--outline" disabled={agent.busy.value} onClick={() => void agent.ask()}>
            {t('agent.suggest')}
          </button>
        </div>
      </div>
      {agent.busy.value && <p class="lumo-agent__hint" role="status">{t('agent.thinking')}</p>}
      {agent.error.value && <p class="lumo-field__error" role="alert">{agent.error.value}</p>}
      {agent.notice.value && <p class="lumo-note lumo-note--info" role="status">{agent.notice.value}</p>}
      {reply && (reply.questions?.length
        ? <Questions agent={agent} reply={reply} />
        : <p class="lumo-agent__explanation lumo-agent__nothing">{reply.explanation}</p>)}
      <HeldList agent={agent} catalog={catalog} tags={tags} />
      {review && (
        // The dialog's own form submits Approve; its submit event must not reach the editor's
        // form around this box, which would save the segment.
        <div onSubmit={(e) => e.stopPropagation()}>
          <ReviewDialog review={review} catalog={catalog} tags={tags} openSegmentName={openSegmentName}
            onApprove={() => agent.approve()} onCancel={() => void agent.cancel()} />
        </div>
      )}
    </section>
  );
}
