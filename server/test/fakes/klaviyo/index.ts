/**
 * A fake Klaviyo API (JSON:API, https://a.klaviyo.com) for the slices Lumo reads, shaped after
 * klaviyo/openapi (stable):
 *
 *   GET /api/accounts                                  (the credential check)
 *   GET /api/profiles?page[size]=&page[cursor]=        profiles with properties (size ≤ 100)
 *   GET /api/lists?page[cursor]=                       lists with names (10 a page, as Klaviyo)
 *   GET /api/lists/{id}/relationships/profiles         member profile ids (size ≤ 100)
 *
 * Cursor paging through `links.next` (a full URL carrying page[cursor]). Auth by
 * `Authorization: Klaviyo-API-Key <private key>` and a `revision` header. The burst limit is
 * modelled per second; beyond it a 429 `throttled` error with a Retry-After header.
 */
import { randomUUID } from 'node:crypto';
import { startFakeHttp, json, encodeCursor, decodeCursor, type Fault, type RecordedRequest, type Reply } from '../line/fake-http';

export interface FakeKlaviyoProfile {
  id: string;
  email?: string | null;
  external_id?: string | null;
  first_name?: string | null;
  properties?: Record<string, unknown>;
}
export interface FakeKlaviyoList { id: string; name: string; members: string[] }

export interface FakeKlaviyoOptions {
  apiKey?: string;
  profiles?: FakeKlaviyoProfile[];
  lists?: FakeKlaviyoList[];
  /** Requests answered per second before 429 (Klaviyo's profiles burst is 75/s). */
  burstPerSecond?: number;
}

export interface FakeKlaviyo {
  url: string;
  apiKey: string;
  profiles: FakeKlaviyoProfile[];
  lists: FakeKlaviyoList[];
  requests: RecordedRequest[];
  readonly throttled: number;
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

const errorBody = (status: number, code: string, title: string, detail: string) =>
  ({ errors: [{ id: randomUUID(), status, code, title, detail, source: { pointer: '/data/' }, links: {}, meta: {} }] });

export const KLAVIYO_THROTTLED: Reply = {
  status: 429,
  headers: { 'retry-after': '1' },
  body: errorBody(429, 'throttled', 'Request was throttled.', 'Request was throttled. Expected available in 1 second.'),
};

export async function startFakeKlaviyo(opts: FakeKlaviyoOptions = {}): Promise<FakeKlaviyo> {
  const apiKey = opts.apiKey ?? 'pk_fake00000000000000000000000000000000';
  const profiles = opts.profiles ?? [];
  const lists = opts.lists ?? [];
  const burst = opts.burstPerSecond ?? 75;
  const answered: number[] = [];
  let throttled = 0;
  let base = '';

  function page<T>(req: RecordedRequest, all: T[], salt: string, maxSize: number, defaultSize: number): { items: T[]; links: Record<string, string> } | Reply {
    const sizeParam = req.query.get('page[size]');
    const size = sizeParam === null ? defaultSize : Number(sizeParam);
    if (!Number.isInteger(size) || size < 1 || size > maxSize) {
      return json(400, errorBody(400, 'invalid', 'Invalid input.', `page[size] must be between 1 and ${maxSize}`));
    }
    const offset = decodeCursor(req.query.get('page[cursor]'), salt);
    if (offset === null) return json(400, errorBody(400, 'invalid', 'Invalid input.', 'Invalid page cursor.'));
    const items = all.slice(offset, offset + size);
    const end = offset + items.length;
    const self = `${base}${req.path}`;
    const links: Record<string, string> = { self };
    if (end < all.length) {
      const next = new URL(self);
      next.searchParams.set('page[cursor]', encodeCursor(end, salt));
      if (sizeParam !== null) next.searchParams.set('page[size]', String(size));
      links.next = next.toString();
    }
    return { items, links };
  }

  function handle(req: RecordedRequest): Reply {
    if (req.headers.authorization !== `Klaviyo-API-Key ${apiKey}`) {
      return json(401, errorBody(401, 'not_authenticated', 'Authentication credentials were not provided.', 'Missing or invalid private key.'));
    }
    if (!req.headers.revision) {
      return json(400, errorBody(400, 'invalid', 'Invalid input.', 'The revision header is required.'));
    }
    const now = Date.now();
    while (answered.length && answered[0]! <= now - 1000) answered.shift();
    if (answered.length >= burst) {
      throttled += 1;
      return KLAVIYO_THROTTLED;
    }
    answered.push(now);

    const { method, path } = req;
    let m: RegExpExecArray | null;
    if (method !== 'GET') return json(405, errorBody(405, 'method_not_allowed', 'Method not allowed.', `${method} is not allowed.`));
    if (path === '/api/accounts') {
      return json(200, {
        data: [{ type: 'account', id: 'FakeAcct', attributes: { test_account: true, contact_information: { default_sender_name: 'Lumo fake', organization_name: 'Lumo fake' }, industry: null, timezone: 'Asia/Tokyo', preferred_currency: 'JPY', locale: 'ja-JP' }, links: { self: `${base}/api/accounts/FakeAcct/` } }],
        links: { self: `${base}/api/accounts` },
      });
    }
    if (path === '/api/profiles') {
      const p = page(req, profiles, 'profiles', 100, 20);
      if ('status' in p) return p;
      return json(200, {
        data: p.items.map((x) => ({
          type: 'profile', id: x.id,
          attributes: {
            email: x.email ?? null, phone_number: null, external_id: x.external_id ?? null, first_name: x.first_name ?? null,
            last_name: null, organization: null, locale: null, title: null, image: null,
            created: '2025-01-01T00:00:00+00:00', updated: '2025-06-01T00:00:00+00:00', last_event_date: null,
            location: null, properties: x.properties ?? {},
          },
          links: { self: `${base}/api/profiles/${x.id}/` },
        })),
        links: p.links,
      });
    }
    if (path === '/api/lists') {
      const p = page(req, lists, 'lists', 10, 10);
      if ('status' in p) return p;
      return json(200, {
        data: p.items.map((l) => ({ type: 'list', id: l.id, attributes: { name: l.name, created: '2025-01-01T00:00:00+00:00', updated: '2025-06-01T00:00:00+00:00', opt_in_process: 'single_opt_in' }, links: { self: `${base}/api/lists/${l.id}/` } })),
        links: p.links,
      });
    }
    if ((m = /^\/api\/lists\/([^/]+)\/relationships\/profiles\/?$/.exec(path))) {
      const list = lists.find((l) => l.id === decodeURIComponent(m![1]!));
      if (!list) return json(404, errorBody(404, 'not_found', 'Not found.', `A list with id ${m[1]} does not exist.`));
      const p = page(req, list.members, `members-${list.id}`, 100, 20);
      if ('status' in p) return p;
      return json(200, { data: p.items.map((id) => ({ type: 'profile', id })), links: p.links });
    }
    return json(404, errorBody(404, 'not_found', 'Not found.', 'Not found.'));
  }

  const server = await startFakeHttp(handle, { contentType: 'application/vnd.api+json' });
  base = server.url;
  return {
    url: server.url, apiKey, profiles, lists, requests: server.requests,
    get throttled() { return throttled; },
    injectFault: (f) => server.injectFault(f),
    close: () => server.close(),
  };
}
