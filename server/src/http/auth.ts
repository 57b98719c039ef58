/**
 * Bearer-token authorization. The admin token (LUMO_ADMIN_TOKEN) may do everything; an account
 * token sees its one account, and every other account answers 404 — as if it did not exist, so a
 * token cannot probe which accounts do. Account tokens are kept as SHA-256 hashes only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv, Caller } from './context';
import { forbidden, notFound, unauthorized } from './errors';
import { accountOfTokenHash, findAccount } from '../repositories/accounts';
import type { Auth } from './router';

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

function sameSecret(a: string, b: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function bearer(c: Context<AppEnv>): string | null {
  const h = c.req.header('authorization');
  if (!h) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
  return m ? m[1] : '';
}

async function identify(c: Context<AppEnv>): Promise<Caller> {
  const token = bearer(c);
  if (token === null) throw unauthorized();
  if (token === '') throw unauthorized('The Authorization header must be "Bearer <token>".');
  const { config, store } = c.var.deps;
  if (sameSecret(token, config.adminToken)) return { kind: 'admin' };
  const accountId = await accountOfTokenHash(store.db, hashToken(token));
  if (!accountId) throw unauthorized('This API token is not valid. Check the token in the extension\'s options, or mint a new one.');
  return { kind: 'account', accountId };
}

/** Runs the route's authorization; sets `caller` and, for account routes, `account`. */
export async function authorize(c: Context<AppEnv>, auth: Auth): Promise<void> {
  if (auth === 'none') return;
  const caller = await identify(c);
  c.set('caller', caller);
  const id = c.req.param('a');
  if (auth === 'account' || (auth === 'admin' && id !== undefined)) {
    // Account first: a token must not learn from a 403 that another account exists.
    const missing = () => notFound(`There is no account "${id ?? ''}" for this token.`);
    if (caller.kind === 'account' && caller.accountId !== id) throw missing();
    const account = id === undefined ? undefined : await findAccount(c.var.deps.store.db, id);
    if (!account) throw missing();
    c.set('account', { id: account.id, name: account.name, timezone: account.timezone });
  }
  if (auth === 'admin' && caller.kind !== 'admin') {
    throw forbidden('Only the admin token (LUMO_ADMIN_TOKEN) may do this.');
  }
}
