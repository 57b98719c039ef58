/**
 * The extension's IndexedDB: the cache of what the sync API said (accounts, catalog, folders,
 * tags, segments, previews) and the outbox of changes not yet accepted. One database, so one
 * versioned schema and one upgrade path: a browser that skipped versions runs every step
 * between its version and this one, in order. Steps are frozen once shipped; add a new one.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Account, Catalog, Folder, Preview, Segment, Tag } from '../contract/api';
import type { ErrorInfo, OutboxKind } from '../messages/protocol';

export const DB_NAME = 'lumo-segments';

export interface OutboxRecord {
  /** Sortable: time then randomness, so the outbox drains in the order changes were made. */
  id: string;
  accountId: string;
  kind: OutboxKind;
  targetId: string;
  label: string;
  /** The user's version of the change: the request body (create, update) or null (delete). */
  body: Record<string, unknown> | null;
  /** The version the user edited, sent as If-Match (segment update and delete). */
  baseVersion: number | null;
  state: 'pending' | 'sending' | 'refused';
  attempts: number;
  createdAt: string;
  /** Epoch ms of the next attempt; null when refused (waits for the user). */
  nextAttemptAt: number | null;
  lastError: ErrorInfo | null;
}

export interface LumoDB extends DBSchema {
  accounts: { key: string; value: Account };
  catalogs: { key: string; value: { accountId: string; catalog: Catalog } };
  folders: { key: [string, string]; value: { accountId: string; id: string; folder: Folder }; indexes: { byAccount: string } };
  tags: { key: [string, string]; value: { accountId: string; id: string; tag: Tag }; indexes: { byAccount: string } };
  segments: { key: [string, string]; value: { accountId: string; id: string; segment: Segment }; indexes: { byAccount: string } };
  previews: { key: [string, string]; value: { accountId: string; segmentId: string; preview: Preview; fetchedAt: string }; indexes: { byAccount: string } };
  /** When each collection last came from the API: "accounts", "segments:@a", "catalog:@a"… */
  meta: { key: string; value: { key: string; fetchedAt: string } };
  outbox: { key: string; value: OutboxRecord; indexes: { byAccount: string } };
  /** `local-…` ids of things created offline → the ids the API gave them. */
  ids: { key: string; value: { localId: string; id: string; accountId: string } };
}

export type LumoDb = IDBPDatabase<LumoDB>;
type UpgradeTx = IDBPTransaction<LumoDB, ArrayLike<StoreNames<LumoDB>>, 'versionchange'>;

/** Step i upgrades a database from version i to i + 1. */
const STEPS: ((db: LumoDb, tx: UpgradeTx) => void)[] = [
  // 0 → 1 (2026-11-28): the first schema.
  (db) => {
    db.createObjectStore('accounts', { keyPath: 'id' });
    db.createObjectStore('catalogs', { keyPath: 'accountId' });
    for (const name of ['folders', 'tags', 'segments'] as const) {
      db.createObjectStore(name, { keyPath: ['accountId', 'id'] }).createIndex('byAccount', 'accountId');
    }
    db.createObjectStore('previews', { keyPath: ['accountId', 'segmentId'] }).createIndex('byAccount', 'accountId');
    db.createObjectStore('meta', { keyPath: 'key' });
    db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('byAccount', 'accountId');
    db.createObjectStore('ids', { keyPath: 'localId' });
  },
];
export const DB_VERSION = STEPS.length;

export function upgrade(db: LumoDb, oldVersion: number, newVersion: number, tx: UpgradeTx): void {
  for (let v = oldVersion; v < newVersion; v++) STEPS[v](db, tx);
}

export function openLumoDb(name = DB_NAME): Promise<LumoDb> {
  return openDB<LumoDB>(name, DB_VERSION, {
    upgrade: (db, oldVersion, newVersion, tx) => upgrade(db, oldVersion, newVersion ?? DB_VERSION, tx),
    // Another context (an old worker) holds the database open on an older version: let go.
    blocking: (_current, _next, event) => (event.target as IDBDatabase | null)?.close(),
  });
}
