/**
 * Each service's credentials as stored (encrypted, bound to the account and the service) and as
 * used (decrypted in memory right before a vendor call). `secretsOf` lists the strings that must
 * never appear in a log line, an error message or an answer.
 */
import { decryptSecret, encryptSecret } from './secrets';
import type { Provider } from './errors';
import type { LineCredentials } from './line/client';
import type { ShopifyCredentials } from './shopify/client';
import type { HubspotCredentials } from './hubspot/client';
import type { KlaviyoCredentials } from './klaviyo/client';

export interface CredentialsOf {
  line: LineCredentials;
  shopify: ShopifyCredentials;
  hubspot: HubspotCredentials;
  klaviyo: KlaviyoCredentials;
}
export type AnyCredentials = CredentialsOf[Provider];

const context = (accountId: string, provider: Provider) => `lumo-integration\n${accountId}\n${provider}`;

export function sealCredentials<P extends Provider>(key: Buffer, accountId: string, provider: P, creds: CredentialsOf[P]): string {
  return encryptSecret(key, JSON.stringify(creds), context(accountId, provider));
}

export function openCredentials<P extends Provider>(key: Buffer, accountId: string, provider: P, stored: string): CredentialsOf[P] {
  return JSON.parse(decryptSecret(key, stored, context(accountId, provider))) as CredentialsOf[P];
}

export function secretsOf(creds: AnyCredentials): string[] {
  const c = creds as Partial<LineCredentials & ShopifyCredentials & HubspotCredentials & KlaviyoCredentials>;
  return [c.channelSecret, c.channelAccessToken, c.accessToken, c.apiKey].filter((s): s is string => typeof s === 'string' && s.length > 0);
}
