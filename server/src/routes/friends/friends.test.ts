import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { onFriendsChanged } from '../../store/change-feed';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const ndjson = (lines: unknown[]) => lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

forEachStore('friends routes', (ctx) => {
  const t = useTestApp(ctx);
  const importLines = (base: string, token: string, lines: unknown[]) =>
    t.json('POST', `${base}/friends/import`, { token, body: ndjson(lines), headers: { 'content-type': 'application/x-ndjson' } });

  describe('import', () => {
    it('imports friends with tags and service blocks, and reads them back whole', async () => {
      const { base, token } = await t.account();
      const r = await importLines(base, token, [{
        lineUserId: uid(1), displayName: 'Aoi', addedAt: '2026-03-01T09:30:00Z', tags: ['VIP'],
        shopify: { customerId: 'gid://shopify/Customer/7', tags: ['wholesale'], purchaseCount: 6, lastPurchaseAt: '2026-11-20T01:00:00Z', abandonedCart: false },
        hubspot: { contactId: '901', lists: ['12'], properties: { lifecyclestage: 'customer' } },
        klaviyo: null,
      }, { lineUserId: uid(2), displayName: 'Ben' }]);
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ imported: 2, updated: 0, rejected: [], rejectedCount: 0, linesRead: 2 });

      const aoi = await t.json('GET', `${base}/friends/${uid(1)}`, { token });
      expect(aoi.body).toEqual({
        lineUserId: uid(1), displayName: 'Aoi', pictureUrl: null, addedAt: '2026-03-01T09:30:00.000Z', blockedAt: null,
        tags: [{ id: expect.any(String), name: 'VIP' }],
        shopify: { customerId: 'gid://shopify/Customer/7', tags: ['wholesale'], purchaseCount: 6, lastPurchaseAt: '2026-11-20T01:00:00.000Z', abandonedCart: false },
        hubspot: { recordId: '901', lists: ['12'], properties: { lifecyclestage: 'customer' } },
        klaviyo: null,
      });
      const tags = await t.json('GET', `${base}/tags`, { token });
      expect(tags.body.items).toEqual([{ id: aoi.body.tags[0].id, name: 'VIP', friendCount: 1 }]);
    });

    it('reports rejected lines with their line number from 1 and keeps the good ones', async () => {
      const { base, token } = await t.account();
      const r = await importLines(base, token, [
        { lineUserId: uid(1), displayName: 'Good one' },
        '{"lineUserId": "U123", "displayName": "short id"}',
        'this is not json',
        '',
        { lineUserId: uid(2), displayName: 'Bad shopify', shopify: { customerId: 'c', purchaseCount: -1 } },
        { lineUserId: uid(3), displayName: 'Unknown field', favouriteColour: 'green' },
        { lineUserId: uid(4), displayName: 'Good two', hubspot: { lists: [] } },
        { lineUserId: uid(5), displayName: 'Good three' },
      ]);
      expect(r.body.imported).toBe(2);
      expect(r.body.rejected.map((x: { line: number }) => x.line)).toEqual([2, 3, 5, 6, 7]);
      const [shortId, notJson, badShop, unknown, noContact] = r.body.rejected.map((x: { error: string }) => x.error);
      expect(shortId).toMatch(/^lineUserId: /);
      expect(notJson).toMatch(/Not valid JSON/);
      expect(badShop).toMatch(/shopify\.purchaseCount/);
      expect(unknown).toMatch(/favouriteColour/);
      expect(noContact).toMatch(/hubspot\.contactId/);
      // All-or-nothing per line: the rejected friends are not there at all.
      const list = await t.json('GET', `${base}/friends`, { token });
      expect(list.body.items.map((f: { lineUserId: string }) => f.lineUserId).sort()).toEqual([uid(1), uid(5)]);
    });

    it('replaces a friend\'s fields on re-import (tags, blocks), counting it as updated', async () => {
      const { base, token } = await t.account();
      await importLines(base, token, [{
        lineUserId: uid(9), displayName: 'Before', addedAt: '2025-01-01T00:00:00Z', tags: ['VIP', 'Sale'],
        shopify: { customerId: 'c1', tags: ['a', 'b'], purchaseCount: 3 },
        klaviyo: { profileId: 'p1', lists: ['L1'], properties: { city: 'Osaka' } },
      }]);
      const r = await importLines(base, token, [{
        lineUserId: uid(9), displayName: 'After', tags: ['Sale'], hubspot: { contactId: 'h1', properties: { lifecyclestage: 'lead' } },
      }]);
      expect(r.body).toMatchObject({ imported: 0, updated: 1 });
      const f = (await t.json('GET', `${base}/friends/${uid(9)}`, { token })).body;
      expect(f).toMatchObject({ displayName: 'After', addedAt: null, shopify: null, klaviyo: null,
        hubspot: { recordId: 'h1', lists: [], properties: { lifecyclestage: 'lead' } } });
      expect(f.tags.map((x: { name: string }) => x.name)).toEqual(['Sale']);
    });

    it('lets the later line win when a friend appears twice in one import', async () => {
      const { base, token } = await t.account();
      const r = await importLines(base, token, [
        { lineUserId: uid(1), displayName: 'First' }, { lineUserId: uid(1), displayName: 'Second' },
      ]);
      expect(r.body).toMatchObject({ imported: 1, updated: 1 });
      expect((await t.json('GET', `${base}/friends/${uid(1)}`, { token })).body.displayName).toBe('Second');
    });

    it('stores hostile but valid text verbatim: quotes, SQL, HTML, emoji', async () => {
      const { base, token } = await t.account();
      const nasty = `Robert'); DROP TABLE friends;-- "<script>alert(1)</script>" 🍣👩‍👩‍👧 \\ % _ 〜`;
      await importLines(base, token, [{
        lineUserId: uid(7), displayName: nasty, tags: [`<b>${nasty.slice(0, 40)}</b>`],
        shopify: { customerId: `' OR 1=1 --`, tags: [nasty] },
        hubspot: { contactId: '1', lists: ["l'1"], properties: { [`key"; drop`]: nasty } },
      }]);
      const f = (await t.json('GET', `${base}/friends/${uid(7)}`, { token })).body;
      expect(f.displayName).toBe(nasty);
      expect(f.tags[0].name).toBe(`<b>${nasty.slice(0, 40)}</b>`);
      expect(f.shopify).toMatchObject({ customerId: `' OR 1=1 --`, tags: [nasty] });
      expect(f.hubspot).toEqual({ recordId: '1', lists: ["l'1"], properties: { [`key"; drop`]: nasty } });
      const found = await t.json('GET', `${base}/friends?q=${encodeURIComponent("DROP TABLE friends;-- \"<script>")}`, { token });
      expect(found.body.items.map((x: { lineUserId: string }) => x.lineUserId)).toEqual([uid(7)]);
      const pct = await t.json('GET', `${base}/friends?q=${encodeURIComponent('% _')}`, { token });
      expect(pct.body.items).toHaveLength(1);
    });

    it('streams a larger import in batches and tells the change feed', async () => {
      const { id, base, token } = await t.account();
      const changed: number[] = [];
      const off = onFriendsChanged((a, ids) => { if (a === id && Array.isArray(ids)) changed.push(ids.length); });
      const total = 12_345;
      let i = 0;
      const enc = new TextEncoder();
      const stream = new ReadableStream<Uint8Array>({
        pull(ctl) {
          // Chunks cut mid-line, so the reader must carry partial lines across chunks.
          if (i >= total) { ctl.close(); return; }
          let s = '';
          for (let k = 0; k < 500 && i < total; k++, i++) {
            s += JSON.stringify({ lineUserId: uid(100_000 + i), displayName: `友だち ${i}`, addedAt: new Date(1.7e12 + i * 60_000).toISOString(), tags: [`t${i % 7}`] }) + '\r\n';
          }
          const bytes = enc.encode(s);
          ctl.enqueue(bytes.slice(0, 777));
          ctl.enqueue(bytes.slice(777));
        },
      });
      const r = await t.json('POST', `${base}/friends/import`, { token, body: stream });
      off();
      expect(r.body).toEqual({ imported: total, updated: 0, rejected: [], rejectedCount: 0, linesRead: total });
      expect(changed.reduce((a, b) => a + b, 0)).toBe(total);
      expect(changed.length).toBeGreaterThan(1); // several batches, each its own transaction
      const tags = await t.json('GET', `${base}/tags`, { token });
      expect(tags.body.items.reduce((n: number, x: { friendCount: number }) => n + x.friendCount, 0)).toBe(total);
    });

    it('answers 413 when a declared body is over the import limit, before reading it', async () => {
      const { base, token } = await t.account();
      const r = await t.json('POST', `${base}/friends/import`, { token, body: 'x', headers: { 'content-length': String(3 * 1024 ** 3) } });
      expect(r.status).toBe(413);
    });

    it('answers 400 without a body', async () => {
      const { base, token } = await t.account();
      expect((await t.json('POST', `${base}/friends/import`, { token })).status).toBe(400);
    });
  });

  describe('list and search', () => {
    it('pages through friends newest first, unknown added date last, with a cursor', async () => {
      const { base, token } = await t.account();
      await importLines(base, token, [
        { lineUserId: uid(1), displayName: 'Old', addedAt: '2024-01-01T00:00:00Z' },
        { lineUserId: uid(2), displayName: 'Unknown A', addedAt: null },
        { lineUserId: uid(3), displayName: 'New', addedAt: '2026-01-01T00:00:00Z' },
        { lineUserId: uid(4), displayName: 'Same time B', addedAt: '2025-01-01T00:00:00Z' },
        { lineUserId: uid(5), displayName: 'Same time A', addedAt: '2025-01-01T00:00:00Z' },
        { lineUserId: uid(6), displayName: 'Unknown B' },
      ]);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const r = await t.json('GET', `${base}/friends?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
        expect(r.status).toBe(200);
        seen.push(...r.body.items.map((f: { displayName: string }) => f.displayName));
        cursor = r.body.nextCursor;
        pages++;
      } while (cursor);
      expect(seen).toEqual(['New', 'Same time B', 'Same time A', 'Old', 'Unknown A', 'Unknown B']);
      expect(pages).toBe(3);
    });

    it('searches by a part of the name, any case of ASCII letters, or the start of the id', async () => {
      const { base, token } = await t.account();
      await importLines(base, token, [
        { lineUserId: 'Uabcdef' + '0'.repeat(26), displayName: 'Sakura Tanaka' },
        { lineUserId: uid(2), displayName: '田中 さくら' },
        { lineUserId: uid(3), displayName: 'Ken' },
      ]);
      const names = async (q: string) => (await t.json('GET', `${base}/friends?q=${encodeURIComponent(q)}`, { token })).body.items.map((f: { displayName: string }) => f.displayName);
      expect(await names('tanaka')).toEqual(['Sakura Tanaka']);
      expect(await names('田中')).toEqual(['田中 さくら']);
      expect(await names('Uabcdef')).toEqual(['Sakura Tanaka']);
    });

    it('answers 400 with the path for a bad limit or cursor', async () => {
      const { base, token } = await t.account();
      const r = await t.json('GET', `${base}/friends?limit=0`, { token });
      expect(r.status).toBe(400);
      expect(r.body.error.issues[0].path).toBe('limit');
      const c = await t.json('GET', `${base}/friends?cursor=garbage`, { token });
      expect(c.status).toBe(400);
      expect(c.body.error.issues[0].path).toBe('cursor');
      const u = await t.json('GET', `${base}/friends?sort=name`, { token });
      expect(u.body.error.issues[0].path).toBe('sort');
    });
  });

  describe('a friend\'s tags', () => {
    it('replaces the tags and rejects unknown tag ids by index', async () => {
      const { base, token } = await t.account();
      await importLines(base, token, [{ lineUserId: uid(1), displayName: 'A', tags: ['x'] }]);
      const vip = (await t.json('POST', `${base}/tags`, { token, json: { name: 'VIP' } })).body;
      const put = await t.json('PUT', `${base}/friends/${uid(1)}/tags`, { token, json: { tagIds: [vip.id] } });
      expect(put.status).toBe(200);
      expect(put.body.tags).toEqual([{ id: vip.id, name: 'VIP' }]);
      const bad = await t.json('PUT', `${base}/friends/${uid(1)}/tags`, { token, json: { tagIds: [vip.id, 'tag_nope'] } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.issues).toEqual([{ path: 'tagIds.1', message: expect.stringContaining('tag_nope') }]);
      expect((await t.json('PUT', `${base}/friends/${uid(2)}/tags`, { token, json: { tagIds: [] } })).status).toBe(404);
      expect((await t.json('PUT', `${base}/friends/${uid(1)}/tags`, { token, json: { tagIds: 'x' } })).status).toBe(400);
    });
  });

  describe('authorization', () => {
    it('answers 401 without a token and 404 for another account, on every friends route', async () => {
      const mine = await t.account();
      const other = await t.account();
      await importLines(other.base, other.token, [{ lineUserId: uid(1), displayName: 'Theirs' }]);
      for (const [m, p, body] of [
        ['GET', '/friends', undefined], ['POST', '/friends/import', 'x\n'], ['GET', `/friends/${uid(1)}`, undefined],
      ] as const) {
        expect((await t.json(m, `${other.base}${p}`, { token: null, body })).status).toBe(401);
        expect((await t.json(m, `${other.base}${p}`, { token: mine.token, body })).status).toBe(404);
      }
      expect((await t.json('PUT', `${other.base}/friends/${uid(1)}/tags`, { token: mine.token, json: { tagIds: [] } })).status).toBe(404);
    });
  });
});
