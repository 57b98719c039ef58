/**
 * What the sync API last said, per account, in IndexedDB. Only API answers are written here;
 * changes the user made but the API has not accepted live in the outbox and are laid over this
 * on read (lib/outbox/overlay.ts), so a refresh from the API never loses them.
 */
import type { Account, Catalog, Folder, Preview, Segment, Tag } from '../contract/api';
import type { LumoDb, OutboxRecord } from './db';

export interface Entry<T> {
  data: T;
  /** When the data left the API (ISO instant). */
  fetchedAt: string;
}

const now = () => new Date().toISOString();

export type Cache = ReturnType<typeof createCache>;

export function createCache(db: LumoDb) {
  async function fetchedAt(key: string) {
    return (await db.get('meta', key))?.fetchedAt;
  }

  /** Replaces one account's collection (folders, tags or segments) in one transaction. */
  async function replace<S extends 'folders' | 'tags' | 'segments'>(
    store: S, accountId: string, rows: { id: string }[], wrap: (row: never) => unknown, at: string,
  ) {
    const tx = db.transaction([store, 'meta'], 'readwrite');
    const s = tx.objectStore(store);
    for (const key of await s.index('byAccount').getAllKeys(accountId as never)) await s.delete(key);
    for (const row of rows) await s.put({ accountId, id: row.id, ...(wrap(row as never) as object) } as never);
    await tx.objectStore('meta').put({ key: `${store}:${accountId}`, fetchedAt: at });
    await tx.done;
  }

  async function collection<S extends 'folders' | 'tags' | 'segments', T>(store: S, accountId: string, pick: (row: never) => T): Promise<Entry<T[]> | undefined> {
    const at = await fetchedAt(`${store}:${accountId}`);
    if (!at) return undefined;
    const rows = await db.getAllFromIndex(store, 'byAccount', accountId as never);
    return { data: rows.map((r) => pick(r as never)), fetchedAt: at };
  }

  return {
    db,

    async accounts(): Promise<Entry<Account[]> | undefined> {
      const at = await fetchedAt('accounts');
      return at ? { data: await db.getAll('accounts'), fetchedAt: at } : undefined;
    },
    /**
     * Forgets everything read from the API (sign-out): the next person at this browser sees none
     * of it. The outbox and its id map stay — unsent changes are the user's work, not a read.
     */
    async forgetReads() {
      const names = ['accounts', 'catalogs', 'folders', 'tags', 'segments', 'previews', 'meta'] as const;
      const tx = db.transaction(names, 'readwrite');
      await Promise.all(names.map((n) => tx.objectStore(n).clear()));
      await tx.done;
    },
    async setAccounts(accounts: Account[], at = now()) {
      const tx = db.transaction(['accounts', 'meta'], 'readwrite');
      await tx.objectStore('accounts').clear();
      for (const a of accounts) await tx.objectStore('accounts').put(a);
      await tx.objectStore('meta').put({ key: 'accounts', fetchedAt: at });
      await tx.done;
    },

    async catalog(accountId: string): Promise<Entry<Catalog> | undefined> {
      const [row, at] = await Promise.all([db.get('catalogs', accountId), fetchedAt(`catalog:${accountId}`)]);
      return row && at ? { data: row.catalog, fetchedAt: at } : undefined;
    },
    async setCatalog(accountId: string, catalog: Catalog, at = now()) {
      const tx = db.transaction(['catalogs', 'meta'], 'readwrite');
      await tx.objectStore('catalogs').put({ accountId, catalog });
      await tx.objectStore('meta').put({ key: `catalog:${accountId}`, fetchedAt: at });
      await tx.done;
    },

    folders: (accountId: string) => collection('folders', accountId, (r: { folder: Folder }) => r.folder),
    setFolders: (accountId: string, folders: Folder[], at = now()) => replace('folders', accountId, folders, (folder: Folder) => ({ folder }), at),

    tags: (accountId: string) => collection('tags', accountId, (r: { tag: Tag }) => r.tag),
    setTags: (accountId: string, tags: Tag[], at = now()) => replace('tags', accountId, tags, (tag: Tag) => ({ tag }), at),

    segments: (accountId: string) => collection('segments', accountId, (r: { segment: Segment }) => r.segment),
    setSegments: (accountId: string, segments: Segment[], at = now()) => replace('segments', accountId, segments, (segment: Segment) => ({ segment }), at),
    async segment(accountId: string, id: string): Promise<Segment | undefined> {
      return (await db.get('segments', [accountId, id]))?.segment;
    },
    putSegment: (accountId: string, segment: Segment) => db.put('segments', { accountId, id: segment.id, segment }).then(() => {}),

    async preview(accountId: string, segmentId: string): Promise<Entry<Preview> | undefined> {
      const row = await db.get('previews', [accountId, segmentId]);
      return row ? { data: row.preview, fetchedAt: row.fetchedAt } : undefined;
    },
    /**
     * One account's segments, folders or tags, its outbox entries and (segments) the previews, read
     * in one transaction: the outbox moves an accepted change into the cache in one transaction
     * too, so a view built from this never shows a change both accepted and still pending (a new
     * folder twice, under its local id and under the API's). `rows` is null when never fetched.
     */
    async withOutbox<S extends 'folders' | 'tags' | 'segments'>(store: S, accountId: string): Promise<{
      rows: (S extends 'folders' ? Folder : S extends 'tags' ? Tag : Segment)[] | null;
      entries: OutboxRecord[];
      previews: Map<string, Preview>;
    }> {
      const tx = db.transaction(['meta', store, 'outbox', 'previews'], 'readonly');
      const [meta, rows, entries, previews] = await Promise.all([
        tx.objectStore('meta').get(`${store}:${accountId}`),
        tx.objectStore(store).index('byAccount').getAll(accountId as never),
        tx.objectStore('outbox').index('byAccount').getAll(accountId),
        store === 'segments' ? tx.objectStore('previews').index('byAccount').getAll(accountId) : Promise.resolve([]),
      ]);
      await tx.done;
      const pick = (r: Record<string, unknown>) => (r.segment ?? r.folder ?? r.tag) as never;
      return {
        rows: meta ? (rows as Record<string, unknown>[]).map(pick) : null,
        entries,
        previews: new Map(previews.map((r) => [r.segmentId, r.preview])),
      };
    },

    setPreview: (accountId: string, segmentId: string, preview: Preview, at = now()) =>
      db.put('previews', { accountId, segmentId, preview, fetchedAt: at }).then(() => {}),
  };
}
