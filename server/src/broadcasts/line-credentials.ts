/**
 * The account's LINE channel access token, from the integrations' credential store
 * (PUT …/integrations/line). Null when LINE is not connected; an ApiError the user can act on when
 * the stored credentials cannot be read (LUMO_SECRET_KEY changed).
 */
import type { AppDeps } from '../http/context';
import { ApiError } from '../http/errors';
import { lineCredentials } from '../integrations/index';
import { SecretUnreadable } from '../integrations/secrets';

export async function lineChannelAccessToken(deps: AppDeps, accountId: string): Promise<string | null> {
  try {
    return (await lineCredentials(deps, accountId))?.channelAccessToken ?? null;
  } catch (e) {
    if (e instanceof SecretUnreadable) throw new ApiError(409, 'line_credentials_unreadable', `LINE's credentials cannot be used: ${e.message}`);
    throw e;
  }
}
