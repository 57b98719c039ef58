/**
 * The segment list: segments and folders of the account, search and folder filter, and the row
 * actions (move, duplicate, rename, delete, Create Broadcast). Changes go through the outbox in
 * the background; the list shows their optimistic result at once.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Folder } from '@/lib/contract/api';
import type { Mutation, PushEvent, SegmentItem } from '@/lib/messages';
import type { PanelClient } from './client';
import { describeError } from './errors';

/** 'all', 'unfiled' (no folder) or a folder id. */
export type FolderFilter = 'all' | 'unfiled' | (string & {});

/** Folds full-width/half-width and case, so "ＶＩＰ" finds "vip" and "ｶｲｲﾝ" finds "カイイン". */
export function searchKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/** The rows to show, newest change first. */
export function filterSegments(items: readonly SegmentItem[], query: string, folder: FolderFilter): SegmentItem[] {
  const q = searchKey(query);
  return items
    .filter(({ segment }) => folder === 'all'
      || (folder === 'unfiled' ? segment.folderId === null : segment.folderId === folder))
    .filter(({ segment }) => q === '' || searchKey(segment.name).includes(q))
    .sort((a, b) => b.segment.updatedAt.localeCompare(a.segment.updatedAt));
}

/** Number of segments in each folder (key null = no folder). */
export function countByFolder(items: readonly SegmentItem[]): Map<string | null, number> {
  const counts = new Map<string | null, number>();
  for (const { segment } of items) counts.set(segment.folderId, (counts.get(segment.folderId) ?? 0) + 1);
  return counts;
}

function upsert(items: readonly SegmentItem[], item: SegmentItem): SegmentItem[] {
  const i = items.findIndex((x) => x.segment.id === item.segment.id);
  return i < 0 ? [...items, item] : items.map((x, j) => (j === i ? item : x));
}

export interface Notice { tone: 'info' | 'error'; text: string }

export interface ListModel {
  items: ReadonlySignal<SegmentItem[]>;
  folders: ReadonlySignal<Folder[]>;
  query: Signal<string>;
  folder: Signal<FolderFilter>;
  visible: ReadonlySignal<SegmentItem[]>;
  /** When the list left the API; null while only this browser knows it. */
  fetchedAt: ReadonlySignal<string | null>;
  offline: ReadonlySignal<boolean>;
  notice: Signal<Notice | null>;
  setItems(items: SegmentItem[], fetchedAt?: string | null, offline?: boolean): void;
  setFolders(folders: Folder[]): void;
  createFolder(name: string): Promise<boolean>;
  move(item: SegmentItem, folderId: string | null): Promise<void>;
  duplicate(item: SegmentItem): Promise<void>;
  rename(item: SegmentItem, name: string): Promise<boolean>;
  remove(item: SegmentItem): Promise<void>;
  createBroadcast(item: SegmentItem): Promise<void>;
  /** Adopts a saved segment coming back from the editor. */
  adopt(item: SegmentItem): void;
  apply(event: PushEvent): void;
}

