/**
 * Integrations (DESIGN.md): connect a service with its credentials (checked with the service,
 * stored encrypted, never returned), disconnect it, start a sync, read each service's status.
 * One literal path per service, so each PUT documents its own body in /v1/openapi.json.
 */
import type { z } from 'zod';
import { defineRoutes, type Registrar } from '../../http/router';
import {
  hubspotConnectSchema, integrationListSchema, integrationSchema, klaviyoConnectSchema, lineConnectSchema, shopifyConnectSchema,
} from '../../../../lib/contract/api';
import { connect, disconnect, integrationStatus, listIntegrationStatus, startSync, type ConnectInput } from '../../integrations/service';
import { PROVIDER_NAMES, type Provider } from '../../integrations/errors';

const BODIES: { [P in Provider]: z.ZodType<ConnectInput[P]> } = {
  line: lineConnectSchema,
  shopify: shopifyConnectSchema,
  hubspot: hubspotConnectSchema,
  klaviyo: klaviyoConnectSchema,
};

const WHAT: Record<Provider, string> = {
  line: 'the Messaging API channel secret and long-lived channel access token',
  shopify: 'the shop domain and an Admin API access token of a custom app (read_customers, read_orders), and the customer metafield holding the LINE user id (default "lumo.line_user_id")',
  hubspot: 'a private app access token (crm.objects.contacts.read, crm.lists.read, crm.schemas.contacts.read), and the contact property holding the LINE user id (default "line_user_id")',
  klaviyo: 'a private API key (profiles:read, lists:read, accounts:read), and the profile field holding the LINE user id (default "external_id", or "properties.<name>")',
};

function providerRoutes<P extends Provider>(r: Registrar, provider: P) {
  const name = PROVIDER_NAMES[provider];
  const path = `/v1/accounts/:a/integrations/${provider}`;

  r.add({
    method: 'get', path, tag: 'integrations', permission: 'read',
    summary: `${name}: connected or not, last sync, what it found, last error`,
    responses: { 200: { description: 'Status', schema: integrationSchema } },
  }, async (c) => c.json(await integrationStatus(c.var.deps, c.var.account.id, provider)));

  r.add({
    method: 'put', path, tag: 'integrations', permission: 'manage', body: BODIES[provider] as z.ZodType<ConnectInput[P]>,
    summary: `Connect ${name}`,
    description: `Takes ${WHAT[provider]}. The credentials are checked with one call to ${name} before they are saved, stored encrypted, and never returned. A first sync starts at once.`,
    responses: {
      200: { description: 'Connected; the first sync is queued', schema: integrationSchema },
      400: { description: `Invalid body, or ${name} refused the credentials` },
      503: { description: `${name} could not be reached to check them; nothing was saved` },
    },
  }, async (c, { body }) => c.json(await connect(c.var.deps, c.var.account.id, provider, body as ConnectInput[P], c.var.actor)));

  r.add({
    method: 'delete', path, tag: 'integrations', permission: 'manage',
    summary: `Disconnect ${name}: its credentials are deleted${provider === 'line' ? '' : ` and its data stops counting at once (friends are no longer "${name} integrated")`}`,
    responses: { 204: { description: 'Disconnected' }, 404: { description: 'Not connected' } },
  }, async (c) => {
    await disconnect(c.var.deps, c.var.account.id, provider, c.var.actor);
    return c.body(null, 204);
  });

  r.add({
    method: 'post', path: `${path}/sync`, tag: 'integrations', permission: 'manage',
    summary: `Sync ${name} now (syncs also run every 6 hours)`,
    description: provider === 'line'
      ? 'Reads every follower id and the profiles of friends the webhook never saw (verified and premium accounts only). Progress and errors: GET the integration.'
      : 'Reads the records, links them to friends by the LINE user id they hold, and replaces the friends\' data in one step. Progress and errors: GET the integration.',
    responses: { 202: { description: 'Queued', schema: integrationSchema }, 404: { description: 'Not connected' } },
  }, async (c) => c.json(await startSync(c.var.deps, c.var.account.id, provider, c.var.actor), 202));
}

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/integrations', tag: 'integrations', permission: 'read',
    summary: 'Each service: connected or not, last sync, counts, last error, the link field',
    responses: { 200: { description: 'The four services', schema: integrationListSchema } },
  }, async (c) => c.json({ items: await listIntegrationStatus(c.var.deps, c.var.account.id) }));
  for (const p of ['line', 'shopify', 'hubspot', 'klaviyo'] as const) providerRoutes(r, p);
});
