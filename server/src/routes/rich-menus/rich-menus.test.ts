import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp, type TestApp } from '../../../test/app';
import { connectLine } from '../../integrations/testing';
import { fakePng, type FakeRichMenus } from '../../../test/fakes/line/rich-menu-fake';
import type { FakeLine } from '../../../test/fakes/line';
import { addMember, block, seedSegment, sorted, userId } from '../../broadcasts/testing/fixtures';
import { configureRichMenus } from '../../rich-menus/sync';
import { refreshSegmentsOnFriendChanges, REFRESH_DELAY_MS } from '../../services/segment-calculation';
import { ensureTags, upsertFriends } from '../../repositories/friends';
import { templateBounds } from '../../../../lib/rich-menus/layout';

const LARGE = { width: 2500, height: 1686 } as const;
const menuBody = (over: Record<string, unknown> = {}) => ({
  name: 'Winter menu', chatBarText: 'Menu', size: LARGE,
  areas: templateBounds(LARGE, 2).map((bounds, i) => ({ bounds, action: { type: 'uri', uri: `https://shop.example/${i}` } })),
  ...over,
});

interface World { a: { id: string; token: string; base: string }; line: FakeLine; menus: FakeRichMenus }

async function world(t: TestApp): Promise<World> {
  const a = await t.account();
  const line = await connectLine(t, a);
  return { a, line, menus: line.richMenus };
}

async function newMenu(t: TestApp, w: World, over: Record<string, unknown> = {}): Promise<string> {
  const res = await t.json('POST', `${w.a.base}/rich-menus`, { token: w.a.token, json: menuBody(over) });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const img = await t.json('PUT', `${w.a.base}/rich-menus/${res.body.id}/image`, { token: w.a.token, body: new Uint8Array(fakePng(2500, 1686)), headers: { 'content-type': 'image/png' } });
  expect(img.status, JSON.stringify(img.body)).toBe(200);
  return res.body.id as string;
}

/** Runs jobs until none is due, moving the clock past the waits the sync asks for. */
async function settle(t: TestApp): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await t.deps.jobs.drain(t.deps);
    t.clock.advance(REFRESH_DELAY_MS + 1);
  }
  await t.deps.jobs.drain(t.deps);
}

/** A segment "tag contains_any [name]" over the given friends (a tag of its own, unlike seedSegment's shared one). */
async function tagSegment(t: TestApp, accountId: string, name: string, ids: string[]): Promise<{ segmentId: string; tagId: string; members: string[] }> {
  const tagId = (await ensureTags(t.deps.store.db, accountId, [name], t.clock.now())).get(name)!;
  const current = await Promise.all(ids.map((id) => t.json('GET', `/v1/accounts/${accountId}/friends/${id}`)));
  await upsertFriends(t.deps.store, accountId, ids.map((id, i) => ({
    lineUserId: id, displayName: name, addedAt: t.clock.now(),
    tagIds: [...(current[i]!.status === 200 ? current[i]!.body.tags.map((x: { id: string }) => x.id) : []), tagId],
  })), { now: t.clock.now() });
  const res = await t.json('POST', `/v1/accounts/${accountId}/segments`, { json: { name, definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [tagId] }] }] } } });
  expect(res.status).toBe(201);
  return { segmentId: res.body.id, tagId, members: ids };
}

const linkedTo = (w: World, menu: string) => sorted([...w.menus.userMenus].filter(([, m]) => m === menu).map(([u]) => u));

