// Frozen: never edit a migration that has shipped; add a new one named by its date.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;
  await db.schema.createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createTable('api_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_tokens_account').on('api_tokens').columns(['account_id']).execute();

  await db.schema.createTable('friends')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('picture_url', 'text')
    .addColumn('added_at', ts)
    .addColumn('blocked_at', ts)
    .addColumn('last_event_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('friends_pk', ['account_id', 'line_user_id'])
    .execute();
  await db.schema.createIndex('friends_added').on('friends').columns(['account_id', 'added_at']).execute();

  await db.schema.createTable('tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['account_id', 'id'])
    .addUniqueConstraint('tags_name', ['account_id', 'name'])
    .execute();
  await db.schema.createTable('friend_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('tag_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('friend_tags_pk', ['account_id', 'line_user_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('friend_tags_tag').on('friend_tags').columns(['account_id', 'tag_id']).execute();

  await db.schema.createTable('shopify_customers')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('purchase_count', 'integer', (c) => c.notNull())
    .addColumn('last_purchase_at', ts)
    .addColumn('abandoned_cart', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('shopify_customers_pk', ['account_id', 'line_user_id'])
    .execute();
  await db.schema.createTable('shopify_customer_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shopify_customer_tags_pk', ['account_id', 'line_user_id', 'tag'])
    .execute();
  await db.schema.createIndex('shopify_customer_tags_tag').on('shopify_customer_tags').columns(['account_id', 'tag']).execute();

  await db.schema.createTable('service_records')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_records_pk', ['account_id', 'provider', 'line_user_id'])
    .execute();
  await db.schema.createTable('service_list_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_list_members_pk', ['account_id', 'provider', 'line_user_id', 'list_id'])
    .execute();
  await db.schema.createIndex('service_list_members_list').on('service_list_members').columns(['account_id', 'provider', 'list_id']).execute();
  await db.schema.createTable('service_properties')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_properties_pk', ['account_id', 'provider', 'line_user_id', 'key'])
    .execute();
  await db.schema.createIndex('service_properties_key').on('service_properties').columns(['account_id', 'provider', 'key']).execute();
  await db.schema.createTable('service_lists')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_lists_pk', ['account_id', 'provider', 'list_id'])
    .execute();

  await db.schema.createTable('folders')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('folders_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createTable('segments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('folder_id', 'text')
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('segments_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createTable('segment_results')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('count', 'integer')
    .addColumn('sample', 'text')
    .addColumn('error', 'text')
    .addColumn('as_of', ts)
    .addColumn('computed_at', ts)
    .addColumn('duration_ms', 'integer')
    .addPrimaryKeyConstraint('segment_results_pk', ['account_id', 'segment_id'])
    .execute();
  await db.schema.createTable('jobs')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', ts, (c) => c.notNull())
    .addColumn('locked_by', 'text')
    .addColumn('locked_until', ts)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('jobs_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
  void sql;
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
