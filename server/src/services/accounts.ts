/** Accounts and their API tokens (DESIGN.md: the admin token creates both). */
import { randomBytes } from 'node:crypto';
import type { AppDeps, Caller } from '../http/context';
import { badRequest, conflict } from '../http/errors';
import { hashToken } from '../http/auth';
import { insertAccount, insertTokenHash, listAccounts } from '../repositories/accounts';
import { isTimeZone } from '../../../lib/segment/dates';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';
import type { Account } from '../../../lib/contract/api';

export async function visibleAccounts(deps: AppDeps, caller: Caller): Promise<Account[]> {
  const rows = await listAccounts(deps.store.db, caller.kind === 'admin' ? undefined : [caller.accountId]);
  return rows.map(({ id, name, timezone }) => ({ id, name, timezone }));
}

export async function createAccount(deps: AppDeps, input: { id: string; name: string; timezone?: string }): Promise<Account> {
  const timezone = input.timezone ?? DEFAULT_TIME_ZONE;
  if (!isTimeZone(timezone)) {
    throw badRequest('The request body is not valid.', [{ path: 'timezone', message: `"${timezone}" is not an IANA time zone. Use one like "Asia/Tokyo" or "Europe/London".` }]);
  }
  const account = { id: input.id, name: input.name, timezone };
  if (!await insertAccount(deps.store.db, { ...account, createdAt: deps.clock.now() })) {
    throw conflict(`An account "${input.id}" already exists.`);
  }
  return account;
}

/** Mints a token that sees `accountId` only. Only its hash is stored: the token is shown once. */
export async function mintAccountToken(deps: AppDeps, accountId: string): Promise<string> {
  const token = `lumo_${randomBytes(32).toString('base64url')}`;
  await insertTokenHash(deps.store.db, accountId, hashToken(token), deps.clock.now());
  return token;
}
