import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { useTestApp } from '../../test/app';

const definition = { groups: [{ conditions: [{ property: 'shopify.integrated', operator: 'is_integrated' }] }] };

forEachStore('Idempotency-Key on creates', (ctx) => {
  const t = useTestApp(ctx);

  describe('a create sent again with the same key (the outbox retrying after a lost answer)', () => {
    it('makes one segment and answers the first answer again', async () => {
      const { token, base } = await t.account();
      const send = () => t.json('POST', `${base}/segments`, { token, json: { name: 'Buyers', definition }, headers: { 'idempotency-key': 'outbox-0001-segment' } });
      const first = await send();
      const again = await send();
      expect(first.status).toBe(201);
      expect(again.status).toBe(201);
      expect(again.body.id).toBe(first.body.id);
      const list = await t.json('GET', `${base}/segments`, { token });
      expect(list.body.items.map((s: { name: string }) => s.name)).toEqual(['Buyers']);
    });

    it('makes one folder and one tag', async () => {
      const { token, base } = await t.account();
      for (let i = 0; i < 3; i++) {
        expect((await t.json('POST', `${base}/folders`, { token, json: { name: 'Campaigns' }, headers: { 'idempotency-key': 'outbox-0002-folder' } })).status).toBe(201);
        expect((await t.json('POST', `${base}/tags`, { token, json: { name: 'VIP' }, headers: { 'idempotency-key': 'outbox-0003-tag' } })).status).toBe(201);
      }
      expect((await t.json('GET', `${base}/folders`, { token })).body.items).toHaveLength(1);
      expect((await t.json('GET', `${base}/tags`, { token })).body.items).toHaveLength(1);
    });
  });

  it('refuses the same key with another body, and creates nothing', async () => {
    const { token, base } = await t.account();
    const key = { 'idempotency-key': 'outbox-0004-reused' };
    expect((await t.json('POST', `${base}/folders`, { token, json: { name: 'A' }, headers: key })).status).toBe(201);
    const reused = await t.json('POST', `${base}/folders`, { token, json: { name: 'B' }, headers: key });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('idempotency_key_reused');
    expect((await t.json('GET', `${base}/folders`, { token })).body.items.map((f: { name: string }) => f.name)).toEqual(['A']);
  });

  it('keeps keys apart per account', async () => {
    const one = await t.account();
    const two = await t.account();
    const key = { 'idempotency-key': 'outbox-0005-shared' };
    const a = await t.json('POST', `${one.base}/folders`, { token: one.token, json: { name: 'Same' }, headers: key });
    const b = await t.json('POST', `${two.base}/folders`, { token: two.token, json: { name: 'Same' }, headers: key });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it('says what is wrong with a malformed key', async () => {
    const { token, base } = await t.account();
    const res = await t.json('POST', `${base}/folders`, { token, json: { name: 'X' }, headers: { 'idempotency-key': 'bad key!' } });
    expect(res.status).toBe(400);
    expect(res.body.error.issues[0].path).toBe('Idempotency-Key');
  });
});

forEachStore('Idempotency-Key with twins at the same moment', (ctx) => {
  const t = useTestApp(ctx);

  it('creates one segment when the same create arrives several times at once', async () => {
    const { token, base } = await t.account();
    const send = () => t.json('POST', `${base}/segments`, { token, json: { name: 'Twins', definition }, headers: { 'idempotency-key': 'outbox-0006-twins' } });
    const answers = await Promise.all([send(), send(), send(), send()]);
    // Each twin gets the segment, or is told the first is still running (and gets it on retry).
    for (const a of answers) expect([201, 503]).toContain(a.status);
    expect(answers.some((a) => a.status === 201)).toBe(true);
    for (const a of answers.filter((x) => x.status === 503)) expect(a.headers.get('retry-after')).toBe('1');
    const again = await send();
    expect(again.status).toBe(201);
    expect((await t.json('GET', `${base}/segments`, { token })).body.items).toHaveLength(1);
  });

  it('frees the key when the create is refused, so a corrected retry with it works', async () => {
    const { token, base } = await t.account();
    const key = { 'idempotency-key': 'outbox-0007-refused' };
    await t.json('POST', `${base}/tags`, { token, json: { name: 'Taken' } });
    expect((await t.json('POST', `${base}/tags`, { token, json: { name: 'Taken' }, headers: key })).status).toBe(409);
    expect((await t.json('POST', `${base}/tags`, { token, json: { name: 'Taken' }, headers: key })).status).toBe(409);
    await t.request('DELETE', `${base}/tags/${(await t.json('GET', `${base}/tags`, { token })).body.items[0].id}`, { token });
    expect((await t.json('POST', `${base}/tags`, { token, json: { name: 'Taken' }, headers: key })).status).toBe(201);
  });
});
