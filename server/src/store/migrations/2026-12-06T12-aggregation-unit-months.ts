// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Aggregation units used per account and month, as one counter row each, so that taking the
// month's last unit is one conditional UPDATE: two broadcasts sent at the same moment can no
// longer both count 999 and both take unit 1,000 (LINE would silently drop the 1,001st).
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('aggregation_unit_months')
    .addColumn('account_id', 'text', (c) => c.notNull())
    /** yyyyMM in Japan time, as LINE counts its months. */
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('aggregation_unit_months_pk', ['account_id', 'month'])
    .execute();
  // The units taken so far, counted from the results: the counter starts where they stand.
  await sql`INSERT INTO aggregation_unit_months (account_id, month, used)
    SELECT account_id, unit_month, COUNT(*) FROM broadcast_results
    WHERE unit IS NOT NULL AND unit_month IS NOT NULL GROUP BY account_id, unit_month`.execute(db);
}
