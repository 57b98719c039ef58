// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Segment index freshness across server instances (server/src/segments/index/change-log.ts): each
// instance appends which friends its writes changed; the others read what they have not seen
// before answering from their in-memory index. Rows are pruned after an hour.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('friend_changes')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    /** The server instance that wrote the friends. */
    .addColumn('origin', 'text', (c) => c.notNull())
    /** JSON array of line user ids, or null for "all of the account's friends". */
    .addColumn('ids', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('friend_changes_pk', ['account_id', 'seq'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
