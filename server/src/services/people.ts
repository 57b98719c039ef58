/**
 * People (DESIGN.md, "People and roles"): invites, accepting one, signing in and out, the members
 * of an account and their roles. Every change is written with its activity entry in one
 * transaction. Secrets — passwords, session tokens, invite codes — are hashed before they are
 * stored, shown only in the answer that creates them, and never logged.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AppDeps, Actor, Caller } from '../http/context';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import { SESSION_MS, SESSION_PREFIX, hashToken, roleOn } from '../http/auth';
import { findAccount } from '../repositories/accounts';
import {
  accountsOfMember, countAdmins, deleteRole, deleteSession, findInviteByCodeHash, findMember, findMemberByEmail, insertInvite,
  insertMember, insertSession, membersOfAccount, pruneSignInFailures, recordSignInFailure, roleOf, signInFailuresSince,
  upsertRole, useInvite, type MemberRow,
} from '../repositories/people';
import { recordActivity } from '../repositories/activity';
import type { Database } from '../store/types';
import type { Store } from '../store/db';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { forbiddenMessage, roleMay, type Role } from '../../../lib/permissions';
import type { Member, Session } from '../../../lib/contract/people';

export const INVITE_MS = 24 * 3600_000;
/** DESIGN.md: 5 failures for one email within 15 minutes → 429 until the window passes. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;
export const SIGN_IN_MAX_FAILURES = 5;

const iso = (ms: number) => new Date(ms).toISOString();
const memberOut = (m: Pick<MemberRow, 'id' | 'email' | 'name'>): Member => ({ id: m.id, email: m.email, name: m.name });
const invalidCredentials = () => new ApiError(401, 'invalid_credentials', 'The email or the password is wrong.');

/** An account's members change under a lock on the account row, so two demotions cannot both pass the last-admin check. */
async function lockAccount(store: Store, trx: Kysely<Database>, accountId: string): Promise<void> {
  if (store.dialect === 'postgres') await trx.selectFrom('accounts').select('id').where('id', '=', accountId).forUpdate().execute();
  // SQLite: one writer at a time already.
}

/** A new session for the member: the token is in this answer only, its hash in the store. */
async function newSession(trx: Kysely<Database>, member: MemberRow, now: number): Promise<Session> {
  const token = `${SESSION_PREFIX}${randomBytes(32).toString('base64url')}`;
  const expiresAt = now + SESSION_MS;
  await insertSession(trx, { tokenHash: hashToken(token), id: `ses_${randomBytes(8).toString('hex')}`, memberId: member.id, createdAt: now, expiresAt });
  return { token, member: memberOut(member), expiresAt: iso(expiresAt) };
}

/**
 * A password checked the way every sign-in checks it: 429 while the email is throttled (whatever
 * the password); a wrong one counts as a failure for the email and throws `wrong()`.
 */
async function checkPassword(deps: AppDeps, email: string, password: string, hash: string, now: number, wrong: () => ApiError): Promise<void> {
  await throttle(deps, email, now);
  if (await verifyPassword(password, hash)) return;
  await recordSignInFailure(deps.store.db, email, now);
  throw wrong();
}

// ---- invites -------------------------------------------------------------------------------------

/**
 * An invite for `email` to the accounts named, each with a role: by anyone who may `manage` every
 * account named (the admin token, an account's admin). Answers the code once; only its hash is kept.
 */
