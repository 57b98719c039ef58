/**
 * Bearer-token authorization. The admin token (LUMO_ADMIN_TOKEN) may do everything; an account
 * token sees its one account, and every other account answers 404 — as if it did not exist, so a
 * token cannot probe which accounts do. Account tokens are kept as SHA-256 hashes only.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv, Caller } from './context';
import { forbidden, notFound, unauthorized } from './errors';
import { accountOfTokenHash, findAccount, type AccountRow } from '../repositories/accounts';
import type { Store } from '../store/db';
import type { Auth } from './router';

/**
 * What the store said about tokens and accounts, remembered per store for a minute so a request
 * costs no lookups beyond its own (a draft preview made two of its five here). Safe because the
 * API only ever adds to both: a token is minted and never changed, an account is created and never
 * changed or deleted — no write the API makes can contradict a remembered answer. A miss is never
 * remembered, so a token minted a moment ago, on any instance, works at once. The minute bounds
 * how long a hand edit in the store (deleting a leaked token's row) takes to apply everywhere.
 * A route that revokes a token or changes an account must delete its entry here (and, with
 * several instances, REMEMBER_MS becomes how long a revocation takes elsewhere).
 */
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 10_000;
interface Remembered<T> { value: T; until: number }
interface AuthMemory { tokens: Map<string, Remembered<string>>; accounts: Map<string, Remembered<AccountRow>> }
const memories = new WeakMap<Store, AuthMemory>();

function memoryOf(store: Store): AuthMemory {
  let m = memories.get(store);
  if (!m) memories.set(store, m = { tokens: new Map(), accounts: new Map() });
  return m;
}

async function remembered<T>(map: Map<string, Remembered<T>>, key: string, now: number, read: () => Promise<T | undefined>): Promise<T | undefined> {
  const hit = map.get(key);
  if (hit && hit.until > now) return hit.value;
  const value = await read();
  if (value === undefined) map.delete(key);
  else {
    if (map.size >= REMEMBER_MAX) map.clear();
    map.set(key, { value, until: now + REMEMBER_MS });
  }
  return value;
}

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
  const { config, store, clock } = c.var.deps;
  if (sameSecret(token, config.adminToken)) return { kind: 'admin' };
  const hash = hashToken(token);
  const accountId = await remembered(memoryOf(store).tokens, hash, clock.now(), () => accountOfTokenHash(store.db, hash));
  if (!accountId) throw unauthorized('This API token is not valid. Check the token in the extension\'s options, or mint a new one.');
  return { kind: 'account', accountId };
}

/** Runs the route's authorization; sets `caller` and, for account routes, `account`. */
export async function authorize(c: Context<AppEnv>, auth: Auth): Promise<void> {
  if (auth === 'none') return;
  const caller = await identify(c);
  c.set('caller', caller);
  // Until members sign in (issue 12), a caller is the admin token or an account's API token.
  c.set('actor', caller.kind === 'admin' ? { type: 'admin', id: 'admin', name: 'Admin token' } : { type: 'token', id: caller.accountId, name: 'API token' });
  const id = c.req.param('a');
  if (auth === 'account' || (auth === 'admin' && id !== undefined)) {
    // Account first: a token must not learn from a 403 that another account exists.
    const missing = () => notFound(`There is no account "${id ?? ''}" for this token.`);
    if (caller.kind === 'account' && caller.accountId !== id) throw missing();
    const { store, clock } = c.var.deps;
    const account = id === undefined ? undefined : await remembered(memoryOf(store).accounts, id, clock.now(), () => findAccount(store.db, id));
    if (!account) throw missing();
    c.set('account', { id: account.id, name: account.name, timezone: account.timezone });
  }
  if (auth === 'admin' && caller.kind !== 'admin') {
    throw forbidden('Only the admin token (LUMO_ADMIN_TOKEN) may do this.');
  }
}
