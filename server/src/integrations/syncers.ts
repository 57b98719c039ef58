/** The sync of each service. */
import type { Provider } from './errors';
import type { Syncer } from './sync';
import { lineSyncer } from './line/sync';
import { shopifySyncer } from './shopify/sync';
import { hubspotSyncer } from './hubspot/sync';
import { klaviyoSyncer } from './klaviyo/sync';

export const SYNCERS: { [P in Provider]: Syncer<P> } = {
  line: lineSyncer,
  shopify: shopifySyncer,
  hubspot: hubspotSyncer,
  klaviyo: klaviyoSyncer,
};
