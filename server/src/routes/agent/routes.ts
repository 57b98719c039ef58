/**
 * The segment agent: a goal in the marketer's words becomes a suggested segment with its count,
 * or the questions to answer first. Nothing is saved here.
 */
import { defineRoutes } from '../../http/router';
import { agentSuggestRequestSchema, agentSuggestionSchema } from '../../../../lib/contract/api';
import { suggestSegment } from '../../agent/service';

export default defineRoutes((r) => {
  r.add({
    method: 'post', path: '/v1/accounts/:a/agent/suggest', permission: 'edit', tag: 'agent',
    summary: 'Suggest a segment for a goal ("customers who recently made a purchase")',
    description: 'Auto mode answers a complete suggestion (definition, name, explanation, count) with sensible defaults, '
      + 'saying which. Consult mode answers questions with choices while the goal is ambiguous; send the answers back '
      + 'in draft.answers with the same goal. The configured model (LUMO_AGENT_URL) answers when it gives a valid '
      + 'suggestion over this account\'s catalog; otherwise the built-in planner does (`source`). Nothing is saved.',
    body: agentSuggestRequestSchema,
    responses: {
      200: { description: 'A suggestion, or questions to answer first', schema: agentSuggestionSchema },
      400: { description: 'The goal, mode or draft is not valid (issues name the fields)' },
      404: { description: 'No such account for this token' },
    },
  }, async (c, { body }) => c.json(await suggestSegment(c.var.deps, c.var.account, body)));
});
