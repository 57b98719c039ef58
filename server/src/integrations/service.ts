/**
 * Connecting, disconnecting and syncing the services of an account (DESIGN.md "integrations",
 * issue 5). Credentials are checked with one cheap call to the service before they are saved, then
 * stored encrypted and never returned: the status answers say what is connected, when it last
 * synced, what it found and what went wrong — in words the marketer can act on.
 */
import { randomBytes } from 'node:crypto';
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { ApiError, notFound } from '../http/errors';
import type { Integration, ProviderId } from '../../../lib/contract/api';
import { clearService } from '../repositories/friends';
import { deleteConnection, getIntegration, listIntegrations, saveConnection, updateIntegration, type IntegrationRow, type IntegrationSettings } from './repository';
import { sealCredentials, type CredentialsOf } from './credentials';
import { PROVIDER_NAMES, PROVIDERS, VendorError, type Provider } from './errors';
import { lineClients } from './line/client';
import { normalizeShopDomain, shopifyAdmin } from './shopify/client';
import { hubspotApi } from './hubspot/client';
import { klaviyoApi } from './klaviyo/client';
import { DEFAULT_LINK_FIELDS } from './link';
import { requestSync } from './jobs';
import { withRetry } from './retry';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toIntegration(provider: Provider, row: IntegrationRow | undefined, accountId: string): Integration {
  const base = provider === 'line' ? { webhookPath: `/v1/webhooks/line/${accountId}`, lastEventAt: iso(row?.lastEventAt ?? null) } : {};
  if (!row) {
    return {
      provider, connected: false, status: 'not_connected', connectedAt: null, lastSyncStartedAt: null, lastSyncAt: null, nextSyncAt: null,
      counts: null, lastError: null, linkField: provider === 'line' ? null : DEFAULT_LINK_FIELDS[provider], settings: {}, progress: null, ...base,
    };
  }
  const s = row.syncState;
  const settings: Integration['settings'] = {};
  if (row.settings.shop) settings.shop = row.settings.shop;
  if (row.settings.properties?.length) settings.properties = row.settings.properties;
  if (row.settings.basicId) settings.basicId = row.settings.basicId;
  return {
    provider, connected: true, status: row.status, connectedAt: iso(row.connectedAt),
    lastSyncStartedAt: iso(row.lastSyncStartedAt), lastSyncAt: iso(row.lastSyncAt), nextSyncAt: iso(row.nextSyncAt),
    counts: row.counts as Integration['counts'],
    lastError: row.lastError && row.lastErrorAt !== null ? { message: row.lastError, at: iso(row.lastErrorAt)! } : null,
    linkField: provider === 'line' ? null : row.settings.linkField ?? DEFAULT_LINK_FIELDS[provider],
    settings,
    progress: s && row.status !== 'idle' ? { phase: s.phase, pages: s.pages, records: s.records, startedAt: iso(s.startedAt)! } : null,
    ...base,
  };
}

export async function listIntegrationStatus(deps: AppDeps, accountId: string): Promise<Integration[]> {
  const rows = new Map((await listIntegrations(deps.store.db, accountId)).map((r) => [r.provider, r]));
  return PROVIDERS.map((p) => toIntegration(p, rows.get(p), accountId));
}

export async function integrationStatus(deps: AppDeps, accountId: string, provider: Provider): Promise<Integration> {
  return toIntegration(provider, await getIntegration(deps.store.db, accountId, provider), accountId);
}

/** The services connected to the account (for the catalog's availability). */
export async function connectedProviders(deps: AppDeps, accountId: string): Promise<Set<Provider>> {
  return new Set((await listIntegrations(deps.store.db, accountId)).map((r) => r.provider));
}

// ---- connect ---------------------------------------------------------------------------------------

export type ConnectInput = {
  line: { channelSecret: string; channelAccessToken: string };
  shopify: { shop: string; accessToken: string; linkField?: string };
  hubspot: { accessToken: string; linkField?: string; properties?: string[] };
  klaviyo: { apiKey: string; linkField?: string };
};

/** The field of the body that holds the secret, for pointing at it in a 400. */
const SECRET_FIELD: Record<Provider, string> = { line: 'channelAccessToken', shopify: 'accessToken', hubspot: 'accessToken', klaviyo: 'apiKey' };