forEachStore('rich menus', (ctx) => {
  const t = useTestApp(ctx);
  let stopRefresh: () => void = () => {};
  beforeAll(() => {
    configureRichMenus(t.deps, { syncDelayMs: 0, verifyDelayMs: 0, rateLimitDelayMs: 0 });
    stopRefresh = refreshSegmentsOnFriendChanges(t.deps);
  });
  afterAll(() => stopRefresh());

  describe('making menus', () => {
    it('creates a menu at LINE with its image and lists it', async () => {
      const w = await world(t);
      const id = await newMenu(t, w, { aliasId: 'winter-a' });
      expect(w.menus.menus.get(id)?.image?.type).toBe('image/png');
      expect(w.menus.aliases.get('winter-a')).toBe(id);
      const list = await t.json('GET', `${w.a.base}/rich-menus`, { token: w.a.token });
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id, name: 'Winter menu', hasImage: true, createdByLumo: true, aliasId: 'winter-a', segmentIds: [] })]);
      const img = await t.request('GET', `${w.a.base}/rich-menus/${id}/image`, { token: w.a.token });
      expect(img.status).toBe(200);
      expect(Buffer.from(await img.arrayBuffer()).readUInt32BE(16)).toBe(2500);
    });

    it('refuses bad menus with the field to fix, and makes nothing at LINE', async () => {
      const w = await world(t);
      const cases: [Record<string, unknown>, string][] = [
        [{ areas: [{ bounds: { x: 0, y: 0, width: 1300, height: 1686 }, action: { type: 'message', text: 'a' } }, { bounds: { x: 1200, y: 0, width: 1300, height: 1686 }, action: { type: 'message', text: 'b' } }] }, 'areas.1.bounds'],
        [{ areas: [{ bounds: { x: 2000, y: 0, width: 1000, height: 843 }, action: { type: 'message', text: 'a' } }] }, 'areas.0.bounds'],
        [{ areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 1686 }, action: { type: 'uri', uri: 'http://shop.example/' } }] }, 'areas.0.action.uri'],
        [{ size: { width: 2500, height: 1000 } }, 'size.height'],
        [{ chatBarText: 'A chat bar text that is too long' }, 'chatBarText'],
      ];
      for (const [over, path] of cases) {
        const res = await t.json('POST', `${w.a.base}/rich-menus`, { token: w.a.token, json: menuBody(over) });
        expect(res.status, path).toBe(400);
        expect(res.body.error.issues.map((i: { path: string }) => i.path), path).toContain(path);
      }
      expect(w.menus.menus.size).toBe(0);
    });

    it('says an alias is taken (409) and leaves no half-made menu at LINE', async () => {
      const w = await world(t);
      await newMenu(t, w, { aliasId: 'taken' });
      const res = await t.json('POST', `${w.a.base}/rich-menus`, { token: w.a.token, json: menuBody({ aliasId: 'taken' }) });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('alias_taken');
      expect(w.menus.menus.size).toBe(1);
    });

    it('checks the image before LINE sees it: type, size in pixels, 1 MB', async () => {
      const w = await world(t);
      const res = await t.json('POST', `${w.a.base}/rich-menus`, { token: w.a.token, json: menuBody() });
      const put = (body: Buffer, type = 'image/png') => t.json('PUT', `${w.a.base}/rich-menus/${res.body.id}/image`, { token: w.a.token, body: new Uint8Array(body), headers: { 'content-type': type } });
      expect((await put(fakePng(2500, 843))).body.error.code).toBe('image_size');
      expect((await put(Buffer.from('GIF89a-not-an-accepted-image'), 'image/png')).body.error.code).toBe('image_type');
      expect((await put(fakePng(2500, 1686), 'image/gif')).status).toBe(400);
      expect((await put(fakePng(2500, 1686, 1024 * 1024 + 1))).status).toBe(413);
      expect(w.menus.menus.get(res.body.id)?.image).toBeNull();
      expect((await put(fakePng(2500, 1686))).status).toBe(200);
    });
  });

  describe('showing a menu to a segment', () => {
    it('links all 1,200 members in calls of at most 500, never the blocked, and reports the status', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const seg = await seedSegment(t.deps, w.a.id, { members: 1200, blocked: 3, outsiders: 5 });
      const put = await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu } });
      expect(put.status, JSON.stringify(put.body)).toBe(202);
      await settle(t);
      expect(linkedTo(w, menu)).toEqual(sorted(seg.members));
      expect(w.menus.calls.link.every((c) => c.userIds.length <= 500)).toBe(true);
      expect(w.menus.calls.link).toHaveLength(3);
      const status = await t.json('GET', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token });
      expect(status.body).toMatchObject({ richMenuId: menu, status: 'in_sync', members: 1200, linked: 1200, pending: 0, failed: 0 });
      const menus = await t.json('GET', `${w.a.base}/rich-menus`, { token: w.a.token });
      expect(menus.body.items[0].segmentIds).toEqual([seg.segmentId]);
    });

    it('follows friends who enter and leave within one recalculation; a friend who blocks is unlinked', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const seg = await tagSegment(t, w.a.id, 'Regulars', Array.from({ length: 20 }, (_, i) => userId(i, 61)));
      await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu } });
      await settle(t);
      expect(linkedTo(w, menu)).toEqual(sorted(seg.members));
      const joiner = userId(9_999, 7);
      await addMember(t.deps, w.a.id, seg.tagId, joiner);
      const leaver = seg.members[0]!;
      await upsertFriends(t.deps.store, w.a.id, [{ lineUserId: leaver, displayName: 'Left', addedAt: t.clock.now(), tagIds: [] }], { now: t.clock.now() });
      const blocker = seg.members[1]!;
      await block(t.deps, w.a.id, blocker);
      await settle(t);
      expect(linkedTo(w, menu)).toEqual(sorted([...seg.members.slice(2), joiner]));
      expect(w.menus.calls.unlink.flat().sort()).toEqual(sorted([leaver, blocker]));
    });

    it('gives a friend in two segments the menu with the higher priority', async () => {
      const w = await world(t);
      const gold = await newMenu(t, w, { name: 'Gold' });
      const basic = await newMenu(t, w, { name: 'Basic' });
      const all = await tagSegment(t, w.a.id, 'All', Array.from({ length: 10 }, (_, i) => userId(i, 41)));
      const vipIds = all.members.slice(0, 4);
      const vip = await tagSegment(t, w.a.id, 'VIP', vipIds);
      await t.json('PUT', `${w.a.base}/segments/${all.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: basic, priority: 1 } });
      await t.json('PUT', `${w.a.base}/segments/${vip.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: gold, priority: 5 } });
      await settle(t);
      expect(linkedTo(w, gold)).toEqual(sorted(vipIds));
      expect(linkedTo(w, basic)).toEqual(sorted(all.members.slice(4)));
      const status = await t.json('GET', `${w.a.base}/segments/${all.segmentId}/rich-menu`, { token: w.a.token });
      expect(status.body).toMatchObject({ members: 10, overridden: 4, linked: 6, pending: 0 });
      // Swap the priorities: the four move to the basic menu.
      await t.json('PUT', `${w.a.base}/segments/${vip.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: gold, priority: 0 } });
      await settle(t);
      expect(linkedTo(w, basic)).toEqual(sorted(all.members));
      expect(linkedTo(w, gold)).toEqual([]);
    });

    it('"Stop showing" unlinks exactly the friends Lumo linked; a menu linked by hand stays', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const seg = await seedSegment(t.deps, w.a.id, { members: 8 });
      const handLinked = userId(5_000, 3);
      w.menus.userMenus.set(handLinked, menu); // linked by another tool, not by Lumo
      await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu } });
      await settle(t);
      const stop = await t.json('DELETE', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token });
      expect(stop.status).toBe(202);
      await settle(t);
      expect(linkedTo(w, menu)).toEqual([handLinked]);
      expect((await t.json('GET', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token })).status).toBe(404);
    });

    it('unlinks a deleted segment\'s friends, and "unlink everything" leaves nothing of Lumo\'s', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const one = await tagSegment(t, w.a.id, 'One', Array.from({ length: 5 }, (_, i) => userId(i, 51)));
      const two = await tagSegment(t, w.a.id, 'Two', Array.from({ length: 6 }, (_, i) => userId(i, 52)));
      for (const s of [one, two]) await t.json('PUT', `${w.a.base}/segments/${s.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu } });
      await settle(t);
      expect(linkedTo(w, menu)).toHaveLength(11);
      const del = await t.request('DELETE', `${w.a.base}/segments/${one.segmentId}`, { token: w.a.token, headers: { 'if-match': '1' } });
      expect(del.status).toBe(204);
      await settle(t);
      expect(linkedTo(w, menu)).toEqual(sorted(two.members));
      const all = await t.json('POST', `${w.a.base}/rich-menus/unlink-all`, { token: w.a.token });
      expect(all.body).toEqual({ assignments: 1 });
      await settle(t);
      expect(linkedTo(w, menu)).toEqual([]);
    });

    it('shows the assignment broken when its menu is deleted', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const seg = await seedSegment(t.deps, w.a.id, { members: 3 });
      await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu } });
      await settle(t);
      expect((await t.request('DELETE', `${w.a.base}/rich-menus/${menu}`, { token: w.a.token })).status).toBe(204);
      const status = await t.json('GET', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token });
      expect(status.body).toMatchObject({ status: 'broken', linked: 0 });
      expect(status.body.error).toMatch(/no longer has this rich menu/);
    });

    it('waits out LINE\'s 429 and resumes after a dropped connection without changing the outcome', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const seg = await seedSegment(t.deps, w.a.id, { members: 1100 });
      w.line.injectFault({ match: (r) => r.path === '/v2/bot/richmenu/bulk/link', times: 1, reply: { status: 429, body: { message: 'The API rate limit has been exceeded. Try again later.' } } });
      let seen = 0;
      w.line.injectFault({ match: (r) => r.path === '/v2/bot/richmenu/bulk/link' && ++seen === 2, times: 1, drop: true });
      await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu } });
      for (let i = 0; i < 5; i++) { await settle(t); t.clock.advance(60_000); }
      expect(linkedTo(w, menu)).toEqual(sorted(seg.members));
      const perUser = new Map<string, number>();
      for (const c of w.menus.calls.link) for (const u of c.userIds) perUser.set(u, (perUser.get(u) ?? 0) + 1);
      expect(Math.max(...perUser.values())).toBeLessThanOrEqual(2);
    });

    it('reads a sample back and reports friends LINE did not link, with the reason', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const seg = await seedSegment(t.deps, w.a.id, { members: 4 });
      w.menus.refuseUsers.add(seg.members[2]!);
      await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu } });
      await settle(t);
      const status = await t.json('GET', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token });
      expect(status.body).toMatchObject({ linked: 3, failed: 1 });
      expect(status.body.failures).toEqual([{ lineUserId: seg.members[2], reason: expect.stringMatching(/did not apply/) }]);
    });

    it('writes who made, showed, stopped and deleted a menu to the activity log', async () => {
      const w = await world(t);
      const menu = await newMenu(t, w);
      const seg = await tagSegment(t, w.a.id, 'Logged', [userId(1, 71)]);
      await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: menu, priority: 2 } });
      await t.json('DELETE', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token });
      await t.request('DELETE', `${w.a.base}/rich-menus/${menu}`, { token: w.a.token });
      const log = await t.json('GET', `${w.a.base}/activity`, { token: w.a.token });
      const ours = log.body.items.filter((e: { action: string }) => e.action.startsWith('rich_menu.'));
      expect(ours.map((e: { action: string }) => e.action)).toEqual(['rich_menu.delete', 'rich_menu.unassign', 'rich_menu.assign', 'rich_menu.create']);
      expect(ours[2]).toMatchObject({ actor: { type: 'token' }, target: { type: 'segment', id: seg.segmentId, name: 'Logged' }, details: { richMenuId: menu, priority: 2 } });
    });

    it('two first assignments of one segment at once both land: one of the menus is shown, and both are in the activity log', async () => {
      const w = await world(t);
      const menus = [await newMenu(t, w, { name: 'Left' }), await newMenu(t, w, { name: 'Right' })];
      const seg = await tagSegment(t, w.a.id, 'Raced', [userId(1, 81), userId(2, 81)]);
      const answers = await Promise.all(menus.map((richMenuId) =>
        t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId } })));
      expect(answers.map((x) => x.status), JSON.stringify(answers.map((x) => x.body))).toEqual([202, 202]);
      const shown = (await t.json('GET', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token })).body.richMenuId;
      expect(menus).toContain(shown);
      await settle(t);
      expect(linkedTo(w, shown)).toEqual(sorted(seg.members));
      expect(linkedTo(w, menus.find((m) => m !== shown)!)).toEqual([]);
      const log = await t.json('GET', `${w.a.base}/activity`, { token: w.a.token });
      expect(log.body.items.filter((e: { action: string }) => e.action === 'rich_menu.assign')).toHaveLength(2);
    });

    it('refuses an unknown menu or segment', async () => {
      const w = await world(t);
      const seg = await seedSegment(t.deps, w.a.id, { members: 1 });
      const res = await t.json('PUT', `${w.a.base}/segments/${seg.segmentId}/rich-menu`, { token: w.a.token, json: { richMenuId: 'richmenu-nope' } });
      expect(res.status).toBe(400);
      expect(res.body.error.issues[0].path).toBe('richMenuId');
      const menu = await newMenu(t, w);
      expect((await t.json('PUT', `${w.a.base}/segments/seg_nope/rich-menu`, { token: w.a.token, json: { richMenuId: menu } })).status).toBe(404);
    });
  });
});
