/**
 * The popup's first paint, read straight from the background's cache: the account's segments with
 * their last counts and the outbox laid over them, exactly as the background's `listSegments`
 * builds them (entrypoints/background/views.ts), without waiting for the service worker.
 *
 * Read-only: the background stays the owner of the database (schema and writes), and the popup
 * still asks it for the list right after, through the protocol, and shows its answer. When
 * anything is missing (no settings, no account, the list never fetched, the database not created
 * yet) this answers null and the popup waits for the background as before.
 */
import { DB_NAME, DB_VERSION, type LumoDB } from '../../lib/cache/db';
import type { SegmentItem } from '../../lib/messages/protocol';
import { overlaySegments } from '../../lib/outbox/overlay';

type Row<S extends keyof LumoDB> = LumoDB[S]['value'];

export interface CachedList {
  accountId: string;
  items: SegmentItem[];
}

/** Opens the cache as it is, or answers null: a missing or older database is the background's to create. */
export function openCacheReadOnly(factory: IDBFactory = indexedDB, name = DB_NAME): Promise<IDBDatabase | null> {
  return new Promise((resolve) => {
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name, DB_VERSION);
    } catch {
      resolve(null);
      return;
    }
    // Aborting the upgrade fails the open and leaves no database behind (a new one is deleted).
    req.onupgradeneeded = () => req.transaction?.abort();
    req.onsuccess = () => {
      const db = req.result;
      // Never stand in the way of the background's next upgrade.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    req.onerror = (e) => { e.preventDefault(); resolve(null); };
    req.onblocked = () => resolve(null);
  });
}

const result = <T>(req: IDBRequest<T>) => new Promise<T>((resolve, reject) => {
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
});

/** The account's segment items as the cache and the outbox have them, or null if the list was never fetched. */
export async function readCachedSegments(db: IDBDatabase, accountId: string): Promise<SegmentItem[] | null> {
  const tx = db.transaction(['meta', 'segments', 'previews', 'outbox'], 'readonly');
  const [fetched, segments, previews, entries] = await Promise.all([
    result(tx.objectStore('meta').get(`segments:${accountId}`)) as Promise<Row<'meta'> | undefined>,
    result(tx.objectStore('segments').index('byAccount').getAll(accountId)) as Promise<Row<'segments'>[]>,
    result(tx.objectStore('previews').index('byAccount').getAll(accountId)) as Promise<Row<'previews'>[]>,
    result(tx.objectStore('outbox').index('byAccount').getAll(accountId)) as Promise<Row<'outbox'>[]>,
  ]);
  if (!fetched) return null;
  return overlaySegments(segments.map((r) => r.segment), entries, new Map(previews.map((r) => [r.segmentId, r.preview])));
}

export interface CachedListEnv {
  /** Whether the sync API is set up (URL and token), as far as storage tells without the token itself. */
  configured: () => Promise<boolean>;
  /** The account the popup opens on without asking the background: the tab's, else the one used last. */
  account: () => Promise<string | null | undefined>;
  open?: () => Promise<IDBDatabase | null>;
}

/** The first paint's list, or null when the popup has to wait for the background. Never throws. */
export async function readCachedList(env: CachedListEnv): Promise<CachedList | null> {
  try {
    // The database first: opening it is the slowest of the three.
    const [db, configured, accountId] = await Promise.all([(env.open ?? openCacheReadOnly)(), env.configured(), env.account()]);
    try {
      if (!configured || !accountId || !db) return null;
      const items = await readCachedSegments(db, accountId);
      return items ? { accountId, items } : null;
    } finally {
      db?.close();
    }
  } catch {
    return null;
  }
}
