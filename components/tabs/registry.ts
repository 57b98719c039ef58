/**
 * The panel's views, as tabs, from this one list (DESIGN.md "The extension": "Segments", "Tags",
 * "Friends", "Connections", "Activity"). To add a view, append one entry — its component lives
 * in its own folder `components/<view>/` and its strings in `lib/i18n/messages/<view>.ts`:
 *
 *   { id: 'tags', label: 'tabs.tags', render: (models) => h(TagsView, { models }) },
 *
 * `label` is an i18n key (the tab's accessible name). `render` gets the panel's models and is
 * called only while its tab is selected; each view sits behind its own error boundary, so a
 * failing view never takes the others down. `visible` (optional) gets the caller's role on the
 * account and hides the tab from roles that may not use it (lib/permissions.ts; the sync API
 * refuses them anyway): until the role is known such a tab stays hidden.
 */
import { h, type ComponentChild } from 'preact';
import { callerMay, type AccountPermission, type Role } from '@/lib/permissions';
import type { PanelModels } from '../models/panel';
import { ConnectionsView } from '../connections/ConnectionsView';
import { ActivityView } from '../activity/ActivityView';
import { SegmentsView } from './SegmentsView';
import { TagsView } from '../tags/TagsView';
import { FriendsView } from '../friends/FriendsView';
import { RichMenusView } from '../rich-menus/RichMenusView';
import { CompareView } from '../results/CompareView';
import { ApprovalsView } from '../approvals/ApprovalsView';

export interface PanelTab {
  id: string;
  /** i18n key of the tab's name. */
  label: string;
  render(models: PanelModels): ComponentChild;
  /** `role` null: the server's admin token, which may do everything. */
  visible?(role: Role | null, models: PanelModels): boolean;
}

/** Shown to the roles that may do `permission` (and to the admin token). */
const rolesThatMay = (permission: AccountPermission) => (role: Role | null) => callerMay(role, permission);

export const PANEL_TABS: PanelTab[] = [
  { id: 'segments', label: 'tabs.segments', render: (models) => h(SegmentsView, { models }) },
  { id: 'tags', label: 'tags.tab', render: (models) => h(TagsView, { models }) },
  { id: 'friends', label: 'friends.tab', render: (models) => h(FriendsView, { models }) },
  { id: 'rich-menus', label: 'richMenus.tab', render: (models) => h(RichMenusView, { models }) },
  { id: 'connections', label: 'connections.tab', render: (models) => h(ConnectionsView, { models }) },
  { id: 'results', label: 'results.tab', render: (models) => h(CompareView, { models }), visible: rolesThatMay('results') },
  { id: 'approvals', label: 'approvals.tab', render: (models) => h(ApprovalsView, { models }), visible: rolesThatMay('send') },
  { id: 'activity', label: 'tabs.activity', render: (models) => h(ActivityView, { models }) },
];

/** The tabs this panel shows, in order. */
export function visibleTabs(models: PanelModels, tabs: readonly PanelTab[] = PANEL_TABS): PanelTab[] {
  const role = models.role.value;
  return tabs.filter((tab) => !tab.visible || (role !== undefined && tab.visible(role, models)));
}
