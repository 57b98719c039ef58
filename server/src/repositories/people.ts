/**
 * Members, their roles per account, sessions, invites, failed sign-ins and script tokens. Secrets
 * (session tokens, invite codes, script tokens) are stored as SHA-256 hashes only; passwords as
 * scrypt hashes (server/src/people/passwords.ts). Every function takes the handle it runs on, so a
 * service can make a change and its activity entry in one transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../store/types';
import type { Role } from '../../../lib/permissions';

type Db = Kysely<Database>;

export interface MemberRow { id: string; email: string; name: string; passwordHash: string; createdAt: number }
const toMember = (r: Database['members']): MemberRow =>
  ({ id: r.id, email: r.email, name: r.name, passwordHash: r.password_hash, createdAt: r.created_at });

export async function findMemberByEmail(db: Db, email: string): Promise<MemberRow | undefined> {
  const r = await db.selectFrom('members').selectAll().where('email', '=', email).executeTakeFirst();
  return r && toMember(r);
}

export async function findMember(db: Db, id: string): Promise<MemberRow | undefined> {
  const r = await db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
  return r && toMember(r);
}

/**
 * Inserts a member; false when a member with that email exists — including one another request
 * created since the caller looked (PostgreSQL waits for that request's commit before answering).
 */
export async function insertMember(db: Db, m: MemberRow): Promise<boolean> {
  const r = await db.insertInto('members').values({ id: m.id, email: m.email, name: m.name, password_hash: m.passwordHash, created_at: m.createdAt })
    .onConflict((oc) => oc.column('email').doNothing()).executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
}

// ---- roles ---------------------------------------------------------------------------------------

export async function roleOf(db: Db, accountId: string, memberId: string): Promise<Role | undefined> {
  const r = await db.selectFrom('account_members').select('role')
    .where('account_id', '=', accountId).where('member_id', '=', memberId).executeTakeFirst();
  return r?.role as Role | undefined;
}

/** The member's accounts and role in each, by account id. */
export async function accountsOfMember(db: Db, memberId: string) {
  const rows = await db.selectFrom('account_members')
    .innerJoin('accounts', 'accounts.id', 'account_members.account_id')
    .select(['accounts.id', 'accounts.name', 'accounts.timezone', 'account_members.role'])
    .where('account_members.member_id', '=', memberId)
    .orderBy('accounts.id')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, timezone: r.timezone, role: r.role as Role }));
}

export async function membersOfAccount(db: Db, accountId: string) {
  const rows = await db.selectFrom('account_members')
    .innerJoin('members', 'members.id', 'account_members.member_id')
    .select(['members.id', 'members.email', 'members.name', 'account_members.role'])
    .where('account_members.account_id', '=', accountId)
    .orderBy('members.email')
    .execute();
  return rows.map((r) => ({ member: { id: r.id, email: r.email, name: r.name }, role: r.role as Role }));
}

/** Gives the member a role on the account, or changes the one they have. */
export async function upsertRole(db: Db, accountId: string, memberId: string, role: Role, now: number): Promise<void> {
  await db.insertInto('account_members').values({ account_id: accountId, member_id: memberId, role, created_at: now })
    .onConflict((oc) => oc.columns(['account_id', 'member_id']).doUpdateSet({ role }))
    .execute();
}

