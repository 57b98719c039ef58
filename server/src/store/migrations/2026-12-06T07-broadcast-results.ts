// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Broadcast results (issue 16): the aggregation unit each multicast broadcast carries, the units
// used per channel and month, LINE's statistics per broadcast with every read kept (a chart), and
// the channel's shared budget of statistics calls (LINE allows 60 an hour).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;
  // One row per broadcast that went out (or was given up on): where LINE's numbers come from.
  await db.schema.createTable('broadcast_results')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('broadcast_id', 'text', (c) => c.notNull())
    /** 'multicast' (read by aggregation unit) or 'narrowcast' (read by request id). */
    .addColumn('method', 'text', (c) => c.notNull())
    /** The customAggregationUnits entry every multicast request of the broadcast carried; null: none. */
    .addColumn('unit', 'text')
    .addColumn('request_id', 'text')
    /** Month of the unit (yyyyMM, Japan time, as LINE counts), for the per-month count. */
    .addColumn('unit_month', 'text')
    .addColumn('sent_at', ts)
    .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
    /** LINE's numbers; null = LINE said null (fewer than 20) or not read yet. */
    .addColumn('unique_impressions', 'integer')
    .addColumn('unique_clicks', 'integer')
    /** JSON [{ url, clicks, uniqueClicks }]. */
    .addColumn('clicks', 'text', (c) => c.notNull().defaultTo('[]'))
    /** JSON { code, message }: why the results are empty or stopped (no unit, too few recipients, LINE's answer). */
    .addColumn('reason', 'text')
    .addColumn('next_read_at', ts)
    .addColumn('last_read_at', ts)
    .addColumn('reads', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('final', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('broadcast_results_pk', ['account_id', 'broadcast_id'])
    .execute();
  await db.schema.createIndex('broadcast_results_due').on('broadcast_results')
    .columns(['account_id', 'final', 'next_read_at']).execute();
  await db.schema.createIndex('broadcast_results_unit_month').on('broadcast_results')
    .columns(['account_id', 'unit_month']).execute();

  // Every read kept: opens and clicks over the days after sending.
  await db.schema.createTable('broadcast_result_reads')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('broadcast_id', 'text', (c) => c.notNull())
    .addColumn('read_at', ts, (c) => c.notNull())
    .addColumn('unique_impressions', 'integer')
    .addColumn('unique_clicks', 'integer')
    .addPrimaryKeyConstraint('broadcast_result_reads_pk', ['account_id', 'broadcast_id', 'read_at'])
    .execute();

  // The channel's statistics calls: 60 slots per account, each holding the time it was last
  // spent. A call takes a slot spent more than an hour ago (one conditional UPDATE), so at most 60
  // calls fall in any hour, across every instance.
  await db.schema.createTable('insight_call_slots')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('spent_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('insight_call_slots_pk', ['account_id', 'slot'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
