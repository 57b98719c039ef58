/**
 * POST …/agent/suggest: the account's catalog, the configured model when there is one (checked,
 * and replaced by the built-in planner on any failure), and the suggestion's count from the
 * segment engine. Nothing is saved: a suggestion becomes a segment only when the marketer approves
 * it in the extension and saves it there.
 */
import type { z } from 'zod';
import type { AgentSuggestion, agentSuggestRequestSchema } from '../../../lib/contract/api';
import type { AppDeps } from '../http/context';
import { loadPlannerCatalog } from './catalog';
import { nameFor } from './describe';
import { askModel, ModelFailure } from './model';
import { checkSuggestion, plan } from './planner';

export interface SuggestOptions {
  /** The model's time limit (ms); default DEFAULT_MODEL_TIMEOUT_MS. */
  modelTimeoutMs?: number;
  fetch?: typeof fetch;
}

export async function suggestSegment(
  deps: AppDeps,
  account: { id: string; timezone: string },
  request: z.output<typeof agentSuggestRequestSchema>,
  opts: SuggestOptions = {},
): Promise<AgentSuggestion> {
  const catalog = await loadPlannerCatalog(deps, account);
  const now = deps.clock.now();
  const answers = request.draft?.answers ?? {};
  // The planner always runs: it is the fallback, and it knows the goal's language.
  const planned = plan({ goal: request.goal, mode: request.mode, draft: { answers }, catalog, now, timeZone: account.timezone });
  let suggestion: AgentSuggestion = {
    ...(planned.definition ? { definition: planned.definition, name: planned.name } : {}),
    explanation: planned.explanation,
    ...(planned.questions ? { questions: planned.questions } : {}),
    source: 'planner',
    language: planned.language,
    understood: planned.understood,
    notUnderstood: planned.notUnderstood,
    draft: { answers },
  };

  const model = deps.config.agent;
  if (model) {
    try {
      const answer = await askModel(model, {
        goal: request.goal, mode: request.mode, answers, catalog, now, timeZone: account.timezone, language: planned.language,
      }, { timeoutMs: opts.modelTimeoutMs, fetch: opts.fetch });
      suggestion = {
        ...(answer.definition ? { definition: answer.definition, name: answer.name ?? nameFor(answer.definition, planned.language, catalog) } : {}),
        explanation: answer.explanation,
        ...(answer.questions ? { questions: answer.questions } : {}),
        source: 'model',
        language: planned.language,
        understood: [],
        notUnderstood: [],
        draft: { answers },
      };
      // The model's suggestion passes the same safety check as the planner's: never silently
      // the opposite of the goal.
      const check = answer.definition ? checkSuggestion(request.goal, answer.definition, catalog, answers, planned.language) : null;
      if (check) {
        suggestion.explanation = `${suggestion.explanation} ${check.note}`;
        if (check.question) {
          delete suggestion.definition;
          delete suggestion.name;
          suggestion.questions = [...(suggestion.questions ?? []), check.question];
        }
      }
    } catch (e) {
      // The planner's suggestion stands. Never the key, never the goal in the log.
      const reason = e instanceof ModelFailure ? e.reason : 'error';
      deps.logger.warn('agent: the model failed; the built-in planner answered', {
        accountId: account.id, reason, detail: e instanceof Error ? e.message : String(e),
      });
    }
  }

  if (suggestion.definition) {
    try {
      const { count } = await deps.engine.count(account.id, suggestion.definition, { asOf: now, timeZone: account.timezone, sampleLimit: 0 });
      suggestion.count = count;
    } catch (e) {
      deps.logger.error('agent: counting the suggestion failed', { accountId: account.id, err: e });
      suggestion.count = null;
    }
  }
  return suggestion;
}
