/**
 * People (DESIGN.md, "People and roles"): invites, sessions, /v1/me and the members of an account.
 * Script tokens are with the accounts (server/src/routes/accounts/routes.ts).
 */
import type { z } from 'zod';
import { defineRoutes, type Registrar, type ResponseSpec } from '../../http/router';
import type { AppDeps } from '../../http/context';
import type { Session } from '../../../../lib/contract/people';
import {
  accountMemberListSchema, accountMemberSchema, inviteAcceptSchema, inviteCreateSchema, inviteSchema, meSchema, memberRoleSchema,
  sessionSchema, signInSchema,
} from '../../../../lib/contract/people';
import { acceptInvite, accountMembers, changeRole, createInvite, me, removeMember, signIn, signOut } from '../../services/people';

/**
 * The two ways in without a token — accepting an invite, signing in — answer alike: a session
 * (201), or 429 while the email has failed too often (both check a password against the throttle).
 */
function addSignIn<B extends z.ZodType>(r: Registrar, spec: { path: string; summary: string; description: string; body: B; refusals: Record<number, ResponseSpec> },
  signInWith: (deps: AppDeps, body: z.output<B>) => Promise<Session>): void {
  r.add({
    method: 'post', path: spec.path, permission: 'public', tag: 'people', summary: spec.summary, description: spec.description, body: spec.body,
    responses: {
      201: { description: 'Signed in', schema: sessionSchema },
      ...spec.refusals,
      429: { description: 'Too many failed sign-ins for this email: Retry-After says when to try again' },
    },
  }, async (c, { body }) => c.json(await signInWith(c.var.deps, body as z.output<B>), 201));
}

export default defineRoutes((r) => {
  r.add({
    method: 'post', path: '/v1/invites', permission: 'signed_in', tag: 'people',
    summary: 'Invite a person to accounts, each with a role. The code is shown once; it works once, for 24 hours.',
    description: 'By the admin token, or by a caller who is admin of every account named (otherwise 403 forbidden; an account the caller does not see: 404).',
    body: inviteCreateSchema,
    responses: {
      201: { description: 'The invite code (give it to the person) and when it expires', schema: inviteSchema },
      403: { description: 'The caller is not admin of every account named' },
    },
  }, async (c, { body }) => c.json(await createInvite(c.var.deps, c.var.caller, body), 201));

  addSignIn(r, {
    path: '/v1/invites/accept',
    summary: 'Accept an invite: become a member (or add its accounts to your membership) and sign in',
    description: 'A new member sets a name and a password (10+ characters). An existing member (same email) gives their own password; their name stays.',
    body: inviteAcceptSchema,
    refusals: {
      400: { description: 'Bad input, or the code is unknown (invite_unknown), used (invite_used) or expired (invite_expired); issues name the field' },
      401: { description: 'An existing member\'s password is wrong (invalid_credentials)' },
    },
  }, acceptInvite);

  addSignIn(r, {
    path: '/v1/sessions',
    summary: 'Sign in with email and password → a session token for 30 days, renewed on use',
    description: 'A wrong email and a wrong password answer the same 401 invalid_credentials. After 5 failures for one email within 15 minutes, 429 with Retry-After — even for the right password — until the window passes.',
    body: signInSchema,
    refusals: { 401: { description: 'The email or the password is wrong (invalid_credentials)' } },
  }, signIn);

  r.add({
    method: 'delete', path: '/v1/sessions/current', permission: 'member', tag: 'people',
    summary: 'Sign out: this session token stops at once, on every instance',
    responses: { 204: { description: 'Signed out' } },
  }, async (c) => {
    await signOut(c.var.deps, c.var.caller);
    return c.body(null, 204);
  });

  r.add({
    method: 'get', path: '/v1/me', permission: 'member', tag: 'people',
    summary: 'The signed-in member and their accounts, with their role on each',
    responses: { 200: { description: 'The member', schema: meSchema } },
  }, async (c) => {
    const caller = c.var.caller;
    if (caller.kind !== 'member') throw new Error('unreachable: permission member');
    return c.json(await me(c.var.deps, caller));
  });

  r.add({
    method: 'get', path: '/v1/accounts/:a/members', permission: 'read', tag: 'people',
    summary: 'The account\'s members and their roles',
    responses: { 200: { description: 'Members by email', schema: accountMemberListSchema } },
  }, async (c) => c.json({ items: await accountMembers(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'put', path: '/v1/accounts/:a/members/:memberId', permission: 'manage', tag: 'people',
    summary: 'Change a member\'s role on this account',
    body: memberRoleSchema,
    responses: {
      200: { description: 'The member with the new role', schema: accountMemberSchema },
      409: { description: 'The last admin cannot be demoted' },
    },
  }, async (c, { body, params }) => c.json(await changeRole(c.var.deps, c.var.account.id, params.memberId, body.role, c.var.actor)));

  r.add({
    method: 'delete', path: '/v1/accounts/:a/members/:memberId', permission: 'manage', tag: 'people',
    summary: 'Remove a member from this account: their next request to it answers 404',
    responses: { 204: { description: 'Removed' }, 409: { description: 'The last admin cannot be removed' } },
  }, async (c, { params }) => {
    await removeMember(c.var.deps, c.var.account.id, params.memberId, c.var.actor);
    return c.body(null, 204);
  });
});
