/**
 * Freshness across server instances (DESIGN.md, "Scale": instances side by side, no state that a
 * second instance would need). The in-process change feed tells this instance's index about its
 * own writes; this log tells it about everyone else's. An instance appends one row per change it
 * hears of locally (which friends, or "all"); before answering from its index, an instance reads
 * the rows after the last one it applied — one primary-key range read, usually empty.
 *
 * Rows are numbered per account by max + 1 under the primary key, so two instances never take the
 * same number (the loser retries) and numbers have no holes; a hole therefore means rows were
 * pruned before this instance read them, and the index is rebuilt. Rows older than `retainMs` are
 * pruned now and then.
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Store } from '../../store/db';
import type { ChangedFriends } from '../../store/change-feed';

interface FriendChangesTable { account_id: string; seq: number; origin: string; ids: string | null; at: number }
type Db = Kysely<{ friend_changes: FriendChangesTable }>;

export interface ChangeLog {
  /** This instance's name in the log. */
  readonly origin: string;
  /** Appends a local change (called after the writer committed). */
  record(accountId: string, ids: ChangedFriends): Promise<void>;
  /** The newest row number of the account (0 when none): where a freshly built index starts. */
  head(accountId: string): Promise<number>;
  /** Other instances' changes after row `seq`, merged; and the row number now reached. */
  since(accountId: string, seq: number): Promise<{ seq: number; changes: ChangedFriends | null }>;
}

export interface ChangeLogOptions {
  origin?: string;
  /** Past this many ids a change is logged as "all" (the readers rebuild). Default 5,000. */
  maxIds?: number;
  /** Rows older than this are pruned. Default one hour. */
  retainMs?: number;
  now?: () => number;
}

export function createChangeLog(store: Store, opts: ChangeLogOptions = {}): ChangeLog {
  const db = store.db as unknown as Db;
  const origin = opts.origin ?? `instance-${randomBytes(6).toString('hex')}`;
  const maxIds = opts.maxIds ?? 5_000;
  const retainMs = opts.retainMs ?? 3_600_000;
  const now = opts.now ?? Date.now;
  let appended = 0;

  return {
    origin,

    async record(accountId, ids) {
      const payload = ids === 'all' || ids.length > maxIds ? null : JSON.stringify(ids);
      for (let attempt = 0; ; attempt++) {
        try {
          await sql`INSERT INTO friend_changes (account_id, seq, origin, ids, at)
            SELECT ${accountId}, COALESCE(MAX(seq), 0) + 1, ${origin}, ${payload}, ${now()}
            FROM friend_changes WHERE account_id = ${accountId}`.execute(db);
          break;
        } catch (err) {
          // Another instance took the same number first: take the next one.
          if (attempt >= 5) throw err;
        }
      }
      if (++appended % 100 === 0) {
        await db.deleteFrom('friend_changes').where('at', '<', now() - retainMs).execute();
      }
    },

    async head(accountId) {
      const r = await db.selectFrom('friend_changes').select((eb) => eb.fn.max('seq').as('seq'))
        .where('account_id', '=', accountId).executeTakeFirst();
      return Number(r?.seq ?? 0);
    },

    async since(accountId, seq) {
      const rows = await db.selectFrom('friend_changes').select(['seq', 'origin', 'ids'])
        .where('account_id', '=', accountId).where('seq', '>', seq).orderBy('seq').limit(1001).execute();
      if (rows.length === 0) return { seq, changes: null };
      const last = Number(rows[rows.length - 1].seq);
      // A hole (pruned rows) or a long backlog: rebuild rather than replay.
      if (Number(rows[0].seq) !== seq + 1 || rows.length > 1000) return { seq: last, changes: 'all' };
      const ids = new Set<string>();
      for (const r of rows) {
        if (r.origin === origin) continue; // our own writes came through the in-process feed
        if (r.ids === null) return { seq: last, changes: 'all' };
        for (const id of JSON.parse(r.ids) as string[]) ids.add(id);
      }
      return { seq: last, changes: ids.size > 0 ? [...ids] : null };
    },
  };
}
