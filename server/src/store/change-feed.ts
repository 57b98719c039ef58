/**
 * In-process notice that friends changed, so caches built from the store (the engine's columnar
 * index, saved-segment results) can refresh. Every friend write goes through
 * server/src/repositories/friends.ts, which calls `notifyFriendsChanged` after it commits.
 *
 * This is a hint, not the truth: a second server instance does not hear it, so listeners must be
 * able to rebuild from the store (DESIGN.md, "Scale"). A listener that throws is logged by its
 * owner's concern, never by the writer: a failing cache must not fail an import.
 */
export type ChangedFriends = string[] | 'all';
export type FriendsChangedListener = (accountId: string, lineUserIds: ChangedFriends) => void;

const listeners = new Set<FriendsChangedListener>();

/** Subscribes; returns the function that unsubscribes. */
export function onFriendsChanged(listener: FriendsChangedListener): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export function notifyFriendsChanged(accountId: string, lineUserIds: ChangedFriends): void {
  if (Array.isArray(lineUserIds) && lineUserIds.length === 0) return;
  for (const l of [...listeners]) {
    try {
      l(accountId, lineUserIds);
    } catch (e) {
      // The writer has committed; a broken listener only means a stale cache.
      console.error(`A friends-changed listener failed for ${accountId}:`, e);
    }
  }
}
