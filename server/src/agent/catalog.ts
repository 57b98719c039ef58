/**
 * The account's catalog (the contract's `Catalog`, as GET …/catalog answers it) in the shape the
 * planner and the model prompt read: tags and lists with their ids, Shopify tags, lifecycle
 * stages with labels, and the HubSpot / Klaviyo property keys with their common values.
 */
import type { Catalog } from '../../../lib/contract/api';
import type { AppDeps } from '../http/context';
import { accountCatalog } from '../services/catalog';
import { countKey, type PlannerCatalog } from './types';

export function plannerCatalogFrom(catalog: Catalog): PlannerCatalog {
  const prop = (id: string) => catalog.properties.find((p) => p.id === id);
  const named = (id: string) => (prop(id)?.options ?? []).map((o) => ({ id: o.value, name: o.label || o.value }));
  const keys = (provider: 'hubspot' | 'klaviyo') => (prop(`${provider}.property`)?.keys ?? []).map((k) => ({
    provider, key: k.key, label: k.label || k.key,
    values: k.values.map((v) => ({ value: v.value, label: v.label || v.value })),
  }));
  const hubspotKeys = keys('hubspot');
  // Each value's friend count, as the catalog gives it: shown when the planner asks which of
  // several names that differ only by case or width is meant.
  const counts: Record<string, number> = {};
  const countAll = (id: string, kind: string) => {
    for (const o of prop(id)?.options ?? []) if (o.count !== undefined) counts[countKey(kind, o.value)] = o.count;
  };
  countAll('tag', 'tag');
  countAll('shopify.customer_tag', 'shopify_tag');
  countAll('hubspot.list', 'hubspot_list');
  countAll('klaviyo.list', 'klaviyo_list');
  for (const provider of ['hubspot', 'klaviyo'] as const) {
    for (const k of prop(`${provider}.property`)?.keys ?? []) {
      for (const v of k.values) if (v.count !== undefined) counts[countKey('property', v.value, provider, k.key)] = v.count;
    }
  }
  return {
    tags: named('tag'),
    shopifyTags: (prop('shopify.customer_tag')?.options ?? []).map((o) => o.value),
    hubspotLists: named('hubspot.list'),
    klaviyoLists: named('klaviyo.list'),
    lifecycleStages: (hubspotKeys.find((k) => k.key === 'lifecyclestage')?.values ?? []).map((v) => ({ value: v.value, label: v.label })),
    propertyKeys: [...hubspotKeys, ...keys('klaviyo')],
    counts,
  };
}

/** The account's catalog from the catalog service (the same one GET …/catalog answers), for the planner. */
export async function loadPlannerCatalog(deps: AppDeps, account: { id: string; timezone: string }): Promise<PlannerCatalog> {
  return plannerCatalogFrom(await accountCatalog(deps, account));
}
