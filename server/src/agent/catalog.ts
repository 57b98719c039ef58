/**
 * The account's catalog (the contract's `Catalog`, as GET …/catalog answers it) in the shape the
 * planner and the model prompt read: tags and lists with their ids, Shopify tags, lifecycle
 * stages with labels, and the HubSpot / Klaviyo property keys with their common values.
 */
import type { Catalog } from '../../../lib/contract/api';
import type { PlannerCatalog, PropertyKeyInfo } from './types';
import type { AppDeps } from '../http/context';
import { listTags } from '../repositories/tags';
import {
  commonPropertyValues, propertyDefs, propertyKeyCounts, serviceListCounts, shopifyTagCounts,
} from '../integrations/repository';

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

// ---- reading it ----------------------------------------------------------------------------------
// Until server-core's catalog service exists, the agent reads the same repositories the catalog
// route will: tags, Shopify tags, list names, property keys with their labels and common values.

export async function loadPlannerCatalog(deps: AppDeps, accountId: string): Promise<PlannerCatalog> {
  const db = deps.store.db;
  const keysOf = async (provider: 'hubspot' | 'klaviyo'): Promise<PropertyKeyInfo[]> => {
    const [keys, defs] = await Promise.all([propertyKeyCounts(db, accountId, provider), propertyDefs(db, accountId, provider)]);
    const values = await commonPropertyValues(db, accountId, provider, keys.map((k) => k.value));
    return keys.map(({ value: key }) => {
      const def = defs.find((d) => d.key === key);
      const labels = new Map((def?.options ?? []).map((o) => [o.value, o.label]));
      return {
        provider, key, label: def?.label ?? key,
        values: (values.get(key) ?? []).map((v) => ({ value: v.value, label: labels.get(v.value) ?? v.value })),
      };
    });
  };
  const [tags, shopifyTags, hubspotLists, klaviyoLists, hubspotKeys, klaviyoKeys, hubspotDefs] = await Promise.all([
    listTags(db, accountId), shopifyTagCounts(db, accountId), serviceListCounts(db, accountId, 'hubspot'),
    serviceListCounts(db, accountId, 'klaviyo'), keysOf('hubspot'), keysOf('klaviyo'), propertyDefs(db, accountId, 'hubspot'),
  ]);
  // Lifecycle stages: HubSpot's own options (every stage, with its label) when synced, else the values friends hold.
  const stageDef = hubspotDefs.find((d) => d.key === 'lifecyclestage');
  const held = hubspotKeys.find((k) => k.key === 'lifecyclestage')?.values ?? [];
  const lifecycleStages = stageDef?.options?.length
    ? stageDef.options.map((o) => ({ value: o.value, label: o.label }))
    : held.map((v) => ({ value: v.value, label: v.label ?? v.value }));
  return {
    tags: tags.map((t) => ({ id: t.id, name: t.name })),
    shopifyTags: shopifyTags.map((t) => t.value),
    hubspotLists: hubspotLists.map((l) => ({ id: l.id, name: l.name })),
    klaviyoLists: klaviyoLists.map((l) => ({ id: l.id, name: l.name })),
    lifecycleStages,
    propertyKeys: [...hubspotKeys, ...klaviyoKeys],
  };
}
