import { expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';

const definition = { groups: [{ conditions: [{ property: 'shopify.integrated', operator: 'is_integrated' }] }] };

forEachStore('folders routes', (ctx) => {
  const t = useTestApp(ctx);

  it('creates, lists, renames and deletes folders; deleting moves its segments to no folder', async () => {
    const { base, token } = await t.account();
    const created = await t.json('POST', `${base}/folders`, { token, json: { name: 'Campaigns' } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), name: 'Campaigns', createdAt: expect.any(String) });
    const folder = created.body;
    const seg = (await t.json('POST', `${base}/segments`, { token, json: { name: 'In folder', folderId: folder.id, definition } })).body;
    expect(seg.folderId).toBe(folder.id);

    const renamed = await t.json('PATCH', `${base}/folders/${folder.id}`, { token, json: { name: 'Spring campaigns' } });
    expect(renamed.body.name).toBe('Spring campaigns');
    expect((await t.json('GET', `${base}/folders`, { token })).body.items.map((f: { name: string }) => f.name)).toEqual(['Spring campaigns']);

    expect((await t.request('DELETE', `${base}/folders/${folder.id}`, { token })).status).toBe(204);
    expect((await t.json('GET', `${base}/folders`, { token })).body.items).toEqual([]);
    const after = await t.json('GET', `${base}/segments/${seg.id}`, { token });
    expect(after.body.folderId).toBeNull();
    expect((await t.request('DELETE', `${base}/folders/${folder.id}`, { token })).status).toBe(404);
  });

  it('answers 409 for a duplicate name, 400 with paths for bad input, 404 for unknown ids', async () => {
    const { base, token } = await t.account();
    await t.json('POST', `${base}/folders`, { token, json: { name: 'A' } });
    expect((await t.json('POST', `${base}/folders`, { token, json: { name: 'A' } })).status).toBe(409);
    const bad = await t.json('POST', `${base}/folders`, { token, json: { name: '', parent: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['name', 'parent']);
    expect((await t.json('PATCH', `${base}/folders/fld_none`, { token, json: { name: 'B' } })).status).toBe(404);
    expect((await t.json('POST', `${base}/folders`, { token, json: { name: 'x'.repeat(2_000_000) } })).status).toBe(413);
  });

  it('answers 401 without a token and 404 for another account', async () => {
    const mine = await t.account();
    const other = await t.account();
    const theirs = (await t.json('POST', `${other.base}/folders`, { token: other.token, json: { name: 'Theirs' } })).body;
    expect((await t.json('GET', `${other.base}/folders`, { token: null })).status).toBe(401);
    expect((await t.json('GET', `${other.base}/folders`, { token: mine.token })).status).toBe(404);
    expect((await t.request('DELETE', `${other.base}/folders/${theirs.id}`, { token: mine.token })).status).toBe(404);
    expect((await t.request('DELETE', `${mine.base}/folders/${theirs.id}`, { token: mine.token })).status).toBe(404);
  });
});
