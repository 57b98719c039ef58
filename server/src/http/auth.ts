/**
 * Who is calling, and may they. Three kinds of bearer token:
 *   - the admin token (LUMO_ADMIN_TOKEN): every account, as `admin`;
 *   - a script token (`lumo_…`, POST /v1/accounts/:a/tokens): one account, with the role it was minted with;
 *   - a member's session (`lumos_…`, POST /v1/sessions): the member's accounts, their role in each.
 * Any other account answers 404 — as if it did not exist, so a caller cannot probe which accounts
 * do. What the role may not do answers 403 `forbidden` naming the role it needs (the table is
 * lib/permissions.ts; the router calls `authorize` for every route, in one place).
 *
 * Tokens and sessions are stored as SHA-256 hashes only and looked up on every request: a revoked
 * token or a signed-out session stops at once, on every instance (one indexed read; a cache here
 * would be how long a revocation takes elsewhere). Accounts are remembered for a minute: an account
 * is created and never changed or deleted, so no write can contradict a remembered one, and a miss
 * is never remembered, so an account created a moment ago, on any instance, works at once.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { ADMIN_ACTOR, type AppEnv, type Caller } from './context';
import { ApiError, notFound, unauthorized } from './errors';
import { findAccount, type AccountRow } from '../repositories/accounts';
import { findSession, findTokenByHash, renewSession, roleOf, touchToken } from '../repositories/people';
import type { Kysely } from 'kysely';
import type { Store } from '../store/db';
import type { Database } from '../store/types';
import { forbiddenMessage, isAccountPermission, roleMay, type AccountPermission, type Permission, type Role } from '../../../lib/permissions';

const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 10_000;
interface Remembered<T> { value: T; until: number }
const accountMemories = new WeakMap<Store, Map<string, Remembered<AccountRow>>>();

async function rememberedAccount(store: Store, id: string, now: number): Promise<AccountRow | undefined> {
  let map = accountMemories.get(store);
  if (!map) accountMemories.set(store, map = new Map());
  const hit = map.get(id);
  if (hit && hit.until > now) return hit.value;
  const value = await findAccount(store.db, id);
  if (value === undefined) map.delete(id);
  else {
    if (map.size >= REMEMBER_MAX) map.clear();
    map.set(id, { value, until: now + REMEMBER_MS });
  }
  return value;
}

/** Session tokens start with this; script tokens with "lumo_". */
export const SESSION_PREFIX = 'lumos_';
/** A session lasts this long after its last use (DESIGN.md: 30 days, renewed on use). */
export const SESSION_MS = 30 * 24 * 3600_000;
/** Renewal is a write: made at most once an hour per session, not on every request. */
const RENEW_AFTER_MS = 3600_000;

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
  if (sameSecret(token, config.adminToken)) return { kind: 'admin', actor: ADMIN_ACTOR, role: null };
  const hash = hashToken(token);
  const now = clock.now();
  if (token.startsWith(SESSION_PREFIX)) {
    const s = await findSession(store.db, hash, now);
    if (!s) throw unauthorized('This session has ended or was signed out. Sign in again.');
    let expiresAt = s.expiresAt;
    if (now + SESSION_MS - expiresAt > RENEW_AFTER_MS) {
      expiresAt = now + SESSION_MS;
      await renewSession(store.db, s.id, expiresAt);
    }
    return {
      kind: 'member', actor: { type: 'member', id: s.memberId, name: s.memberName }, role: null,
      memberId: s.memberId, sessionId: s.id, expiresAt,
    };
  }
  const t = await findTokenByHash(store.db, hash);
  if (!t) throw unauthorized('This API token is not valid. Check the token in the extension\'s options, or mint a new one.');
  await touchToken(store.db, hash, now);
  return {
    kind: 'token', actor: { type: 'token', id: t.id, name: t.name }, role: null,
    tokenId: t.id, accountId: t.accountId, tokenRole: t.role,
  };
}

/** The caller's role on `accountId`, or undefined when they do not see it (the account may not exist: check). */
export async function roleOn(db: Kysely<Database>, caller: Caller, accountId: string): Promise<Role | undefined> {
  if (caller.kind === 'admin') return 'admin';
  if (caller.kind === 'token') return caller.accountId === accountId ? caller.tokenRole : undefined;
  return roleOf(db, accountId, caller.memberId);
}

/**
 * Runs the route's permission (lib/permissions.ts). Sets `caller` and `actor`; for account
 * permissions also `account` and the caller's `role` on it — 404 for an account the caller does
 * not see, 403 `forbidden` for a role that may not.
 */
export async function authorize(c: Context<AppEnv>, permission: Permission): Promise<void> {
  if (permission === 'public') return;
  const caller = await identify(c);
  c.set('caller', caller);
  c.set('actor', caller.actor);
  if (permission === 'admin_token') {
    if (caller.kind !== 'admin') throw new ApiError(403, 'forbidden', 'Only the admin token (LUMO_ADMIN_TOKEN) may do this.');
    return;
  }
  if (permission === 'member') {
    if (caller.kind !== 'member') throw new ApiError(403, 'forbidden', 'Only a signed-in member may do this: sign in with POST /v1/sessions and use that token.');
    return;
  }
  if (!isAccountPermission(permission)) return; // signed_in
  const id = c.req.param('a');
  // Account first: a caller must not learn from a 403 that another account exists.
  const missing = () => notFound(`There is no account "${id ?? ''}" for this token.`);
  if (id === undefined) throw new Error(`Permission "${permission}" needs an /accounts/:a/ path.`);
  const role = await roleOn(c.var.deps.store.db, caller, id);
  if (!role) throw missing();
  const account = await rememberedAccount(c.var.deps.store, id, c.var.deps.clock.now());
  if (!account) throw missing();
  c.set('account', { id: account.id, name: account.name, timezone: account.timezone });
  caller.role = role;
  requireRole(c, permission);
}

/** 403 `forbidden` (naming the role it needs) unless the caller's role on the account may. */
export function requireRole(c: Context<AppEnv>, permission: AccountPermission): void {
  const role = c.var.caller?.role;
  if (!role) throw new Error(`requireRole(${permission}) outside an account route.`);
  if (!roleMay(role, permission)) {
    throw new ApiError(403, 'forbidden', forbiddenMessage(role, permission), undefined, { role, permission });
  }
}
