/**
 * Connecting an account by its LINE channel from the manager page (issue 13): the page says which
 * account it means, and a channel of another account is refused with nothing created; only a
 * signed-in member may connect.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { startFakeLine, type FakeLine } from '../../../test/fakes/line';
import { CHANNEL_SECRET } from '../../integrations/testing';
import { findAccount } from '../../repositories/accounts';

forEachStore('connecting the page\'s account', (ctx) => {
  const t = useTestApp(ctx);
  let line: FakeLine;
  const basicId = `@page_${randomUUID().slice(0, 8)}`;
  beforeAll(async () => {
    line = await startFakeLine({ basicId, botDisplayName: 'Page Cafe' });
    Object.assign(t.deps.config.vendors, { lineApiUrl: line.url, lineDataApiUrl: line.dataUrl });
  });
  afterAll(async () => { await line?.close(); });
  // A member of some other account: the kind of person who connects a second one.
  const member = async () => t.member([{ id: (await t.account()).id, role: 'operator' }]);
  const body = () => ({ channelSecret: CHANNEL_SECRET, channelAccessToken: line.channelAccessToken });

  it('refuses a channel of another account than the page\'s, naming the token field, and creates nothing', async () => {
    const m = await member();
    const r = await t.json('POST', '/v1/accounts/connect', { token: m.token, json: { ...body(), accountId: '@someone_else' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('wrong_line_account');
    expect(r.body.error.issues).toEqual([{ path: 'channelAccessToken', message: `Belongs to ${basicId}.` }]);
    expect(await findAccount(ctx.store.db, basicId)).toBeUndefined();
    expect((await t.json('GET', '/v1/me', { token: m.token })).body.accounts).toHaveLength(1);
  });

  it('connects when the channel is the page\'s account', async () => {
    const m = await member();
    const r = await t.json('POST', '/v1/accounts/connect', { token: m.token, json: { ...body(), accountId: basicId } });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ id: basicId, name: 'Page Cafe', timezone: 'Asia/Tokyo', role: 'admin' });
    const segments = await t.json('GET', `/v1/accounts/${basicId}/segments`, { token: m.token });
    expect(segments.body.items).toEqual([]);
  });

  it('answers a script token 403 forbidden, telling it to sign in as a member', async () => {
    const { token } = await t.account();
    const r = await t.json('POST', '/v1/accounts/connect', { token, json: { ...body(), accountId: basicId } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect(r.body.error.message).toMatch(/signed-in member/);
  });

  it('names the accountId field when it is not an account id', async () => {
    const m = await member();
    const r = await t.json('POST', '/v1/accounts/connect', { token: m.token, json: { ...body(), accountId: 'no-at-sign' } });
    expect(r.status).toBe(400);
    expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(['accountId']);
  });
});
