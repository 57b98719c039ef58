// Frozen: never edit a migration that has shipped; add a new one named by its date.
//
// The compact friend key (issue 17): every friend gets an integer id, numbered per account in the
// order friends arrive, and the tables that hang off friends are keyed by (account, friend id)
// instead of the 33-character LINE user id. A new friend's rows are appended at the end of each
// table's key order, and a row is a third of its old size: import writes far fewer B-tree pages.
// The LINE user id stays on `friends` (unique per account) and is what the API speaks.
//
// Existing data is converted: friends are numbered in LINE user id order, the child rows take
// their friend's number, and each account's next number is kept in `friend_id_counters`.
// SQLite stores the keyed tables WITHOUT ROWID: the primary key is then the table itself, one
// B-tree instead of a row B-tree and a key index beside it.
import { SqliteAdapter, sql, type Kysely, type CreateTableBuilder } from 'kysely';

const CHILD_TABLES = ['friend_tags', 'shopify_customers', 'shopify_customer_tags', 'service_records', 'service_list_members', 'service_properties'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const ts = 'bigint' as const;
  const keyed = <T extends string, C extends string>(t: CreateTableBuilder<T, C>) => (sqlite ? t.modifyEnd(sql`without rowid`) : t);

  for (const t of ['friends', ...CHILD_TABLES]) await sql`ALTER TABLE ${sql.table(t)} RENAME TO ${sql.table(`${t}_v1`)}`.execute(db);

  await keyed(db.schema.createTable('friends')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'bigint', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('picture_url', 'text')
    .addColumn('added_at', ts)
    .addColumn('blocked_at', ts)
    .addColumn('last_event_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('friends_by_id', ['account_id', 'id'])).execute();
  await keyed(db.schema.createTable('friend_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('friend_id', 'bigint', (c) => c.notNull())
    .addColumn('tag_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('friend_tags_by_friend', ['account_id', 'friend_id', 'tag_id'])).execute();
  await keyed(db.schema.createTable('shopify_customers')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('friend_id', 'bigint', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('purchase_count', 'integer', (c) => c.notNull())
    .addColumn('last_purchase_at', ts)
    .addColumn('abandoned_cart', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('shopify_customers_by_friend', ['account_id', 'friend_id'])).execute();
  await keyed(db.schema.createTable('shopify_customer_tags')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('friend_id', 'bigint', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shopify_customer_tags_by_friend', ['account_id', 'friend_id', 'tag'])).execute();
  await keyed(db.schema.createTable('service_records')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('friend_id', 'bigint', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_records_by_friend', ['account_id', 'provider', 'friend_id'])).execute();
  await keyed(db.schema.createTable('service_list_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('friend_id', 'bigint', (c) => c.notNull())
    .addColumn('list_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_list_members_by_friend', ['account_id', 'provider', 'friend_id', 'list_id'])).execute();
  await keyed(db.schema.createTable('service_properties')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('friend_id', 'bigint', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('service_properties_by_friend', ['account_id', 'provider', 'friend_id', 'key'])).execute();
  await db.schema.createTable('friend_id_counters')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    /** The last id given to a friend of the account. */
    .addColumn('last_id', 'bigint', (c) => c.notNull())
    .execute();

  // Convert: friends numbered in LINE user id order, per account; child rows take the number.
  await sql`INSERT INTO friends (account_id, id, line_user_id, display_name, picture_url, added_at, blocked_at, last_event_at, updated_at)
    SELECT account_id, ROW_NUMBER() OVER (PARTITION BY account_id ORDER BY line_user_id), line_user_id, display_name, picture_url,
           added_at, blocked_at, last_event_at, updated_at
    FROM friends_v1 ORDER BY account_id, line_user_id`.execute(db);
  await sql`INSERT INTO friend_id_counters (account_id, last_id) SELECT account_id, max(id) FROM friends GROUP BY account_id`.execute(db);
  const child = async (table: string, cols: string[]) => {
    const list = sql.join(cols.map((c) => sql.ref(c)));
    const from = sql.join(cols.map((c) => sql.ref(`o.${c}`)));
    await sql`INSERT INTO ${sql.table(table)} (account_id, friend_id, ${list})
      SELECT o.account_id, f.id, ${from} FROM ${sql.table(`${table}_v1`)} o
      JOIN friends f ON f.account_id = o.account_id AND f.line_user_id = o.line_user_id
      ORDER BY o.account_id, f.id`.execute(db);
  };
  // The unique key on LINE user ids first: the conversion joins on it.
  await db.schema.createIndex('friends_line_user').unique().on('friends').columns(['account_id', 'line_user_id']).execute();
  await child('friend_tags', ['tag_id']);
  await child('shopify_customers', ['customer_id', 'purchase_count', 'last_purchase_at', 'abandoned_cart']);
  await child('shopify_customer_tags', ['tag']);
  await child('service_records', ['provider', 'record_id']);
  await child('service_list_members', ['provider', 'list_id']);
  await child('service_properties', ['provider', 'key', 'value']);
  for (const t of [...CHILD_TABLES, 'friends']) await db.schema.dropTable(`${t}_v1`).execute();

  await db.schema.createIndex('friends_added_at').on('friends').columns(['account_id', 'added_at']).execute();
  await db.schema.createIndex('friend_tags_by_tag').on('friend_tags').columns(['account_id', 'tag_id']).execute();
  await db.schema.createIndex('shopify_customer_tags_by_tag').on('shopify_customer_tags').columns(['account_id', 'tag']).execute();
  await db.schema.createIndex('service_list_members_by_list').on('service_list_members').columns(['account_id', 'provider', 'list_id']).execute();
  await db.schema.createIndex('service_properties_by_key').on('service_properties').columns(['account_id', 'provider', 'key']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