export async function createInvite(deps: AppDeps, caller: Caller, input: { email: string; accounts: { id: string; role: Role }[] }) {
  const seen = new Set<string>();
  input.accounts.forEach((a, i) => {
    if (seen.has(a.id)) throw badRequest('The request body is not valid.', [{ path: `accounts.${i}.id`, message: `"${a.id}" is named twice.` }]);
    seen.add(a.id);
  });
  for (const a of input.accounts) {
    const role = await roleOn(deps.store.db, caller, a.id);
    if (!role || !await findAccount(deps.store.db, a.id)) throw notFound(`There is no account "${a.id}" for this token.`);
    if (!roleMay(role, 'manage')) throw new ApiError(403, 'forbidden', forbiddenMessage(role, 'manage'), undefined, { role, permission: 'manage' });
  }
  const code = `inv_${randomBytes(24).toString('base64url')}`;
  const now = deps.clock.now();
  const invite = { id: `inv_${randomBytes(8).toString('hex')}`, codeHash: hashToken(code), email: input.email, accounts: input.accounts, createdAt: now, expiresAt: now + INVITE_MS };
  await deps.store.db.transaction().execute(async (trx) => {
    await insertInvite(trx, invite);
    for (const a of input.accounts) {
      await recordActivity(trx, { accountId: a.id, actor: caller.actor, action: 'invite.create', target: { type: 'invite', id: invite.id, name: input.email }, details: { role: a.role }, at: now });
    }
  });
  return { code, expiresAt: iso(invite.expiresAt) };
}

/**
 * Accepts an invite: a new member is created with the name and password given; an existing
 * member (same email) must give their own password and gains the roles (a role they already hold
 * on an account stays as it is — change it with PUT …/members/:id). Single use, within 24 hours.
 */
export async function acceptInvite(deps: AppDeps, input: { code: string; name: string; password: string }): Promise<Session> {
  try {
    return await acceptInviteOnce(deps, input);
  } catch (e) {
    if (!(e instanceof EmailTakenMeanwhile)) throw e;
    // Another invite for this email was accepted while this one hashed its password: the person
    // exists now. Accepting again from the start answers exactly as if this request had come
    // second — the member's own password joins them, another is a wrong password — and the
    // rolled-back attempt left the invite unused.
    return acceptInviteOnce(deps, input);
  }
}

/** A 409 only if it happened twice in a row, which members never being deleted rules out. */
class EmailTakenMeanwhile extends ApiError {
  constructor() { super(409, 'conflict', 'Another sign-up for this email happened at the same moment. Try again.', undefined, { reason: 'email_taken' }); }
}

async function acceptInviteOnce(deps: AppDeps, input: { code: string; name: string; password: string }): Promise<Session> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const invite = await findInviteByCodeHash(db, hashToken(input.code));
  const bad = (code: string, message: string) => new ApiError(400, code, message, [{ path: 'code', message }]);
  if (!invite) throw bad('invite_unknown', 'This invite code is not known. Check that it was copied whole, or ask for a new invite.');
  if (invite.usedAt !== null) throw bad('invite_used', 'This invite has been used already. Sign in, or ask for a new invite.');
  if (invite.expiresAt <= now) throw bad('invite_expired', 'This invite has expired (invites last 24 hours). Ask for a new one.');

  const existing = await findMemberByEmail(db, invite.email);
  if (existing) {
    await checkPassword(deps, invite.email, input.password, existing.passwordHash, now,
      () => new ApiError(401, 'invalid_credentials', `${invite.email} is already a member: enter that member's password to add these accounts.`));
  }
  const passwordHash = existing ? existing.passwordHash : await hashPassword(input.password);
  const member: MemberRow = existing ?? { id: `mem_${randomBytes(8).toString('hex')}`, email: invite.email, name: input.name, passwordHash, createdAt: now };
  return db.transaction().execute(async (trx) => {
    if (!await useInvite(trx, invite.id, now)) throw bad('invite_used', 'This invite has been used already. Sign in, or ask for a new invite.');
    if (!existing && !await insertMember(trx, member)) throw new EmailTakenMeanwhile();
    const actor: Actor = { type: 'member', id: member.id, name: member.name };
    for (const a of invite.accounts) {
      if (await roleOf(trx, a.id, member.id)) continue;
      await upsertRole(trx, a.id, member.id, a.role, now);
      await recordActivity(trx, { accountId: a.id, actor, action: 'member.join', target: { type: 'member', id: member.id, name: member.name }, details: { role: a.role, email: member.email }, at: now });
    }
    return newSession(trx, member, now);
  });
}

// ---- sessions ------------------------------------------------------------------------------------

