import { defineRoutes } from '../../http/router';
import { accountCreateSchema, accountSchema, listOf } from '../../../../lib/contract/api';
import { connectAccountSchema, scriptTokenSchema, tokenCreateSchema, tokenListSchema } from '../../../../lib/contract/people';
import { accountTokens, connectAccount, createAccount, mintScriptToken, revokeToken, visibleAccounts } from '../../services/accounts';

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts', permission: 'signed_in',
    summary: 'The accounts the caller sees, with the caller\'s role on each (the admin token sees all, as admin)',
    responses: { 200: { description: 'Accounts', schema: listOf(accountSchema) } },
  }, async (c) => c.json({ items: await visibleAccounts(c.var.deps, c.var.caller) }));

  r.add({
    method: 'post', path: '/v1/accounts', permission: 'admin_token',
    summary: 'Create an account (admin token)',
    body: accountCreateSchema,
    responses: {
      201: { description: 'Created', schema: accountSchema },
      409: { description: 'The id is taken' },
    },
  }, async (c, { body }) => c.json(await createAccount(c.var.deps, body), 201));

  r.add({
    method: 'post', path: '/v1/accounts/connect', permission: 'member',
    summary: 'Connect a LINE Official Account by its Messaging API channel: a new account with you as its admin',
    description: 'The channel\'s bot info (LINE GET /v2/bot/info) names the account by its basic id. A new account is created with LINE connected and the caller as admin (201). An account that exists answers 200 to its members (an admin\'s credentials are saved anew) and 403 not_a_member to anyone else. With `accountId` (the account the caller means, e.g. the manager page\'s), a channel of another account answers 400 wrong_line_account and nothing is created. Only a signed-in member session may connect (a script token belongs to one account already): a token answers 403 forbidden.',
    body: connectAccountSchema,
    responses: {
      201: { description: 'Created, LINE connected, you are its admin', schema: accountSchema },
      200: { description: 'The account exists and you are a member', schema: accountSchema },
      400: { description: 'Bad input, LINE refused the credentials, or the channel belongs to another account than `accountId` (wrong_line_account); issues name the field' },
      403: { description: 'not_a_member: the account exists and you are not a member (its admin invites you); or not a member session' },
      503: { description: 'LINE could not be reached; nothing was saved' },
    },
  }, async (c, { body }) => {
    const caller = c.var.caller;
    if (caller.kind !== 'member') throw new Error('unreachable: permission member');
    const { account, created } = await connectAccount(c.var.deps, caller, body);
    return c.json(account, created ? 201 : 200);
  });

  r.add({
    method: 'post', path: '/v1/accounts/:a/tokens', permission: 'manage', tag: 'tokens',
    summary: 'Mint a script token for this account with a role (default admin). The token is shown once.',
    body: tokenCreateSchema, emptyBodyIs: {},
    responses: { 201: { description: 'The new token', schema: scriptTokenSchema } },
  }, async (c, { body }) => c.json(await mintScriptToken(c.var.deps, c.var.account.id, c.var.actor, body), 201));

  r.add({
    method: 'get', path: '/v1/accounts/:a/tokens', permission: 'manage', tag: 'tokens',
    summary: 'The account\'s script tokens (never the tokens themselves)',
    responses: { 200: { description: 'Tokens, oldest first', schema: tokenListSchema } },
  }, async (c) => c.json({ items: await accountTokens(c.var.deps, c.var.account.id) }));

  r.add({
    method: 'delete', path: '/v1/accounts/:a/tokens/:id', permission: 'manage', tag: 'tokens',
    summary: 'Revoke a script token: the next request with it answers 401, on every instance',
    responses: { 204: { description: 'Revoked' } },
  }, async (c, { params }) => {
    await revokeToken(c.var.deps, c.var.account.id, params.id, c.var.actor);
    return c.body(null, 204);
  });
});
