/**
 * The "Friends" view's state: the search (name or LINE user id), newest first, paged; an optional
 * tag filter (a tag opened from the Tags view); the open friend's card and its tag edits.
 */
import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { Friend, Tag } from '@/lib/contract/api';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';

export const FRIENDS_PAGE = 30;

/** A friend's tag ids after adding or removing one, keeping the others in place. */
export function withTag(tagIds: readonly string[], tagId: string, on: boolean): string[] {
  const rest = tagIds.filter((id) => id !== tagId);
  return on ? [...rest, tagId] : rest;
}

export interface FriendCardState { friend: Friend; segments: { id: string; name: string }[] }

export interface FriendsModel {
  query: Signal<string>;
  tag: ReadonlySignal<{ id: string; name: string } | null>;
  friends: ReadonlySignal<Friend[]>;
  hasMore: ReadonlySignal<boolean>;
  state: ReadonlySignal<'loading' | 'ready' | 'error'>;
  error: Signal<string | null>;
  card: ReadonlySignal<FriendCardState | null>;
  allTags: ReadonlySignal<Tag[]>;
  search(): Promise<void>;
  more(): Promise<void>;
  showTag(tag: { id: string; name: string } | null): void;
  open(userId: string): Promise<void>;
  close(): void;
  setTag(tagId: string, on: boolean): Promise<void>;
}

export function createFriendsModel(client: PanelClient, accountId: string): FriendsModel {
  const query = signal('');
  const tag = signal<{ id: string; name: string } | null>(null);
  const friends = signal<Friend[]>([]);
  const cursor = signal<string | undefined>(undefined);
  const hasMore = signal(false);
  const state = signal<'loading' | 'ready' | 'error'>('loading');
  const error = signal<string | null>(null);
  const card = signal<FriendCardState | null>(null);
  const allTags = signal<Tag[]>([]);
  let asked = 0;

  async function page(reset: boolean) {
    const mine = ++asked;
    try {
      const r = await client.send('listFriends', {
        accountId, limit: FRIENDS_PAGE,
        ...(query.value.trim() ? { q: query.value.trim() } : {}),
        ...(tag.value ? { tagId: tag.value.id } : {}),
        ...(!reset && cursor.value ? { cursor: cursor.value } : {}),
      });
      if (mine !== asked) return; // a newer search answered first
      friends.value = reset ? r.items : [...friends.value, ...r.items];
      cursor.value = r.nextCursor;
      hasMore.value = !!r.nextCursor;
      state.value = 'ready';
      error.value = null;
    } catch (e) {
      error.value = describeError(e, 'friends: list');
      if (state.value === 'loading') state.value = 'error';
    }
  }

  async function loadTags() {
    try { allTags.value = (await client.send('listTags', { accountId })).data; } catch { /* the card shows its own tags */ }
  }

  return {
    query, tag, friends, hasMore, state, error, card, allTags,
    search: () => page(true),
    more: () => page(false),
    showTag(t) { tag.value = t; card.value = null; void page(true); },
    async open(userId) {
      try {
        card.value = await client.send('getFriend', { accountId, userId });
        void loadTags();
      } catch (e) {
        error.value = describeError(e, 'friends: card');
      }
    },
    close() { card.value = null; },
    async setTag(tagId, on) {
      const c = card.value;
      if (!c) return;
      try {
        const friend = await client.send('setFriendTags', { accountId, userId: c.friend.lineUserId, tagIds: withTag(c.friend.tags.map((x) => x.id), tagId, on) });
        card.value = await client.send('getFriend', { accountId, userId: friend.lineUserId });
        friends.value = friends.value.map((f) => (f.lineUserId === friend.lineUserId ? friend : f));
      } catch (e) {
        error.value = describeError(e, 'friends: tags');
      }
    },
  };
}
