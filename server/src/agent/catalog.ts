/**
 * The account's catalog (the contract's `Catalog`, as GET …/catalog answers it) in the shape the
 * planner and the model prompt read: tags and lists with their ids, Shopify tags, lifecycle
 * stages with labels, and the HubSpot / Klaviyo property keys with their common values.
 */
import type { Catalog } from '../../../lib/contract/api';
import type { AppDeps } from '../http/context';
import { accountCatalog } from '../services/catalog';
import type { PlannerCatalog } from './types';

export function plannerCatalogFrom(catalog: Catalog): PlannerCatalog {
  const prop = (id: string) => catalog.properties.find((p) => p.id === id);
  const named = (id: string) => (prop(id)?.options ?? []).map((o) => ({ id: o.value, name: o.label || o.value }));
  const keys = (provider: 'hubspot' | 'klaviyo') => (prop(`${provider}.property`)?.keys ?? []).map((k) => ({
    provider, key: k.key, label: k.label || k.key,
    values: k.values.map((v) => ({ value: v.value, label: v.label || v.value })),
  }));
  const hubspotKeys = keys('hubspot');
  return {
    tags: named('tag'),
    shopifyTags: (prop('shopify.customer_tag')?.options ?? []).map((o) => o.value),
    hubspotLists: named('hubspot.list'),
    klaviyoLists: named('klaviyo.list'),
    lifecycleStages: (hubspotKeys.find((k) => k.key === 'lifecyclestage')?.values ?? []).map((v) => ({ value: v.value, label: v.label })),
    propertyKeys: [...hubspotKeys, ...keys('klaviyo')],
  };
}

/** The account's catalog from the catalog service (the same one GET …/catalog answers), for the planner. */
export async function loadPlannerCatalog(deps: AppDeps, account: { id: string; timezone: string }): Promise<PlannerCatalog> {
  return plannerCatalogFrom(await accountCatalog(deps, account));
}
