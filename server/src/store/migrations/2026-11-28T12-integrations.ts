// Frozen: never edit a migration that has shipped; add a new one named by its date.
// Integrations (issue 5): each account's connected services with their encrypted credentials and
// sync state, the staging area of a sync in progress (so a crash resumes where it stopped), the
// vendors' property definitions for the catalog, and the LINE webhook events already applied.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;
  await db.schema.createTable('integrations')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    /** A new id at every connect: work started for an earlier connection stops. */
    .addColumn('connection_id', 'text', (c) => c.notNull())
    /** AES-256-GCM with LUMO_SECRET_KEY (server/src/integrations/secrets.ts); never returned. */
    .addColumn('credentials', 'text', (c) => c.notNull())
    /** JSON: link field, shop domain, chosen properties. No secret. */
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('connected_at', ts, (c) => c.notNull())
    .addColumn('last_sync_started_at', ts)
    .addColumn('last_sync_at', ts)
    /** JSON report of the last finished sync (records, linked, without LINE user id…). */
    .addColumn('counts', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', ts)
    /** JSON: the sync in progress (run id, phase, cursor, progress); null when none. */
    .addColumn('sync_state', 'text')
    /** The job running the sync, and until when it holds it. */
    .addColumn('sync_owner', 'text')
    .addColumn('sync_owner_until', ts)
    .addColumn('next_sync_at', ts)
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('integrations_pk', ['account_id', 'provider'])
    .execute();

  await db.schema.createTable('integration_staging')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('integration_staging_pk', ['account_id', 'provider', 'run_id', 'kind', 'key'])
    .execute();

  await db.schema.createTable('service_property_defs')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    /** JSON array of { value, label } for enumerations (HubSpot's lifecycle stages), or null. */
    .addColumn('options', 'text')
    .addPrimaryKeyConstraint('service_property_defs_pk', ['account_id', 'provider', 'key'])
    .execute();

  await db.schema.createTable('webhook_events')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('webhook_event_id', 'text', (c) => c.notNull())
    .addColumn('received_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('webhook_events_pk', ['account_id', 'webhook_event_id'])
    .execute();
  await db.schema.createIndex('webhook_events_received').on('webhook_events').columns(['account_id', 'received_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only.');
}
