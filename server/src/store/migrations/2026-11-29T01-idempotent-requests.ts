// Frozen: never edit a migration that has shipped; add a new one named by its date.
import type { Kysely } from 'kysely';

/** Answers to creates sent with an Idempotency-Key, so a retried create never makes a second one. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('idempotent_requests')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotent_requests_pk', ['account_id', 'idempotency_key'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
