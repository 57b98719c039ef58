import { expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';
import { createApp } from '../../app';
import { defineRoutes } from '../../http/router';

forEachStore('health, openapi, 404 and 405', (ctx) => {
  const t = useTestApp(ctx);

  it('answers health without a token, naming the store', async () => {
    const r = await t.json('GET', '/v1/health', { token: null });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ok: true, version: 'test', store: ctx.dialect });
  });

  it('answers 404 in the error shape for an unknown route', async () => {
    const r = await t.json('GET', '/v1/nothing-here');
    expect(r.status).toBe(404);
    expect(r.body.error).toMatchObject({ code: 'not_found', message: expect.any(String) });
  });

  it('answers 405 with Allow for a known path and a wrong method', async () => {
    const r = await t.json('DELETE', '/v1/health');
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toBe('GET');
    expect(r.body.error.code).toBe('method_not_allowed');
  });

  it('serves an OpenAPI document listing every registered route', async () => {
    const r = await t.json('GET', '/v1/openapi.json', { token: null });
    expect(r.status).toBe(200);
    expect(r.body.openapi).toMatch(/^3\./);
    expect(r.body.paths['/v1/accounts'].post.requestBody.content['application/json'].schema.properties.id).toBeDefined();
    expect(r.body.paths['/v1/accounts/{a}/tokens'].post.responses['201']).toBeDefined();
    expect(r.body.paths['/v1/health'].get.security).toEqual([]);
  });

  it('lists every registered route in the OpenAPI document, with its answers and, where it takes one, its body', async () => {
    const { routes } = createApp(t.deps);
    const doc = (await t.json('GET', '/v1/openapi.json', { token: null })).body;
    for (const { spec } of routes) {
      const op = doc.paths[spec.path.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[spec.method];
      expect(op, `${spec.method} ${spec.path}`).toBeDefined();
      expect(Object.keys(op.responses).length).toBeGreaterThan(0);
      if (spec.body || spec.rawBody) expect(op.requestBody, `${spec.method} ${spec.path} body`).toBeDefined();
    }
    const condition = doc.paths['/v1/accounts/{a}/segments'].post.requestBody.content['application/json'].schema
      .properties.definition.properties.groups.items.properties.conditions.items;
    expect(condition.properties.operator.enum).toContain('within_last_days');
  });

  it('answers a bug with 500 and a request id, without internals, and logs it once with its context', async () => {
    const { app } = createApp(t.deps, { extraRoutes: [defineRoutes((r) => r.add({
      method: 'get', path: '/v1/boom', permission: 'public', summary: 'A bug', responses: { 200: { description: 'never' } },
    }, () => { throw new Error('secret internals: SELECT * FROM api_tokens'); }))] });
    const before = t.logger.entries.filter((e) => e.level === 'error').length;
    const res = await app.request('/v1/boom');
    expect(res.status).toBe(500);
    const body = await res.json();
    expect(body.error.code).toBe('internal');
    expect(body.error.message).toContain(res.headers.get('x-request-id'));
    expect(JSON.stringify(body)).not.toContain('secret internals');
    const errors = t.logger.entries.filter((e) => e.level === 'error').slice(before);
    expect(errors).toHaveLength(1);
    expect(errors[0].fields).toMatchObject({ method: 'GET', path: '/v1/boom', requestId: res.headers.get('x-request-id') });
    expect(String((errors[0].fields.err as Error).message)).toContain('secret internals');
  });
});