export async function deleteRole(db: Db, accountId: string, memberId: string): Promise<boolean> {
  const r = await db.deleteFrom('account_members').where('account_id', '=', accountId).where('member_id', '=', memberId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function countAdmins(db: Db, accountId: string): Promise<number> {
  const r = await db.selectFrom('account_members').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId).where('role', '=', 'admin').executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---- sessions ------------------------------------------------------------------------------------

export interface SessionRow { id: string; memberId: string; memberName: string; expiresAt: number }

/** The live session of this token hash (not expired), with its member's name. */
export async function findSession(db: Db, tokenHash: string, now: number): Promise<SessionRow | undefined> {
  const r = await db.selectFrom('sessions').innerJoin('members', 'members.id', 'sessions.member_id')
    .select(['sessions.id', 'sessions.member_id', 'sessions.expires_at', 'members.name'])
    .where('sessions.token_hash', '=', tokenHash).where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  return r && { id: r.id, memberId: r.member_id, memberName: r.name, expiresAt: r.expires_at };
}

export async function insertSession(db: Db, s: { tokenHash: string; id: string; memberId: string; createdAt: number; expiresAt: number }): Promise<void> {
  await db.insertInto('sessions').values({ token_hash: s.tokenHash, id: s.id, member_id: s.memberId, created_at: s.createdAt, expires_at: s.expiresAt }).execute();
}

export async function renewSession(db: Db, id: string, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

// ---- failed sign-ins -----------------------------------------------------------------------------

export async function recordSignInFailure(db: Db, email: string, at: number): Promise<void> {
  await db.insertInto('sign_in_failures').values({ email, at }).execute();
}

/** Failures for the email since `since`, oldest first (the oldest decides when the window frees). */
export async function signInFailuresSince(db: Db, email: string, since: number): Promise<number[]> {
  const rows = await db.selectFrom('sign_in_failures').select('at').where('email', '=', email).where('at', '>', since).orderBy('at').execute();
  return rows.map((r) => r.at);
}

/** Forgets failures that left the window (every email's: the table stays small). */
export async function pruneSignInFailures(db: Db, before: number): Promise<void> {
  await db.deleteFrom('sign_in_failures').where('at', '<=', before).execute();
}

// ---- invites -------------------------------------------------------------------------------------

export interface InviteRow { id: string; email: string; accounts: { id: string; role: Role }[]; expiresAt: number; usedAt: number | null }

export async function insertInvite(db: Db, i: { id: string; codeHash: string; email: string; accounts: { id: string; role: Role }[]; createdAt: number; expiresAt: number }): Promise<void> {
  await db.insertInto('invites').values({
    id: i.id, code_hash: i.codeHash, email: i.email, accounts: JSON.stringify(i.accounts), created_at: i.createdAt, expires_at: i.expiresAt, used_at: null,
  }).execute();
}

export async function findInviteByCodeHash(db: Db, codeHash: string): Promise<InviteRow | undefined> {
  const r = await db.selectFrom('invites').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  return r && { id: r.id, email: r.email, accounts: JSON.parse(r.accounts), expiresAt: r.expires_at, usedAt: r.used_at };
}

/** Marks the invite used; false when another request used it first (single use under races). */
export async function useInvite(db: Db, id: string, now: number): Promise<boolean> {
  const r = await db.updateTable('invites').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- script tokens -------------------------------------------------------------------------------

export interface TokenRow { id: string; accountId: string; name: string; role: Role; createdAt: number; lastUsedAt: number | null }
const toToken = (r: Database['api_tokens']): TokenRow =>
  ({ id: r.id, accountId: r.account_id, name: r.name, role: r.role as Role, createdAt: r.created_at, lastUsedAt: r.last_used_at });

export async function findTokenByHash(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
  const r = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  return r && toToken(r);
}

export async function insertToken(db: Db, t: { tokenHash: string; id: string; accountId: string; name: string; role: Role; createdAt: number }): Promise<void> {
  await db.insertInto('api_tokens').values({
    token_hash: t.tokenHash, id: t.id, account_id: t.accountId, name: t.name, role: t.role, created_at: t.createdAt, last_used_at: null,
  }).execute();
}

export async function listTokens(db: Db, accountId: string): Promise<TokenRow[]> {
  return (await db.selectFrom('api_tokens').selectAll().where('account_id', '=', accountId).orderBy('created_at').orderBy('id').execute()).map(toToken);
}

export async function findToken(db: Db, accountId: string, id: string): Promise<TokenRow | undefined> {
  const r = await db.selectFrom('api_tokens').selectAll().where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return r && toToken(r);
}

export async function deleteToken(db: Db, accountId: string, id: string): Promise<boolean> {
  const r = await db.deleteFrom('api_tokens').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Notes when a token was last used, at most once a minute per token (a write per request would be waste). */
export async function touchToken(db: Db, tokenHash: string, now: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('token_hash', '=', tokenHash)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', now - 60_000)]))
    .execute();
}
