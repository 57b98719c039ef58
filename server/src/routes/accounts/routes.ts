import { defineRoutes } from '../../http/router';
import { accountCreateSchema, accountSchema, listOf } from '../../../../lib/contract/api';
import { scriptTokenSchema, tokenCreateSchema, tokenListSchema } from '../../../../lib/contract/people';
import { accountTokens, createAccount, mintScriptToken, revokeToken, visibleAccounts } from '../../services/accounts';

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
