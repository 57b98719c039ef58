/** The segment in words, in the active language, with tag and list names from the catalog. */
import type { Catalog, Tag } from '@/lib/contract/api';
import { language } from '@/lib/i18n';
import type { Condition, Definition } from '@/lib/segment/schema';
import { summarize, summarizeCondition, type SummaryNames } from '@/lib/segment/summary';

/**
 * Names of the ids a definition may reference. A map is given only when its source is known
 * (catalog or tag list loaded), so an id missing from it really is deleted.
 */
export function summaryNames(catalog: Catalog | null, tags: readonly Tag[]): SummaryNames {
  const names: SummaryNames = {};
  const optionsOf = (id: string) => catalog?.properties.find((p) => p.id === id)?.options;
  const toMap = (options: { value: string; label: string }[]) => Object.fromEntries(options.map((o) => [o.value, o.label]));
  const tagOptions = optionsOf('tag');
  if (tagOptions) names.tags = toMap(tagOptions);
  else if (tags.length) names.tags = Object.fromEntries(tags.map((t) => [t.id, t.name]));
  const hubspot = optionsOf('hubspot.list');
  if (hubspot) names.hubspotLists = toMap(hubspot);
  const klaviyo = optionsOf('klaviyo.list');
  if (klaviyo) names.klaviyoLists = toMap(klaviyo);
  return names;
}

export function segmentSummary(definition: Definition, catalog: Catalog | null, tags: readonly Tag[]): string {
  return summarize(definition, language.value, summaryNames(catalog, tags));
}

export function conditionSummary(condition: Condition, catalog: Catalog | null, tags: readonly Tag[]): string {
  return summarizeCondition(condition, language.value, summaryNames(catalog, tags));
}
