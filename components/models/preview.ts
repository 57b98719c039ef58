/**
 * The preview beside the editor: the saved segment's count and sample (which may be
 * "calculating" and turns into the result by itself), or, while the user edits, a live count of
 * the draft (debounced), marked as unsaved; and when the count is 0, the diagnosis that points at
 * the condition emptying it.
 */
import { batch, computed, effect, signal, untracked, type ReadonlySignal } from '@preact/signals';
import type { Diagnosis, Preview } from '@/lib/contract/api';
import type { PushEvent } from '@/lib/messages';
import type { Definition } from '@/lib/segment/schema';
import type { PanelClient } from './client';
import { describeError } from './errors';

/** "g.c" of each condition that empties the segment: it matches nobody (alone, or where the
 * running count of its group drops to 0) and the segment would have friends without it. */
export function emptyingConditions(diagnosis: Diagnosis): Set<string> {
  const culprits = new Set<string>();
  diagnosis.groups.forEach((group, g) => {
    group.conditions.forEach((c, i) => {
      const before = i === 0 ? Number.POSITIVE_INFINITY : group.conditions[i - 1]!.running;
      const dropsToZero = c.running === 0 && before > 0;
      if (c.withoutIt > 0 && (c.alone === 0 || dropsToZero)) culprits.add(`${g}.${i}`);
    });
  });
  return culprits;
}

export interface PreviewSource {
  segmentId: ReadonlySignal<string | null>;
  definition: ReadonlySignal<Definition>;
  /** True while the definition is not (yet) the saved one: the preview is of a draft. */
  isDraft: ReadonlySignal<boolean>;
  /** Only a valid definition is sent for counting. */
  valid: ReadonlySignal<boolean>;
}

export interface ShownPreview {
  kind: 'saved' | 'draft';
  preview: Preview | null;
  loading: boolean;
  error: string | null;
}

export interface PreviewModel {
  shown: ReadonlySignal<ShownPreview>;
  diagnosis: ReadonlySignal<Diagnosis | null>;
  culprits: ReadonlySignal<Set<string>>;
  /** Asks the API for a fresh count of the saved segment. */
  recount(): Promise<void>;
  apply(event: PushEvent): void;
  dispose(): void;
}

export interface PreviewOptions {
  /** Quiet time after the last edit before the draft is counted. */
  draftDelayMs?: number;
  /** How often a "calculating" saved preview is asked for again, besides the push events. */
  pollMs?: number;
}

export function createPreviewModel(client: PanelClient, accountId: string, source: PreviewSource, options: PreviewOptions = {}): PreviewModel {
  const { draftDelayMs = 400, pollMs = 2500 } = options;
  const saved = signal<Preview | null>(null);
  const savedLoading = signal(false);
  const savedError = signal<string | null>(null);
  const draft = signal<Preview | null>(null);
  const draftLoading = signal(false);
  const draftError = signal<string | null>(null);
  const diagnosis = signal<Diagnosis | null>(null);
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let disposed = false;
  let draftSeq = 0;
  let savedSeq = 0;
  let diagnoseSeq = 0;

  const later = (fn: () => void, ms: number) => {
    const id = setTimeout(() => { timers.delete(id); if (!disposed) fn(); }, ms);
    timers.add(id);
    return id;
  };

  const loadSaved = async (segmentId: string, refresh = false) => {
    const seq = ++savedSeq;
    savedLoading.value = saved.peek() === null;
    try {
      const answer = await client.send('getPreview', { accountId, segmentId, ...(refresh ? { refresh } : {}) });
      if (seq !== savedSeq || disposed) return;
      batch(() => { saved.value = answer.data; savedError.value = null; });
    } catch (e) {
      if (seq === savedSeq) savedError.value = describeError(e, 'getPreview');
    } finally {
      if (seq === savedSeq) savedLoading.value = false;
    }
  };

  const disposers: (() => void)[] = [];

  // The saved segment's preview: loaded when the segment changes (and only then: the load reads
  // and writes `saved`, untracked), re-asked while calculating.
  disposers.push(effect(() => {
    const id = source.segmentId.value;
    untracked(() => {
      saved.value = null;
      savedError.value = null;
      if (id) void loadSaved(id);
    });
  }));
  disposers.push(effect(() => {
    const id = source.segmentId.value;
    if (!id || saved.value?.status !== 'calculating') return;
    const timer = later(() => void loadSaved(id, true), pollMs);
    return () => { clearTimeout(timer); timers.delete(timer); };
  }));

  // The draft: counted after a quiet moment; a newer edit makes an older answer moot.
  disposers.push(effect(() => {
    const definition = source.definition.value;
    if (!source.isDraft.value || !source.valid.value) {
      draftSeq++;
      draftLoading.value = false;
      return;
    }
    const seq = ++draftSeq;
    draftLoading.value = true;
    const timer = later(async () => {
      try {
        const answer = await client.send('draftPreview', { accountId, definition });
        if (seq !== draftSeq) return;
        batch(() => { draft.value = answer; draftError.value = null; });
      } catch (e) {
        if (seq === draftSeq) draftError.value = describeError(e, 'draftPreview');
      } finally {
        if (seq === draftSeq) draftLoading.value = false;
      }
    }, draftDelayMs);
    return () => { clearTimeout(timer); timers.delete(timer); };
  }));

  const shown = computed<ShownPreview>(() => (source.isDraft.value
    ? { kind: 'draft', preview: draft.value, loading: draftLoading.value, error: draftError.value }
    : { kind: 'saved', preview: saved.value, loading: savedLoading.value, error: savedError.value }));

  // A count of 0: ask which condition empties it (once per definition, not per re-render).
  const zeroCountOf = computed(() => {
    const { preview } = shown.value;
    const zero = preview?.status === 'ready' && preview.count === 0 && source.valid.value;
    return zero ? JSON.stringify(source.definition.value) : null;
  });
  disposers.push(effect(() => {
    const key = zeroCountOf.value;
    const seq = ++diagnoseSeq;
    diagnosis.value = null;
    if (key === null) return;
    const definition = JSON.parse(key) as Definition;
    untracked(() => client.send('diagnose', { accountId, definition })).then(
      (d) => { if (seq === diagnoseSeq && !disposed) diagnosis.value = d; },
      (e) => { if (seq === diagnoseSeq) describeError(e, 'diagnose'); },
    );
  }));

  return {
    shown,
    diagnosis,
    culprits: computed(() => (diagnosis.value ? emptyingConditions(diagnosis.value) : new Set<string>())),
    async recount() {
      const id = source.segmentId.value;
      if (id) await loadSaved(id, true);
    },
    apply(event) {
      if (event.type === 'fresh.preview' && event.accountId === accountId && event.segmentId === source.segmentId.value) {
        saved.value = event.data;
      }
    },
    dispose() {
      disposed = true;
      for (const d of disposers) d();
      for (const id of timers) clearTimeout(id);
      timers.clear();
    },
  };
}
