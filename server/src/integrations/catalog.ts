/**
 * What the services add to the property catalog (DESIGN.md: a service's properties are available
 * while it is connected or friends hold its data; value options come from the synced data):
 *
 *   shopify.customer_tag  the customer tags seen on friends, most common first
 *   hubspot.list          HubSpot lists by name (lists v3), with member friends counted
 *   klaviyo.list          Klaviyo lists by name
 *   hubspot.property      the contact properties friends hold, labelled as HubSpot labels them;
 *                         enumerations (lifecycle stage…) offer their options by label, in the
 *                         portal's own order; other properties their most common values
 *   klaviyo.property      the profile properties friends hold and their most common values
 *
 * `applyIntegrationCatalog` fills these into the catalog's properties; the catalog route (server
 * core) builds the rest.
 */
import type { z } from 'zod';
import type { AppDeps } from '../http/context';
import type { catalogOptionSchema, catalogPropertySchema } from '../../../lib/contract/api';
import { listIntegrations, propertyDefs, propertyKeyCounts, commonPropertyValues, serviceListCounts, shopifyTagCounts } from './repository';
import { PROVIDER_NAMES } from './errors';

type CatalogOption = z.infer<typeof catalogOptionSchema>;
type CatalogProperty = z.infer<typeof catalogPropertySchema>;
type Service = 'shopify' | 'hubspot' | 'klaviyo';
interface KeyInfo { key: string; label: string; values: CatalogOption[] }

export interface IntegrationCatalog {
  services: Record<Service, { connected: boolean; hasData: boolean; available: boolean; reason?: string }>;
  options: { 'shopify.customer_tag': CatalogOption[]; 'hubspot.list': CatalogOption[]; 'klaviyo.list': CatalogOption[] };
  keys: { 'hubspot.property': KeyInfo[]; 'klaviyo.property': KeyInfo[] };
}

async function hasData(deps: AppDeps, accountId: string, service: Service): Promise<boolean> {
  const db = deps.store.db;
  const row = service === 'shopify'
    ? await db.selectFrom('shopify_customers').select('friend_id').where('account_id', '=', accountId).limit(1).executeTakeFirst()
    : await db.selectFrom('service_records').select('friend_id').where('account_id', '=', accountId).where('provider', '=', service).limit(1).executeTakeFirst();
  return row !== undefined;
}

async function keysOf(deps: AppDeps, accountId: string, service: 'hubspot' | 'klaviyo'): Promise<KeyInfo[]> {
  const db = deps.store.db;
  const [held, defs] = await Promise.all([propertyKeyCounts(db, accountId, service), propertyDefs(db, accountId, service)]);
  const defOf = new Map(defs.map((d) => [d.key, d]));
  const keys = [...new Set([...held.map((h) => h.value), ...defs.filter((d) => d.options).map((d) => d.key)])];
  const common = await commonPropertyValues(db, accountId, service, keys);
  return keys.map((key) => {
    const def = defOf.get(key);
    const seen = new Map((common.get(key) ?? []).map((v) => [v.value, v.count]));
    const values: CatalogOption[] = def?.options
      ? def.options.map((o) => ({ value: o.value, label: o.label, count: seen.get(o.value) ?? 0 }))
      : (common.get(key) ?? []).map((v) => ({ value: v.value, label: v.value, count: v.count }));
    return { key, label: def?.label ?? key, values };
  });
}

export async function integrationCatalog(deps: AppDeps, accountId: string): Promise<IntegrationCatalog> {
  const connected = new Set((await listIntegrations(deps.store.db, accountId)).map((r) => r.provider));
  const services = {} as IntegrationCatalog['services'];
  for (const s of ['shopify', 'hubspot', 'klaviyo'] as const) {
    const data = await hasData(deps, accountId, s);
    const available = connected.has(s) || data;
    services[s] = {
      connected: connected.has(s), hasData: data, available,
      ...(available ? {} : { reason: `Connect ${PROVIDER_NAMES[s]} in Settings to use this condition.` }),
    };
  }
  const db = deps.store.db;
  const [tags, hubspotLists, klaviyoLists, hubspotKeys, klaviyoKeys] = await Promise.all([
    shopifyTagCounts(db, accountId),
    serviceListCounts(db, accountId, 'hubspot'),
    serviceListCounts(db, accountId, 'klaviyo'),
    keysOf(deps, accountId, 'hubspot'),
    keysOf(deps, accountId, 'klaviyo'),
  ]);
  return {
    services,
    options: {
      'shopify.customer_tag': tags.map((t) => ({ value: t.value, label: t.value, count: t.count })),
      'hubspot.list': hubspotLists.map((l) => ({ value: l.id, label: l.name, count: l.count })),
      'klaviyo.list': klaviyoLists.map((l) => ({ value: l.id, label: l.name, count: l.count })),
    },
    keys: { 'hubspot.property': hubspotKeys, 'klaviyo.property': klaviyoKeys },
  };
}

/** The catalog's properties with the services' availability, options and keys filled in. */
export function applyIntegrationCatalog(properties: CatalogProperty[], c: IntegrationCatalog): CatalogProperty[] {
  return properties.map((p) => {
    const service = p.id.split('.')[0] as Service;
    if (!(service in c.services)) return p;
    const s = c.services[service];
    const out: CatalogProperty = { ...p, available: s.available };
    if (s.reason) out.reason = s.reason; else delete out.reason;
    if (p.id in c.options) out.options = c.options[p.id as keyof IntegrationCatalog['options']];
    if (p.id in c.keys) out.keys = c.keys[p.id as keyof IntegrationCatalog['keys']];
    return out;
  });
}
