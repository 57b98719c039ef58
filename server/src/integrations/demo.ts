/**
 * The services' side of the demo account (LUMO_DEMO=1): the vocabulary demo friends draw their
 * Shopify, HubSpot and Klaviyo data from, and `seedIntegrationDemo`, which stores what a sync would
 * have stored besides the friends' blocks — HubSpot and Klaviyo list names and HubSpot's property
 * definitions (lifecycle stages with labels) — so every catalog property can be tried without
 * connecting anything. The names are marked "(demo)" where a user sees them.
 *
 * The demo generator (server/src/demo, server core) picks friends' values from these lists and
 * calls `seedIntegrationDemo(deps, accountId)` once after importing the friends.
 */
import type { AppDeps } from '../http/context';
import { replacePropertyDefs, replaceServiceLists, type PropertyDef } from './repository';

export const DEMO_SHOPIFY_TAGS = ['vip', 'wholesale', 'newsletter', 'first-order', 'repeat-buyer', 'gift-card', 'tokyo-store'] as const;

export const DEMO_HUBSPOT_LISTS = [
  { id: '101', name: 'Newsletter subscribers (demo)' },
  { id: '102', name: 'Webinar attendees (demo)' },
  { id: '103', name: 'Trial users (demo)' },
  { id: '104', name: 'Enterprise prospects (demo)' },
] as const;

export const DEMO_KLAVIYO_LISTS = [
  { id: 'DemoL1', name: 'Email newsletter (demo)' },
  { id: 'DemoL2', name: 'SMS subscribers (demo)' },
  { id: 'DemoL3', name: 'Back in stock alerts (demo)' },
] as const;

/** HubSpot's default lifecycle stages, as its property definition lists them. */
export const DEMO_LIFECYCLE_STAGES = [
  { value: 'subscriber', label: 'Subscriber' },
  { value: 'lead', label: 'Lead' },
  { value: 'marketingqualifiedlead', label: 'Marketing Qualified Lead' },
  { value: 'salesqualifiedlead', label: 'Sales Qualified Lead' },
  { value: 'opportunity', label: 'Opportunity' },
  { value: 'customer', label: 'Customer' },
  { value: 'evangelist', label: 'Evangelist' },
  { value: 'other', label: 'Other' },
] as const;

export const DEMO_HUBSPOT_LEAD_STATUSES = [
  { value: 'NEW', label: 'New' },
  { value: 'OPEN', label: 'Open' },
  { value: 'IN_PROGRESS', label: 'In Progress' },
  { value: 'CONNECTED', label: 'Connected' },
  { value: 'UNQUALIFIED', label: 'Unqualified' },
] as const;

/** HubSpot contact properties of demo friends: key → the values they take. */
export const DEMO_HUBSPOT_PROPERTIES: Record<string, readonly string[]> = {
  lifecyclestage: DEMO_LIFECYCLE_STAGES.map((s) => s.value),
  hs_lead_status: DEMO_HUBSPOT_LEAD_STATUSES.map((s) => s.value),
  city: ['Tokyo', 'Osaka', 'Fukuoka', 'Sapporo', 'Nagoya'],
};

/** Klaviyo profile properties of demo friends: key → the values they take. */
export const DEMO_KLAVIYO_PROPERTIES: Record<string, readonly string[]> = {
  tier: ['Gold', 'Silver', 'Bronze'],
  favorite_category: ['Skincare', 'Makeup', 'Hair care', 'Fragrance'],
  source: ['Instagram', 'LINE', 'Store', 'Web'],
};

const DEMO_HUBSPOT_DEFS: PropertyDef[] = [
  { key: 'lifecyclestage', label: 'Lifecycle Stage', options: DEMO_LIFECYCLE_STAGES.map((o) => ({ ...o })) },
  { key: 'hs_lead_status', label: 'Lead Status', options: DEMO_HUBSPOT_LEAD_STATUSES.map((o) => ({ ...o })) },
  { key: 'city', label: 'City', options: null },
];

export async function seedIntegrationDemo(deps: AppDeps, accountId: string): Promise<void> {
  const { db, dialect } = deps.store;
  await replaceServiceLists(db, dialect, accountId, 'hubspot', DEMO_HUBSPOT_LISTS.map((l) => ({ ...l })));
  await replaceServiceLists(db, dialect, accountId, 'klaviyo', DEMO_KLAVIYO_LISTS.map((l) => ({ ...l })));
  await replacePropertyDefs(db, dialect, accountId, 'hubspot', DEMO_HUBSPOT_DEFS);
}
