// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Whether LINE reaches the webhook (issue 13): when a validly signed request last arrived for the
// account's LINE connection, so the Connections view can say "No events yet" or "Last event …".
// Written at most once a minute per account (server/src/integrations/line/webhook.ts).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('integrations').addColumn('last_event_at', 'bigint').execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
