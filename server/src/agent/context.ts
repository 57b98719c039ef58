/**
 * The state of one planning turn: the goal's language and mode, the answers from the draft, and
 * what the detectors found, assumed, asked or could not use.
 */
import type { Condition } from '../../../lib/segment/schema';
import { isAnswer, type QuestionSpec } from './questions';
import type { Clause } from './text';
import type { AgentMode, Language, PlannerCatalog } from './types';

export interface ClauseResult {
  conditions: Condition[];
  /**
   * Fork points: each lists alternatives (each a few conditions that go together); a group takes
   * one alternative of each fork. "Not in Tokyo" is a fork: city is not Tokyo, or no city at all.
   */
  forks: Condition[][][];
}

/** Words of the goal read as an exception or a negation, where they stand in the normalized goal. */
export interface Negation { start: number; end: number; text: string }

export class PlanContext {
  readonly questions = new Map<string, QuestionSpec>();
  readonly assumptions = new Map<string, string>();
  readonly understood: string[] = [];
  readonly notUnderstood: string[] = [];
  /** Sentences for the explanation beyond the conditions (a tag that does not exist…). */
  readonly notes: string[] = [];
  /** The words read as an exception or a negation ("except VIP", 「購入していない」). */
  readonly negations: Negation[] = [];
  /** Negation words inside phrases that mean something positive ("added to cart but didn't buy"). */
  readonly idioms: Negation[] = [];

  constructor(
    readonly lang: Language,
    readonly mode: AgentMode,
    /** The account's local day number of "now". */
    readonly today: number,
    readonly catalog: PlannerCatalog,
    readonly answers: Record<string, string>,
    /** The goal as typed, for names written exactly as the account writes them. */
    readonly rawGoal = '',
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

  /** Records [start, end) of the clause as words read as an exception or a negation. */
  negated(clause: Clause, start: number, end: number): void {
    const text = clause.original(start, end);
    const at = clause.offset + start;
    if (text && !this.negations.some((n) => n.start === at)) this.negations.push({ start: at, end: clause.offset + end, text });
  }

  /** Records [start, end) of the clause as a phrase whose negation words were read, positively. */
  idiom(clause: Clause, start: number, end: number): void {
    this.idioms.push({ start: clause.offset + start, end: clause.offset + end, text: clause.original(start, end) });
  }

  miss(text: string): void {
    const t = text.trim();
    if (t && !this.notUnderstood.includes(t)) this.notUnderstood.push(t);
  }
}
