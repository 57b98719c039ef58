/**
 * The integration tables (migration 2026-11-28T12-integrations) as Kysely sees them, kept here
 * rather than in store/types.ts so the shared file stays small; `integrationDb` widens a store's
 * Kysely instance to include them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';

export interface IntegrationsTable {
  account_id: string;
  provider: string;
  connection_id: string;
  credentials: string;
  settings: string;
  status: string; // IntegrationStatus
  connected_at: number;
  last_sync_started_at: number | null;
  last_sync_at: number | null;
  counts: string | null;
  last_error: string | null;
  last_error_at: number | null;
  sync_state: string | null;
  sync_owner: string | null;
  sync_owner_until: number | null;
  next_sync_at: number | null;
  updated_at: number;
  /** LINE: when a validly signed webhook request last arrived (migration 2026-12-06T11). */
  last_event_at: number | null;
}
export interface IntegrationStagingTable { account_id: string; provider: string; run_id: string; kind: string; key: string; data: string }
export interface ServicePropertyDefsTable { account_id: string; provider: string; key: string; label: string; options: string | null }
export interface WebhookEventsTable { account_id: string; webhook_event_id: string; received_at: number }

export interface IntegrationTables {
  integrations: IntegrationsTable;
  integration_staging: IntegrationStagingTable;
  service_property_defs: ServicePropertyDefsTable;
  webhook_events: WebhookEventsTable;
}
export type IntegrationDb = Kysely<Database & IntegrationTables>;

export const integrationDb = (db: Kysely<Database> | Kysely<any>): IntegrationDb => db as unknown as IntegrationDb;
