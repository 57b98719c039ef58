/**
 * "Sync friends" from LINE: every follower id (GET /v2/bot/followers/ids, paged, 1,000 a page),
 * then the profile of each follower the webhook never told us about. They are added as friends
 * with `addedAt` unknown (null): LINE does not say when they followed, and we do not invent it.
 *
 * LINE lists followers only for verified and premium accounts; any other account gets a 403 and
 * the sync stops with a message saying so (new friends keep arriving through the webhook).
 */
import type { IntegrationCounts } from '../../../../lib/contract/api';
import { upsertFriends, type FriendWrite } from '../../repositories/friends';
import type { Syncer } from '../sync';
import { lineClients } from './client';
import { friendProfiles, readStaged, readStagedPage } from '../repository';
import { VendorError } from '../errors';
import { withRetry } from '../retry';

const FOLLOWERS_PAGE = 1000;
const PROFILES_PER_STEP = 200;
const PROFILE_CONCURRENCY = 16;

interface StagedProfile { displayName: string; pictureUrl: string | null }

export const NOT_VERIFIED_MESSAGE = 'LINE lists the friends of verified and premium LINE Official Accounts only, so "Sync friends" is not available for this account. '
  + 'New friends still arrive through the webhook (set the webhook URL in the LINE Developers console).';

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  }));
  return out;
}

export const lineSyncer: Syncer<'line'> = {
  provider: 'line',
  firstPhase: 'followers',

  async step(ctx, state) {
    const line = lineClients(ctx.credentials, ctx.deps.config.vendors);
    const retry = { signal: ctx.signal, sleep: ctx.sleep };

    if (state.phase === 'followers') {
      let page;
      try {
        page = await withRetry(() => line.call((c) => c.messaging.getFollowers((state.cursor as string | null) ?? undefined, FOLLOWERS_PAGE)), retry);
      } catch (e) {
        if (e instanceof VendorError && e.kind === 'forbidden') throw new VendorError('line', 'forbidden', NOT_VERIFIED_MESSAGE, e.status);
        throw e;
      }
      const rows = page.userIds.map((id) => ({ kind: 'follower', key: id, data: 1 }));
      return { rows, records: rows.length, next: page.next ? { phase: 'followers', cursor: page.next } : { phase: 'profiles', cursor: null } };
    }

    // profiles: the next followers in id order; fetch those we know no name for.
    const batch = await readStagedPage<number>(ctx.deps.store.db, ctx.accountId, 'line', state.runId, 'follower', (state.cursor as string | null) ?? null, PROFILES_PER_STEP);
    const known = await friendProfiles(ctx.deps.store.db, ctx.accountId, batch.map((b) => b.key));
    const wanted = batch.map((b) => b.key).filter((id) => !known.get(id)?.displayName);
    const profiles = await mapLimit(wanted, PROFILE_CONCURRENCY, async (id) => {
      try {
        const p = await withRetry(() => line.call((c) => c.messaging.getProfile(id)), retry);
        return { kind: 'profile', key: id, data: { displayName: p.displayName, pictureUrl: p.pictureUrl ?? null } satisfies StagedProfile };
      } catch (e) {
        // Blocked since the followers were listed: LINE no longer shows the profile.
        if (e instanceof VendorError && e.status === 404) return null;
        throw e;
      }
    });
    const last = batch[batch.length - 1]?.key;
    return {
      rows: profiles.filter((p): p is NonNullable<typeof p> => p !== null),
      records: wanted.length,
      next: batch.length === PROFILES_PER_STEP && last ? { phase: 'profiles', cursor: last } : null,
    };
  },

  async finish(ctx, state): Promise<IntegrationCounts> {
    const { db } = ctx.deps.store;
    const [followers, profiles] = await Promise.all([
      readStaged<number>(db, ctx.accountId, 'line', state.runId, 'follower'),
      readStaged<StagedProfile>(db, ctx.accountId, 'line', state.runId, 'profile'),
    ]);
    const profileOf = new Map(profiles.map((p) => [p.key, p.data]));
    const ids = followers.map((f) => f.key);
    const known = await friendProfiles(db, ctx.accountId, ids);
    const writes: FriendWrite[] = [];
    let added = 0;
    for (const id of ids) {
      const p = profileOf.get(id);
      const friend = known.get(id);
      if (!friend) {
        added++;
        // addedAt left unknown: LINE does not say when they followed.
        writes.push({ lineUserId: id, displayName: p?.displayName ?? '', pictureUrl: p?.pictureUrl ?? null });
      } else if (!friend.displayName && p) {
        writes.push({ lineUserId: id, displayName: p.displayName, pictureUrl: p.pictureUrl });
      }
    }
    for (let i = 0; i < writes.length; i += 1000) {
      await upsertFriends(ctx.deps.store, ctx.accountId, writes.slice(i, i + 1000), { now: ctx.deps.clock.now() });
    }
    return {
      records: ids.length, linked: ids.length, withoutLineUserId: 0, invalidLineUserId: 0, duplicateLineUserId: 0, notFriends: 0,
      friendsAdded: added,
    };
  },
};
