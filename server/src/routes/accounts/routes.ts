import { defineRoutes } from '../../http/router';
import { accountCreateSchema, accountSchema, listOf, tokenSchema } from '../../../../lib/contract/api';
import { createAccount, mintAccountToken, visibleAccounts } from '../../services/accounts';

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts', auth: 'token',
    summary: 'The accounts this token may see (the admin token sees all)',
    responses: { 200: { description: 'Accounts', schema: listOf(accountSchema) } },
  }, async (c) => c.json({ items: await visibleAccounts(c.var.deps, c.var.caller) }));

  r.add({
    method: 'post', path: '/v1/accounts', auth: 'admin',
    summary: 'Create an account (admin token)',
    body: accountCreateSchema,
    responses: {
      201: { description: 'Created', schema: accountSchema },
      403: { description: 'Not the admin token' },
      409: { description: 'The id is taken' },
    },
  }, async (c, { body }) => c.json(await createAccount(c.var.deps, body), 201));

  r.add({
    method: 'post', path: '/v1/accounts/:a/tokens', auth: 'admin',
    summary: 'Mint a token that sees this account only (admin token). The token is shown once.',
    responses: { 201: { description: 'The new token', schema: tokenSchema }, 403: { description: 'Not the admin token' } },
  }, async (c) => c.json({ token: await mintAccountToken(c.var.deps, c.var.account.id) }, 201));
});
