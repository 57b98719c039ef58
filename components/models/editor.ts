/**
 * The segment being edited: name, folder and definition, what changed since it was saved, what
 * is wrong with it (lib/segment's validation map), and saving it through the outbox. Every edit
 * is one of lib/segment's pure edits; a refused edit leaves the draft as it was and says why.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Segment } from '@/lib/contract/api';
import type { PushEvent, SegmentItem } from '@/lib/messages';
import type { Operator, PropertyId } from '@/lib/segment/catalog';
import * as edits from '@/lib/segment/edit';
import type { ConditionValue, Definition } from '@/lib/segment/schema';
import { draftValidationMap } from '@/lib/segment/validate';
import type { PanelClient } from './client';
import { conditionPath, sameDraft, todayIn, visibleIssues, type Draft } from './draft';
import { describeError, describeRefusal } from './errors';
import { translateIssue } from './issues';
import type { PreviewSource } from './preview';

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  /** Accepted by the sync API. */
  | { kind: 'saved' }
  /** Kept in the outbox; it is sent when the sync API can be reached. */
  | { kind: 'waiting' }
  /** Refused by the sync API (conflict, invalid…): the user's version is kept. */
  | { kind: 'refused'; reason: string }
  /** Not sent: the validation messages say what to fix. */
  | { kind: 'invalid' };

// The pure parts (comparing drafts, which messages show, paths, today) live in draft.ts.
export { conditionPath, sameDraft, todayIn, visibleIssues, type Draft } from './draft';

export interface EditorModel {
  isOpen: ReadonlySignal<boolean>;
  segmentId: ReadonlySignal<string | null>;
  /** The saved version the editor holds (0 for a new segment): what a change is made against. */
  version: ReadonlySignal<number>;
  name: ReadonlySignal<string>;
  folderId: ReadonlySignal<string | null>;
  definition: ReadonlySignal<Definition>;
  dirty: ReadonlySignal<boolean>;
  /** Every problem, keyed by field path ("name", "groups.0.conditions.1.value"). */
  issues: ReadonlySignal<Record<string, string>>;
  /** The problems to show in place now. */
  shownIssues: ReadonlySignal<Record<string, string>>;
  valid: ReadonlySignal<boolean>;
  saveState: ReadonlySignal<SaveState>;
  /** Why the last edit was refused (e.g. "A group can hold at most 20 conditions."). */
  editError: ReadonlySignal<string | null>;
  previewSource: PreviewSource;
  startNew(folderId?: string | null): void;
  open(segment: Segment): void;
  close(): void;
  setName(name: string): void;
  setFolder(folderId: string | null): void;
  addCondition(group: number): void;
  addGroup(): void;
  removeCondition(group: number, condition: number): void;
  setProperty(group: number, condition: number, property: PropertyId): void;
  setOperator(group: number, condition: number, operator: Operator): void;
  setKey(group: number, condition: number, key: string): void;
  setValue(group: number, condition: number, value: ConditionValue | undefined): void;
  /** Marks a field as visited, so its validation message may show. */
  touch(path: string): void;
  save(): Promise<boolean>;
  /** Back to the saved version. */
  revert(): void;
  apply(event: PushEvent): void;
}

