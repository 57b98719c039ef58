/**
 * A segment's History: its saved versions newest first, what each changed from the one before
 * (lib/segment/diff), the count each version gives today (a draft preview of its definition),
 * and restoring one as a new version — against the version the editor has, so a restore over
 * someone else's save is refused, reloaded and said.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Segment, SegmentVersion } from '@/lib/contract/api';
import { diffSegments, type SegmentChange } from '@/lib/segment/diff';
import type { PanelClient } from '../models/client';
import { describeError, errorKind } from '../models/errors';

export interface HistoryEntry {
  version: SegmentVersion;
  /** What changed from the version before; null for the first version kept. */
  changes: SegmentChange[] | null;
}

/** Versions (newest first) with the change each made from the one before it. Pure. */
export function historyEntries(versions: readonly SegmentVersion[]): HistoryEntry[] {
  return versions.map((v, i) => {
    const older = versions[i + 1];
    return { version: v, changes: older ? diffSegments(older, v) : null };
  });
}

export type Count = { state: 'loading' } | { state: 'ready'; count: number } | { state: 'failed' };
export type HistoryNotice = { kind: 'restored'; version: number; newVersion: number } | { kind: 'stale' } | { kind: 'failed'; reason: string };

/** How many versions get a count of their own (each is a draft preview on the sync API). */
export const COUNTED_VERSIONS = 20;

export interface HistoryModel {
  isOpen: ReadonlySignal<boolean>;
  status: ReadonlySignal<'loading' | 'ready' | 'failed'>;
  error: ReadonlySignal<string | null>;
  entries: ReadonlySignal<HistoryEntry[]>;
  /** The count each version gives today, by version number. */
  counts: ReadonlySignal<Record<number, Count>>;
  notice: ReadonlySignal<HistoryNotice | null>;
  /** The version being restored, while the request runs. */
  restoring: ReadonlySignal<number | null>;
  open(): Promise<void>;
  close(): void;
  restore(version: number): Promise<boolean>;
}

/** What History needs of the editor: the segment open in it, at which version, and a way to show another. */
export interface HistoryEditor {
  segmentId: ReadonlySignal<string | null>;
  version: ReadonlySignal<number>;
  open(segment: Segment): void;
}

export function createHistoryModel(client: PanelClient, accountId: string, editor: HistoryEditor): HistoryModel {
  const isOpen = signal(false);
  const status = signal<'loading' | 'ready' | 'failed'>('loading');
  const error = signal<string | null>(null);
  const versions = signal<SegmentVersion[]>([]);
  const counts = signal<Record<number, Count>>({});
  const notice = signal<HistoryNotice | null>(null);
  const restoring = signal<number | null>(null);
  let generation = 0;

  async function countAll(list: SegmentVersion[], gen: number) {
    // One at a time: a long history must not fire twenty counts at the sync API at once.
    for (const v of list.slice(0, COUNTED_VERSIONS)) {
      if (gen !== generation) return;
      counts.value = { ...counts.value, [v.version]: { state: 'loading' } };
      let c: Count;
      try {
        const p = await client.send('draftPreview', { accountId, definition: v.definition });
        c = p.count === null ? { state: 'failed' } : { state: 'ready', count: p.count };
      } catch {
        c = { state: 'failed' };
      }
      if (gen !== generation) return;
      counts.value = { ...counts.value, [v.version]: c };
    }
  }

  async function load() {
    const id = editor.segmentId.value;
    const gen = ++generation;
    batch(() => { status.value = 'loading'; error.value = null; counts.value = {}; });
    if (id === null) return;
    try {
      const list = await client.send('listSegmentVersions', { accountId, segmentId: id });
      if (gen !== generation) return;
      batch(() => { versions.value = list; status.value = 'ready'; });
      void countAll(list, gen);
    } catch (e) {
      if (gen !== generation) return;
      batch(() => { status.value = 'failed'; error.value = describeError(e, 'listSegmentVersions'); });
    }
  }

  return {
    isOpen,
    status,
    error,
    entries: computed(() => historyEntries(versions.value)),
    counts,
    notice,
    restoring,
    async open() {
      batch(() => { isOpen.value = true; notice.value = null; versions.value = []; });
      await load();
    },
    close() {
      generation++;
      isOpen.value = false;
    },
    async restore(version) {
      const id = editor.segmentId.value;
      if (id === null || restoring.value !== null) return false;
      restoring.value = version;
      try {
        const segment = await client.send('restoreSegment', { accountId, segmentId: id, ifMatch: editor.version.value, version });
        editor.open(segment);
        notice.value = { kind: 'restored', version, newVersion: segment.version };
        await load();
        return true;
      } catch (e) {
        if (errorKind(e) === 'conflict') {
          // Someone saved since: show their version and the history as it now is.
          try {
            const fresh = await client.send('getSegment', { accountId, segmentId: id, refresh: true });
            editor.open(fresh.data.segment);
          } catch { /* the history below still reloads */ }
          notice.value = { kind: 'stale' };
          await load();
        } else {
          notice.value = { kind: 'failed', reason: describeError(e, 'restoreSegment') };
        }
        return false;
      } finally {
        restoring.value = null;
      }
    },
  };
}
