// Frozen: never edit a migration that has shipped; add a new one named by its date.
// People (DESIGN.md, "People and roles"): members who sign in, their role per account, sessions,
// invites, failed sign-ins (throttling that survives a restart), script tokens with a role, and
// the activity log. Members, sessions and invites belong to a person, not to one account, so they
// are keyed by their own id; everything of one account (roles, tokens, activity) by account first.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;
  await db.schema.createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** Lower-cased: one member per address whatever its case. */
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    /** scrypt, "scrypt$N$r$p$salt$hash" (server/src/people/passwords.ts). */
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema.createTable('account_members')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('account_members_pk', ['account_id', 'member_id'])
    .execute();
  await db.schema.createIndex('account_members_member').on('account_members').columns(['member_id']).execute();

  await db.schema.createTable('sessions')
    /** SHA-256 of the session token: the token itself is never stored. */
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_member').on('sessions').columns(['member_id']).execute();

  await db.schema.createTable('invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    /** SHA-256 of the invite code. */
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text', (c) => c.notNull())
    /** JSON [{ id, role }]. */
    .addColumn('accounts', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    .execute();

  await db.schema.createTable('sign_in_failures')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sign_in_failures_email').on('sign_in_failures').columns(['email', 'at']).execute();

  // Script tokens get an id (to list and revoke them), a name, a role and when last used. Tokens
  // minted before roles existed could do everything on their account: they stay admin.
  await db.schema.alterTable('api_tokens').addColumn('id', 'text').execute();
  await db.schema.alterTable('api_tokens').addColumn('name', 'text', (c) => c.notNull().defaultTo('API token')).execute();
  await db.schema.alterTable('api_tokens').addColumn('role', 'text', (c) => c.notNull().defaultTo('admin')).execute();
  await db.schema.alterTable('api_tokens').addColumn('last_used_at', ts).execute();
  await sql`update api_tokens set id = 'tok_' || substr(token_hash, 1, 16) where id is null`.execute(db);
  await db.schema.createIndex('api_tokens_id').on('api_tokens').columns(['account_id', 'id']).unique().execute();

  await db.schema.createTable('activity')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    /** JSON object, or null. */
    .addColumn('details', 'text')
    .addPrimaryKeyConstraint('activity_pk', ['account_id', 'id'])
    .execute();
  await db.schema.createIndex('activity_newest').on('activity').columns(['account_id', 'at', 'id']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