/** A vendor's refusal of the credentials as the caller's 4xx (or 503 when the vendor is away). */
function refusal(provider: Provider, e: VendorError): ApiError {
  const name = PROVIDER_NAMES[provider];
  switch (e.kind) {
    case 'auth':
      return new ApiError(400, 'credentials_rejected', e.message,
        [{ path: SECRET_FIELD[provider], message: `${name} refused it: check that it was copied whole and has not been revoked.` }]);
    case 'forbidden':
      return new ApiError(400, 'insufficient_access', `${name} accepted the credentials but refused to read with them: give them the read access Lumo needs and try again. ${e.message}`);
    case 'rate_limited':
    case 'unavailable':
      return new ApiError(503, 'service_unavailable', `${name} could not check the credentials just now; nothing was saved. Try again in a minute. ${e.message}`);
    default:
      return new ApiError(400, 'credentials_rejected', e.message);
  }
}

/**
 * The channel's bot info (GET /v2/bot/info) — which LINE Official Account a channel access token
 * belongs to — or the 4xx/503 a refusal means.
 */
export async function lineBotInfo(deps: AppDeps, creds: ConnectInput['line']) {
  try {
    return await withRetry(() => lineClients(creds, deps.config.vendors).call((c) => c.messaging.getBotInfo()), { maxAttempts: 2, maxWaitMs: 2000 });
  } catch (e) {
    if (e instanceof VendorError) throw refusal('line', e);
    throw e;
  }
}

/** The cheap call that proves the credentials; returns the settings to keep. */
async function verify<P extends Provider>(deps: AppDeps, accountId: string, provider: P, input: ConnectInput[P]): Promise<{ creds: CredentialsOf[P]; settings: IntegrationSettings }> {
  const vendors = deps.config.vendors;
  const retry = { maxAttempts: 2, maxWaitMs: 2000 };
  switch (provider) {
    case 'line': {
      const i = input as ConnectInput['line'];
      const creds = { channelSecret: i.channelSecret, channelAccessToken: i.channelAccessToken };
      const bot = await withRetry(() => lineClients(creds, vendors).call((c) => c.messaging.getBotInfo()), retry);
      const ids = [bot.basicId, bot.premiumId].filter(Boolean).map((s) => s!.toLowerCase());
      if (!ids.includes(accountId.toLowerCase())) {
        throw new ApiError(400, 'wrong_line_account',
          `This channel access token belongs to the LINE Official Account ${bot.basicId}, not ${accountId}. Copy the token of ${accountId}'s Messaging API channel.`,
          [{ path: 'channelAccessToken', message: `Belongs to ${bot.basicId}.` }]);
      }
      return { creds: creds as CredentialsOf[P], settings: { basicId: bot.basicId } };
    }
    case 'shopify': {
      const i = input as ConnectInput['shopify'];
      const shop = normalizeShopDomain(i.shop);
      if (!shop) throw new ApiError(400, 'invalid_request', 'The request body is not valid.', [{ path: 'shop', message: 'Enter the shop as its myshopify.com domain, e.g. "your-shop.myshopify.com".' }]);
      const creds = { shop, accessToken: i.accessToken };
      await shopifyAdmin(creds, vendors, { maxAttempts: 2 }).query('query LumoCheck { shop { name myshopifyDomain } }');
      return { creds: creds as CredentialsOf[P], settings: { shop, linkField: i.linkField ?? DEFAULT_LINK_FIELDS.shopify } };
    }
    case 'hubspot': {
      const i = input as ConnectInput['hubspot'];
      const creds = { accessToken: i.accessToken };
      const hs = hubspotApi(creds, vendors, { maxAttempts: 2 });
      await hs.call((c) => c.crm.contacts.basicApi.getPageWithHttpInfo(1));
      const linkField = i.linkField ?? DEFAULT_LINK_FIELDS.hubspot;
      try {
        await hs.call((c) => c.crm.properties.coreApi.getByNameWithHttpInfo('contacts', linkField));
      } catch (e) {
        if (e instanceof VendorError && e.status === 404) {
          throw new ApiError(400, 'link_field_missing',
            `HubSpot has no contact property "${linkField}". Create it in HubSpot (Settings › Properties) to hold each contact's LINE user id, or name the property that does.`,
            [{ path: 'linkField', message: `No contact property "${linkField}".` }]);
        }
        throw e;
      }
      return { creds: creds as CredentialsOf[P], settings: { linkField, ...(i.properties?.length ? { properties: [...new Set(i.properties)] } : {}) } };
    }
    case 'klaviyo': {
      const i = input as ConnectInput['klaviyo'];
      const creds = { apiKey: i.apiKey };
      await klaviyoApi(creds, vendors, { numRetries: 1, maxIntervalSeconds: 2 }).call((a) => a.accounts.getAccounts());
      return { creds: creds as CredentialsOf[P], settings: { linkField: i.linkField ?? DEFAULT_LINK_FIELDS.klaviyo } };
    }
  }
  throw new Error(`unknown provider ${String(provider)}`);
}

