/**
 * The optional language model behind the agent: any OpenAI-compatible chat-completions endpoint
 * (LUMO_AGENT_URL, LUMO_AGENT_MODEL, LUMO_AGENT_KEY). It is given the segment language and the
 * account's catalog and asked for JSON; its answer is trusted only after it passes the segment
 * schema and names nothing outside the catalog. Any failure is a `ModelFailure`, and the caller
 * falls back to the built-in planner.
 */
import { z } from 'zod';
import { LIMITS, PROPERTIES, valueInputFor } from '../../../lib/segment/catalog';
import { dateOfDayNumber, localDayNumber } from '../../../lib/segment/dates';
import { definitionSchema, toIssues, type Definition } from '../../../lib/segment/schema';
import type { AgentMode, AgentQuestion, Language, PlannerCatalog } from './types';

export interface ModelConfig {
  /** The endpoint's base URL (".../v1") or its full chat-completions URL. */
  url: string;
  model?: string;
  key?: string;
}

export interface ModelRequest {
  goal: string;
  mode: AgentMode;
  answers: Record<string, string>;
  catalog: PlannerCatalog;
  now: number;
  timeZone: string;
  language: Language;
}

export interface ModelAnswer {
  definition?: Definition;
  name?: string;
  explanation: string;
  questions?: AgentQuestion[];
}

export type FailureReason = 'unreachable' | 'timeout' | 'http' | 'not_json' | 'invalid';
export class ModelFailure extends Error {
  constructor(readonly reason: FailureReason, message: string) {
    super(message);
  }
}

export const DEFAULT_MODEL_TIMEOUT_MS = 15_000;

export function chatCompletionsUrl(url: string): string {
  const u = url.replace(/\/+$/, '');
  return /\/chat\/completions$/.test(u) ? u : `${u}/chat/completions`;
}

// ---- the prompt --------------------------------------------------------------------------------

function languageSpec(): string {
  const rows = PROPERTIES.map((p) => {
    const ops = p.operators.map((op) => `${op}${valueInputFor(p.kind, op) === 'none' ? '' : `:${valueInputFor(p.kind, op)}`}`).join(', ');
    return `- ${p.id}${p.needsKey ? ' (needs "key": the property name)' : ''}: ${ops}`;
  });
  return [
    'A segment definition is {"groups":[{"conditions":[{"property","operator","key"?,"value"?}]}]}.',
    'Conditions in a group are ANDed; groups are ORed. 1–20 groups, 1–20 conditions each. No other fields.',
    'Properties and their operators (after ":" the value: none = omit "value"; date = "YYYY-MM-DD";',
    'date_range = ["YYYY-MM-DD","YYYY-MM-DD"]; days = integer 0–36500; number = integer; number_range = [min,max];',
    'text = string; multi_select = non-empty array of ids from the catalog):',
    ...rows,
    'Semantics: comparisons are false when the friend has no value (not integrated, never purchased).',
    'shopify.days_since_last_purchase counts whole days from the last purchase to today in the account time zone.',
    'line.friend_added_at within_last_days N: became a friend at most N days ago. tag values are tag IDS, list values are list IDS.',
    'Exceptions ("except", "excluding", "but not", "without", 以外, を除く, 除外, ではない, ない, 未) leave friends OUT:',
    'use contains_none / is_not_integrated / neq (with an is_not_set group) for them, never the positive condition.',
    'A date exception ("except those who joined in the last 30 days") is two groups: line.friend_added_at',
    'not_within_last_days 30 OR line.friend_added_at is_not_set (friends whose join date is unknown stay in).',
    'The suggestion is checked: a goal with such words and no excluding condition is not used.',
  ].join('\n');
}

function catalogSpec(catalog: PlannerCatalog): string {
  return JSON.stringify({
    tags: catalog.tags,
    shopifyCustomerTags: catalog.shopifyTags,
    hubspotLists: catalog.hubspotLists,
    klaviyoLists: catalog.klaviyoLists,
    hubspotLifecycleStages: catalog.lifecycleStages,
    propertyKeys: catalog.propertyKeys.map((k) => ({ property: `${k.provider}.property`, key: k.key, label: k.label, values: k.values.slice(0, 50) })),
  });
}

export function buildMessages(req: ModelRequest): { role: 'system' | 'user'; content: string }[] {
  const today = dateOfDayNumber(localDayNumber(req.now, req.timeZone));
  const lang = req.language === 'ja' ? 'Japanese' : 'English';
  const system = [
    'You turn a LINE Official Account marketer\'s goal into a segment definition. Answer with ONE JSON object only:',
    '{"definition": <definition>, "name": <segment name, at most 100 characters>, "explanation": <plain sentences>}',
    req.mode === 'consult'
      ? 'Consult mode: when the goal is ambiguous (e.g. "recently": 7, 30 or 90 days?) and the answers below do not settle it, answer instead {"explanation": ..., "questions": [{"id": <stable id>, "text": ..., "choices": [{"label": ..., "value": ...}]}]} with no definition.'
      : 'Auto mode: always answer with a definition; pick sensible defaults (recently = 30 days) and say which in the explanation.',
    `Write the name, the explanation and any question in ${lang}. Use ONLY ids, tags, keys from the catalog; if the goal names something the catalog does not have, say so in the explanation instead of guessing.`,
    languageSpec(),
    `Today is ${today} in the account's time zone ${req.timeZone}.`,
    `The account's catalog: ${catalogSpec(req.catalog)}`,
  ].join('\n\n');
  const user = Object.keys(req.answers).length > 0
    ? `Goal: ${req.goal}\nAnswers to your earlier questions: ${JSON.stringify(req.answers)}`
    : `Goal: ${req.goal}`;
  return [{ role: 'system', content: system }, { role: 'user', content: user }];
}

