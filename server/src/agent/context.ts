/**
 * The state of one planning turn: the goal's language and mode, the answers from the draft, and
 * what the detectors found, assumed, asked or could not use.
 */
import type { Condition } from '../../../lib/segment/schema';
import { isAnswer, type QuestionSpec } from './questions';
import type { AgentMode, Language, PlannerCatalog } from './types';

export interface ClauseResult {
  conditions: Condition[];
  /** Fork points: each lists alternative conditions; a group takes one of each. */
  forks: Condition[][];
}

export class PlanContext {
  readonly questions = new Map<string, QuestionSpec>();
  readonly assumptions = new Map<string, string>();
  readonly understood: string[] = [];
  readonly notUnderstood: string[] = [];
  /** Sentences for the explanation beyond the conditions (a tag that does not exist…). */
  readonly notes: string[] = [];

  constructor(
    readonly lang: Language,
    readonly mode: AgentMode,
    /** The account's local day number of "now". */
    readonly today: number,
    readonly catalog: PlannerCatalog,
    readonly answers: Record<string, string>,
  ) {}

  /**
   * The answer to a vague point: the draft's answer when there is one; otherwise Auto mode takes
   * the fallback and says so, and Consult mode records the question (and carries on with the
   * fallback, so every question of the goal is asked in one turn).
   */
  choose(spec: QuestionSpec): string {
    const given = this.answers[spec.id];
    if (isAnswer(spec, given)) return given;
    if (this.mode === 'consult') this.questions.set(spec.id, spec);
    else this.assumptions.set(spec.id, spec.assumption(spec.fallback)[this.lang]);
    return spec.fallback;
  }

  say(en: string, ja: string): string {
    return this.lang === 'ja' ? ja : en;
  }

  understand(text: string): void {
    const t = text.trim();
    if (t && !this.understood.includes(t)) this.understood.push(t);
  }

  miss(text: string): void {
    const t = text.trim();
    if (t && !this.notUnderstood.includes(t)) this.notUnderstood.push(t);
  }
}
