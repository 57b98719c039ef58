import { describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { createTestDatabase, dialectsUnderTest, forEachStore } from '../../../test/stores';
import { manualClock, useTestApp } from '../../../test/app';
import { openStore, migrate } from '../../store/db';
import { migrations } from '../../store/migrations/index';
import { findSegmentForBroadcast } from '../../broadcasts/repository';
import { listActivity } from '../../repositories/activity';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T03:00:00Z');

const buyers = (n: number) => ({ groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: n }] }] });

forEachStore('segment history', (ctx) => {
  const clock = manualClock(NOW);
  const t = useTestApp(ctx, { clock });
  const drain = () => t.deps.jobs.drain(t.deps);

  /** An account with four Shopify customers (purchases 1, 3, 5, 7) and a VIP tag on the first. */
  async function shop() {
    const a = await t.account();
    const lines = [1, 3, 5, 7].map((n, i) => ({
      lineUserId: uid(i + 1), displayName: `F${i + 1}`, addedAt: new Date(NOW - DAY).toISOString(),
      tags: i === 0 ? ['VIP'] : [], shopify: { customerId: `c${i}`, purchaseCount: n },
    }));
    await t.request('POST', `${a.base}/friends/import`, { token: a.token, body: lines.map((l) => JSON.stringify(l)).join('\n') });
    const tags = (await t.json('GET', `${a.base}/tags`, { token: a.token })).body.items;
    return { ...a, vip: tags.find((x: { name: string }) => x.name === 'VIP').id as string };
  }
  async function create(base: string, token: string, name = 'Buyers', definition: unknown = buyers(3)) {
    const r = await t.json('POST', `${base}/segments`, { token, json: { name, definition } });
    expect(r.status).toBe(201);
    return r.body as { id: string; version: number };
  }
  const patch = (base: string, token: string, id: string, version: number, json: unknown) =>
    t.json('PATCH', `${base}/segments/${id}`, { token, json, headers: { 'if-match': String(version) } });
  const restore = (base: string, token: string, id: string, ifMatch: number | undefined, version: unknown) =>
    t.json('POST', `${base}/segments/${id}/restore`, { token, json: { version }, headers: ifMatch === undefined ? {} : { 'if-match': String(ifMatch) } });
  const count = async (base: string, token: string, id: string) => {
    await drain();
    return (await t.json('GET', `${base}/segments/${id}/preview`, { token })).body.count as number;
  };

  it('every save — create, rename, new definition, folder move — is a version with who and when, newest first', async () => {
    const { base, token } = await shop();
    const folder = (await t.json('POST', `${base}/folders`, { token, json: { name: 'Spring' } })).body;
    const s = await create(base, token);
    clock.advance(60_000);
    expect((await patch(base, token, s.id, 1, { name: 'Good buyers' })).status).toBe(200);
    clock.advance(60_000);
    expect((await patch(base, t.adminToken, s.id, 2, { definition: buyers(5) })).status).toBe(200);
    clock.advance(60_000);
    expect((await patch(base, token, s.id, 3, { folderId: folder.id })).status).toBe(200);

    const v = await t.json('GET', `${base}/segments/${s.id}/versions`, { token });
    expect(v.status).toBe(200);
    expect(v.body.items.map((x: { version: number; name: string; folderId: string | null }) => [x.version, x.name, x.folderId])).toEqual([
      [4, 'Good buyers', folder.id], [3, 'Good buyers', null], [2, 'Good buyers', null], [1, 'Buyers', null],
    ]);
    expect(v.body.items[0].definition).toEqual(buyers(5));
    expect(v.body.items[3].definition).toEqual(buyers(3));
    const last = clock.now();
    expect(v.body.items.map((x: { savedAt: string }) => x.savedAt)).toEqual([0, 1, 2, 3].map((m) => new Date(last - m * 60_000).toISOString()));
    expect(v.body.items.map((x: { savedBy: { type: string } }) => x.savedBy.type)).toEqual(['token', 'admin', 'token', 'token']);
  });

  it('restore: the segment takes the version\'s name and definition as a new version, keeps its folder, and the count follows', async () => {
    const { id: accountId, base, token } = await shop();
    const folder = (await t.json('POST', `${base}/folders`, { token, json: { name: 'Spring' } })).body;
    const s = await create(base, token);
    expect(await count(base, token, s.id)).toBe(3);
    await patch(base, token, s.id, 1, { name: 'Big buyers', definition: buyers(7), folderId: folder.id });
    expect(await count(base, token, s.id)).toBe(1);

    const r = await restore(base, token, s.id, 2, 1);
    expect(r.status).toBe(200);
    expect(r.headers.get('etag')).toBe('"3"');
    expect(r.body).toMatchObject({ id: s.id, version: 3, name: 'Buyers', definition: buyers(3), folderId: folder.id });
    expect(await count(base, token, s.id)).toBe(3);
    const v = await t.json('GET', `${base}/segments/${s.id}/versions`, { token });
    expect(v.body.items.map((x: { version: number }) => x.version)).toEqual([3, 2, 1]); // the past is never rewritten
    expect(v.body.items[0]).toMatchObject({ name: 'Buyers', definition: buyers(3), folderId: folder.id });
    const log = await listActivity(t.deps.store.db, accountId, { limit: 10 });
    expect(log.items.filter((e) => e.action === 'segment.restore')).toEqual([expect.objectContaining({
      actor: expect.objectContaining({ type: 'token' }), target: { type: 'segment', id: s.id, name: 'Buyers' },
      details: { restoredVersion: 1, version: 3 },
    })]);
  });

  it('404 for a version or segment that does not exist, 412 when stale, 428 without If-Match, 400 naming the field', async () => {
    const { base, token } = await shop();
    const s = await create(base, token);
    await patch(base, token, s.id, 1, { name: 'Renamed' });

    const unknownVersion = await restore(base, token, s.id, 2, 9);
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body.error.message).toContain('no version 9');
    expect((await restore(base, token, 'seg_nope', 1, 1)).status).toBe(404);
    expect((await t.json('GET', `${base}/segments/seg_nope/versions`, { token })).status).toBe(404);

    const stale = await restore(base, token, s.id, 1, 1);
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'version_mismatch', currentVersion: 2 });
    expect((await restore(base, token, s.id, undefined, 1)).status).toBe(428);
    const bad = await restore(base, token, s.id, 2, 'one');
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues[0].path).toBe('version');
    // Nothing of that changed the segment.
    expect((await t.json('GET', `${base}/segments/${s.id}`, { token })).body).toMatchObject({ version: 2, name: 'Renamed' });
  });

  it('two restoring at once: one wins, the other gets 412, and one version is written', async () => {
    const { base, token } = await shop();
    const s = await create(base, token);
    await patch(base, token, s.id, 1, { definition: buyers(5) });
    await patch(base, token, s.id, 2, { definition: buyers(7) });
    const answers = await Promise.all([restore(base, token, s.id, 3, 1), restore(base, token, s.id, 3, 2)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 412]);
    const won = answers.find((a) => a.status === 200)!;
    const v = await t.json('GET', `${base}/segments/${s.id}/versions`, { token });
    expect(v.body.items.map((x: { version: number }) => x.version)).toEqual([4, 3, 2, 1]);
    expect(v.body.items[0].definition).toEqual(won.body.definition);
  });

  it('restoring a version whose tag was deleted since: restored as it was, shown as broken', async () => {
    const { base, token, vip } = await shop();
    const withTag = { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [vip] }] }] };
    const s = await create(base, token, 'VIP', withTag);
    expect(await count(base, token, s.id)).toBe(1);
    await patch(base, token, s.id, 1, { definition: buyers(5) });
    expect((await t.request('DELETE', `${base}/tags/${vip}`, { token })).status).toBe(204);

    const r = await restore(base, token, s.id, 2, 1);
    expect(r.status).toBe(200);
    expect(r.body.definition).toEqual(withTag);
    expect(await count(base, token, s.id)).toBe(0);
    const p = await t.json('GET', `${base}/segments/${s.id}/preview`, { token });
    expect(p.body.summary).toBe(`Friend tag contains any of ${vip} (deleted)`);
  });

  it('a deleted segment vanishes from every read, is listed as recently deleted, and comes back with its id, folder and history', async () => {
    const { id: accountId, base, token } = await shop();
    const folder = (await t.json('POST', `${base}/folders`, { token, json: { name: 'Spring' } })).body;
    const s = await create(base, token);
    await patch(base, token, s.id, 1, { folderId: folder.id });
    await drain();
    clock.advance(60_000);
    const deletedAt = clock.now();
    expect((await t.request('DELETE', `${base}/segments/${s.id}`, { token, headers: { 'if-match': '2' } })).status).toBe(204);

    expect((await t.json('GET', `${base}/segments`, { token })).body.items).toEqual([]);
    expect((await t.json('GET', `${base}/segments/${s.id}`, { token })).status).toBe(404);
    expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).status).toBe(404);
    expect((await t.json('GET', `${base}/segments/${s.id}/versions`, { token })).status).toBe(404);
    expect(await findSegmentForBroadcast(t.deps.store.db, accountId, s.id)).toBeUndefined(); // no broadcast can target it

    const deleted = await t.json('GET', `${base}/segments/deleted`, { token });
    expect(deleted.status).toBe(200);
    expect(deleted.body.items).toEqual([expect.objectContaining({
      id: s.id, name: 'Buyers', folderId: folder.id, version: 2,
      deletedAt: new Date(deletedAt).toISOString(), purgeAt: new Date(deletedAt + 30 * DAY).toISOString(),
      deletedBy: { type: 'token', id: expect.any(String), name: expect.any(String) },
    })]);

    const back = await t.json('POST', `${base}/segments/${s.id}/undelete`, { token });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ id: s.id, name: 'Buyers', folderId: folder.id, version: 2 });
    expect((await t.json('GET', `${base}/segments`, { token })).body.items.map((x: { id: string }) => x.id)).toEqual([s.id]);
    expect(await count(base, token, s.id)).toBe(3);
    expect((await t.json('GET', `${base}/segments/${s.id}/versions`, { token })).body.items.map((x: { version: number }) => x.version)).toEqual([2, 1]);
    expect((await t.json('GET', `${base}/segments/deleted`, { token })).body.items).toEqual([]);
    expect((await t.json('POST', `${base}/segments/${s.id}/undelete`, { token })).status).toBe(404); // not deleted now
    const log = await listActivity(t.deps.store.db, accountId, { limit: 10 });
    expect(log.items.filter((e) => e.action === 'segment.undelete')).toEqual([expect.objectContaining({
      target: { type: 'segment', id: s.id, name: 'Buyers' }, details: { version: 2 },
    })]);
    // It can be changed again against its version.
    expect((await patch(base, token, s.id, 2, { name: 'Back' })).status).toBe(200);
  });

  it('after 30 days a deleted segment is gone for good; a folder deleted since leaves it in no folder', async () => {
    const { base, token } = await shop();
    const folder = (await t.json('POST', `${base}/folders`, { token, json: { name: 'Gone' } })).body;
    const old = await create(base, token, 'Old');
    const recent = await create(base, token, 'Recent');
    await patch(base, token, recent.id, 1, { folderId: folder.id });
    await t.request('DELETE', `${base}/segments/${old.id}`, { token, headers: { 'if-match': '1' } });
    clock.advance(29 * DAY);
    await t.request('DELETE', `${base}/segments/${recent.id}`, { token, headers: { 'if-match': '2' } });
    expect((await t.request('DELETE', `${base}/folders/${folder.id}`, { token })).status).toBe(204);
    clock.advance(DAY + 1);

    expect((await t.json('GET', `${base}/segments/deleted`, { token })).body.items.map((x: { id: string }) => x.id)).toEqual([recent.id]);
    expect((await t.json('POST', `${base}/segments/${old.id}/undelete`, { token })).status).toBe(404);
    const back = await t.json('POST', `${base}/segments/${recent.id}/undelete`, { token });
    expect(back.body).toMatchObject({ id: recent.id, folderId: null });
  });

  it('another account cannot see or undelete a deleted segment', async () => {
    const a = await shop();
    const b = await t.account();
    const s = await create(a.base, a.token);
    await t.request('DELETE', `${a.base}/segments/${s.id}`, { token: a.token, headers: { 'if-match': '1' } });
    expect((await t.json('GET', `${b.base}/segments/deleted`, { token: b.token })).body.items).toEqual([]);
    expect((await t.json('POST', `${b.base}/segments/${s.id}/undelete`, { token: b.token })).status).toBe(404);
    expect((await t.json('POST', `${a.base}/segments/${s.id}/undelete`, { token: b.token })).status).toBe(404);
  });
});

describe('the history migration', () => {
  for (const dialect of dialectsUnderTest()) {
    it(`gives existing segments their current version as the first history entry [${dialect}]`, async () => {
      const created = await createTestDatabase(dialect);
      const store = await openStore(created.url, { migrate: false });
      try {
        const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '2026-12-06T06'));
        const migrator = new Migrator({ db: store.db, provider: { getMigrations: async () => before } });
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        await store.db.insertInto('segments').values({
          account_id: '@shop', id: 'seg_1', name: 'Repeat buyers', folder_id: 'f1', definition: JSON.stringify(buyers(5)),
          version: 7, created_at: NOW - DAY, updated_at: NOW,
        } as never).execute();
        await migrate(store.db);
        const rows = await store.db.selectFrom('segment_versions').selectAll().execute();
        expect(rows.map((r) => ({ ...r, saved_at: Number(r.saved_at) }))).toEqual([{
          account_id: '@shop', segment_id: 'seg_1', version: 7, name: 'Repeat buyers', folder_id: 'f1',
          definition: JSON.stringify(buyers(5)), saved_at: NOW, saved_by_type: null, saved_by_id: null, saved_by_name: null,
        }]);
      } finally {
        await store.close();
        await created.drop();
      }
    });
  }
});