export function createEditorModel(
  client: PanelClient,
  accountId: string,
  { onSaved, timeZone }: {
    onSaved?: (item: SegmentItem) => void;
    /** The account's IANA time zone (from the catalog), for date defaults. */
    timeZone?: ReadonlySignal<string | undefined>;
  } = {},
): EditorModel {
  const isOpen = signal(false);
  const segmentId = signal<string | null>(null);
  const version = signal(0);
  const clientId = signal<string | undefined>(undefined);
  const saved = signal<Draft>({ name: '', folderId: null, definition: edits.emptyDefinition() });
  const name = signal('');
  const folderId = signal<string | null>(null);
  const definition = signal<Definition>(saved.value.definition);
  const touched = signal<ReadonlySet<string>>(new Set());
  const attempted = signal(false);
  const saveState = signal<SaveState>({ kind: 'idle' });
  const editError = signal<string | null>(null);

  const draft = computed<Draft>(() => ({ name: name.value, folderId: folderId.value, definition: definition.value }));
  const dirty = computed(() => !sameDraft(draft.value, saved.value));
  const issues = computed(() => {
    const out: Record<string, string> = {};
    for (const [path, messages] of draftValidationMap({ name: name.value, definition: definition.value })) {
      out[path] = messages.map(translateIssue).join(' ');
    }
    return out;
  });
  const definitionValid = computed(() => Object.keys(issues.value).every((p) => p === 'name'));
  const shownIssues = computed(() => visibleIssues(issues.value, touched.value, attempted.value));

  const load = (next: Draft, id: string | null, v: number) => batch(() => {
    saved.value = next;
    name.value = next.name;
    folderId.value = next.folderId;
    definition.value = next.definition;
    segmentId.value = id;
    version.value = v;
    touched.value = new Set();
    attempted.value = false;
    saveState.value = { kind: 'idle' };
    editError.value = null;
    isOpen.value = true;
  });

  const edit = (result: edits.EditResult) => {
    if (result.ok) {
      batch(() => {
        definition.value = result.definition;
        editError.value = null;
        if (saveState.value.kind !== 'refused') saveState.value = { kind: 'idle' };
      });
    } else {
      editError.value = translateIssue(result.reason);
    }
  };
  const touch = (path: string) => {
    if (!touched.value.has(path)) touched.value = new Set([...touched.value, path]);
  };

  return {
    isOpen,
    segmentId,
    version,
    name,
    folderId,
    definition,
    dirty,
    issues,
    shownIssues,
    valid: computed(() => Object.keys(issues.value).length === 0),
    saveState,
    editError,
    previewSource: {
      segmentId,
      definition,
      isDraft: computed(() => segmentId.value === null || !sameDraft({ ...draft.value, name: '', folderId: null }, { ...saved.value, name: '', folderId: null })),
      valid: definitionValid,
    },
    startNew(folder = null) {
      clientId.value = `local-${crypto.randomUUID()}`;
      load({ name: '', folderId: folder, definition: edits.emptyDefinition() }, null, 0);
    },
    open(segment) {
      clientId.value = undefined;
      load({ name: segment.name, folderId: segment.folderId, definition: segment.definition }, segment.id, segment.version);
    },
    close() { isOpen.value = false; },
    setName(value) { name.value = value; touch('name'); },
    setFolder(value) { folderId.value = value; },
    addCondition: (g) => edit(edits.addCondition(definition.value, g)),
    addGroup: () => edit(edits.addGroup(definition.value)),
    removeCondition: (g, c) => edit(edits.removeCondition(definition.value, g, c)),
    setProperty: (g, c, property) => edit(edits.setProperty(definition.value, g, c, property, { today: todayIn(timeZone?.value) })),
    setOperator: (g, c, operator) => edit(edits.setOperator(definition.value, g, c, operator, { today: todayIn(timeZone?.value) })),
    setKey(g, c, key) {
      edit(edits.setKey(definition.value, g, c, key));
      touch(`${conditionPath(g, c)}.key`);
    },
    setValue(g, c, value) {
      edit(edits.setValue(definition.value, g, c, value));
      touch(`${conditionPath(g, c)}.value`);
    },
    touch,
    async save() {
      if (Object.keys(issues.value).length > 0) {
        batch(() => { attempted.value = true; saveState.value = { kind: 'invalid' }; });
        return false;
      }
      saveState.value = { kind: 'saving' };
      const id = segmentId.value;
      const current = draft.value;
      try {
        const result = id === null
          ? await client.send('createSegment', {
            accountId, name: current.name.trim(), folderId: current.folderId, definition: current.definition, clientId: clientId.value,
          })
          : await client.send('updateSegment', {
            accountId, segmentId: id, version: version.value,
            patch: { name: current.name.trim(), folderId: current.folderId, definition: current.definition },
          });
        if (result.state === 'refused') {
          saveState.value = { kind: 'refused', reason: result.error ? describeRefusal(result.error) : describeError(null, 'save') };
          return false;
        }
        const segment = result.data;
        batch(() => {
          if (segment) {
            saved.value = { name: segment.name, folderId: segment.folderId, definition: segment.definition };
            segmentId.value = segment.id;
            version.value = segment.version;
          } else {
            saved.value = current;
          }
          saveState.value = result.state === 'sent' ? { kind: 'saved' } : { kind: 'waiting' };
        });
        if (segment) onSaved?.({ segment, preview: null, sync: result.state === 'sent' ? 'synced' : 'pending' });
        return true;
      } catch (e) {
        saveState.value = { kind: 'refused', reason: describeError(e, 'saveSegment') };
        return false;
      }
    },
    revert() {
      batch(() => {
        name.value = saved.value.name;
        folderId.value = saved.value.folderId;
        definition.value = saved.value.definition;
        touched.value = new Set();
        attempted.value = false;
        saveState.value = { kind: 'idle' };
      });
    },
    apply(event) {
      if (event.type === 'segment.idAssigned' && event.accountId === accountId && segmentId.value === event.localId) {
        segmentId.value = event.id;
      }
    },
  };
}
