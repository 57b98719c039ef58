/** What the background's handlers share, built once per worker start (service.ts). */
import type { ApiClient } from '../../lib/api/client';
import type { Cache } from '../../lib/cache/store';
import type { LumoDb } from '../../lib/cache/db';
import type { Swr } from '../../lib/cache/swr';
import type { EventHub } from '../../lib/messages/background';
import type { Outbox } from '../../lib/outbox/outbox';
import type { PreviewWatcher } from './previews';
import type { Views } from './views';

export interface Core {
  db: LumoDb;
  api: ApiClient;
  cache: Cache;
  swr: Swr;
  outbox: Outbox;
  previews: PreviewWatcher;
  hub: EventHub;
  views: Views;
}
