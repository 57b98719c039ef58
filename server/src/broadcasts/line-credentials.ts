/**
 * The account's LINE channel access token, from the integrations' credential store
 * (PUT …/integrations/line). Null when LINE is not connected.
 */
import type { AppDeps } from '../http/context';

export async function lineChannelAccessToken(_deps: AppDeps, _accountId: string): Promise<string | null> {
  // Wired to server/src/integrations once its credential store lands.
  return null;
}
