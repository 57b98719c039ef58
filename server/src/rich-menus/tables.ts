/**
 * The rich-menu tables (migration 2026-12-06T09-rich-menus) as Kysely sees them; kept beside the
 * feature, like the broadcast tables, so store/types.ts stays small.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';

export type RichMenusTable = {
  account_id: string;
  /** LINE's richMenuId. */
  id: string;
  name: string;
  chat_bar_text: string;
  selected: number;
  width: number;
  height: number;
  /** JSON array of LINE rich menu areas. */
  areas: string;
  alias_id: string | null;
  has_image: number;
  created_at: number;
};

export type AssignmentStatus = 'syncing' | 'in_sync' | 'broken' | 'stopping';
export type SegmentRichMenusTable = {
  account_id: string;
  segment_id: string;
  rich_menu_id: string;
  priority: number;
  status: string; // AssignmentStatus
  /** Segment members at the last sync, and how many of them a higher-priority segment took. */
  members: number;
  overridden: number;
  error: string | null;
  last_synced_at: number | null;
  created_at: number;
  updated_at: number;
};

export type LinkState = 'linked' | 'failed';
/** One row per friend Lumo linked (or tried to): the menu and the segment it was for. */
export type RichMenuLinksTable = {
  account_id: string;
  line_user_id: string;
  rich_menu_id: string;
  segment_id: string;
  state: string; // LinkState
  error: string | null;
  updated_at: number;
};

export type RichMenuTables = {
  rich_menus: RichMenusTable;
  segment_rich_menus: SegmentRichMenusTable;
  rich_menu_links: RichMenuLinksTable;
};
export type RichMenuDb = Kysely<Database & RichMenuTables>;
export const withRichMenuTables = (db: Kysely<Database>): RichMenuDb => db.withTables<RichMenuTables>();
