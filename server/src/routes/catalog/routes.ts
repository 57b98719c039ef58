import { defineRoutes } from '../../http/router';
import { catalogSchema } from '../../../../lib/contract/api';
import { accountCatalog } from '../../services/catalog';

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/catalog', permission: 'read',
    summary: 'Properties with availability (and why not), operators, and value options: tags, Shopify tags, HubSpot/Klaviyo lists, property keys and values',
    responses: { 200: { description: 'The catalog', schema: catalogSchema } },
  }, async (c) => c.json(await accountCatalog(c.var.deps, c.var.account)));
});
