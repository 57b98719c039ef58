/**
 * The LINE Messaging API through @line/bot-sdk. Version 11.0.2 is the newest that runs on Node 20
 * (11.1+ requires Node 22); its clients take `baseURL`, which LUMO_LINE_API_URL and
 * LUMO_LINE_DATA_API_URL set (tests point them at server/test/fakes/line).
 */
import { HTTPFetchError, manageAudience, messagingApi } from '@line/bot-sdk';
import { networkFailure, VendorError, vendorError } from '../errors';
import type { VendorUrls } from '../vendors';

export interface LineCredentials { channelSecret: string; channelAccessToken: string }

export interface LineClients {
  messaging: messagingApi.MessagingApiClient;
  blob: messagingApi.MessagingApiBlobClient;
  audience: manageAudience.ManageAudienceClient;
  audienceBlob: manageAudience.ManageAudienceBlobClient;
  /** Runs an SDK call, turning its failure into a scrubbed VendorError. */
  call<T>(fn: (c: LineClients) => Promise<T>): Promise<T>;
}

export function lineClients(creds: Pick<LineCredentials, 'channelAccessToken'> & Partial<LineCredentials>, vendors: Pick<VendorUrls, 'lineApiUrl' | 'lineDataApiUrl'>): LineClients {
  const token = creds.channelAccessToken;
  const secrets = [token, creds.channelSecret ?? ''];
  const clients: LineClients = {
    messaging: new messagingApi.MessagingApiClient({ channelAccessToken: token, baseURL: vendors.lineApiUrl }),
    blob: new messagingApi.MessagingApiBlobClient({ channelAccessToken: token, baseURL: vendors.lineDataApiUrl }),
    audience: new manageAudience.ManageAudienceClient({ channelAccessToken: token, baseURL: vendors.lineApiUrl }),
    audienceBlob: new manageAudience.ManageAudienceBlobClient({ channelAccessToken: token, baseURL: vendors.lineDataApiUrl }),
    async call(fn) {
      try {
        return await fn(clients);
      } catch (e) {
        throw lineError(e, secrets);
      }
    },
  };
  return clients;
}

/** LINE's failure as a VendorError (status, LINE's message, Retry-After when LINE sends one). */
export function lineError(e: unknown, secrets: readonly string[]): VendorError {
  if (e instanceof VendorError) return e;
  if (e instanceof HTTPFetchError) {
    return vendorError('line', { status: e.status, body: e.body, retryAfter: e.headers?.get?.('retry-after') ?? null }, secrets);
  }
  if (e instanceof SyntaxError) return vendorError('line', { status: null, body: null }, secrets, 'bad_response');
  return vendorError('line', { status: null, network: networkFailure(e) }, secrets);
}
