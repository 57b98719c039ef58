/**
 * The agent box's state: the goal and the mode, the agent's questions and the answers given, the
 * suggestion under review in the approval dialog, and the suggestions on hold. Nothing reaches the
 * editor without Approve; Cancel keeps the suggestion on hold. The background is reached only
 * through the panel's client (lib/messages' `agentSuggest`).
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import { agentSuggestionSchema, type AgentSuggestion } from '@/lib/contract/api';
import { t } from '@/lib/i18n';
import type { Definition } from '@/lib/segment/schema';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';
import { addHeld, heldFrom, removeHeld, type HeldStore, type HeldSuggestion } from './held';

export type AgentMode = 'auto' | 'consult';

/** A suggestion with conditions, in the approval dialog. */
export interface Review {
  goal: string;
  name: string;
  definition: Definition;
  explanation: string;
  count: number | null;
  source: 'model' | 'planner';
}

export interface AgentModel {
  mode: ReadonlySignal<AgentMode>;
  goal: ReadonlySignal<string>;
  busy: ReadonlySignal<boolean>;
  /** What went wrong with the last request, in words the marketer can act on. */
  error: ReadonlySignal<string | null>;
  /** "Applied…" after an approval. */
  notice: ReadonlySignal<string | null>;
  /** The agent's answer while it asks questions or has nothing to suggest. */
  reply: ReadonlySignal<AgentSuggestion | null>;
  answers: ReadonlySignal<Record<string, string>>;
  /** Open questions that still need an answer. */
  unanswered: ReadonlySignal<number>;
  reviewing: ReadonlySignal<Review | null>;
  held: ReadonlySignal<HeldSuggestion[]>;
  setGoal(goal: string): void;
  setMode(mode: AgentMode): void;
  ask(): Promise<void>;
  /** Answers one question; when every question is answered, asks again with the answers. */
  answer(questionId: string, value: string): Promise<void>;
  approve(): void;
  cancel(): Promise<void>;
  approveHeld(id: string): Promise<void>;
  dismissHeld(id: string): Promise<void>;
  loadHeld(): Promise<void>;
}

export interface AgentModelOptions {
  client: PanelClient;
  accountId: string;
  store: HeldStore;
  /** Puts the conditions in the editor; false when it could not. */
  onApprove: (definition: Definition, name: string) => boolean;
  now?: () => Date;
}

export function createAgentModel({ client, accountId, store, onApprove, now = () => new Date() }: AgentModelOptions): AgentModel {
  const mode = signal<AgentMode>('auto');
  const goal = signal('');
  const busy = signal(false);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);
  const reply = signal<AgentSuggestion | null>(null);
  const answers = signal<Record<string, string>>({});
  const reviewing = signal<Review | null>(null);
  const held = signal<HeldSuggestion[]>([]);
  let loaded: Promise<void> | null = null;

  const unanswered = computed(() => (reply.value?.questions ?? []).filter((q) => !(q.id in answers.value)).length);

  const persist = async (list: HeldSuggestion[]) => {
    held.value = list;
    try {
      await store.save(list);
    } catch (e) {
      error.value = t('agent.held.saveFailed');
      console.error('[lumo-segments:agent] keeping held suggestions failed', e);
    }
  };

  async function ask() {
    const text = goal.value.trim();
    if (!text) { error.value = t('agent.goalRequired'); return; }
    batch(() => { busy.value = true; error.value = null; notice.value = null; });
    try {
      const raw = await client.send('agentSuggest', { accountId, goal: text, mode: mode.value, draft: { answers: answers.value } });
      const parsed = agentSuggestionSchema.safeParse(raw);
      if (!parsed.success) throw new Error(`The agent's answer does not fit the contract: ${parsed.error.message}`);
      const s = parsed.data;
      batch(() => {
        if (s.definition && !s.questions?.length) {
          reviewing.value = {
            goal: text, name: s.name?.trim() || text.slice(0, 100), definition: s.definition,
            explanation: s.explanation, count: s.count ?? null, source: s.source,
          };
          reply.value = null;
        } else {
          reply.value = s;
        }
      });
    } catch (e) {
      error.value = describeError(e, 'agentSuggest');
    } finally {
      busy.value = false;
    }
  }

  const loadHeld = () => (loaded ??= store.load().then((list) => { held.value = list; }, (e) => {
    console.error('[lumo-segments:agent] reading held suggestions failed', e);
  }));

  return {
    mode, goal, busy, error, notice, reply, answers, unanswered, reviewing, held,
    setGoal(value) {
      if (value === goal.value) return;
      batch(() => {
        goal.value = value;
        // Another goal is another conversation.
        answers.value = {};
        reply.value = null;
        error.value = null;
      });
    },
    setMode(value) {
      batch(() => { mode.value = value; reply.value = null; answers.value = {}; });
    },
    ask,
    async answer(questionId, value) {
      answers.value = { ...answers.value, [questionId]: value };
      if (unanswered.value === 0) await ask();
    },
    approve() {
      const r = reviewing.value;
      if (!r) return;
      const ok = onApprove(r.definition, r.name);
      batch(() => {
        reviewing.value = null;
        answers.value = {};
        reply.value = null;
        notice.value = ok ? t('agent.applied') : null;
        error.value = ok ? null : t('agent.notApplied');
      });
    },
    async cancel() {
      const r = reviewing.value;
      if (!r) return;
      reviewing.value = null;
      await loadHeld();
      await persist(addHeld(held.value, heldFrom(r, now())));
    },
    async approveHeld(id) {
      const item = held.value.find((h) => h.id === id);
      if (!item) return;
      const ok = onApprove(item.definition, item.name);
      batch(() => {
        notice.value = ok ? t('agent.applied') : null;
        error.value = ok ? null : t('agent.notApplied');
      });
      if (ok) await persist(removeHeld(held.value, id));
    },
    async dismissHeld(id) {
      await persist(removeHeld(held.value, id));
    },
    loadHeld,
  };
}