/** 429 with Retry-After while the email has had 5 failures in the last 15 minutes — whatever the password. */
async function throttle(deps: AppDeps, email: string, now: number): Promise<void> {
  const { db } = deps.store;
  await pruneSignInFailures(db, now - SIGN_IN_WINDOW_MS);
  const failures = await signInFailuresSince(db, email, now - SIGN_IN_WINDOW_MS);
  if (failures.length < SIGN_IN_MAX_FAILURES) return;
  // The window frees when the oldest of the last five failures leaves it.
  const freesAt = failures[failures.length - SIGN_IN_MAX_FAILURES] + SIGN_IN_WINDOW_MS;
  const seconds = Math.max(1, Math.ceil((freesAt - now) / 1000));
  throw new ApiError(429, 'too_many_attempts',
    `Too many failed sign-ins for this email. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`,
    undefined, { retryAfterSeconds: seconds }, { 'retry-after': String(seconds) });
}

export async function signIn(deps: AppDeps, input: { email: string; password: string }): Promise<Session> {
  const { db } = deps.store;
  const now = deps.clock.now();
  const member = await findMemberByEmail(db, input.email);
  // A wrong email costs a hash too, and answers exactly as a wrong password does: nobody knows
  // the decoy's password, so past this line the member exists.
  await checkPassword(deps, input.email, input.password, member?.passwordHash ?? await decoyHash(), now, invalidCredentials);
  return newSession(db, member!, now);
}

export async function signOut(deps: AppDeps, caller: Caller): Promise<void> {
  if (caller.kind === 'member') await deleteSession(deps.store.db, caller.sessionId);
}

export async function me(deps: AppDeps, caller: Caller & { kind: 'member' }) {
  const member = await findMember(deps.store.db, caller.memberId);
  if (!member) throw notFound('This member no longer exists.');
  return { member: memberOut(member), accounts: await accountsOfMember(deps.store.db, member.id) };
}

// ---- members of an account -----------------------------------------------------------------------

export async function accountMembers(deps: AppDeps, accountId: string) {
  return membersOfAccount(deps.store.db, accountId);
}

const lastAdmin = () => conflict('This is the account\'s last admin: make another member admin first.', { reason: 'last_admin' });
const noMember = (id: string) => notFound(`There is no member "${id}" in this account.`);

/**
 * Runs `change` on one member of the account in a transaction holding the account's lock, with
 * their current role — 404 when they are not a member — and whether they are its last admin.
 */
function changeMember<T>(deps: AppDeps, accountId: string, memberId: string,
  change: (trx: Kysely<Database>, m: { member: MemberRow; before: Role; isLastAdmin: () => Promise<boolean> }) => Promise<T>): Promise<T> {
  return deps.store.db.transaction().execute(async (trx) => {
    await lockAccount(deps.store, trx, accountId);
    const before = await roleOf(trx, accountId, memberId);
    const member = before && await findMember(trx, memberId);
    if (!before || !member) throw noMember(memberId);
    return change(trx, { member, before, isLastAdmin: async () => before === 'admin' && await countAdmins(trx, accountId) <= 1 });
  });
}

export async function changeRole(deps: AppDeps, accountId: string, memberId: string, role: Role, actor: Actor) {
  const now = deps.clock.now();
  return changeMember(deps, accountId, memberId, async (trx, { member, before, isLastAdmin }) => {
    if (role !== 'admin' && await isLastAdmin()) throw lastAdmin();
    if (before !== role) {
      await upsertRole(trx, accountId, memberId, role, now);
      await recordActivity(trx, { accountId, actor, action: 'member.role_change', target: { type: 'member', id: memberId, name: member.name }, details: { from: before, to: role }, at: now });
    }
    return { member: memberOut(member), role };
  });
}

export async function removeMember(deps: AppDeps, accountId: string, memberId: string, actor: Actor): Promise<void> {
  const now = deps.clock.now();
  await changeMember(deps, accountId, memberId, async (trx, { member, before, isLastAdmin }) => {
    if (await isLastAdmin()) throw lastAdmin();
    await deleteRole(trx, accountId, memberId);
    await recordActivity(trx, { accountId, actor, action: 'member.remove', target: { type: 'member', id: memberId, name: member.name }, details: { role: before }, at: now });
  });
}
