// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Broadcast approval (DESIGN.md, "People and roles"): a broadcast created with requestApproval
// waits as "awaiting_approval"; who asked, who decided and why it was declined are kept with it.
// (Named T10, after every migration main had when it was written: Kysely refuses a migration that
// sorts before one a store has already run.)
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  /** JSON { status, requestedBy, decidedBy, decidedAt, reason }, or null for a broadcast sent without approval. */
  await db.schema.alterTable('broadcasts').addColumn('approval', 'text').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
