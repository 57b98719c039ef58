/**
 * Tags changed by concurrent requests, over real HTTP on SQLite and PostgreSQL: renames of one
 * tag, and renames and creations racing for one name. Each outcome must be one that the requests
 * arriving one after the other would give — a name is never held twice, a loser gets the same 409
 * a late request gets, and the activity log tells the true sequence of names. Never a 500.
 */
import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { serveOverHttp, useTestApp } from '../../../test/app';

const ROUNDS = 8;

forEachStore('tags changed at the same instant', (ctx) => {
  const t = useTestApp(ctx);
  const http = serveOverHttp(t);

  const call = (token: string, method: string, path: string, json: unknown) => http.json(method, path, { token, json });
  const newTag = async (a: { base: string; token: string }, name: string): Promise<string> => {
    const r = await t.json('POST', `${a.base}/tags`, { token: a.token, json: { name } });
    expect(r.status).toBe(201);
    return r.body.id;
  };
  const tagsNamed = async (accountId: string, name: string) =>
    ctx.store.db.selectFrom('tags').select('id').where('account_id', '=', accountId).where('name', '=', name).execute();
  const taken = (name: string) => ({ code: 'conflict', message: `A tag named "${name}" already exists. Choose another name, or use that tag.` });

  it('two renames of one tag: both apply in some order, and each activity entry names the name it replaced', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await t.account();
      const id = await newTag(a, 'Original');
      const answers = await Promise.all(['Left', 'Right'].map((name) => call(a.token, 'PATCH', `${a.base}/tags/${id}`, { name })));
      expect(answers.map((x) => x.status), JSON.stringify(answers.map((x) => x.body))).toEqual([200, 200]);

      const final = (await t.json('GET', `${a.base}/tags/${id}`, { token: a.token })).body.name;
      const updates = (await t.json('GET', `${a.base}/activity`, { token: a.token })).body.items
        .filter((e: { action: string }) => e.action === 'tag.update').reverse()
        .map((e: { target: { name: string }; details: { previousName: string } }) => [e.details.previousName, e.target.name]);
      // Serial: Original → X, then X → Y, with Y the name the tag ends with. A lost update would
      // show both replacing "Original".
      expect(updates).toHaveLength(2);
      expect(updates[0][0]).toBe('Original');
      expect(updates[1][0]).toBe(updates[0][1]);
      expect(updates[1][1]).toBe(final);
    }
  });

  it('two tags renamed to one name at once: one gets it, the other a 409 and keeps its name', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await t.account();
      const ids = [await newTag(a, 'First'), await newTag(a, 'Second')];
      const answers = await Promise.all(ids.map((id) => call(a.token, 'PATCH', `${a.base}/tags/${id}`, { name: 'Wanted' })));
      expect(answers.map((x) => x.status).sort(), JSON.stringify(answers.map((x) => x.body))).toEqual([200, 409]);
      expect(answers.find((x) => x.status === 409)!.body.error).toMatchObject(taken('Wanted'));
      const winner = ids[answers.findIndex((x) => x.status === 200)];
      expect(await tagsNamed(a.id, 'Wanted')).toEqual([{ id: winner }]);
      expect((await tagsNamed(a.id, 'First')).length + (await tagsNamed(a.id, 'Second')).length).toBe(1);
    }
  });

  it('a rename and a creation of the same name at once: exactly one tag has it, the other request gets a 409', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const a = await t.account();
      const id = await newTag(a, 'Old name');
      const [renamed, created] = await Promise.all([
        call(a.token, 'PATCH', `${a.base}/tags/${id}`, { name: 'Contested' }),
        call(a.token, 'POST', `${a.base}/tags`, { name: 'Contested' }),
      ]);
      expect([[200, 409], [409, 201]], JSON.stringify([renamed.body, created.body])).toContainEqual([renamed.status, created.status]);
      const loser = renamed.status === 409 ? renamed : created;
      expect(loser.body.error).toMatchObject(taken('Contested'));
      const holders = await tagsNamed(a.id, 'Contested');
      expect(holders).toEqual([{ id: renamed.status === 200 ? id : created.body.id }]);
      // The loser left nothing: the renamed tag kept its old name, or no second tag was made.
      const count = (await t.json('GET', `${a.base}/tags`, { token: a.token })).body.items.length;
      expect(count).toBe(1 + (created.status === 201 ? 1 : 0));
    }
  });

  describe('the store\'s own unique keys, when a race reaches them, answer 409 naming the field', () => {
    it('two accounts created with one id at once: one 201, the other 409', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const id = `@race${Date.now().toString(36)}${round}`;
        const answers = await Promise.all([1, 2].map(() => call(t.adminToken, 'POST', '/v1/accounts', { id, name: 'Shop' })));
        expect(answers.map((x) => x.status).sort(), JSON.stringify(answers.map((x) => x.body))).toEqual([201, 409]);
        expect(answers.find((x) => x.status === 409)!.body.error.code).toBe('conflict');
      }
    });
  });
});