// ---- the answer --------------------------------------------------------------------------------

const answerSchema = z.object({
  definition: z.unknown().optional(),
  name: z.string().trim().min(1).max(LIMITS.nameMax).optional(),
  explanation: z.string().trim().min(1).max(4000),
  questions: z.array(z.object({
    id: z.string().min(1).max(100),
    text: z.string().min(1).max(500),
    choices: z.array(z.object({ label: z.string().min(1).max(200), value: z.string().min(1).max(200) })).min(1).max(10),
  })).min(1).max(5).optional(),
});

/** Everything in the definition that the account's catalog does not have. */
export function catalogProblems(def: Definition, catalog: PlannerCatalog): string[] {
  const problems: string[] = [];
  const ids = {
    tag: new Set(catalog.tags.map((t) => t.id)),
    'shopify.customer_tag': new Set(catalog.shopifyTags),
    'hubspot.list': new Set(catalog.hubspotLists.map((l) => l.id)),
    'klaviyo.list': new Set(catalog.klaviyoLists.map((l) => l.id)),
  } as Record<string, Set<string>>;
  const keys = {
    'hubspot.property': new Set([...catalog.propertyKeys.filter((k) => k.provider === 'hubspot').map((k) => k.key), ...(catalog.lifecycleStages.length ? ['lifecyclestage'] : [])]),
    'klaviyo.property': new Set(catalog.propertyKeys.filter((k) => k.provider === 'klaviyo').map((k) => k.key)),
  } as Record<string, Set<string>>;
  def.groups.forEach((g, gi) => g.conditions.forEach((c, ci) => {
    const at = `groups.${gi}.conditions.${ci}`;
    const known = ids[c.property];
    if (known && Array.isArray(c.value)) {
      for (const v of c.value as string[]) if (!known.has(v)) problems.push(`${at}.value: "${v}" is not in the catalog of ${c.property}`);
    }
    const knownKeys = keys[c.property];
    if (knownKeys && (c.key === undefined || !knownKeys.has(c.key))) problems.push(`${at}.key: "${c.key}" is not a known ${c.property} key`);
  }));
  return problems;
}

/** The model's message content as a JSON object (tolerating a ```json fence around it). */
function parseContent(content: string): unknown {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(content);
  const text = (fenced ? fenced[1] : content).trim();
  try {
    return JSON.parse(text);
  } catch {
    throw new ModelFailure('not_json', 'The model did not answer with JSON.');
  }
}

/** Checks a model's answer against the schema, the catalog and the mode; throws ModelFailure('invalid'). */
export function checkAnswer(raw: unknown, req: Pick<ModelRequest, 'mode' | 'catalog'>): ModelAnswer {
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) throw new ModelFailure('invalid', `The model's answer has the wrong shape: ${JSON.stringify(toIssues(parsed.error).slice(0, 5))}`);
  const a = parsed.data;
  if (a.definition === undefined) {
    if (req.mode === 'consult' && a.questions) return { explanation: a.explanation, questions: a.questions };
    throw new ModelFailure('invalid', req.mode === 'auto' ? 'The model gave no definition in Auto mode.' : 'The model gave neither a definition nor questions.');
  }
  const def = definitionSchema.safeParse(a.definition);
  if (!def.success) throw new ModelFailure('invalid', `The model's definition is not valid: ${JSON.stringify(toIssues(def.error).slice(0, 5))}`);
  const problems = catalogProblems(def.data, req.catalog);
  if (problems.length > 0) throw new ModelFailure('invalid', `The model's definition names what the catalog does not have: ${problems.slice(0, 5).join('; ')}`);
  return { definition: def.data, name: a.name, explanation: a.explanation };
}

const completionSchema = z.object({
  choices: z.array(z.object({
    message: z.object({ content: z.union([z.string(), z.array(z.object({ text: z.string().optional() }).loose())]).nullable() }).loose(),
  }).loose()).min(1),
}).loose();

/** Asks the model; resolves with a checked answer or rejects with a ModelFailure. Never logs the key. */
export async function askModel(config: ModelConfig, req: ModelRequest, opts: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<ModelAnswer> {
  const doFetch = opts.fetch ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (config.key) headers.authorization = `Bearer ${config.key}`;
  const body = {
    ...(config.model ? { model: config.model } : {}),
    messages: buildMessages(req),
    temperature: 0,
    response_format: { type: 'json_object' },
  };
  let res: Response;
  try {
    res = await doFetch(chatCompletionsUrl(config.url), {
      method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS),
    });
  } catch (e) {
    const name = (e as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new ModelFailure('timeout', 'The model did not answer in time.');
    throw new ModelFailure('unreachable', `The model endpoint could not be reached: ${(e as Error)?.message ?? String(e)}`);
  }
  let json: unknown;
  try {
    if (!res.ok) throw new ModelFailure('http', `The model endpoint answered HTTP ${res.status}.`);
    json = await res.json();
  } catch (e) {
    if (e instanceof ModelFailure) throw e;
    const name = (e as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new ModelFailure('timeout', 'The model did not answer in time.');
    throw new ModelFailure('not_json', 'The model endpoint did not answer with JSON.');
  }
  const completion = completionSchema.safeParse(json);
  if (!completion.success) throw new ModelFailure('invalid', 'The model endpoint did not answer like a chat completion.');
  const content = completion.data.choices[0].message.content;
  const text = typeof content === 'string' ? content : (content ?? []).map((p) => p.text ?? '').join('');
  return checkAnswer(parseContent(text), req);
}
