/**
 * LUMO_DEMO=1: a demo account, "@lumo-demo", with ~20,000 realistic friends, the services'
 * lists and property definitions, and a folder of sample segments — so a newcomer sees real
 * counts at once. Seeded once: a later start finds the account and leaves it as it is.
 * The account token for the extension is minted on the first seed and kept in the data folder
 * (`demo-token`, mode 0600), so the extension stays configured across restarts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN_ACTOR, type Actor, type AppDeps } from '../http/context';
import { createInvite } from '../services/people';
import { membersOfAccount } from '../repositories/people';
import { findAccount, insertAccount } from '../repositories/accounts';
import { analyzeFriendTables, countFriends, upsertFriends } from '../repositories/friends';
import { listSegments } from '../repositories/segments';
import { mintAccountToken } from '../services/accounts';
import { createFolder } from '../services/folders';
import { createSegment } from '../services/segments';

import { tagNamed } from '../repositories/tags';
import { seedIntegrationDemo } from '../integrations/demo';
import { DEMO_FRIEND_COUNT, demoFriends } from './generate';
import type { Definition } from '../../../lib/segment/schema';
import { REPEAT_BUYERS_OR_CUSTOMERS } from '../../../lib/segment/examples';

export const DEMO_ACCOUNT_ID = '@lumo-demo';
export const DEMO_ACCOUNT_NAME = 'Demo store (sample data)';

export const DEMO_ADMIN_EMAIL = 'admin@lumo-demo.example';
/** The demo seed saves its sample segments as the server itself. */
const DEMO_ACTOR: Actor = { type: 'admin', id: 'admin', name: 'Demo data' };

export interface DemoInfo {
  accountId: string; token: string; friends: number; seededNow: boolean; ms: number;
  /** While the demo account has no members: a fresh one-time invite for its first admin (24 h). */
  firstAdminInvite: { email: string; code: string; expiresAt: string } | null;
}

export async function seedDemo(deps: AppDeps, opts: { count?: number } = {}): Promise<DemoInfo> {
  const count = opts.count ?? DEMO_FRIEND_COUNT;
  const started = performance.now();
  const { store, clock } = deps;
  let seededNow = false;
  const existing = await findAccount(store.db, DEMO_ACCOUNT_ID);
  // A seed cut short (the process stopped mid-way) is completed: the data is deterministic.
  if (!existing || await countFriends(store.db, DEMO_ACCOUNT_ID) < count) {
    seededNow = true;
    const now = existing?.createdAt ?? clock.now();
    if (!existing) await insertAccount(store.db, { id: DEMO_ACCOUNT_ID, name: DEMO_ACCOUNT_NAME, timezone: 'Asia/Tokyo', createdAt: now });
    const friends = demoFriends(now, count);
    for (let i = 0; i < friends.length; i += 2000) {
      await upsertFriends(store, DEMO_ACCOUNT_ID, friends.slice(i, i + 2000), { now });
    }
    await seedIntegrationDemo(deps, DEMO_ACCOUNT_ID);
    await analyzeFriendTables(store);
    if ((await listSegments(store.db, DEMO_ACCOUNT_ID)).length === 0) await sampleSegments(deps);
  }
  return {
    accountId: DEMO_ACCOUNT_ID, token: await demoToken(deps), friends: await countFriends(store.db, DEMO_ACCOUNT_ID),
    seededNow, ms: Math.round(performance.now() - started), firstAdminInvite: await firstAdminInvite(deps),
  };
}

/** A newcomer can try signing in: until someone has joined the demo account, each start mints an invite for its admin. */
async function firstAdminInvite(deps: AppDeps): Promise<DemoInfo['firstAdminInvite']> {
  if ((await membersOfAccount(deps.store.db, DEMO_ACCOUNT_ID)).length > 0) return null;
  const caller = { kind: 'admin' as const, actor: ADMIN_ACTOR, role: null };
  const invite = await createInvite(deps, caller, { email: DEMO_ADMIN_EMAIL, accounts: [{ id: DEMO_ACCOUNT_ID, role: 'admin' }] });
  return { email: DEMO_ADMIN_EMAIL, ...invite };
}

async function demoToken(deps: AppDeps): Promise<string> {
  const file = join(deps.config.dataDir, 'demo-token');
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return token;
  }
  const token = await mintAccountToken(deps, DEMO_ACCOUNT_ID);
  mkdirSync(deps.config.dataDir, { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  return token;
}

async function sampleSegments(deps: AppDeps): Promise<void> {
  const folder = await createFolder(deps, DEMO_ACCOUNT_ID, 'Sample segments', DEMO_ACTOR);
  const tag = async (name: string) => (await tagNamed(deps.store.db, DEMO_ACCOUNT_ID, name))?.id;
  const vip = await tag('VIP');
  const samples: { name: string; definition: Definition }[] = [
    { name: 'Repeat buyers', definition: REPEAT_BUYERS_OR_CUSTOMERS },
    { name: 'New friends this week', definition: { groups: [{ conditions: [{ property: 'line.friend_added_at', operator: 'within_last_days', value: 7 }] }] } },
    { name: 'Abandoned carts, bought within 90 days', definition: { groups: [{ conditions: [
      { property: 'shopify.abandoned_cart', operator: 'is_true' }, { property: 'shopify.days_since_last_purchase', operator: 'lte', value: 90 },
    ] }] } },
  ];
  if (vip) samples.push({ name: 'VIP', definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [vip] }] }] } });
  for (const s of samples) await createSegment(deps, DEMO_ACCOUNT_ID, { ...s, folderId: folder.id }, DEMO_ACTOR);
}
