// @vitest-environment node
/**
 * The background's "connectAccount" (issue 13): the page's account id goes with the channel's
 * credentials to POST /v1/accounts/connect, once (never retried); the account list learns of the
 * new account at once; the API's refusal reaches the panel with its status, code and issues.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { dispatch, PROTOCOL, type MessageType, type RequestOf } from '../../../lib/messages';
import type { BackgroundService } from '../../../entrypoints/background/service';
import { FakeApi } from './fake-api';
import { configure, fastOptions, freshDbName, freshServiceModule } from './harness';

const SECRET = '0123456789abcdef0123456789abcdef';
const CAFE = { id: '@cafe', name: 'Cafe Hoshi', timezone: 'Asia/Tokyo', role: 'admin' };
let api: FakeApi;
let service: BackgroundService;

async function ask<T extends MessageType>(type: T, payload: RequestOf<T>) {
  return dispatch(service.handlers, { protocol: PROTOCOL, type, payload });
}

beforeEach(async () => {
  fakeBrowser.reset();
  api = await new FakeApi().start();
  await configure(api);
  vi.resetModules();
  const { createBackgroundService } = await freshServiceModule();
  service = createBackgroundService(fastOptions(freshDbName()));
  await service.start();
});
afterEach(async () => {
  await service.dispose();
  await api.stop();
});

it('sends the page\'s account with the channel, once, and the account list learns of it', async () => {
  let known = false;
  api.route('GET /v1/accounts', () => ({ body: { items: known ? [CAFE] : [] } }))
    .route('POST /v1/accounts/connect', () => { known = true; return { status: 201, body: CAFE }; });
  expect((await ask('listAccounts', {}))).toMatchObject({ ok: true, data: { data: [] } });

  const r = await ask('connectAccount', { accountId: '@cafe', channelSecret: SECRET, channelAccessToken: 'tok' });
  expect(r).toEqual({ ok: true, data: CAFE });
  expect(api.calls('POST /v1/accounts/connect').map((c) => c.body)).toEqual([{ accountId: '@cafe', channelSecret: SECRET, channelAccessToken: 'tok' }]);
  const accounts = await ask('listAccounts', {});
  expect(accounts).toMatchObject({ ok: true, data: { data: [CAFE] } });
});

it('passes the API\'s refusal on with its status and code, and does not send it again', async () => {
  api.route('POST /v1/accounts/connect', { status: 403, body: { error: { code: 'not_a_member', message: 'The account @cafe is already in Lumo and you are not one of its members.' } } });
  const r = await ask('connectAccount', { accountId: '@cafe', channelSecret: SECRET, channelAccessToken: 'tok' });
  expect(r).toMatchObject({ ok: false, error: { status: 403, code: 'not_a_member' } });
  expect(api.calls('POST /v1/accounts/connect')).toHaveLength(1);
});
