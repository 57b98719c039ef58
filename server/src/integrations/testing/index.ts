/**
 * Builders for the integration tests: LINE user ids, friends, and the fake services wired to a
 * test app (its vendor URLs pointed at them, the credentials connected through the real route).
 */
import { expect } from 'vitest';
import type { TestApp } from '../../../test/app';
import { upsertFriends } from '../../repositories/friends';
import { startFakeLine, type FakeLine, type FakeLineOptions } from '../../../test/fakes/line';
import { startFakeShopify, type FakeShopify, type FakeShopifyOptions } from '../../../test/fakes/shopify';
import { startFakeHubspot, type FakeHubspot, type FakeHubspotOptions } from '../../../test/fakes/hubspot';
import { startFakeKlaviyo, type FakeKlaviyo, type FakeKlaviyoOptions } from '../../../test/fakes/klaviyo';

export const CHANNEL_SECRET = '0123456789abcdef0123456789abcdef';

/** The n-th test LINE user id ("U" + 32 hex). */
export const uid = (n: number) => `U${n.toString(16).padStart(32, '0')}`;

export async function addFriends(t: TestApp, accountId: string, ids: string[], opts: { addedAt?: number } = {}): Promise<void> {
  await upsertFriends(t.deps.store, accountId, ids.map((id, i) => ({
    lineUserId: id, displayName: `Friend ${i}`, addedAt: opts.addedAt ?? Date.parse('2026-01-01T00:00:00Z') + i * 60_000,
  })), { now: t.clock.now() });
}

export async function connectLine(t: TestApp, account: { id: string; base: string; token: string }, opts: FakeLineOptions = {}): Promise<FakeLine> {
  const fake = await startFakeLine({ basicId: account.id, ...opts });
  Object.assign(t.deps.config.vendors, { lineApiUrl: fake.url, lineDataApiUrl: fake.dataUrl });
  const res = await t.json('PUT', `${account.base}/integrations/line`, { token: account.token, json: { channelSecret: CHANNEL_SECRET, channelAccessToken: fake.channelAccessToken } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return fake;
}

export async function connectShopify(t: TestApp, account: { base: string; token: string }, opts: FakeShopifyOptions = {}, linkField?: string): Promise<FakeShopify> {
  const fake = await startFakeShopify(opts);
  Object.assign(t.deps.config.vendors, { shopifyApiUrl: fake.url });
  const res = await t.json('PUT', `${account.base}/integrations/shopify`, { token: account.token, json: { shop: fake.shop, accessToken: fake.accessToken, ...(linkField ? { linkField } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return fake;
}

export async function connectHubspot(t: TestApp, account: { base: string; token: string }, opts: FakeHubspotOptions = {}): Promise<FakeHubspot> {
  const fake = await startFakeHubspot(opts);
  Object.assign(t.deps.config.vendors, { hubspotApiUrl: fake.url });
  const res = await t.json('PUT', `${account.base}/integrations/hubspot`, { token: account.token, json: { accessToken: fake.accessToken } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return fake;
}

export async function connectKlaviyo(t: TestApp, account: { base: string; token: string }, opts: FakeKlaviyoOptions = {}, linkField?: string): Promise<FakeKlaviyo> {
  const fake = await startFakeKlaviyo(opts);
  Object.assign(t.deps.config.vendors, { klaviyoApiUrl: fake.url });
  const res = await t.json('PUT', `${account.base}/integrations/klaviyo`, { token: account.token, json: { apiKey: fake.apiKey, ...(linkField ? { linkField } : {}) } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return fake;
}
