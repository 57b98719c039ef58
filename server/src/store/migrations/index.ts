/**
 * Every migration, in order. Names are dates (frozen in time, never edited once shipped);
 * add a new file and one line here.
 */
import type { Migration } from 'kysely';
import * as initial from './2026-11-28T00-initial';
import * as broadcasts from './2026-11-28T10-broadcasts';
import * as integrations from './2026-11-28T12-integrations';
import * as idempotentRequests from './2026-11-29T01-idempotent-requests';
import * as friendChanges from './2026-11-29T02-friend-changes';
import * as people from './2026-12-06T01-people';
import * as friendKeys from './2026-12-06T03-friend-keys';
import * as noFriendsAddedAtIndex from './2026-12-06T03-no-friends-added-at-index';
import * as tagOperations from './2026-12-06T05-tag-operations';
import * as segmentHistory from './2026-12-06T06-segment-history';
import * as broadcastResults from './2026-12-06T07-broadcast-results';
import * as richMenus from './2026-12-06T09-rich-menus';
import * as broadcastApproval from './2026-12-06T10-broadcast-approval';
import * as lineLastEvent from './2026-12-06T11-line-last-event';
import * as aggregationUnitMonths from './2026-12-06T12-aggregation-unit-months';

export const migrations: Record<string, Migration> = {
  '2026-11-28T00-initial': initial,
  '2026-11-28T10-broadcasts': broadcasts,
  '2026-11-28T12-integrations': integrations,
  '2026-11-29T01-idempotent-requests': idempotentRequests,
  '2026-11-29T02-friend-changes': friendChanges,
  '2026-12-06T01-people': people,
  '2026-12-06T03-friend-keys': friendKeys,
  '2026-12-06T03-no-friends-added-at-index': noFriendsAddedAtIndex,
  '2026-12-06T05-tag-operations': tagOperations,
  '2026-12-06T06-segment-history': segmentHistory,
  '2026-12-06T07-broadcast-results': broadcastResults,
  '2026-12-06T09-rich-menus': richMenus,
  '2026-12-06T10-broadcast-approval': broadcastApproval,
  '2026-12-06T11-line-last-event': lineLastEvent,
  '2026-12-06T12-aggregation-unit-months': aggregationUnitMonths,
};
