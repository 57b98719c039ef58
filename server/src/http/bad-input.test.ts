/**
 * Every route of the API, whoever wrote it, answers bad input with a 4xx in DESIGN.md's error
 * shape — never a 500. The routes are read from the app's registry, so a route added later is
 * covered without touching this file.
 */
import { expect, it } from 'vitest';
import { forEachStore } from '../../test/stores';
import { useTestApp } from '../../test/app';
import { createApp } from '../app';

const BAD_BODIES: [string, string][] = [
  ['malformed JSON', '{"name": '],
  ['a JSON array', '[1,2,3]'],
  ['a JSON string', '"hello"'],
  ['null', 'null'],
  ['wrong types everywhere', JSON.stringify({ name: 42, id: [], definition: 'x', tagIds: 'VIP', segmentId: {}, messages: 7, goal: null, mode: 1 })],
  ['deep nesting', '['.repeat(5000) + ']'.repeat(5000)],
  ['hostile strings', JSON.stringify({ name: "'); DROP TABLE segments;--", definition: { groups: [{ conditions: [{ property: '__proto__', operator: 'constructor' }] }] } })],
  ['prototype pollution', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'],
];

forEachStore('bad input on every route', (ctx) => {
  const t = useTestApp(ctx);

  it('answers 4xx with the error shape, never 500', async () => {
    const { id, token } = await t.account();
    const { routes } = createApp(t.deps);
    const failures: string[] = [];
    for (const { spec } of routes) {
      const path = spec.path.replace(':a', id).replace(/:[A-Za-z]+/g, 'U0123456789abcdef0123456789abcdef');
      const method = spec.method.toUpperCase();
      const bodies: [string, string | undefined][] = method === 'GET' || method === 'DELETE' ? [['no body', undefined]] : BAD_BODIES;
      for (const [what, body] of bodies) {
        for (const q of ['', '?limit=-1&cursor=%00&q=%25%5F&segmentId=%27']) {
          const res = await t.request(method, path + q, { token: spec.permission === 'public' ? null : token, body, headers: { 'content-type': 'application/json', 'if-match': 'x' } });
          if (res.status >= 500) failures.push(`${method} ${spec.path} (${what}${q ? ', odd query' : ''}) → ${res.status}`);
          else if (res.status >= 400 && spec.path !== '/v1/webhooks/line/:a') {
            const json = await res.json().catch(() => null);
            if (typeof json?.error?.code !== 'string' || typeof json?.error?.message !== 'string') failures.push(`${method} ${spec.path} (${what}) → ${res.status} without the error shape`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
