/**
 * What the planner asks when a goal is vague, and what it assumes when it may not ask (Auto mode).
 * Each question has a stable id, so the answer sent back in the draft finds it again next turn.
 */
import type { AgentQuestion, Language } from './types';

export interface Bilingual { en: string; ja: string }

export interface QuestionSpec {
  id: string;
  text: Bilingual;
  choices: { label: Bilingual; value: string }[];
  /** Auto mode's pick. */
  fallback: string;
  /** Said in Auto mode when the fallback is used. */
  assumption: (value: string) => Bilingual;
  /** Answers besides the choices that are accepted (a custom number of days). */
  accepts?: (value: string) => boolean;
}

const days = (n: number): Bilingual => ({ en: `Last ${n} days`, ja: `過去${n}日間` });
const isDays = (v: string) => /^\d{1,5}$/.test(v) && Number(v) <= 36_500;
const isCount = (v: string) => /^\d{1,6}$/.test(v) && Number(v) >= 1;

export const PURCHASE_RECENCY: QuestionSpec = {
  id: 'purchase_recency',
  text: { en: 'How recent is "recently" for a purchase?', ja: '「最近購入した」とは、どのくらいの期間ですか？' },
  choices: [7, 30, 90].map((n) => ({ label: days(n), value: String(n) })),
  fallback: '30',
  accepts: isDays,
  assumption: (v) => ({
    en: `I read "recently" as the last ${v} days; change the number of days after approving if you meant another period.`,
    ja: `「最近」は過去${v}日間と解釈しました。別の期間にしたい場合は承認後に日数を変更してください。`,
  }),
};

export const FRIEND_RECENCY: QuestionSpec = {
  id: 'friend_recency',
  text: { en: 'How new is a "new" friend?', ja: '「新しい友だち」とは、いつ以降に友だち追加した人ですか？' },
  choices: [7, 30, 90].map((n) => ({ label: { en: `Added in the last ${n} days`, ja: `過去${n}日以内に追加` }, value: String(n) })),
  fallback: '30',
  accepts: isDays,
  assumption: (v) => ({
    en: `I read "new" / "recently added" as friends added in the last ${v} days.`,
    ja: `「新しい友だち」は過去${v}日以内に友だち追加した人と解釈しました。`,
  }),
};

export const FREQUENT_COUNT: QuestionSpec = {
  id: 'frequent_count',
  text: { en: 'How many purchases make a frequent buyer?', ja: '何回以上購入したお客様を対象にしますか？' },
  choices: [3, 5, 10].map((n) => ({ label: { en: `${n} or more purchases`, ja: `${n}回以上` }, value: String(n) })),
  fallback: '5',
  accepts: isCount,
  assumption: (v) => ({
    en: `I took frequent / loyal buyers to mean ${v} or more purchases.`,
    ja: `よく購入するお客様（優良顧客）は購入回数${v}回以上と解釈しました。`,
  }),
};

export const DORMANT_DAYS: QuestionSpec = {
  id: 'dormant_days',
  text: { en: 'How long without a purchase makes a customer dormant?', ja: '何日間購入がないお客様を休眠とみなしますか？' },
  choices: [90, 180, 365].map((n) => ({ label: { en: `No purchase for over ${n} days`, ja: `${n}日超購入なし` }, value: String(n) })),
  fallback: '90',
  accepts: isDays,
  assumption: (v) => ({
    en: `I took dormant / lapsed customers to be those who bought before but not in the last ${v} days.`,
    ja: `休眠顧客は、過去に購入があり直近${v}日間は購入がないお客様と解釈しました。`,
  }),
};

export const IGNORE_UNKNOWN = 'ignore';
export const UNKNOWN_PARTS = 'unknown_parts';

export function unknownPartsQuestion(parts: string[]): QuestionSpec {
  const quoted = { en: parts.map((p) => `"${p}"`).join(', '), ja: parts.map((p) => `「${p}」`).join('') };
  return {
    id: UNKNOWN_PARTS,
    text: {
      en: `I did not understand ${quoted.en}. Rephrase your goal, or continue without it?`,
      ja: `${quoted.ja}が理解できませんでした。言い換えて入力し直すか、この部分を除いて続けますか？`,
    },
    choices: [{ label: { en: 'Continue without it', ja: 'この部分を除いて続ける' }, value: IGNORE_UNKNOWN }],
    fallback: IGNORE_UNKNOWN,
    assumption: () => ({ en: '', ja: '' }),
  };
}

export function toQuestion(spec: QuestionSpec, lang: Language): AgentQuestion {
  return { id: spec.id, text: spec.text[lang], choices: spec.choices.map((c) => ({ label: c.label[lang], value: c.value })) };
}

/** Whether `value` answers the question. */
export function isAnswer(spec: QuestionSpec, value: string | undefined): value is string {
  if (value === undefined) return false;
  return spec.choices.some((c) => c.value === value) || (spec.accepts?.(value) ?? false);
}