export function createListModel(client: PanelClient, accountId: string): ListModel {
  const items = signal<SegmentItem[]>([]);
  const folders = signal<Folder[]>([]);
  const query = signal('');
  const folder = signal<FolderFilter>('all');
  const fetchedAt = signal<string | null>(null);
  const offline = signal(false);
  const notice = signal<Notice | null>(null);
  const visible = computed(() => filterSegments(items.value, query.value, folder.value));

  const fail = (error: unknown, context: string) => {
    notice.value = { tone: 'error', text: describeError(error, context) };
  };
  /** Shows a change's optimistic or accepted result; a refusal is reported by the outbox banner. */
  const landed = (result: Mutation<SegmentItem['segment']>, sync: SegmentItem['sync'] = 'synced') => {
    if (!result.data) return;
    const old = items.value.find((x) => x.segment.id === result.data!.id);
    items.value = upsert(items.value, {
      segment: result.data,
      preview: old?.preview ?? null,
      sync: result.state === 'sent' ? sync : result.state,
    });
  };

  // A row without a count (a segment saved elsewhere, or never counted in this browser) asks for
  // one, a few at a time; a "calculating" answer is then polled by the background and pushed back
  // as fresh.preview. Without this such a row says "Calculating…" for ever.
  const asked = new Set<string>();
  const queue: string[] = [];
  let inFlight = 0;
  const pump = () => {
    while (inFlight < 4 && queue.length > 0) {
      const segmentId = queue.shift()!;
      inFlight++;
      client.send('getPreview', { accountId, segmentId }).then((answer) => {
        if (!answer.data) return;
        items.value = items.value.map((x) => (x.segment.id === segmentId && x.preview === null ? { ...x, preview: answer.data } : x));
      }, () => { asked.delete(segmentId); }).finally(() => { inFlight--; pump(); });
    }
  };
  const countMissing = () => {
    for (const x of items.value) {
      const id = x.segment.id;
      if (x.preview !== null || id.startsWith('local-') || asked.has(id)) continue;
      asked.add(id);
      queue.push(id);
    }
    pump();
  };

  return {
    items, folders, query, folder, visible, fetchedAt, offline, notice,
    setItems(next, at = null, off = false) {
      items.value = next;
      fetchedAt.value = at;
      offline.value = off;
      countMissing();
    },
    setFolders(next) { folders.value = next; },
    async createFolder(name) {
      try {
        const result = await client.send('createFolder', { accountId, name });
        const created = result.data;
        // The list may already show it under its local id (from the outbox) or the API's.
        if (created) folders.value = [...folders.value.filter((f) => f.id !== created.id && f.id !== result.localId), created];
        return result.state !== 'refused';
      } catch (e) {
        fail(e, 'createFolder');
        return false;
      }
    },
    async move(item, folderId) {
      try {
        landed(await client.send('moveSegment', {
          accountId, segmentId: item.segment.id, version: item.segment.version, folderId,
        }));
      } catch (e) { fail(e, 'moveSegment'); }
    },
    async duplicate(item) {
      try {
        landed(await client.send('duplicateSegment', { accountId, segmentId: item.segment.id }));
      } catch (e) { fail(e, 'duplicateSegment'); }
    },
    async rename(item, name) {
      try {
        const result = await client.send('updateSegment', {
          accountId, segmentId: item.segment.id, version: item.segment.version, patch: { name },
        });
        landed(result);
        return result.state !== 'refused';
      } catch (e) {
        fail(e, 'renameSegment');
        return false;
      }
    },
    async remove(item) {
      const before = items.value;
      items.value = before.filter((x) => x.segment.id !== item.segment.id);
      try {
        const result = await client.send('deleteSegment', { accountId, segmentId: item.segment.id, version: item.segment.version });
        if (result.state === 'refused') items.value = before; // kept; the outbox banner says why
      } catch (e) {
        items.value = before;
        fail(e, 'deleteSegment');
      }
    },
    async createBroadcast(item) {
      try {
        await client.send('openBroadcastWindow', { accountId, segmentId: item.segment.id });
      } catch (e) { fail(e, 'openBroadcastWindow'); }
    },
    adopt(item) { items.value = upsert(items.value, item); countMissing(); },
    apply(event) {
      if (!('accountId' in event) || event.accountId !== accountId) return;
      switch (event.type) {
        case 'fresh.segments':
          items.value = event.data;
          fetchedAt.value = new Date().toISOString();
          offline.value = false;
          countMissing();
          break;
        case 'fresh.segment':
          items.value = upsert(items.value, event.data);
          countMissing();
          break;
        case 'fresh.folders':
          folders.value = event.data;
          break;
        case 'fresh.preview':
          items.value = items.value.map((x) => (x.segment.id === event.segmentId ? { ...x, preview: event.data } : x));
          break;
        case 'segment.idAssigned':
          items.value = items.value.map((x) => (x.segment.id === event.localId
            ? { ...x, segment: { ...x.segment, id: event.id } } : x));
          break;
      }
    },
  };
}