export async function connect<P extends Provider>(deps: AppDeps, accountId: string, provider: P, input: ConnectInput[P], actor: Actor): Promise<Integration> {
  let verified: { creds: CredentialsOf[P]; settings: IntegrationSettings };
  try {
    verified = await verify(deps, accountId, provider, input);
  } catch (e) {
    if (e instanceof VendorError) throw refusal(provider, e);
    throw e;
  }
  const previous = await getIntegration(deps.store.db, accountId, provider);
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    await saveConnection(trx, {
      accountId, provider, connectionId: randomBytes(8).toString('hex'),
      credentials: sealCredentials(deps.config.secretKey, accountId, provider, verified.creds),
      settings: verified.settings, now,
    });
    // What it connected to (shop, LINE basic id), never a credential.
    await recordActivity(trx, { accountId, actor, action: 'integration.connect', target: { type: 'integration', id: provider, name: PROVIDER_NAMES[provider] }, details: { ...verified.settings }, at: now });
  });
  // Another shop or portal than before: its data must not mix with the new one's.
  if (previous && provider !== 'line' && JSON.stringify(previous.settings) !== JSON.stringify(verified.settings)) {
    await clearService(deps.store, accountId, provider);
  }
  deps.logger.info('integration connected', { account: accountId, provider });
  return startSync(deps, accountId, provider);
}

/** Disconnects: the credentials are deleted and the service's data stops counting at once. */
export async function disconnect(deps: AppDeps, accountId: string, provider: Provider, actor: Actor): Promise<void> {
  await deps.store.db.transaction().execute(async (trx) => {
    if (!await deleteConnection(trx, accountId, provider)) {
      throw notFound(`${PROVIDER_NAMES[provider]} is not connected to this account.`);
    }
    await recordActivity(trx, { accountId, actor, action: 'integration.disconnect', target: { type: 'integration', id: provider, name: PROVIDER_NAMES[provider] }, at: deps.clock.now() });
  });
  // LINE's friends are the account's own friends: they stay. The other services' blocks go.
  if (provider !== 'line') await clearService(deps.store, accountId, provider);
  deps.logger.info('integration disconnected', { account: accountId, provider });
}

/** Starts a sync; `actor` when someone asked for it (the activity log), none when connecting does. */
export async function startSync(deps: AppDeps, accountId: string, provider: Provider, actor?: Actor): Promise<Integration> {
  const row = await getIntegration(deps.store.db, accountId, provider);
  if (!row) throw notFound(`${PROVIDER_NAMES[provider]} is not connected to this account: connect it first.`);
  await requestSync(deps, accountId, provider);
  if (actor) await recordActivity(deps.store.db, { accountId, actor, action: 'integration.sync', target: { type: 'integration', id: provider, name: PROVIDER_NAMES[provider] }, at: deps.clock.now() });
  if (row.status !== 'syncing') {
    await updateIntegration(deps.store.db, { accountId, provider, connectionId: row.connectionId }, { status: 'queued' }, deps.clock.now());
  }
  return integrationStatus(deps, accountId, provider);
}

export const isProvider = (p: string): p is ProviderId => (PROVIDERS as readonly string[]).includes(p);
