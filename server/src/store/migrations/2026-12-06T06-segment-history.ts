// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Segment history (issue 15): every saved version of a segment, and segments deleted in the last
// 30 days (moved aside whole, so no list, count, broadcast or popup sees them, and an undelete
// brings back the same id, folder, version and history).
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('segment_versions')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('folder_id', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'bigint', (c) => c.notNull())
    /** Who saved it: 'member' | 'token' | 'admin'; null for the version a segment had when history began. */
    .addColumn('saved_by_type', 'text')
    .addColumn('saved_by_id', 'text')
    .addColumn('saved_by_name', 'text')
    .addPrimaryKeyConstraint('segment_versions_pk', ['account_id', 'segment_id', 'version'])
    .execute();
  // Existing segments: their current version is the first entry (who saved it was never recorded).
  await db.insertInto('segment_versions')
    .columns(['account_id', 'segment_id', 'version', 'name', 'folder_id', 'definition', 'saved_at'])
    .expression(db.selectFrom('segments').select(['account_id', 'id', 'version', 'name', 'folder_id', 'definition', 'updated_at']))
    .execute();

  await db.schema.createTable('deleted_segments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('folder_id', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint', (c) => c.notNull())
    .addColumn('deleted_by_type', 'text', (c) => c.notNull())
    .addColumn('deleted_by_id', 'text', (c) => c.notNull())
    .addColumn('deleted_by_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('deleted_segments_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createIndex('deleted_segments_at').on('deleted_segments').columns(['account_id', 'deleted_at']).execute();
  void sql;
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
