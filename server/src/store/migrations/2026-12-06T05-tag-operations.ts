// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Tags at scale (DESIGN.md): a bulk tag operation ("Tag everyone" on a segment, its undo) and the
// friends it applies to. The member list is a snapshot taken once by the job, so batches resume
// exactly where a crashed run stopped, and `state` remembers which friends the operation changed,
// so an undo reverts exactly those. The same member table holds a segment export's snapshot
// (kind 'export'), read page by page in friend id order and removed when the export ends.
import { SqliteAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;
  await db.schema.createTable('tag_operations')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    /** 'add' | 'remove' */
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'text', (c) => c.notNull())
    .addColumn('tag_name', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text')
    .addColumn('segment_name', 'text')
    /** The operation this one undoes (its members are that one's changed friends). */
    .addColumn('undo_of', 'text')
    .addColumn('undone_by', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('request_hash', 'text')
    /** 'running' | 'done' | 'failed' */
    .addColumn('status', 'text', (c) => c.notNull())
    /** Members in the snapshot; null until the job has taken it. */
    .addColumn('total', 'integer')
    .addColumn('processed', 'integer', (c) => c.notNull())
    .addColumn('changed', 'integer', (c) => c.notNull())
    /** The last friend id applied (batches go in friend id order). */
    .addColumn('cursor', 'bigint')
    .addColumn('error', 'text')
    /** JSON { type, id, name } of who asked. */
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('finished_at', ts)
    .addPrimaryKeyConstraint('tag_operations_pk', ['account_id', 'id'])
    .addUniqueConstraint('tag_operations_key', ['account_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('tag_operations_segment').on('tag_operations').columns(['account_id', 'segment_id', 'status']).execute();

  // Keyed like the friend tables (2026-12-06T03-friend-keys): on SQLite the key is the table.
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const members = db.schema.createTable('operation_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('operation_id', 'text', (c) => c.notNull())
    .addColumn('friend_id', 'bigint', (c) => c.notNull())
    /** 0 untouched, 1 changed by the operation, 2 changed by it and then by hand (an undo leaves it). */
    .addColumn('state', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('operation_members_pk', ['account_id', 'operation_id', 'friend_id']);
  await (sqlite ? members.modifyEnd(sql`without rowid`) : members).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
