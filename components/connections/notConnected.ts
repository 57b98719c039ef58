/**
 * Which services the editor's conditions wait for (issue 13, "the editor follows connections"):
 * a service whose properties the catalog marks unavailable, and the conditions that use it. Pure.
 */
import type { Catalog, ProviderId } from '@/lib/contract/api';
import { propertyDef } from '@/lib/segment/catalog';
import type { Definition } from '@/lib/segment/schema';

export interface WaitingService {
  provider: Exclude<ProviderId, 'line'>;
  /** "1.2" = group 1, condition 2 (as the editor numbers them), for the conditions that use it. */
  conditions: string[];
}

const SERVICES = ['shopify', 'hubspot', 'klaviyo'] as const;

export function waitingServices(catalog: Catalog | null, definition: Definition): WaitingService[] {
  if (!catalog) return [];
  const unavailable = new Set(catalog.properties.filter((p) => !p.available).map((p) => propertyDef(p.id)?.integration).filter(Boolean));
  return SERVICES.filter((s) => unavailable.has(s)).map((provider) => ({
    provider,
    conditions: definition.groups.flatMap((g, gi) => g.conditions
      .map((c, ci) => (propertyDef(c.property)?.integration === provider ? `${gi + 1}.${ci + 1}` : null))
      .filter((x): x is string => x !== null)),
  }));
}
