/** The results tables (migration 2026-12-06T07-broadcast-results) as Kysely sees them. */
import type { Kysely } from 'kysely';
import type { Database } from '../../store/types';
import type { BroadcastTables } from '../tables';

export type BroadcastResultsTable = {
  account_id: string;
  broadcast_id: string;
  method: string; // 'multicast' | 'narrowcast'
  unit: string | null;
  request_id: string | null;
  unit_month: string | null;
  sent_at: number | null;
  sent: number;
  unique_impressions: number | null;
  unique_clicks: number | null;
  /** JSON ResultClick[]. */
  clicks: string;
  /** JSON ResultReason. */
  reason: string | null;
  next_read_at: number | null;
  last_read_at: number | null;
  reads: number;
  final: number;
  created_at: number;
  updated_at: number;
};

export type BroadcastResultReadsTable = {
  account_id: string;
  broadcast_id: string;
  read_at: number;
  unique_impressions: number | null;
  unique_clicks: number | null;
};

export type InsightCallSlotsTable = { account_id: string; slot: number; spent_at: number };

/** Migration 2026-12-06T12-aggregation-unit-months: units taken per account and month (yyyyMM, Japan time). */
export type AggregationUnitMonthsTable = { account_id: string; month: string; used: number };

export type ResultsTables = BroadcastTables & {
  broadcast_results: BroadcastResultsTable;
  broadcast_result_reads: BroadcastResultReadsTable;
  insight_call_slots: InsightCallSlotsTable;
  aggregation_unit_months: AggregationUnitMonthsTable;
};

export type ResultsDb = Kysely<Database & ResultsTables>;
export const withResultsTables = (db: Kysely<Database>): ResultsDb => db.withTables<ResultsTables>();
