// Frozen: never edit a migration that has shipped; add a new one named by its date.
import type { Kysely } from 'kysely';

/**
 * Rich menus for segments (DESIGN.md, "Rich menus"): the menus made through Lumo, which segment
 * shows which menu, and every link Lumo made — so "stop showing" unlinks exactly ours.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rich_menus')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('chat_bar_text', 'text', (c) => c.notNull())
    .addColumn('selected', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('areas', 'text', (c) => c.notNull())
    .addColumn('alias_id', 'text')
    .addColumn('has_image', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rich_menus_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createTable('segment_rich_menus')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('rich_menu_id', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('members', 'integer', (c) => c.notNull())
    .addColumn('overridden', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('last_synced_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('segment_rich_menus_pk', ['account_id', 'segment_id'])
    .execute();
  await db.schema.createTable('rich_menu_links')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('rich_menu_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('rich_menu_links_pk', ['account_id', 'line_user_id'])
    .execute();
  await db.schema.createIndex('rich_menu_links_by_segment').on('rich_menu_links').columns(['account_id', 'segment_id', 'state']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
