import { sql } from 'kysely';
import { defineRoutes } from '../../http/router';
import { healthSchema } from '../../../../lib/contract/api';

export default defineRoutes((r) => {
  r.add({
    method: 'get', path: '/v1/health', permission: 'public', tag: 'meta',
    summary: 'Is the server up, which version, which store',
    responses: { 200: { description: 'Up', schema: healthSchema }, 503: { description: 'The store does not answer', schema: healthSchema } },
  }, async (c) => {
    const { store, config, logger } = c.var.deps;
    let ok = true;
    try {
      await sql`select 1`.execute(store.db);
    } catch (err) {
      ok = false;
      logger.error('health check: the store does not answer', { err });
    }
    return c.json({ ok, version: config.version, store: store.dialect }, ok ? 200 : 503);
  });
});
