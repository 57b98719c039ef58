/**
 * The "Tags" view's state: every tag with its friend count, the search, create / rename / delete
 * (through the outbox, like folders), what a delete would break, and tags from a CSV file.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Tag, TagImportResult } from '@/lib/contract/api';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';

/** Tags whose name contains the query, ignoring ASCII case; all of them for an empty query. */
export function filterTags<T extends { name: string }>(tags: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase();
  return q ? tags.filter((x) => x.name.toLowerCase().includes(q)) : [...tags];
}

export interface TagsModel {
  tags: ReadonlySignal<Tag[]>;
  query: Signal<string>;
  visible: ReadonlySignal<Tag[]>;
  state: ReadonlySignal<'loading' | 'ready' | 'error'>;
  error: Signal<string | null>;
  importing: ReadonlySignal<boolean>;
  importResult: Signal<TagImportResult | null>;
  load(refresh?: boolean): Promise<void>;
  /** null when done; else the message to show next to the name field. */
  create(name: string): Promise<string | null>;
  rename(id: string, name: string): Promise<string | null>;
  remove(id: string): Promise<void>;
  usedBy(id: string): Promise<{ id: string; name: string }[]>;
  importCsv(text: string): Promise<void>;
}

export function createTagsModel(client: PanelClient, accountId: string): TagsModel {
  const tags = signal<Tag[]>([]);
  const query = signal('');
  const state = signal<'loading' | 'ready' | 'error'>('loading');
  const error = signal<string | null>(null);
  const importing = signal(false);
  const importResult = signal<TagImportResult | null>(null);
  const visible = computed(() => filterTags(tags.value, query.value));

  async function load(refresh = true) {
    try {
      const r = await client.send('listTags', { accountId, refresh });
      tags.value = r.data;
      state.value = 'ready';
    } catch (e) {
      error.value = describeError(e, 'tags: list');
      if (state.value === 'loading') state.value = 'error';
    }
  }

  async function change(f: () => Promise<{ outboxId: string; state: string; error: { message: string; issues?: { message: string }[] } | null }>): Promise<string | null> {
    try {
      const r = await f();
      if (r.state === 'refused') {
        // The refusal is said where the name is typed, and sending the same name again would be
        // refused again: the outbox need not keep it (its banner would call it a segment conflict).
        void client.send('outboxDiscard', { id: r.outboxId }).catch(() => {});
        return r.error?.issues?.[0]?.message ?? r.error?.message ?? 'Refused';
      }
      await load();
      return null;
    } catch (e) {
      return describeError(e, 'tags: change');
    }
  }

  return {
    tags, query, visible, state, error, importing, importResult, load,
    create: (name) => change(() => client.send('createTag', { accountId, name })),
    rename: (id, name) => change(() => client.send('renameTag', { accountId, tagId: id, name })),
    async remove(id) {
      const msg = await change(() => client.send('deleteTag', { accountId, tagId: id }));
      if (msg) error.value = msg;
    },
    async usedBy(id) {
      try {
        return (await client.send('getTag', { accountId, tagId: id })).usedBy;
      } catch {
        return [];
      }
    },
    async importCsv(text) {
      importing.value = true;
      error.value = null;
      importResult.value = null;
      try {
        importResult.value = await client.send('importTagsCsv', { accountId, csv: text });
        await load();
      } catch (e) {
        error.value = describeError(e, 'tags: import');
      } finally {
        importing.value = false;
      }
    },
  };
}
