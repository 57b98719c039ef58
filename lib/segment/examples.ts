/**
 * DESIGN.md's example segment ("The segment language"): repeat Shopify buyers, OR HubSpot
 * customers. One definition for the demo data, the tests and the end-to-end scenarios. Not part of
 * lib/segment's index: nothing the extension ships needs it.
 */
import type { Definition } from './schema';

export const REPEAT_BUYERS_OR_CUSTOMERS: Definition = {
  groups: [
    { conditions: [
      { property: 'shopify.integrated', operator: 'is_integrated' },
      { property: 'shopify.purchase_count', operator: 'gte', value: 5 },
    ] },
    { conditions: [
      { property: 'hubspot.integrated', operator: 'is_integrated' },
      { property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value: 'customer' },
    ] },
  ],
};
