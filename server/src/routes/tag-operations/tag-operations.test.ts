import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { runTagOperation } from '../../services/tag-operations';
import { listActivity } from '../../repositories/activity';
import { onFriendsChanged } from '../../store/change-feed';

const uid = (n: number) => 'U' + n.toString(16).padStart(32, '0');
const ndjson = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

forEachStore('tag operations, tag import and export', (ctx) => {
  const t = useTestApp(ctx);

  /** Friends 1–3 are "Repeat" buyers (1 already VIP), 4 is a blocked repeat buyer, 5 is not one. */
  async function world() {
    const { base, token, id } = await t.account();
    await t.request('POST', `${base}/friends/import`, {
      token, headers: { 'content-type': 'application/x-ndjson' }, body: ndjson([
        { lineUserId: uid(1), displayName: 'Aoi', addedAt: '2026-03-01T00:00:00Z', tags: ['Repeat', 'VIP'] },
        { lineUserId: uid(2), displayName: '=HYPERLINK("http://evil","x")', addedAt: '2026-03-02T00:00:00Z', tags: ['Repeat'] },
        { lineUserId: uid(3), displayName: 'Suzuki, "Ken"\nsecond line', tags: ['Repeat'] },
        { lineUserId: uid(4), displayName: 'Blocked', tags: ['Repeat'], blockedAt: '2026-04-01T00:00:00Z' },
        { lineUserId: uid(5), displayName: 'Other' },
      ]),
    });
    const tags = (await t.json('GET', `${base}/tags`, { token })).body.items as { id: string; name: string }[];
    const tagId = (name: string) => tags.find((x) => x.name === name)!.id;
    const segment = (await t.json('POST', `${base}/segments`, {
      token, json: { name: 'Repeat buyers', definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [tagId('Repeat')] }] }] } },
    })).body;
    const vip = tagId('VIP');
    const tagsOf = async (n: number) => ((await t.json('GET', `${base}/friends/${uid(n)}`, { token })).body.tags as { name: string }[]).map((x) => x.name).sort();
    const start = (body: unknown, key: string) => t.json('POST', `${base}/segments/${segment.id}/tags`, { token, json: body, headers: { 'idempotency-key': key } });
    const op = async (opId: string) => (await t.json('GET', `${base}/tag-operations/${opId}`, { token })).body;
    const drain = () => t.deps.jobs.drain(t.deps);
    return { base, token, id, segment, vip, tagId, tagsOf, start, op, drain };
  }

  describe('tag everyone', () => {
    it('adds the tag to the segment\'s unblocked members as a job, and undo takes it only from those it gave it to', async () => {
      const w = await world();
      const started = await w.start({ tagId: w.vip, action: 'add' }, 'key-add-vip-1');
      expect(started.status).toBe(202);
      expect(started.body).toMatchObject({ status: 'running', action: 'add', tagName: 'VIP', segmentName: 'Repeat buyers', total: 3, changed: 0 });
      await w.drain();
      const done = await w.op(started.body.id);
      expect(done).toMatchObject({ status: 'done', total: 3, processed: 3, changed: 2, progress: 1 });
      expect(await w.tagsOf(2)).toEqual(['Repeat', 'VIP']);
      expect(await w.tagsOf(4)).toEqual(['Repeat']); // blocked: not a member
      expect(await w.tagsOf(5)).toEqual([]);

      t.clock.advance(1000); // the activity log orders by time
      const undo = await t.json('POST', `${w.base}/tag-operations/${started.body.id}/undo`, { token: w.token });
      expect(undo.status).toBe(202);
      expect(undo.body).toMatchObject({ action: 'remove', undoOf: started.body.id });
      await w.drain();
      expect(await w.op(undo.body.id)).toMatchObject({ status: 'done', changed: 2 });
      expect(await w.tagsOf(1)).toEqual(['Repeat', 'VIP']); // had it before: keeps it
      expect(await w.tagsOf(2)).toEqual(['Repeat']);
      expect(await w.tagsOf(3)).toEqual(['Repeat']);
      expect((await w.op(started.body.id)).undoneBy).toBe(undo.body.id);
      // Undo again: the same undo, nothing new.
      const again = await t.json('POST', `${w.base}/tag-operations/${started.body.id}/undo`, { token: w.token });
      expect(again.status).toBe(200);
      expect(again.body.id).toBe(undo.body.id);
      // An undo is not undone.
      expect((await t.json('POST', `${w.base}/tag-operations/${undo.body.id}/undo`, { token: w.token })).status).toBe(409);
      const log = (await listActivity(ctx.store.db, w.id, { limit: 50 })).items;
      expect(log.filter((e) => e.action.startsWith('tags.')).map((e) => [e.action, e.target.name, e.details?.tagName])).toEqual([
        ['tags.bulk_undo', 'Repeat buyers', 'VIP'], ['tags.bulk_add', 'Repeat buyers', 'VIP'],
      ]);
    });

    it('undo leaves friends whose tag was changed by hand in between', async () => {
      const w = await world();
      const add = (await w.start({ tagId: w.vip, action: 'add' }, 'key-hand-1')).body;
      await w.drain();
      // Friend 2: VIP taken off and given back by hand — the tag is now the hand's, not the operation's.
      const repeat = w.tagId('Repeat');
      await t.json('PUT', `${w.base}/friends/${uid(2)}/tags`, { token: w.token, json: { tagIds: [repeat] } });
      await t.json('PUT', `${w.base}/friends/${uid(2)}/tags`, { token: w.token, json: { tagIds: [repeat, w.vip] } });
      const undo = (await t.json('POST', `${w.base}/tag-operations/${add.id}/undo`, { token: w.token })).body;
      await w.drain();
      expect(await w.tagsOf(2)).toEqual(['Repeat', 'VIP']);
      expect(await w.tagsOf(3)).toEqual(['Repeat']);
      expect(await w.op(undo.id)).toMatchObject({ status: 'done', total: 1, changed: 1 });
    });

    it('removes a tag from everyone and undoes it exactly', async () => {
      const w = await world();
      const repeat = w.tagId('Repeat');
      const vipSeg = (await t.json('POST', `${w.base}/segments`, {
        token: w.token, json: { name: 'Everyone', definition: { groups: [{ conditions: [{ property: 'line.friend_added_at', operator: 'not_within_last_days', value: 0 }] }, { conditions: [{ property: 'tag', operator: 'contains_none', value: ['nothing'] }] }] } },
      })).body;
      const rm = await t.json('POST', `${w.base}/segments/${vipSeg.id}/tags`, { token: w.token, json: { tagId: repeat, action: 'remove' }, headers: { 'idempotency-key': 'key-remove-1' } });
      await w.drain();
      expect(await w.op(rm.body.id)).toMatchObject({ status: 'done', total: 4, changed: 3 });
      expect(await w.tagsOf(1)).toEqual(['VIP']);
      expect(await w.tagsOf(4)).toEqual(['Repeat']); // blocked: untouched
      const undo = (await t.json('POST', `${w.base}/tag-operations/${rm.body.id}/undo`, { token: w.token })).body;
      await w.drain();
      expect(await w.op(undo.id)).toMatchObject({ status: 'done', action: 'add', changed: 3 });
      for (const n of [1, 2, 3]) expect(await w.tagsOf(n)).toContain('Repeat');
      expect(await w.tagsOf(5)).toEqual([]);
    });

    it('is one job when clicked twice: the same key, or a new key while it runs', async () => {
      const w = await world();
      const a = await w.start({ tagId: w.vip, action: 'add' }, 'key-twice-1');
      const b = await w.start({ tagId: w.vip, action: 'add' }, 'key-twice-1');
      const c = await w.start({ tagId: w.vip, action: 'add' }, 'key-twice-2');
      expect(a.status).toBe(202);
      expect([b.status, c.status]).toEqual([200, 200]);
      expect(b.body.id).toBe(a.body.id);
      expect(c.body.id).toBe(a.body.id);
      const jobs = await ctx.store.db.selectFrom('jobs').select('id').where('account_id', '=', w.id).where('kind', '=', 'tags.bulk').execute();
      expect(jobs).toHaveLength(1);
      expect((await w.start({ tagId: w.vip, action: 'remove' }, 'key-twice-1')).status).toBe(422);
    });

    it('resumes after a crash mid-way without applying a batch twice', async () => {
      const w = await world();
      const op = (await w.start({ tagId: w.vip, action: 'add' }, 'key-crash-1')).body;
      // The first run dies after its first batch (of one friend) committed.
      await expect(runTagOperation(t.deps, w.id, op.id, {
        batchSize: 1, afterBatch: (n) => { if (n === 0) throw new Error('process killed'); },
      })).rejects.toThrow('process killed');
      const mid = await w.op(op.id);
      expect(mid).toMatchObject({ status: 'running', total: 3, processed: 1 });
      // The job in the table picks up where it stopped.
      await w.drain();
      expect(await w.op(op.id)).toMatchObject({ status: 'done', total: 3, processed: 3, changed: 2 });
      for (const n of [1, 2, 3]) expect(await w.tagsOf(n)).toContain('VIP');
    });

    it('changes, in batches of any size, exactly the friends whose tag differs, and tells the caches only those', async () => {
      const w = await world();
      // Friend 3 has VIP already too: of the members 1–3 only friend 2 lacks it.
      const repeat = w.tagId('Repeat');
      await t.json('PUT', `${w.base}/friends/${uid(3)}/tags`, { token: w.token, json: { tagIds: [repeat, w.vip] } });
      const heard: string[][] = [];
      const stop = onFriendsChanged((accountId, ids) => { if (accountId === w.id && ids !== 'all') heard.push([...ids]); });
      try {
        const add = (await w.start({ tagId: w.vip, action: 'add' }, 'key-batches-1')).body;
        const batches: number[] = [];
        await runTagOperation(t.deps, w.id, add.id, { batchSize: 2, afterBatch: (n) => batches.push(n) });
        expect(batches).toEqual([0, 1]); // members 1, 2 | 3
        expect(await w.op(add.id)).toMatchObject({ status: 'done', total: 3, processed: 3, changed: 1 });
        expect(heard).toEqual([[uid(2)]]);
        for (const n of [1, 2, 3]) expect(await w.tagsOf(n)).toContain('VIP');

        heard.length = 0;
        const undo = (await t.json('POST', `${w.base}/tag-operations/${add.id}/undo`, { token: w.token })).body;
        await runTagOperation(t.deps, w.id, undo.id, { batchSize: 1 });
        expect(await w.op(undo.id)).toMatchObject({ status: 'done', total: 1, changed: 1 });
        expect(heard).toEqual([[uid(2)]]);
        expect(await w.tagsOf(1)).toEqual(['Repeat', 'VIP']);
        expect(await w.tagsOf(2)).toEqual(['Repeat']);
        expect(await w.tagsOf(3)).toEqual(['Repeat', 'VIP']);

        // Removing from everyone: friends without the tag are not counted as changed.
        heard.length = 0;
        const rm = (await w.start({ tagId: w.vip, action: 'remove' }, 'key-batches-2')).body;
        await runTagOperation(t.deps, w.id, rm.id, { batchSize: 2 });
        expect(await w.op(rm.id)).toMatchObject({ status: 'done', total: 3, changed: 2 });
        expect(heard.flat().sort()).toEqual([uid(1), uid(3)]);
        for (const n of [1, 2, 3]) expect(await w.tagsOf(n)).toEqual(['Repeat']);
      } finally {
        stop();
      }
    });

    it('fails clearly when the segment is deleted before the job starts, and finishes when deleted after', async () => {
      const w = await world();
      const op = (await w.start({ tagId: w.vip, action: 'add' }, 'key-deleted-1')).body;
      await t.request('DELETE', `${w.base}/segments/${w.segment.id}`, { token: w.token, headers: { 'if-match': String(w.segment.version) } });
      await w.drain();
      const failed = await w.op(op.id);
      expect(failed).toMatchObject({ status: 'failed', changed: 0 });
      expect(failed.error).toMatch(/Repeat buyers.*deleted/);
      expect(await w.tagsOf(2)).toEqual(['Repeat']);

      const w2 = await world();
      const op2 = (await w2.start({ tagId: w2.vip, action: 'add' }, 'key-deleted-2')).body;
      await expect(runTagOperation(t.deps, w2.id, op2.id, { batchSize: 1, afterBatch: () => { throw new Error('stop'); } })).rejects.toThrow();
      await t.request('DELETE', `${w2.base}/segments/${w2.segment.id}`, { token: w2.token, headers: { 'if-match': String(w2.segment.version) } });
      await w2.drain();
      expect(await w2.op(op2.id)).toMatchObject({ status: 'done', total: 3, changed: 2 });
    });

    it('answers 4xx naming what is wrong', async () => {
      const w = await world();
      const noKey = await t.json('POST', `${w.base}/segments/${w.segment.id}/tags`, { token: w.token, json: { tagId: w.vip, action: 'add' } });
      expect(noKey.status).toBe(400);
      expect(noKey.body.error.issues[0].path).toBe('Idempotency-Key');
      const unknownTag = await w.start({ tagId: 'tag_nope', action: 'add' }, 'key-bad-1');
      expect(unknownTag.status).toBe(400);
      expect(unknownTag.body.error.issues[0].path).toBe('tagId');
      const badAction = await w.start({ tagId: w.vip, action: 'toggle' }, 'key-bad-2');
      expect(badAction.status).toBe(400);
      expect(badAction.body.error.issues[0].path).toBe('action');
      expect((await t.json('POST', `${w.base}/segments/seg_nope/tags`, { token: w.token, json: { tagId: w.vip, action: 'add' }, headers: { 'idempotency-key': 'key-bad-3' } })).status).toBe(404);
      expect((await t.json('GET', `${w.base}/tag-operations/top_nope`, { token: w.token })).status).toBe(404);
      const other = await t.account();
      expect((await t.json('POST', `${w.base}/segments/${w.segment.id}/tags`, { token: other.token, json: { tagId: w.vip, action: 'add' }, headers: { 'idempotency-key': 'key-bad-4' } })).status).toBe(404);
    });
  });

  describe('export', () => {
    it('streams the members as UTF-8 CSV with a BOM, RFC 4180 quoting and formulas neutralised', async () => {
      const w = await world();
      const res = await t.request('GET', `${w.base}/segments/${w.segment.id}/export.csv`, { token: w.token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="Repeat buyers \d{4}-\d{2}-\d{2}\.csv"/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes.slice(3));
      const rows = parse(text) as string[][];
      expect(rows[0]).toEqual(['lineUserId', 'displayName', 'addedAt', 'tags', 'pictureUrl', 'shopifyPurchaseCount', 'shopifyLastPurchaseAt']);
      expect(rows.slice(1).map((r) => r.slice(0, 4))).toEqual([
        [uid(1), 'Aoi', '2026-03-01T00:00:00.000Z', 'Repeat; VIP'],
        [uid(2), '\'=HYPERLINK("http://evil","x")', '2026-03-02T00:00:00.000Z', 'Repeat'],
        [uid(3), 'Suzuki, "Ken"\nsecond line', '', 'Repeat'],
      ]);
      // Rows equal the segment's members and its count.
      await w.drain();
      const preview = (await t.json('GET', `${w.base}/segments/${w.segment.id}/preview`, { token: w.token })).body;
      expect(Number(res.headers.get('x-row-count'))).toBe(preview.count);
      expect(rows.length - 1).toBe(preview.count);
      // The snapshot is gone once streamed.
      const left = await ctx.store.db.selectFrom('operation_members' as never).select('operation_id' as never).where('account_id' as never, '=', w.id as never).execute();
      expect(left).toEqual([]);
      const log = (await listActivity(ctx.store.db, w.id, { limit: 50 })).items.filter((e) => e.action === 'segment.export');
      expect(log.map((e) => [e.target.name, e.details])).toEqual([['Repeat buyers', { rows: 3 }]]);
    });

    it('is for roles that may export; tagging everyone is for roles that may edit', async () => {
      const w = await world();
      const noExport = await t.accountToken(w.id, 'operator_no_broadcast');
      const refused = await t.json('GET', `${w.base}/segments/${w.segment.id}/export.csv`, { token: noExport });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
      const tagged = await t.json('POST', `${w.base}/segments/${w.segment.id}/tags`, { token: noExport, json: { tagId: w.vip, action: 'add' }, headers: { 'idempotency-key': 'key-role-1' } });
      expect(tagged.status).toBe(202);
      const operator = await t.accountToken(w.id, 'operator');
      expect((await t.request('GET', `${w.base}/segments/${w.segment.id}/export.csv`, { token: operator })).status).toBe(200);
    });

    it('streams many pages in order, and 404s an unknown segment', async () => {
      const { base, token } = await t.account();
      const n = 4500;
      await t.request('POST', `${base}/friends/import`, {
        token, headers: { 'content-type': 'application/x-ndjson' },
        body: ndjson(Array.from({ length: n }, (_, i) => ({ lineUserId: uid(i + 1), displayName: `F${i}`, tags: ['All'] }))),
      });
      const all = (await t.json('GET', `${base}/tags`, { token })).body.items[0].id;
      const seg = (await t.json('POST', `${base}/segments`, { token, json: { name: 'All', definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [all] }] }] } } })).body;
      const text = await (await t.request('GET', `${base}/segments/${seg.id}/export.csv`, { token })).text();
      const rows = parse(text, { bom: true }) as string[][];
      expect(rows.length - 1).toBe(n);
      expect(rows.slice(1).map((r) => r[0])).toEqual(Array.from({ length: n }, (_, i) => uid(i + 1)));
      expect((await t.json('GET', `${base}/segments/seg_nope/export.csv`, { token })).status).toBe(404);
    });
  });

  describe('tags from a CSV', () => {
    const post = (base: string, token: string, body: BodyInit) =>
      t.json('POST', `${base}/friends/tags/import`, { token, body, headers: { 'content-type': 'text/csv' } });

    it('tags friends, creates missing tags, counts what was already there and lists rejected lines', async () => {
      const w = await world();
      const csv = '\uFEFFemail,lineUserId,tag\r\n'
        + `a@x.jp,${uid(1)},VIP\r\n` // already tagged
        + `b@x.jp,${uid(2)},"Sale, summer"\r\n` // quoted comma, a new tag
        + `c@x.jp,${uid(3)},"two\nlines"\r\n` // quoted newline: the row spans lines 4–5
        + `d@x.jp,U123,VIP\r\n` // line 6: invalid id
        + `e@x.jp,${uid(99)},VIP\r\n` // line 7: unknown friend
        + `f@x.jp,${uid(5)},\r\n` // line 8: empty tag
        + `g@x.jp,${uid(5)},VIP\r\n`;
      const r = await post(w.base, w.token, csv);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ tagged: 3, alreadyTagged: 1, rejectedCount: 3 });
      expect(r.body.rejected.map((x: { line: number }) => x.line)).toEqual([6, 7, 8]);
      expect(r.body.rejected[0].error).toMatch(/lineUserId/);
      expect(r.body.rejected[1].error).toMatch(/no friend/);
      expect(await w.tagsOf(2)).toEqual(['Repeat', 'Sale, summer']);
      expect(await w.tagsOf(3)).toEqual(['Repeat', 'two\nlines']);
      expect(await w.tagsOf(5)).toEqual(['VIP']);
      const log = (await listActivity(ctx.store.db, w.id, { limit: 50 })).items.filter((e) => e.action === 'tags.import');
      expect(log.map((e) => e.details)).toEqual([{ tagged: 3, alreadyTagged: 1, rejected: 3 }]);
    });

    it('refuses a CSV without the header, an empty one, and one that is not UTF-8, naming the line', async () => {
      const w = await world();
      const noHeader = await post(w.base, w.token, `${uid(1)},VIP\n`);
      expect(noHeader.status).toBe(400);
      expect(noHeader.body.error.message).toMatch(/lineUserId and tag/);
      expect(noHeader.body.error.issues[0].path).toBe('line 1');
      expect((await post(w.base, w.token, '')).status).toBe(400);
      // "lineUserId,tag\n<id>,セール\n" in Shift_JIS.
      const sjis = Buffer.concat([Buffer.from(`lineUserId,tag\n${uid(1)},`), Buffer.from([0x83, 0x5a, 0x81, 0x5b, 0x83, 0x8b]), Buffer.from('\n')]);
      const bad = await post(w.base, w.token, sjis);
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('not_utf8');
      expect(bad.body.error.message).toMatch(/must be UTF-8/);
      expect(bad.body.error.issues[0].path).toBe('line 2');
    });

    it('reads a large CSV as a stream', async () => {
      const w = await world();
      const rows = 30_000;
      let i = 0;
      const encoder = new TextEncoder();
      const body = new ReadableStream<Uint8Array>({
        pull(ctl) {
          if (i === 0) ctl.enqueue(encoder.encode('lineUserId,tag\n'));
          if (i >= rows) { ctl.close(); return; }
          let chunk = '';
          for (let k = 0; k < 1000 && i < rows; k++, i++) chunk += `${uid(1 + (i % 3))},bulk${i % 7}\n`;
          ctl.enqueue(encoder.encode(chunk));
        },
      });
      const r = await post(w.base, w.token, body);
      expect(r.status).toBe(200);
      expect(r.body.tagged + r.body.alreadyTagged).toBe(rows);
      expect(r.body.tagged).toBe(21); // 3 friends × 7 tags
    });
  });

  it('tells a tag\'s segments and a friend\'s segments', async () => {
    const w = await world();
    const repeat = w.tagId('Repeat');
    const detail = await t.json('GET', `${w.base}/tags/${repeat}`, { token: w.token });
    expect(detail.body).toMatchObject({ name: 'Repeat', usedBy: [{ id: w.segment.id, name: 'Repeat buyers' }] });
    expect((await t.json('GET', `${w.base}/tags/${w.vip}`, { token: w.token })).body.usedBy).toEqual([]);
    expect((await t.json('GET', `${w.base}/friends/${uid(1)}/segments`, { token: w.token })).body.items).toEqual([{ id: w.segment.id, name: 'Repeat buyers' }]);
    expect((await t.json('GET', `${w.base}/friends/${uid(4)}/segments`, { token: w.token })).body.items).toEqual([]); // blocked
    expect((await t.json('GET', `${w.base}/friends/${uid(5)}/segments`, { token: w.token })).body.items).toEqual([]);
    expect((await t.json('GET', `${w.base}/friends/${uid(77)}/segments`, { token: w.token })).status).toBe(404);
    // A tag opens its friends.
    const vipFriends = (await t.json('GET', `${w.base}/friends?tagId=${w.vip}`, { token: w.token })).body.items.map((f: { lineUserId: string }) => f.lineUserId);
    expect(vipFriends).toEqual([uid(1)]);
    // Tag counts leave blocked friends out (they are members of no segment).
    const counts = (await t.json('GET', `${w.base}/tags`, { token: w.token })).body.items.map((x: { name: string; friendCount: number }) => [x.name, x.friendCount]);
    expect(counts).toEqual([['Repeat', 3], ['VIP', 1]]);
  });
});
