/**
 * The property catalog as the editor needs it: lib/segment's static catalog (labels, kinds,
 * operators) joined with the account's catalog from the API (availability with its reason, value
 * options, known HubSpot/Klaviyo keys). Pure functions, then the small model that holds it.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import type { Catalog, Tag } from '@/lib/contract/api';
import {
  CATEGORY_LABELS, OPERATOR_LABELS, PROPERTIES, propertyDef,
  type Category, type Label, type Operator, type PropertyId,
} from '@/lib/segment/catalog';

export interface PropertyChoice {
  id: PropertyId;
  label: Label;
  available: boolean;
  /** Why it is not available ("Connect Shopify in Settings…"), from the API. */
  reason?: string;
}
export interface PropertyChoiceGroup {
  category: Category;
  label: Label;
  choices: PropertyChoice[];
}
export interface ValueOption { value: string; label: string; count?: number }

/**
 * Properties grouped by category, in the catalog's order. Without an API catalog (offline, first
 * load) every property is offered: availability only warns, it never blocks (DESIGN.md).
 */
export function propertyChoiceGroups(catalog: Catalog | null): PropertyChoiceGroup[] {
  const api = new Map(catalog?.properties.map((p) => [p.id, p]));
  const groups = new Map<Category, PropertyChoiceGroup>();
  for (const def of PROPERTIES) {
    let group = groups.get(def.category);
    if (!group) groups.set(def.category, (group = { category: def.category, label: CATEGORY_LABELS[def.category], choices: [] }));
    const known = api.get(def.id);
    group.choices.push({
      id: def.id,
      label: def.label,
      available: known ? known.available : true,
      reason: known && !known.available ? known.reason : undefined,
    });
  }
  return [...groups.values()];
}

export function operatorChoices(property: PropertyId): { id: Operator; label: Label }[] {
  return (propertyDef(property)?.operators ?? []).map((id) => ({ id, label: OPERATOR_LABELS[id] }));
}

/** The options of a multi-select (tags, lists, Shopify tags). Tags come from the tag list when the catalog has none. */
export function valueOptions(catalog: Catalog | null, property: PropertyId, tags: readonly Tag[] = []): ValueOption[] {
  const fromCatalog = catalog?.properties.find((p) => p.id === property)?.options;
  if (fromCatalog?.length) return fromCatalog;
  if (property === 'tag') return tags.map((t) => ({ value: t.id, label: t.name, count: t.friendCount }));
  return fromCatalog ?? [];
}

/** Known property names for a HubSpot/Klaviyo property condition. */
export function keySuggestions(catalog: Catalog | null, property: PropertyId): { key: string; label: string }[] {
  return catalog?.properties.find((p) => p.id === property)?.keys?.map(({ key, label }) => ({ key, label })) ?? [];
}

/** Common values of one HubSpot/Klaviyo property, for the text input's suggestions. */
export function textSuggestions(catalog: Catalog | null, property: PropertyId, key: string | undefined): ValueOption[] {
  if (!key) return [];
  return catalog?.properties.find((p) => p.id === property)?.keys?.find((k) => k.key === key)?.values ?? [];
}

/** Whether the condition's property is offered but its service is not connected. */
export function unavailableReason(catalog: Catalog | null, property: PropertyId): string | undefined {
  const p = catalog?.properties.find((x) => x.id === property);
  return p && !p.available ? (p.reason ?? '') : undefined;
}

// ---- model -----------------------------------------------------------------------------------

export interface CatalogModel {
  catalog: ReadonlySignal<Catalog | null>;
  tags: ReadonlySignal<Tag[]>;
  setCatalog(catalog: Catalog): void;
  setTags(tags: Tag[]): void;
}

export function createCatalogModel(): CatalogModel {
  const catalog = signal<Catalog | null>(null);
  const tags = signal<Tag[]>([]);
  return {
    catalog,
    tags,
    setCatalog: (c) => { catalog.value = c; },
    setTags: (t) => { tags.value = t; },
  };
}
