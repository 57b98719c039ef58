/**
 * The Activity tab: the account's activity log (GET …/activity through the background), newest
 * first, a page at a time ("Load more" follows the API's cursor).
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Activity as ActivityItem } from '@/lib/contract/people';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';

export const ACTIVITY_PAGE_SIZE = 30;

export interface ActivityModel {
  items: ReadonlySignal<ActivityItem[]>;
  status: ReadonlySignal<'idle' | 'loading' | 'ready' | 'failed'>;
  /** Why the last load failed, in words for the user. */
  error: ReadonlySignal<string | null>;
  hasMore: ReadonlySignal<boolean>;
  loadingMore: ReadonlySignal<boolean>;
  /** The first page again (on opening the tab, or "Try again"). */
  load(): Promise<void>;
  /** The next page, after the items shown. */
  loadMore(): Promise<void>;
}

export function createActivityModel(client: PanelClient, accountId: string, pageSize = ACTIVITY_PAGE_SIZE): ActivityModel {
  const items = signal<ActivityItem[]>([]);
  const status = signal<'idle' | 'loading' | 'ready' | 'failed'>('idle');
  const error = signal<string | null>(null);
  const cursor = signal<string | undefined>(undefined);
  const loadingMore = signal(false);
  let generation = 0;

  return {
    items,
    status,
    error,
    hasMore: computed(() => cursor.value !== undefined),
    loadingMore,
    async load() {
      const gen = ++generation;
      batch(() => { status.value = 'loading'; error.value = null; });
      try {
        const page = await client.send('listActivity', { accountId, limit: pageSize });
        if (gen !== generation) return;
        batch(() => { items.value = page.items; cursor.value = page.nextCursor; status.value = 'ready'; loadingMore.value = false; });
      } catch (e) {
        if (gen !== generation) return;
        batch(() => { status.value = 'failed'; error.value = describeError(e, 'listActivity'); });
      }
    },
    async loadMore() {
      const after = cursor.value;
      if (after === undefined || loadingMore.value) return;
      const gen = generation;
      loadingMore.value = true;
      try {
        const page = await client.send('listActivity', { accountId, limit: pageSize, cursor: after });
        if (gen !== generation) return;
        // An entry already shown (the log moved between pages) is not shown twice.
        const seen = new Set(items.value.map(key));
        batch(() => {
          items.value = [...items.value, ...page.items.filter((i) => !seen.has(key(i)))];
          cursor.value = page.nextCursor;
          error.value = null;
        });
      } catch (e) {
        if (gen === generation) error.value = describeError(e, 'listActivity');
      } finally {
        if (gen === generation) loadingMore.value = false;
      }
    },
  };
}

const key = (i: ActivityItem) => `${i.at}|${i.action}|${i.target.type}|${i.target.id}|${i.actor.type}|${i.actor.id}`;
