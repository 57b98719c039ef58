import type { AgentSuggestion } from '@/lib/contract/api';
import { t } from '@/lib/i18n';
import type { AgentModel } from './model';

/** Consult mode: the agent's questions, each answered with one of its choices. */
export function Questions({ agent, reply }: { agent: AgentModel; reply: AgentSuggestion }) {
  const questions = reply.questions ?? [];
  const answers = agent.answers.value;
  return (
    <div class="lumo-agent__questions">
      <div class="lumo-subtitle">{t('agent.questions')}</div>
      <p class="lumo-agent__explanation">{reply.explanation}</p>
      {questions.map((q) => (
        <div key={q.id} role="group" aria-label={q.text} class="lumo-agent__question">
          <p class="lumo-agent__question-text">{q.text}</p>
          <div class="lumo-agent__choices">
            {q.choices.map((c) => (
              <button
                key={c.value}
                type="button"
                class={`lumo-button lumo-button--small ${answers[q.id] === c.value ? 'lumo-button--primary' : 'lumo-button--outline'}`}
                aria-pressed={answers[q.id] === c.value}
                disabled={agent.busy.value}
                onClick={() => void agent.answer(q.id, c.value)}
              >
                {c.label}
              </button>
            ))}
          </div>
        </div>
      ))}
      {questions.length > 1 && <p class="lumo-agent__hint">{t('agent.questionsHint')}</p>}
    </div>
  );
}
