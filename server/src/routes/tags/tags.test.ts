import { expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');

forEachStore('tags routes', (ctx) => {
  const t = useTestApp(ctx);

  it('creates, lists with friend counts, renames and deletes a tag', async () => {
    const { base, token } = await t.account();
    await t.request('POST', `${base}/friends/import`, { token, body: `{"lineUserId":"${uid(1)}","displayName":"A","tags":["VIP"]}\n` });
    const created = await t.json('POST', `${base}/tags`, { token, json: { name: '  セール好き  ' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^tag_/), name: 'セール好き', friendCount: 0 });

    const list = await t.json('GET', `${base}/tags`, { token });
    expect(list.body.items.map((x: { name: string; friendCount: number }) => [x.name, x.friendCount])).toEqual([['VIP', 1], ['セール好き', 0]]);

    const vip = list.body.items[0];
    const renamed = await t.json('PATCH', `${base}/tags/${vip.id}`, { token, json: { name: 'Very important' } });
    expect(renamed.body).toEqual({ id: vip.id, name: 'Very important', friendCount: 1 });
    const friend = await t.json('GET', `${base}/friends/${uid(1)}`, { token });
    expect(friend.body.tags).toEqual([{ id: vip.id, name: 'Very important' }]);

    expect((await t.request('DELETE', `${base}/tags/${vip.id}`, { token })).status).toBe(204);
    expect((await t.json('GET', `${base}/friends/${uid(1)}`, { token })).body.tags).toEqual([]);
    expect((await t.request('DELETE', `${base}/tags/${vip.id}`, { token })).status).toBe(404);
  });

  it('answers 409 for a name that is taken, on create and on rename', async () => {
    const { base, token } = await t.account();
    const a = (await t.json('POST', `${base}/tags`, { token, json: { name: 'A' } })).body;
    await t.json('POST', `${base}/tags`, { token, json: { name: 'B' } });
    expect((await t.json('POST', `${base}/tags`, { token, json: { name: 'B' } })).status).toBe(409);
    expect((await t.json('PATCH', `${base}/tags/${a.id}`, { token, json: { name: 'B' } })).status).toBe(409);
    expect((await t.json('PATCH', `${base}/tags/${a.id}`, { token, json: { name: 'A' } })).status).toBe(200);
  });

  it('answers 400 with paths for bad names and unknown fields; 404 for unknown ids', async () => {
    const { base, token } = await t.account();
    const empty = await t.json('POST', `${base}/tags`, { token, json: { name: '   ' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.issues).toEqual([{ path: 'name', message: 'Enter a tag name.' }]);
    expect((await t.json('POST', `${base}/tags`, { token, json: { name: 'x'.repeat(101) } })).body.error.issues[0].path).toBe('name');
    expect((await t.json('POST', `${base}/tags`, { token, json: { name: 'x', color: 'red' } })).body.error.issues[0].path).toBe('color');
    expect((await t.json('POST', `${base}/tags`, { token, body: '{name:', headers: { 'content-type': 'application/json' } })).body.error.code).toBe('invalid_json');
    expect((await t.json('PATCH', `${base}/tags/tag_missing`, { token, json: { name: 'x' } })).status).toBe(404);
  });

  it('keeps each account\'s tags to itself', async () => {
    const mine = await t.account();
    const other = await t.account();
    const theirs = (await t.json('POST', `${other.base}/tags`, { token: other.token, json: { name: 'Secret' } })).body;
    expect((await t.json('GET', `${other.base}/tags`, { token: mine.token })).status).toBe(404);
    expect((await t.json('GET', `${other.base}/tags`, { token: null })).status).toBe(401);
    expect((await t.json('PATCH', `${other.base}/tags/${theirs.id}`, { token: mine.token, json: { name: 'x' } })).status).toBe(404);
    // Using their id in my account: no such tag here.
    expect((await t.json('PATCH', `${mine.base}/tags/${theirs.id}`, { token: mine.token, json: { name: 'x' } })).status).toBe(404);
    expect((await t.request('DELETE', `${mine.base}/tags/${theirs.id}`, { token: mine.token })).status).toBe(404);
    expect((await t.json('GET', `${mine.base}/tags`, { token: mine.token })).body.items).toEqual([]);
  });
});
