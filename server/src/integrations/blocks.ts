/**
 * The last step of a service sync: the friends linked by this run get their block, and friends
 * who held one but are no longer linked (record deleted, link field cleared) lose it — in one
 * transaction of the friends repository, so a segment never sees half of a sync.
 */
import type { AppDeps } from '../http/context';
import { setServiceBlocks, type ServiceData, type ShopifyData } from '../repositories/friends';
import { integratedFriends } from './repository';

export async function replaceBlocks(deps: AppDeps, accountId: string, provider: 'shopify', linked: Map<string, ShopifyData>): Promise<void>;
export async function replaceBlocks(deps: AppDeps, accountId: string, provider: 'hubspot' | 'klaviyo', linked: Map<string, ServiceData>): Promise<void>;
export async function replaceBlocks(deps: AppDeps, accountId: string, provider: 'shopify' | 'hubspot' | 'klaviyo', linked: Map<string, ShopifyData | ServiceData>): Promise<void> {
  const before = await integratedFriends(deps.store.db, accountId, provider);
  const entries: { lineUserId: string; block: ShopifyData | ServiceData | null }[] = [...linked].map(([lineUserId, block]) => ({ lineUserId, block }));
  for (const id of before) if (!linked.has(id)) entries.push({ lineUserId: id, block: null });
  await setServiceBlocks(deps.store, accountId, provider, entries);
}
