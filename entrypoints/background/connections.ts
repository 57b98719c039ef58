/**
 * The Connections view's calls (issue 13): each service's status with LINE's full webhook URL,
 * connect, sync now, disconnect. Straight to the API, never queued: the user waits for the
 * service's verdict on the credentials, and the API keeps them (never this browser).
 */
import type { Integration } from '../../lib/api/schemas';
import { readApiConfig } from '../../lib/api/settings';
import type { Handlers } from '../../lib/messages/background';
import type { ConnectionStatus } from '../../lib/messages/protocol';
import type { Core } from './context';

type ConnectionHandlers = Pick<Handlers, 'listIntegrations' | 'connectIntegration' | 'disconnectIntegration' | 'syncIntegration' | 'connectAccount'>;

/** Adds the webhook URL a person pastes into the LINE Developers console. */
export async function withWebhookUrl(integration: Integration): Promise<ConnectionStatus> {
  if (!integration.webhookPath) return integration;
  const config = await readApiConfig();
  return config ? { ...integration, webhookUrl: `${config.baseUrl}${integration.webhookPath}` } : integration;
}

export function connectionHandlers(core: () => Promise<Core>): ConnectionHandlers {
  return {
    async listIntegrations({ accountId }) {
      const items = await (await core()).api.integrations(accountId);
      return Promise.all(items.map(withWebhookUrl));
    },
    async connectIntegration({ accountId, provider, credentials }) {
      const c = await core();
      const connected = await withWebhookUrl(await c.api.connectIntegration(accountId, provider, credentials));
      // The catalog's availability follows connections: let the editor learn it.
      void refreshCatalog(c, accountId);
      return connected;
    },
    async disconnectIntegration({ accountId, provider }) {
      const c = await core();
      await c.api.disconnectIntegration(accountId, provider);
      void refreshCatalog(c, accountId);
      return { ok: true as const };
    },
    async connectAccount({ accountId, channelSecret, channelAccessToken }) {
      const c = await core();
      const account = await c.api.connectAccount({ channelSecret, channelAccessToken, accountId });
      // The account list (roles, the popup's accounts) learns of it now rather than at its next refresh.
      try {
        await c.cache.setAccounts(await c.api.accounts());
      } catch { /* the next read refreshes it */ }
      return account;
    },
    async syncIntegration({ accountId, provider }) {
      return withWebhookUrl(await (await core()).api.syncIntegration(accountId, provider));
    },
  };
}

async function refreshCatalog(c: Core, accountId: string) {
  try {
    const data = await c.api.catalog(accountId);
    const at = new Date().toISOString();
    await c.cache.setCatalog(accountId, data, at);
    c.hub.emit({ type: 'fresh.catalog', accountId, data });
  } catch { /* the next read refreshes it */ }
}
