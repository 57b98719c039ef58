// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Broadcasts (issue 6): the broadcast as recorded before anything is sent, the recipients snapshot
// taken at send time, and the LINE requests ("batches") with the retry key each keeps for life.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;
  await db.schema.createTable('broadcasts')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('segment_id', 'text', (c) => c.notNull())
    .addColumn('segment_name', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    /** Hash of the request body: the same key with another body is refused, never sent. */
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('messages', 'text', (c) => c.notNull())
    .addColumn('notification_disabled', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('method', 'text')
    .addColumn('recipient_count', 'integer')
    .addColumn('sent_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scheduled_at', ts)
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('started_at', ts)
    .addColumn('finished_at', ts)
    .addColumn('cancelled_at', ts)
    .addColumn('error', 'text')
    .addColumn('last_problem', 'text')
    .addColumn('audience_group_id', 'text')
    .addColumn('narrowcast_retry_key', 'text')
    .addColumn('narrowcast_request_id', 'text')
    .addColumn('narrowcast_first_attempt_at', ts)
    .addPrimaryKeyConstraint('broadcasts_pk', ['account_id', 'id'])
    .addUniqueConstraint('broadcasts_idempotency', ['account_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('broadcasts_segment').on('broadcasts').columns(['account_id', 'segment_id', 'created_at']).execute();

  await db.schema.createTable('broadcast_recipients')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('broadcast_id', 'text', (c) => c.notNull())
    .addColumn('line_user_id', 'text', (c) => c.notNull())
    .addColumn('batch_no', 'integer', (c) => c.notNull())
    // One row per friend: nobody is in a broadcast twice.
    .addPrimaryKeyConstraint('broadcast_recipients_pk', ['account_id', 'broadcast_id', 'line_user_id'])
    .execute();
  await db.schema.createIndex('broadcast_recipients_batch').on('broadcast_recipients')
    .columns(['account_id', 'broadcast_id', 'batch_no']).execute();

  await db.schema.createTable('broadcast_batches')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('broadcast_id', 'text', (c) => c.notNull())
    .addColumn('batch_no', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    /** X-Line-Retry-Key, persisted before the first attempt so every retry (even after a crash) reuses it. */
    .addColumn('retry_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // 'pending' | 'sending' | 'sent' | 'failed'
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_attempt_at', ts)
    .addColumn('done_at', ts)
    .addColumn('request_id', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('broadcast_batches_pk', ['account_id', 'broadcast_id', 'batch_no'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
