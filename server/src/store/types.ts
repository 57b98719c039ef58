/**
 * The store's tables as Kysely sees them. Every table is keyed by account first (DESIGN.md,
 * "Scale"), so the store can be sharded by account without a schema change. Instants are epoch
 * milliseconds (bigint in PostgreSQL, integer in SQLite); booleans are 0/1 integers on both, so
 * one compiled query runs unchanged on either engine.
 */
import type { Generated } from 'kysely';

export interface AccountsTable { id: string; name: string; timezone: string; created_at: number }
/** Script tokens: SHA-256 hashes only, each with the role it acts with on its one account. */
export interface ApiTokensTable {
  token_hash: string; account_id: string; created_at: number;
  id: string; name: string; role: string; last_used_at: number | null;
}

/** People (migration 2026-12-06T01-people, server/src/people). */
export interface MembersTable { id: string; email: string; name: string; password_hash: string; created_at: number }
export interface AccountMembersTable { account_id: string; member_id: string; role: string; created_at: number }
export interface SessionsTable { token_hash: string; id: string; member_id: string; created_at: number; expires_at: number }
export interface InvitesTable {
  id: string; code_hash: string; email: string;
  /** JSON [{ id, role }]. */
  accounts: string;
  created_at: number; expires_at: number; used_at: number | null;
}
export interface SignInFailuresTable { email: string; at: number }
/** Who changed what, written in the same transaction as the change (server/src/repositories/activity.ts). */
export interface ActivityTable {
  account_id: string; id: string; at: number;
  actor_type: string; actor_id: string; actor_name: string;
  action: string; target_type: string; target_id: string; target_name: string;
  /** JSON object, or null. */
  details: string | null;
}

export interface FriendsTable {
  account_id: string;
  /**
   * The compact friend key: numbered per account in the order friends arrive (never reused). The
   * tables that hang off a friend are keyed by (account_id, friend_id); the API speaks line_user_id.
   */
  id: number;
  line_user_id: string;
  display_name: string;
  picture_url: string | null;
  added_at: number | null;
  blocked_at: number | null;
  /** Timestamp of the latest LINE follow/unfollow event applied (webhook ordering). */
  last_event_at: number | null;
  updated_at: number;
}
export interface TagsTable { account_id: string; id: string; name: string; created_at: number }
export interface FriendTagsTable { account_id: string; friend_id: number; tag_id: string }
/** Each account's last friend id given (server/src/repositories/friends.ts allocates from it). */
export interface FriendIdCountersTable { account_id: string; last_id: number }

export interface ShopifyCustomersTable {
  account_id: string;
  friend_id: number;
  customer_id: string;
  purchase_count: number;
  last_purchase_at: number | null;
  abandoned_cart: number;
}
export interface ShopifyCustomerTagsTable { account_id: string; friend_id: number; tag: string }

/** A HubSpot contact or Klaviyo profile linked to a friend: its presence = "integrated". */
export interface ServiceRecordsTable { account_id: string; provider: string; friend_id: number; record_id: string }
export interface ServiceListMembersTable { account_id: string; provider: string; friend_id: number; list_id: string }
export interface ServicePropertiesTable { account_id: string; provider: string; friend_id: number; key: string; value: string }
/** Names of HubSpot / Klaviyo lists, for the catalog. */
export interface ServiceListsTable { account_id: string; provider: string; list_id: string; name: string }

export interface FoldersTable { account_id: string; id: string; name: string; created_at: number; updated_at: number }
export interface SegmentsTable {
  account_id: string;
  id: string;
  name: string;
  folder_id: string | null;
  /** JSON of the definition. */
  definition: string;
  version: number;
  created_at: number;
  updated_at: number;
}
export interface SegmentResultsTable {
  account_id: string;
  segment_id: string;
  /** The segment version this result is for; never shown as current for another version. */
  version: number;
  status: string; // 'calculating' | 'ready' | 'failed'
  count: number | null;
  /** JSON array of sample friends. */
  sample: string | null;
  error: string | null;
  as_of: number | null;
  computed_at: number | null;
  duration_ms: number | null;
}
/** Background work claimed through the database, so a restart resumes it and two instances never run the same job. */
export interface JobsTable {
  account_id: string;
  id: string;
  kind: string;
  /** JSON. */
  payload: string;
  status: string; // 'queued' | 'running' | 'done' | 'failed'
  run_at: number;
  locked_by: string | null;
  locked_until: number | null;
  attempts: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

/** The first answer to a create sent with an Idempotency-Key (server/src/http/idempotency.ts). */
export interface IdempotentRequestsTable {
  account_id: string;
  idempotency_key: string;
  /** "POST /v1/accounts/:a/segments": a key is bound to one route. */
  route: string;
  /** sha256 of the request body: the same key with another body is a mistake, not a retry. */
  body_hash: string;
  status: number;
  /** The JSON answered the first time. */
  response: string;
  created_at: number;
}

/** Every saved version of a segment (issue 15), written in the same transaction as the save. */
export interface SegmentVersionsTable {
  account_id: string;
  segment_id: string;
  version: number;
  name: string;
  folder_id: string | null;
  /** JSON definition. */
  definition: string;
  saved_at: number;
  /** 'member' | 'token' | 'admin'; null for the version a segment had when history began. */
  saved_by_type: string | null;
  saved_by_id: string | null;
  saved_by_name: string | null;
}

/** A deleted segment, kept whole for 30 days so it can be undeleted with its id, folder and versions. */
export interface DeletedSegmentsTable {
  account_id: string;
  id: string;
  name: string;
  folder_id: string | null;
  definition: string;
  version: number;
  created_at: number;
  updated_at: number;
  deleted_at: number;
  deleted_by_type: string;
  deleted_by_id: string;
  deleted_by_name: string;
}

export interface Database {
  accounts: AccountsTable;
  api_tokens: ApiTokensTable;
  friends: FriendsTable;
  tags: TagsTable;
  friend_tags: FriendTagsTable;
  friend_id_counters: FriendIdCountersTable;
  shopify_customers: ShopifyCustomersTable;
  shopify_customer_tags: ShopifyCustomerTagsTable;
  service_records: ServiceRecordsTable;
  service_list_members: ServiceListMembersTable;
  service_properties: ServicePropertiesTable;
  service_lists: ServiceListsTable;
  folders: FoldersTable;
  segments: SegmentsTable;
  segment_results: SegmentResultsTable;
  segment_versions: SegmentVersionsTable;
  deleted_segments: DeletedSegmentsTable;
  jobs: JobsTable;
  idempotent_requests: IdempotentRequestsTable;
  members: MembersTable;
  account_members: AccountMembersTable;
  sessions: SessionsTable;
  invites: InvitesTable;
  sign_in_failures: SignInFailuresTable;
  activity: ActivityTable;
}
export type { Generated };
