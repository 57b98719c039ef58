/**
 * Two invites for the same new email accepted at the same instant, over real HTTP on SQLite and
 * PostgreSQL. Both requests read "no such member" before either writes (each spends ~0.5 s hashing
 * the new password), so the second reaches the members table after the first created the person.
 * The outcome must be one that the two acceptances arriving one after the other would give
 * (DESIGN.md: "An existing member (same email) adds the roles; the password must then be theirs"):
 * the same password joins the one person; another password is the existing member's wrong password
 * (401, the invite left unused for a retry). Never a 500, never half a membership.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { serveOverHttp, useTestApp } from '../../../test/app';

const ROUNDS = 3;

forEachStore('invites accepted at the same instant', (ctx) => {
  const t = useTestApp(ctx);
  const http = serveOverHttp(t);

  const accept = (code: string, password: string, name: string) =>
    http.json('POST', '/v1/invites/accept', { token: null, json: { code, name, password } });
  /** Two accounts and an invite to each for one new email. */
  const twoInvites = async () => {
    const email = `race_${randomBytes(5).toString('hex')}@example.com`;
    const a = await t.account({ name: 'Shop A' });
    const b = await t.account({ name: 'Shop B' });
    const codes: string[] = [];
    for (const [acct, role] of [[a, 'admin'], [b, 'operator']] as const) {
      const inv = await t.json('POST', '/v1/invites', { json: { email, accounts: [{ id: acct.id, role }] } });
      expect(inv.status).toBe(201);
      codes.push(inv.body.code);
    }
    return { email, a, b, codes };
  };
  const membersWithEmail = async (email: string) =>
    ctx.store.db.selectFrom('members').select(['id', 'name']).where('email', '=', email).execute();
  const rolesOf = async (memberId: string) =>
    (await ctx.store.db.selectFrom('account_members').select(['account_id', 'role']).where('member_id', '=', memberId).orderBy('role').execute())
      .map((r) => [r.account_id, r.role]);
  const usedInvites = async (email: string) =>
    Number((await ctx.store.db.selectFrom('invites').select((eb) => eb.fn.countAll<number>().as('n'))
      .where('email', '=', email).where('used_at', 'is not', null).executeTakeFirstOrThrow()).n);

  describe('with the same password', () => {
    for (let round = 1; round <= ROUNDS; round++) {
      it(`both join one person, with both roles (round ${round})`, async () => {
        const { email, a, b, codes } = await twoInvites();
        const [first, second] = await Promise.all([
          accept(codes[0], 'one shared password', 'Aoi Tanaka'),
          accept(codes[1], 'one shared password', 'Aoi T.'),
        ]);
        expect([first.status, second.status], JSON.stringify([first.body, second.body])).toEqual([201, 201]);
        expect(second.body.member.id).toBe(first.body.member.id);
        const people = await membersWithEmail(email);
        expect(people).toHaveLength(1);
        // Whoever created the person named them; the other joined under that name.
        expect([first.body.member.name, second.body.member.name]).toEqual([people[0].name, people[0].name]);
        expect(await rolesOf(people[0].id)).toEqual([[a.id, 'admin'], [b.id, 'operator']]);
        expect(await usedInvites(email)).toBe(2);
        for (const s of [first, second]) expect((await t.json('GET', '/v1/me', { token: s.body.token })).body.accounts).toHaveLength(2);
      });
    }
  });

  describe('with different passwords', () => {
    for (let round = 1; round <= ROUNDS; round++) {
      it(`the first creates the person, the second is told to give that member's password and keeps its invite (round ${round})`, async () => {
        const { email, a, b, codes } = await twoInvites();
        const passwords = ['first password here', 'second password here'];
        const answers = await Promise.all([accept(codes[0], passwords[0], 'Aoi'), accept(codes[1], passwords[1], 'Ren')]);
        expect(answers.map((x) => x.status).sort(), JSON.stringify(answers.map((x) => x.body))).toEqual([201, 401]);
        const won = answers.findIndex((x) => x.status === 201);
        const lost = answers[1 - won];
        expect(lost.body.error).toMatchObject({ code: 'invalid_credentials', message: `${email} is already a member: enter that member's password to add these accounts.` });

        const people = await membersWithEmail(email);
        expect(people).toHaveLength(1);
        expect(people[0].id).toBe(answers[won].body.member.id);
        expect(await rolesOf(people[0].id)).toEqual([won === 0 ? [a.id, 'admin'] : [b.id, 'operator']]);
        expect(await usedInvites(email)).toBe(1);

        // Nothing was lost: the loser's invite still works with the member's password.
        const retry = await accept(codes[1 - won], passwords[won], 'ignored');
        expect(retry.status).toBe(201);
        expect(retry.body.member.id).toBe(people[0].id);
        expect(await rolesOf(people[0].id)).toEqual([[a.id, 'admin'], [b.id, 'operator']]);
      });
    }
  });

  it('one invite accepted twice at once: one member, one 201, the other 400 invite_used', async () => {
    const { email, codes } = await twoInvites();
    const answers = await Promise.all([accept(codes[0], 'one shared password', 'Aoi'), accept(codes[0], 'one shared password', 'Aoi')]);
    expect(answers.map((x) => x.status).sort()).toEqual([201, 400]);
    expect(answers.find((x) => x.status === 400)!.body.error.code).toBe('invite_used');
    expect(await membersWithEmail(email)).toHaveLength(1);
    expect(await usedInvites(email)).toBe(1);
  });
});
