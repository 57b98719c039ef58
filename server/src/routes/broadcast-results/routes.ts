import { defineRoutes } from '../../http/router';
import { broadcastResultsSchema } from '../../../../lib/contract/results';
import { getResults, refreshResults } from '../../broadcasts/results/service';

const errors = { 404: { description: 'No such account or broadcast for this token' } };

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/accounts/:a/broadcasts/:id/results', tag: 'broadcasts', permission: 'results',
    summary: 'A broadcast\'s results: opens, clicks and links, as LINE counts them',
    description: 'Read from LINE an hour after sending, then on a schedule within LINE\'s 60 statistics calls an hour, '
      + 'for 14 days (then final). LINE gives null where fewer than 20 people did something: null is passed on, never 0. '
      + '`reason` says why results are empty (too few recipients, no aggregation unit left this month, not sent yet); '
      + '`history` is every read, for a chart.',
    responses: { 200: { description: 'The results', schema: broadcastResultsSchema }, ...errors },
  }, async (c, { params }) => c.json(await getResults(c.var.deps, c.var.account.id, params.id)));

  r.add({
    method: 'post', path: '/v1/accounts/:a/broadcasts/:id/results/refresh', tag: 'broadcasts', permission: 'results',
    summary: 'Read a broadcast\'s results from LINE now',
    description: 'Takes one of the channel\'s 60 statistics calls of the hour (shared with the scheduled reads). '
      + 'Final results, or results LINE cannot give, are answered as they are without a call.',
    responses: {
      200: { description: 'The new results', schema: broadcastResultsSchema },
      ...errors,
      409: { description: 'LINE is not connected' },
      429: { description: 'The hour\'s statistics calls are spent (Retry-After says when one frees up)' },
      503: { description: 'LINE could not be reached' },
    },
  }, async (c, { params }) => c.json(await refreshResults(c.var.deps, c.var.account.id, params.id)));
});
