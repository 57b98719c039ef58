import { expect, it } from 'vitest';
import { forEachStore } from '../../../test/stores';
import { useTestApp } from '../../../test/app';

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
});
