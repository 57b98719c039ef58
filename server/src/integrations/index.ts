/**
 * What the rest of the server uses from the integrations:
 *
 *   lineCredentials(deps, accountId)    the account's LINE channel secret and access token
 *                                       (decrypted, in memory), or null when LINE is not connected —
 *                                       for the broadcasts' LINE client
 *   lineClientFor(deps, accountId)      a ready @line/bot-sdk client set for the account, or null
 *   connectedProviders(deps, accountId) the services connected now (the catalog's availability)
 *   integrationCatalog(deps, accountId) what the synced data offers the catalog (./catalog.ts)
 */
import type { AppDeps } from '../http/context';
import { getIntegration } from './repository';
import { openCredentials } from './credentials';
import { lineClients, type LineClients, type LineCredentials } from './line/client';

export { connectedProviders } from './service';
export { integrationCatalog, applyIntegrationCatalog, type IntegrationCatalog } from './catalog';
export type { Provider } from './errors';

export async function lineCredentials(deps: AppDeps, accountId: string): Promise<LineCredentials | null> {
  const row = await getIntegration(deps.store.db, accountId, 'line');
  return row ? openCredentials(deps.config.secretKey, accountId, 'line', row.credentials) : null;
}

export async function lineClientFor(deps: AppDeps, accountId: string): Promise<LineClients | null> {
  const creds = await lineCredentials(deps, accountId);
  return creds ? lineClients(creds, deps.config.vendors) : null;
}
