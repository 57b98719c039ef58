/**
 * The activity log: every change, with who made it, written in the same transaction as the change
 * (a change that fails leaves no entry; an entry that cannot be written undoes the change), read
 * newest first, page by page. Also: connecting an account by its LINE channel, and a revocation
 * seen at once by a second server instance over the same database.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { startFakeLine, type FakeLine } from '../../../test/fakes/line';
import { CHANNEL_SECRET } from '../../integrations/testing';
import { openStore } from '../../store/db';
import { createApp } from '../../app';

const DEFINITION = { groups: [{ conditions: [{ property: 'line.friend_added_at', operator: 'within_last_days', value: 7 }] }] };

forEachStore('activity', (ctx) => {
  const t = useTestApp(ctx);
  const activity = async (base: string, token?: string) => (await t.json('GET', `${base}/activity?limit=200`, { token })).body.items as any[];

  it('records each change with who made it, newest first', async () => {
    const a = await t.account();
    const m = await t.member([{ id: a.id, role: 'operator' }], { name: 'Hana' });
    const auth = { token: m.token };
    const folder = await t.json('POST', `${a.base}/folders`, { ...auth, json: { name: 'Campaigns' } });
    await t.json('PATCH', `${a.base}/folders/${folder.body.id}`, { ...auth, json: { name: 'Spring' } });
    const tag = await t.json('POST', `${a.base}/tags`, { ...auth, json: { name: 'VIP' } });
    await t.json('PATCH', `${a.base}/tags/${tag.body.id}`, { ...auth, json: { name: 'VIP+' } });
    t.clock.advance(1);
    const seg = await t.json('POST', `${a.base}/segments`, { ...auth, json: { name: 'New', folderId: folder.body.id, definition: DEFINITION } });
    t.clock.advance(1);
    await t.json('PATCH', `${a.base}/segments/${seg.body.id}`, { ...auth, json: { name: 'Newest' }, headers: { 'if-match': '1' } });
    t.clock.advance(1);
    await t.json('DELETE', `${a.base}/segments/${seg.body.id}`, { ...auth, headers: { 'if-match': '2' } });
    t.clock.advance(1);
    await t.json('DELETE', `${a.base}/tags/${tag.body.id}`, { ...auth });
    t.clock.advance(1);
    await t.json('DELETE', `${a.base}/folders/${folder.body.id}`, { ...auth });
    const tokenMade = await t.json('POST', `${a.base}/tokens`, { json: { role: 'operator', name: 'Importer' } });

    const items = await activity(a.base, m.token);
    expect(items.map((e) => e.action)).toEqual([
      'token.create', 'folder.delete', 'tag.delete', 'segment.delete', 'segment.update', 'segment.create',
      'tag.update', 'tag.create', 'folder.update', 'folder.create', 'member.join', 'invite.create',
    ]);
    const hana = { type: 'member', id: m.memberId, name: 'Hana' };
    expect(items[0]).toEqual({ at: expect.any(String), actor: { type: 'admin', id: 'admin', name: 'Admin token' }, action: 'token.create', target: { type: 'token', id: tokenMade.body.id, name: 'Importer' }, details: { role: 'operator' } });
    expect(items[4]).toEqual({ at: expect.any(String), actor: hana, action: 'segment.update', target: { type: 'segment', id: seg.body.id, name: 'Newest' }, details: { version: 2, changed: ['name'], previousName: 'New' } });
    expect(items[6]).toMatchObject({ actor: hana, target: { type: 'tag', name: 'VIP+' }, details: { previousName: 'VIP' } });
    expect(JSON.stringify(items)).not.toContain(tokenMade.body.token);
  });

  it('pages with limit and cursor, and refuses a cursor it did not give', async () => {
    const a = await t.account();
    for (let i = 0; i < 5; i++) { await t.json('POST', `${a.base}/tags`, { json: { name: `T${i}` } }); }
    const first = await t.json('GET', `${a.base}/activity?limit=2`);
    expect(first.body.items.map((e: any) => e.target.name)).toEqual(['T4', 'T3']);
    const second = await t.json('GET', `${a.base}/activity?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((e: any) => e.target.name)).toEqual(['T2', 'T1']);
    const third = await t.json('GET', `${a.base}/activity?limit=2&cursor=${second.body.nextCursor}`);
    expect(third.body.items.map((e: any) => e.target.name)).toEqual(['T0']);
    expect(third.body.nextCursor).toBeUndefined();
    const bad = await t.json('GET', `${a.base}/activity?cursor=garbage`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('cursor');
    expect((await t.json('GET', `${a.base}/activity?limit=0`)).body.error.issues[0].path).toBe('limit');
  });

  describe('atomic with the change', () => {
    it('a change that fails leaves no entry', async () => {
      const a = await t.account();
      const seg = await t.json('POST', `${a.base}/segments`, { json: { name: 'S', folderId: null, definition: DEFINITION } });
      await t.json('POST', `${a.base}/tags`, { json: { name: 'Dup' } });
      const before = await activity(a.base);
      expect((await t.json('PATCH', `${a.base}/segments/${seg.body.id}`, { json: { name: 'Stale' }, headers: { 'if-match': '7' } })).status).toBe(412);
      expect((await t.json('POST', `${a.base}/tags`, { json: { name: 'Dup' } })).status).toBe(409);
      expect((await t.json('DELETE', `${a.base}/folders/fld_nope`)).status).toBe(404);
      expect(await activity(a.base)).toEqual(before);
    });

    it('an entry that cannot be written undoes the change', async () => {
      const a = await t.account();
      const seg = await t.json('POST', `${a.base}/segments`, { json: { name: 'Kept', folderId: null, definition: DEFINITION } });
      await sql`alter table activity rename to activity_away`.execute(ctx.store.db);
      try {
        expect((await t.json('POST', `${a.base}/tags`, { json: { name: 'Lost' } })).status).toBe(500);
        expect((await t.json('PATCH', `${a.base}/segments/${seg.body.id}`, { json: { name: 'Renamed' }, headers: { 'if-match': '1' } })).status).toBe(500);
        expect((await t.json('POST', `${a.base}/folders`, { json: { name: 'Lost' } })).status).toBe(500);
      } finally {
        await sql`alter table activity_away rename to activity`.execute(ctx.store.db);
      }
      expect((await t.json('GET', `${a.base}/tags`)).body.items).toEqual([]);
      expect((await t.json('GET', `${a.base}/folders`)).body.items).toEqual([]);
      expect((await t.json('GET', `${a.base}/segments/${seg.body.id}`)).body).toMatchObject({ name: 'Kept', version: 1 });
    });
  });

  describe('a second server instance over the same database', () => {
    let second: { app: ReturnType<typeof createApp>['app']; close(): Promise<void> };
    beforeAll(async () => {
      const store = await openStore(ctx.url);
      second = { app: createApp({ ...t.deps, store }).app, close: () => store.close() };
    });
    afterAll(async () => { await second?.close(); });
    const onSecond = async (path: string, token: string) => (await second.app.request(path, { headers: { authorization: `Bearer ${token}` } })).status;

    it('sees a revoked script token, a signed-out session and a removed member at once', async () => {
      const a = await t.account();
      const made = await t.json('POST', `${a.base}/tokens`, { json: { role: 'operator' } });
      const m = await t.member([{ id: a.id, role: 'operator' }]);
      const m2 = await t.member([{ id: a.id, role: 'operator' }]);
      for (const token of [made.body.token, m.token, m2.token]) expect(await onSecond(`${a.base}/segments`, token)).toBe(200);

      await t.json('DELETE', `${a.base}/tokens/${made.body.id}`);
      await t.json('DELETE', '/v1/sessions/current', { token: m.token });
      await t.json('DELETE', `${a.base}/members/${m2.memberId}`);

      expect(await onSecond(`${a.base}/segments`, made.body.token)).toBe(401);
      expect(await onSecond(`${a.base}/segments`, m.token)).toBe(401);
      expect(await onSecond(`${a.base}/segments`, m2.token)).toBe(404);
    });
  });

  describe('connecting an account by its LINE channel', () => {
    let line: FakeLine;
    const basicId = `@conn_${randomUUID().slice(0, 8)}`;
    beforeAll(async () => {
      line = await startFakeLine({ basicId, botDisplayName: 'Cafe Hoshi' });
      Object.assign(t.deps.config.vendors, { lineApiUrl: line.url, lineDataApiUrl: line.dataUrl });
    });
    afterAll(async () => { await line?.close(); });

    it('creates the account named by LINE with LINE connected and the caller as admin; another person gets 403 not_a_member', async () => {
      const other = await t.account();
      const m = await t.member([{ id: other.id, role: 'operator' }], { name: 'Ken' });
      const body = { channelSecret: CHANNEL_SECRET, channelAccessToken: line.channelAccessToken };
      const made = await t.json('POST', '/v1/accounts/connect', { token: m.token, json: { ...body, timezone: 'Europe/London' } });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({ id: basicId, name: 'Cafe Hoshi', timezone: 'Europe/London', role: 'admin' });
      const integ = await t.json('GET', `/v1/accounts/${basicId}/integrations/line`, { token: m.token });
      expect(integ.body).toMatchObject({ connected: true, settings: { basicId } });
      const log = await activity(`/v1/accounts/${basicId}`, m.token);
      expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['account.create', 'integration.connect']));
      expect(JSON.stringify(log)).not.toContain(line.channelAccessToken);

      expect((await t.json('POST', '/v1/accounts/connect', { token: m.token, json: body })).status).toBe(200);
      const stranger = await t.member([{ id: other.id, role: 'admin' }]);
      const refused = await t.json('POST', '/v1/accounts/connect', { token: stranger.token, json: body });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('not_a_member');
      expect((await t.json('POST', '/v1/accounts/connect', { token: other.token, json: body })).status).toBe(403);
    });

    it('refuses credentials LINE refuses, naming the field, and creates nothing', async () => {
      const m = await t.member([{ id: (await t.account()).id, role: 'operator' }]);
      const r = await t.json('POST', '/v1/accounts/connect', { token: m.token, json: { channelSecret: CHANNEL_SECRET, channelAccessToken: 'not-the-token-at-all' } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues[0].path).toBe('channelAccessToken');
      expect((await t.json('GET', '/v1/me', { token: m.token })).body.accounts).toHaveLength(1);
      const bad = await t.json('POST', '/v1/accounts/connect', { token: m.token, json: { channelSecret: 'short', channelAccessToken: '' } });
      expect(bad.body.error.issues.map((i: any) => i.path).sort()).toEqual(['channelAccessToken', 'channelSecret']);
    });
  });
});
