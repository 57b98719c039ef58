/**
 * Builders for the broadcast tests: friends of a segment (some of them blocked), friends outside
 * it, the segment itself, and the fake LINE wired in as the account's LINE.
 */
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../../http/context';
import { ensureTags, setBlocked, upsertFriends } from '../../repositories/friends';
import { createLineGateway } from '../line-client';
import { configureBroadcasts, DEFAULT_DELIVERY, type BroadcastSettings } from '../settings';
import type { LineMessage } from '../../../../lib/contract/api';

/** A LINE user id ("U" + 32 hex) from a number and a salt, so tests can tell groups apart. */
export function userId(i: number, salt = 0): string {
  return `U${salt.toString(16).padStart(8, '0')}${i.toString(16).padStart(24, '0')}`;
}

export const TEXT: LineMessage[] = [{ type: 'text', text: 'Winter sale starts today 🎉' }];

export interface SegmentFixture {
  segmentId: string;
  segmentName: string;
  tagId: string;
  /** Unblocked members: exactly who must receive the broadcast. */
  members: string[];
  /** Members by tag who blocked the account: in no segment, never sent to. */
  blocked: string[];
  /** Unblocked friends outside the segment. */
  outsiders: string[];
}

/**
 * A segment "tag contains_any [Members]" over `members` tagged friends, `blocked` tagged friends
 * who blocked the account and `outsiders` untagged ones.
 */
export async function seedSegment(deps: AppDeps, accountId: string, counts: { members: number; blocked?: number; outsiders?: number }): Promise<SegmentFixture> {
  const now = deps.clock.now();
  const salt = parseInt(randomBytes(3).toString('hex'), 16);
  const tags = await ensureTags(deps.store.db, accountId, ['Members'], now);
  const tagId = tags.get('Members')!;
  const members = Array.from({ length: counts.members }, (_, i) => userId(i, salt));
  const blocked = Array.from({ length: counts.blocked ?? 0 }, (_, i) => userId(1_000_000 + i, salt));
  const outsiders = Array.from({ length: counts.outsiders ?? 0 }, (_, i) => userId(2_000_000 + i, salt));
  const rows = [
    ...members.map((id, i) => ({ lineUserId: id, displayName: `Member ${i}`, addedAt: now - i * 1000, tagIds: [tagId] })),
    ...blocked.map((id, i) => ({ lineUserId: id, displayName: `Blocked ${i}`, addedAt: now, blockedAt: now, tagIds: [tagId] })),
    ...outsiders.map((id, i) => ({ lineUserId: id, displayName: `Outsider ${i}`, addedAt: now, tagIds: [] })),
  ];
  for (let i = 0; i < rows.length; i += 1000) await upsertFriends(deps.store, accountId, rows.slice(i, i + 1000), { now });
  const segmentId = `seg_${randomBytes(6).toString('hex')}`;
  const segmentName = 'Winter buyers';
  await deps.store.db.insertInto('segments').values({
    account_id: accountId, id: segmentId, name: segmentName, folder_id: null,
    definition: JSON.stringify({ groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [tagId] }] }] }),
    version: 1, created_at: now, updated_at: now,
  }).execute();
  return { segmentId, segmentName, tagId, members, blocked, outsiders };
}

export async function addMember(deps: AppDeps, accountId: string, tagId: string, id: string): Promise<void> {
  await upsertFriends(deps.store, accountId, [{ lineUserId: id, displayName: 'Late joiner', addedAt: deps.clock.now(), tagIds: [tagId] }], { now: deps.clock.now() });
}

export async function block(deps: AppDeps, accountId: string, id: string): Promise<void> {
  await setBlocked(deps.store, accountId, id, deps.clock.now(), { now: deps.clock.now() });
}

const fakeLines = new WeakMap<AppDeps, Map<string, { url: string; channelAccessToken: string }>>();

/**
 * Makes the fake LINE this account's LINE (other accounts keep theirs: a job left over from one
 * test never reaches another test's fake), with instant waits; the waits asked for are kept in
 * `sleeps` so backoff can be asserted.
 */
export function useFakeLine(deps: AppDeps, accountId: string, line: { url: string; channelAccessToken: string } | null,
  over: Partial<BroadcastSettings> = {}): { sleeps: number[] } {
  const sleeps: number[] = [];
  let lines = fakeLines.get(deps);
  if (!lines) fakeLines.set(deps, (lines = new Map()));
  if (line) lines.set(accountId, line);
  const registry = lines;
  configureBroadcasts(deps, {
    ...DEFAULT_DELIVERY, // no setting of an earlier test carries over
    gateway: async (id) => {
      const l = registry.get(id);
      return l ? createLineGateway({ channelAccessToken: l.channelAccessToken, apiUrl: l.url, timeoutMs: 5_000 }) : null;
    },
    retryDelaysMs: [100, 200],
    pollDelaysMs: [100, 200, 300],
    sleep: async (ms) => { sleeps.push(ms); },
    ...over,
  });
  return { sleeps };
}

export const sorted = (ids: Iterable<string>) => [...ids].sort();
