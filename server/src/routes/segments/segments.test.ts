import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { manualClock, useTestApp } from '../../../test/app';
import { recordResult } from '../../repositories/segments';
import { refreshSegmentsOnFriendChanges } from '../../services/segment-calculation';
import { replaceServiceLists } from '../../integrations/repository';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const DAY = 86_400_000;
const NOW = Date.parse('2026-12-01T03:00:00Z'); // 12:00 in Tokyo

const repeatBuyers = { groups: [{ conditions: [
  { property: 'shopify.integrated', operator: 'is_integrated' },
  { property: 'shopify.purchase_count', operator: 'gte', value: 5 },
] }] };

forEachStore('segments routes', (ctx) => {
  const clock = manualClock(NOW);
  const t = useTestApp(ctx, { clock });

  /** A fresh account with five friends: three Shopify customers (purchases 6, 5, 1), one blocked. */
  async function shop() {
    const a = await t.account();
    const lines = [
      { lineUserId: uid(1), displayName: 'Aoi', addedAt: new Date(NOW - 1 * DAY).toISOString(), tags: ['VIP'], shopify: { customerId: 'c1', purchaseCount: 6 } },
      { lineUserId: uid(2), displayName: 'Ben', addedAt: new Date(NOW - 30 * DAY).toISOString(), shopify: { customerId: 'c2', purchaseCount: 5 } },
      { lineUserId: uid(3), displayName: 'Chie', addedAt: null, shopify: { customerId: 'c3', purchaseCount: 1 } },
      { lineUserId: uid(4), displayName: 'Dan', addedAt: new Date(NOW - 2 * DAY).toISOString(), tags: ['VIP'] },
      { lineUserId: uid(5), displayName: 'Blocked Eve', blockedAt: new Date(NOW - DAY).toISOString(), shopify: { customerId: 'c5', purchaseCount: 9 } },
    ];
    await t.request('POST', `${a.base}/friends/import`, { token: a.token, body: lines.map((l) => JSON.stringify(l)).join('\n') });
    const tags = (await t.json('GET', `${a.base}/tags`, { token: a.token })).body.items;
    return { ...a, vip: tags.find((x: { name: string }) => x.name === 'VIP').id as string };
  }
  const drain = () => t.deps.jobs.drain(t.deps);

  it('creates a segment, answers "calculating", then "ready" with count, sample and summary', async () => {
    const { base, token } = await shop();
    const created = await t.json('POST', `${base}/segments`, { token, json: { name: ' Repeat buyers ', definition: repeatBuyers } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Repeat buyers', folderId: null, version: 1, definition: repeatBuyers });
    expect(created.headers.get('etag')).toBe('"1"');
    const id = created.body.id;

    const before = await t.json('GET', `${base}/segments/${id}/preview`, { token });
    expect(before.body).toMatchObject({ status: 'calculating', version: 1, count: null, sample: [] });

    await drain();
    const after = await t.json('GET', `${base}/segments/${id}/preview`, { token });
    expect(after.body).toMatchObject({
      status: 'ready', version: 1, count: 2,
      summary: 'Shopify integration is Integrated AND Number of purchases is at least 5',
      asOf: new Date(NOW).toISOString(), computedAt: expect.any(String), durationMs: expect.any(Number),
    });
    // Blocked Eve (9 purchases) is in no segment; newest first.
    expect(after.body.sample).toEqual([
      { lineUserId: uid(1), displayName: 'Aoi', pictureUrl: null, addedAt: new Date(NOW - DAY).toISOString() },
      { lineUserId: uid(2), displayName: 'Ben', pictureUrl: null, addedAt: new Date(NOW - 30 * DAY).toISOString() },
    ]);
    const list = await t.json('GET', `${base}/segments`, { token });
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual([id]);
  });

  it('summarizes in Japanese for Accept-Language ja, with tag names resolved', async () => {
    const { base, token, vip } = await shop();
    const def = { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [vip] }] }] };
    const ja = await t.json('POST', `${base}/preview`, { token, json: { definition: def }, headers: { 'accept-language': 'ja-JP,ja;q=0.9,en;q=0.8' } });
    expect(ja.body.summary).toContain('VIP');
    expect(ja.body.summary).toContain('友だちタグ');
    const en = await t.json('POST', `${base}/preview`, { token, json: { definition: def }, headers: { 'accept-language': 'en-GB,ja;q=0.5' } });
    expect(en.body.summary).toContain('Friend tag');
    expect(en.body).toMatchObject({ status: 'ready', version: 0, count: 2 });
  });

  it('names tags and lists in a draft\'s summary as they are at that moment: renamed, deleted, a list synced later', async () => {
    const { id, base, token, vip } = await shop();
    const def = { groups: [
      { conditions: [{ property: 'tag', operator: 'contains_any', value: [vip] }] },
      { conditions: [{ property: 'hubspot.list', operator: 'contains_any', value: ['12'] }, { property: 'shopify.purchase_count', operator: 'gte', value: 5 }] },
    ] };
    const summary = async () => (await t.json('POST', `${base}/preview`, { token, json: { definition: def } })).body.summary as string;
    expect(await summary()).toBe('Friend tag contains any of VIP — OR — HubSpot list contains any of 12 (deleted) AND Number of purchases is at least 5');
    await replaceServiceLists(ctx.store.db, ctx.store.dialect, id, 'hubspot', [{ id: '12', name: 'Customers' }]);
    await t.json('PATCH', `${base}/tags/${vip}`, { token, json: { name: 'Gold' } });
    expect(await summary()).toBe('Friend tag contains any of Gold — OR — HubSpot list contains any of Customers AND Number of purchases is at least 5');
    await t.request('DELETE', `${base}/tags/${vip}`, { token });
    expect(await summary()).toBe(`Friend tag contains any of ${vip} (deleted) — OR — HubSpot list contains any of Customers AND Number of purchases is at least 5`);
  });

  describe('versions', () => {
    it('changes with If-Match, bumps the version, and answers 412 with the current version when stale', async () => {
      const { base, token } = await shop();
      const s = (await t.json('POST', `${base}/segments`, { token, json: { name: 'S', definition: repeatBuyers } })).body;
      const renamed = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { name: 'Renamed' }, headers: { 'if-match': '1' } });
      expect(renamed.status).toBe(200);
      expect(renamed.body).toMatchObject({ name: 'Renamed', version: 2 });
      expect(renamed.headers.get('etag')).toBe('"2"');

      const stale = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { name: 'Lost update' }, headers: { 'if-match': '1' } });
      expect(stale.status).toBe(412);
      expect(stale.body.error).toMatchObject({ code: 'version_mismatch', currentVersion: 2 });
      expect((await t.json('GET', `${base}/segments/${s.id}`, { token })).body.name).toBe('Renamed');

      const quoted = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { name: 'Quoted' }, headers: { 'if-match': '"2"' } });
      expect(quoted.body.version).toBe(3);
      expect((await t.request('DELETE', `${base}/segments/${s.id}`, { token, headers: { 'if-match': '2' } })).status).toBe(412);
      expect((await t.request('DELETE', `${base}/segments/${s.id}`, { token, headers: { 'if-match': '3' } })).status).toBe(204);
      expect((await t.json('GET', `${base}/segments/${s.id}`, { token })).status).toBe(404);
      expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).status).toBe(404);
    });

    it('answers 428 without If-Match and 400 for one that is not a version', async () => {
      const { base, token } = await shop();
      const s = (await t.json('POST', `${base}/segments`, { token, json: { name: 'S', definition: repeatBuyers } })).body;
      const patch = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { name: 'x' } });
      expect(patch.status).toBe(428);
      expect(patch.body.error.code).toBe('version_required');
      expect((await t.request('DELETE', `${base}/segments/${s.id}`, { token })).status).toBe(428);
      const bad = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { name: 'x' }, headers: { 'if-match': 'abc' } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.issues[0].path).toBe('If-Match');
    });

    it('keeps the result across a rename, recalculates on a new definition, and never shows an older definition\'s result', async () => {
      const { base, token } = await shop();
      const s = (await t.json('POST', `${base}/segments`, { token, json: { name: 'S', definition: repeatBuyers } })).body;
      await drain();
      await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { name: 'S2' }, headers: { 'if-match': '1' } });
      expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).body).toMatchObject({ status: 'ready', version: 2, count: 2 });

      const anyone = { groups: [{ conditions: [{ property: 'shopify.integrated', operator: 'is_integrated' }] }] };
      await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { definition: anyone }, headers: { 'if-match': '2' } });
      expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).body).toMatchObject({ status: 'calculating', version: 3, count: null });

      // A slow calculation of the old definition finishing now is dropped, not shown as current.
      const old = await recordResult(ctx.store.db, (await t.json('GET', '/v1/accounts', { token })).body.items[0].id, s.id, JSON.stringify(repeatBuyers), {
        status: 'ready', count: 999, sample: [], error: null, asOf: NOW, computedAt: NOW, durationMs: 1,
      });
      expect(old).toBe(false);
      expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).body.status).toBe('calculating');

      await drain();
      expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).body).toMatchObject({ status: 'ready', version: 3, count: 3 });
    });
  });

  it('moves a segment between folders and refuses a folder that does not exist', async () => {
    const { base, token } = await shop();
    const f = (await t.json('POST', `${base}/folders`, { token, json: { name: 'F' } })).body;
    const s = (await t.json('POST', `${base}/segments`, { token, json: { name: 'S', definition: repeatBuyers } })).body;
    const moved = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { folderId: f.id }, headers: { 'if-match': '1' } });
    expect(moved.body.folderId).toBe(f.id);
    const out = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { folderId: null }, headers: { 'if-match': '2' } });
    expect(out.body.folderId).toBeNull();
    const bad = await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { folderId: 'fld_nope' }, headers: { 'if-match': '3' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([{ path: 'folderId', message: expect.stringContaining('fld_nope') }]);
    const create = await t.json('POST', `${base}/segments`, { token, json: { name: 'S', folderId: 'fld_nope', definition: repeatBuyers } });
    expect(create.status).toBe(400);
  });

  describe('bad input', () => {
    it('names the field path of each problem in a definition', async () => {
      const { base, token } = await shop();
      const r = await t.json('POST', `${base}/segments`, { token, json: {
        name: '', definition: { groups: [{ conditions: [
          { property: 'shopify.purchase_count', operator: 'gte', value: -1 },
          { property: 'no.such', operator: 'eq', value: 1 },
          { property: 'line.friend_added_at', operator: 'between', value: ['2026-02-30', '2026-01-01'] },
        ] }], extra: true },
      } });
      expect(r.status).toBe(400);
      expect(r.body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining([
        'name', 'definition.extra', 'definition.groups.0.conditions.0.value',
        'definition.groups.0.conditions.1.property', 'definition.groups.0.conditions.2.value.0',
      ]));
    });

    it('rejects an empty change, unknown fields, wrong types and malformed JSON', async () => {
      const { base, token } = await shop();
      const s = (await t.json('POST', `${base}/segments`, { token, json: { name: 'S', definition: repeatBuyers } })).body;
      const h = { 'if-match': '1' };
      expect((await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: {}, headers: h })).status).toBe(400);
      expect((await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { colour: 'red' }, headers: h })).body.error.issues[0].path).toBe('colour');
      expect((await t.json('PATCH', `${base}/segments/${s.id}`, { token, json: { name: 5 }, headers: h })).body.error.issues[0].path).toBe('name');
      expect((await t.json('POST', `${base}/segments`, { token, body: '{"name":"x",', headers: { 'content-type': 'application/json' } })).body.error.code).toBe('invalid_json');
      expect((await t.json('POST', `${base}/preview`, { token, json: { definition: repeatBuyers, asOf: 'yesterday' } })).body.error.issues[0].path).toBe('asOf');
      expect((await t.json('POST', `${base}/diagnose`, { token, json: { definition: { groups: [] } } })).body.error.issues[0].path).toBe('definition.groups');
      const huge = { name: 'x', definition: { groups: [{ conditions: [{ property: 'shopify.customer_tag', operator: 'contains_any', value: ['y'.repeat(2_000_000)] }] }] } };
      expect((await t.json('POST', `${base}/segments`, { token, json: huge })).status).toBe(413);
    });
  });

  it('diagnoses a definition: each condition alone, running, and the count without it', async () => {
    const { base, token, vip } = await shop();
    const def = { groups: [{ conditions: [
      { property: 'tag', operator: 'contains_any', value: [vip] },
      { property: 'shopify.purchase_count', operator: 'gte', value: 5 },
      { property: 'shopify.abandoned_cart', operator: 'is_true' },
    ] }] };
    const r = await t.json('POST', `${base}/diagnose`, { token, json: { definition: def } });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ count: 0, groups: [{ count: 0, conditions: [
      { alone: 2, running: 2, withoutIt: 0 },
      { alone: 2, running: 1, withoutIt: 0 },
      { alone: 0, running: 0, withoutIt: 1 },
    ] }] });
  });

  it('recounts a relative-date segment on read once its result is older than the configured age', async () => {
    const { base, token } = await shop();
    const recent = { groups: [{ conditions: [{ property: 'line.friend_added_at', operator: 'within_last_days', value: 7 }] }] };
    const s = (await t.json('POST', `${base}/segments`, { token, json: { name: 'New this week', definition: recent } })).body;
    await drain();
    expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).body.count).toBe(2);

    clock.advance(6 * DAY); // Dan (added 2 days before) is now 8 days in; Aoi 7.
    const fresh = await t.json('GET', `${base}/segments/${s.id}/preview`, { token });
    expect(fresh.body).toMatchObject({ status: 'ready', count: 1, asOf: new Date(clock.now()).toISOString() });

    clock.advance(10 * 60_000); // within 15 minutes: the recorded result stands
    const again = await t.json('GET', `${base}/segments/${s.id}/preview`, { token });
    expect(again.body.asOf).toBe(fresh.body.asOf);
    clock.set(NOW);
  });

  it('recounts saved segments a moment after friends change', async () => {
    const { base, token } = await shop();
    const stop = refreshSegmentsOnFriendChanges(t.deps);
    try {
      const s = (await t.json('POST', `${base}/segments`, { token, json: { name: 'S', definition: repeatBuyers } })).body;
      await drain();
      await t.request('POST', `${base}/friends/import`, { token, body: JSON.stringify({ lineUserId: uid(77), displayName: 'New buyer', shopify: { customerId: 'c77', purchaseCount: 12 } }) });
      await drain();
      expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).body.count).toBe(2); // refresh waits a moment
      clock.advance(3_000);
      await drain();
      expect((await t.json('GET', `${base}/segments/${s.id}/preview`, { token })).body).toMatchObject({ status: 'ready', count: 3 });
    } finally {
      stop();
      clock.set(NOW);
    }
  });

  describe('authorization', () => {
    it('answers 401 without a token and 404 for another account on every segment route', async () => {
      const mine = await t.account();
      const other = await shop();
      const s = (await t.json('POST', `${other.base}/segments`, { token: other.token, json: { name: 'Theirs', definition: repeatBuyers } })).body;
      const calls: [string, string, unknown?][] = [
        ['GET', '/segments'], ['POST', '/segments', { name: 'x', definition: repeatBuyers }], ['GET', `/segments/${s.id}`],
        ['PATCH', `/segments/${s.id}`, { name: 'x' }], ['DELETE', `/segments/${s.id}`], ['GET', `/segments/${s.id}/preview`],
        ['POST', '/preview', { definition: repeatBuyers }], ['POST', '/diagnose', { definition: repeatBuyers }],
      ];
      for (const [m, p, json] of calls) {
        expect((await t.json(m, `${other.base}${p}`, { token: null, json, headers: { 'if-match': '1' } })).status).toBe(401);
        expect((await t.json(m, `${other.base}${p}`, { token: mine.token, json, headers: { 'if-match': '1' } })).status).toBe(404);
      }
      // Their segment id under my account: not found either.
      expect((await t.json('GET', `${mine.base}/segments/${s.id}`, { token: mine.token })).status).toBe(404);
    });
  });
});
