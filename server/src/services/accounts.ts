/** Accounts and their script tokens (DESIGN.md: the admin token creates accounts; an account admin mints tokens). */
import { randomBytes } from 'node:crypto';
import type { AppDeps, Actor, Caller } from '../http/context';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import { hashToken } from '../http/auth';
import { insertAccount, listAccounts } from '../repositories/accounts';
import { accountsOfMember, deleteToken, findToken, insertToken, listTokens, roleOf, upsertRole } from '../repositories/people';
import { connect, lineBotInfo } from '../integrations/service';
import { findAccount } from '../repositories/accounts';
import { accountIdSchema } from '../../../lib/contract/api';
import { recordActivity } from '../repositories/activity';
import { isTimeZone } from '../../../lib/segment/dates';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';
import type { Account } from '../../../lib/contract/api';
import type { Role } from '../../../lib/permissions';

/** The accounts the caller sees, each with the caller's role on it. */
export async function visibleAccounts(deps: AppDeps, caller: Caller): Promise<Account[]> {
  if (caller.kind === 'member') return accountsOfMember(deps.store.db, caller.memberId);
  const rows = await listAccounts(deps.store.db, caller.kind === 'admin' ? undefined : [caller.accountId]);
  const role: Role = caller.kind === 'admin' ? 'admin' : caller.tokenRole;
  return rows.map(({ id, name, timezone }) => ({ id, name, timezone, role }));
}

export function checkTimeZone(timezone: string): void {
  if (!isTimeZone(timezone)) {
    throw badRequest('The request body is not valid.', [{ path: 'timezone', message: `"${timezone}" is not an IANA time zone. Use one like "Asia/Tokyo" or "Europe/London".` }]);
  }
}

export async function createAccount(deps: AppDeps, input: { id: string; name: string; timezone?: string }): Promise<Account> {
  const timezone = input.timezone ?? DEFAULT_TIME_ZONE;
  checkTimeZone(timezone);
  const account = { id: input.id, name: input.name, timezone };
  if (!await insertAccount(deps.store.db, { ...account, createdAt: deps.clock.now() })) {
    throw conflict(`An account "${input.id}" already exists.`);
  }
  return account;
}

const newToken = () => `lumo_${randomBytes(32).toString('base64url')}`;

/**
 * Mints a script token for the account with a role (default admin). Only its hash is stored: the
 * token is in this answer and nowhere else, ever.
 */
export async function mintScriptToken(deps: AppDeps, accountId: string, actor: Actor, input: { role?: Role; name?: string } = {}) {
  const token = newToken();
  const t = { id: `tok_${randomBytes(8).toString('hex')}`, role: input.role ?? 'admin' as Role, name: input.name ?? 'API token' };
  const now = deps.clock.now();
  await deps.store.db.transaction().execute(async (trx) => {
    await insertToken(trx, { tokenHash: hashToken(token), accountId, createdAt: now, ...t });
    await recordActivity(trx, { accountId, actor, action: 'token.create', target: { type: 'token', id: t.id, name: t.name }, details: { role: t.role }, at: now });
  });
  return { ...t, token };
}

/** Mints an admin token for the account (the demo seed, tests): the token alone. */
export async function mintAccountToken(deps: AppDeps, accountId: string, input: { role?: Role; name?: string } = {}): Promise<string> {
  const token = newToken();
  await insertToken(deps.store.db, {
    tokenHash: hashToken(token), accountId, createdAt: deps.clock.now(),
    id: `tok_${randomBytes(8).toString('hex')}`, role: input.role ?? 'admin', name: input.name ?? 'API token',
  });
  return token;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export async function accountTokens(deps: AppDeps, accountId: string) {
  return (await listTokens(deps.store.db, accountId)).map((t) => ({
    id: t.id, name: t.name, role: t.role, createdAt: iso(t.createdAt)!, lastUsedAt: iso(t.lastUsedAt),
  }));
}

/** Revokes a script token: its row goes, so the next request with it answers 401 on every instance. */
export async function revokeToken(deps: AppDeps, accountId: string, id: string, actor: Actor): Promise<void> {
  await deps.store.db.transaction().execute(async (trx) => {
    const t = await findToken(trx, accountId, id);
    if (!t || !await deleteToken(trx, accountId, id)) throw notFound(`There is no token "${id}" in this account.`);
    await recordActivity(trx, { accountId, actor, action: 'token.revoke', target: { type: 'token', id, name: t.name }, details: { role: t.role }, at: deps.clock.now() });
  });
}

/**
 * Connects a LINE Official Account by its Messaging API channel (POST /v1/accounts/connect): the
 * channel's bot info names the account (its basic id). A new account is created with the caller
 * as its admin and LINE connected. An account that exists: its members get it back (an admin's
 * credentials are saved anew); anyone else gets 403 `not_a_member` — its admin invites them.
 */
export async function connectAccount(deps: AppDeps, caller: Caller & { kind: 'member' }, input: { channelSecret: string; channelAccessToken: string; timezone?: string; accountId?: string }): Promise<{ account: Account; created: boolean }> {
  const timezone = input.timezone ?? DEFAULT_TIME_ZONE;
  checkTimeZone(timezone);
  const creds = { channelSecret: input.channelSecret, channelAccessToken: input.channelAccessToken };
  const bot = await lineBotInfo(deps, creds);
  const id = bot.basicId.toLowerCase();
  // The person pasted a token from the console's other channel: creating that account instead of
  // the one on their screen would surprise them, and the page they are on would still not connect.
  const expected = input.accountId?.toLowerCase();
  if (expected && ![bot.basicId, bot.premiumId].some((x) => x?.toLowerCase() === expected)) {
    throw new ApiError(400, 'wrong_line_account',
      `This channel access token belongs to the LINE Official Account ${bot.basicId}, not ${input.accountId}. Copy the token of ${input.accountId}'s Messaging API channel.`,
      [{ path: 'channelAccessToken', message: `Belongs to ${bot.basicId}.` }]);
  }
  if (!accountIdSchema.safeParse(id).success) {
    throw new ApiError(400, 'unsupported_account', `LINE names this account "${bot.basicId}", which Lumo cannot use as an account id.`);
  }
  const existing = await findAccount(deps.store.db, id);
  if (existing) {
    const role = await roleOf(deps.store.db, id, caller.memberId);
    if (!role) {
      throw new ApiError(403, 'not_a_member', `The account ${id} is already in Lumo and you are not one of its members. Ask its admin to invite you.`);
    }
    if (role === 'admin') await connect(deps, id, 'line', creds, caller.actor);
    return { account: { id, name: existing.name, timezone: existing.timezone, role }, created: false };
  }
  const now = deps.clock.now();
  const account = { id, name: bot.displayName || id, timezone };
  await deps.store.db.transaction().execute(async (trx) => {
    if (!await insertAccount(trx, { ...account, createdAt: now })) throw conflict(`The account ${id} was created a moment ago: try again.`);
    await upsertRole(trx, id, caller.memberId, 'admin', now);
    await recordActivity(trx, { accountId: id, actor: caller.actor, action: 'account.create', target: { type: 'account', id, name: account.name }, at: now });
  });
  await connect(deps, id, 'line', creds, caller.actor);
  return { account: { ...account, role: 'admin' }, created: true };
}
