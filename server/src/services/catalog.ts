/**
 * The account's property catalog (DESIGN.md): every property of the segment language with its
 * operators, whether it is available — LINE's own data and tags always; a service's properties
 * while the service is connected or friends hold its data — the reason when not, and value
 * options: the account's tags with their friend counts here; the services' options (Shopify
 * customer tags, HubSpot / Klaviyo lists by name, property keys and common values) from
 * server/src/integrations/catalog.ts, which also knows which services are connected.
 */
import type { z } from 'zod';
import type { AppDeps } from '../http/context';
import { listTags } from '../repositories/tags';
import { servicesWithData } from '../repositories/friends';
import { applyIntegrationCatalog, integrationCatalog } from '../integrations/catalog';
import { PROPERTIES, type Provider } from '../../../lib/segment/catalog';
import type { Catalog, catalogPropertySchema } from '../../../lib/contract/api';

type CatalogProperty = z.infer<typeof catalogPropertySchema>;

const SERVICE_NAMES: Record<Provider, string> = { shopify: 'Shopify', hubspot: 'HubSpot', klaviyo: 'Klaviyo' };

/** DESIGN.md's rule: a service's properties are available when it is connected or friends hold its data. */
export function serviceAvailability(provider: Provider, state: { connected: boolean; hasData: boolean }): { available: boolean; reason?: string } {
  if (state.connected || state.hasData) return { available: true };
  return { available: false, reason: `Connect ${SERVICE_NAMES[provider]} in Settings to use this condition.` };
}

/**
 * A step that refines the catalog after the base is built (the integrations add connection
 * state and the services' value options). Steps run in registration order.
 */
export type CatalogExtension = (deps: AppDeps, accountId: string, properties: CatalogProperty[]) => Promise<CatalogProperty[]>;
const extensions: CatalogExtension[] = [];
export function registerCatalogExtension(step: CatalogExtension): void {
  extensions.push(step);
}

// The services' part: connection state, Shopify tags, lists by name, property keys and values.
registerCatalogExtension(async (deps, accountId, properties) => applyIntegrationCatalog(properties, await integrationCatalog(deps, accountId)));

export async function accountCatalog(deps: AppDeps, account: { id: string; timezone: string }): Promise<Catalog> {
  const [tags, withData] = await Promise.all([listTags(deps.store.db, account.id), servicesWithData(deps.store.db, account.id)]);
  let properties: CatalogProperty[] = PROPERTIES.map((p) => {
    const out: CatalogProperty = { id: p.id, available: true, operators: [...p.operators] };
    if (p.integration) Object.assign(out, serviceAvailability(p.integration, { connected: false, hasData: withData.has(p.integration) }));
    if (p.options === 'tags') out.options = tags.map((t) => ({ value: t.id, label: t.name, count: t.friendCount }));
    return out;
  });
  for (const step of extensions) properties = await step(deps, account.id, properties);
  return { properties, timezone: account.timezone };
}
