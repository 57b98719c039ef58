/**
 * The broadcast tables (migration 2026-11-28T10-broadcasts) as Kysely sees them. Kept here rather
 * than in store/types.ts so the shared file stays small; `withBroadcastTables` widens a store's
 * Kysely instance to include them.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';

export type BroadcastsTable = {
  account_id: string;
  id: string;
  segment_id: string;
  segment_name: string;
  idempotency_key: string;
  request_hash: string;
  /** JSON array of LINE message objects. */
  messages: string;
  notification_disabled: number;
  status: string; // BroadcastStatus
  /** JSON approval (migration 2026-12-06T10-broadcast-approval), null when sent without one. */
  approval: string | null;
  method: string | null; // 'multicast' | 'narrowcast'
  recipient_count: number | null;
  sent_count: number;
  failed_count: number;
  scheduled_at: number | null;
  created_by: string;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
  cancelled_at: number | null;
  /** JSON BroadcastProblem: why it failed. */
  error: string | null;
  /** JSON BroadcastProblem: the last problem met while sending (may have been retried away). */
  last_problem: string | null;
  audience_group_id: string | null;
  narrowcast_retry_key: string | null;
  narrowcast_request_id: string | null;
  narrowcast_first_attempt_at: number | null;
};

export type BroadcastRecipientsTable = {
  account_id: string;
  broadcast_id: string;
  line_user_id: string;
  batch_no: number;
};

export type BatchStatus = 'pending' | 'sending' | 'sent' | 'uploaded' | 'failed';
export type BroadcastBatchesTable = {
  account_id: string;
  broadcast_id: string;
  batch_no: number;
  size: number;
  retry_key: string;
  status: string; // BatchStatus
  attempts: number;
  first_attempt_at: number | null;
  done_at: number | null;
  request_id: string | null;
  error: string | null;
};

export type BroadcastTables = {
  broadcasts: BroadcastsTable;
  broadcast_recipients: BroadcastRecipientsTable;
  broadcast_batches: BroadcastBatchesTable;
};

export type BroadcastDb = Kysely<Database & BroadcastTables>;

export function withBroadcastTables(db: Kysely<Database>): BroadcastDb {
  return db.withTables<BroadcastTables>();
}
