/**
 * A fake HubSpot CRM API for the slices Lumo reads, shaped after HubSpot's v3 references:
 *
 *   GET  /crm/v3/objects/contacts?limit=&after=&properties=   contacts, paged (limit ≤ 100)
 *   GET  /crm/v3/properties/contacts[/{name}]                 property definitions (with options)
 *   POST /crm/v3/lists/search                                 lists (v3), offset-paged
 *   GET  /crm/v3/lists/{listId}/memberships?after=&limit=     list members (limit ≤ 250)
 *
 * Bearer auth (401 with HubSpot's error body otherwise). The ten-second rolling limit is modelled:
 * at most `maxPerWindow` requests per `windowMs` (HubSpot: 100 or 190 per 10 s for private apps);
 * beyond it a 429 with `policyName: TEN_SECONDLY_ROLLING`, and the X-HubSpot-RateLimit-* headers
 * on every answer.
 */
import { randomUUID } from 'node:crypto';
import { startFakeHttp, json, encodeCursor, decodeCursor, type Fault, type RecordedRequest, type Reply } from '../line/fake-http';

export interface FakeHubspotContact {
  id: string;
  properties: Record<string, string | null>;
}
export interface FakeHubspotList {
  listId: string;
  name: string;
  /** Contact ids. */
  members: string[];
  processingType?: 'MANUAL' | 'DYNAMIC' | 'SNAPSHOT';
}
export interface FakeHubspotPropertyOption { label: string; value: string; hidden?: boolean }
export interface FakeHubspotProperty {
  name: string; label: string; type?: string; fieldType?: string; options?: FakeHubspotPropertyOption[];
  /** Created by the portal (hubspotDefined false), as a marketer's own fields are. */
  custom?: boolean;
}

export interface FakeHubspotOptions {
  accessToken?: string;
  contacts?: FakeHubspotContact[];
  lists?: FakeHubspotList[];
  /** Contact property definitions; lifecyclestage with HubSpot's default stages when absent. */
  properties?: FakeHubspotProperty[];
  maxPerWindow?: number;
  windowMs?: number;
}

export interface FakeHubspot {
  url: string;
  accessToken: string;
  contacts: FakeHubspotContact[];
  lists: FakeHubspotList[];
  properties: FakeHubspotProperty[];
  requests: RecordedRequest[];
  /** Requests refused with 429 so far. */
  readonly rateLimited: number;
  /** The most requests answered within any window, as measured by the fake. */
  readonly peakPerWindow: number;
  injectFault(fault: Fault): void;
  close(): Promise<void>;
}

export const DEFAULT_LIFECYCLE_STAGES: FakeHubspotPropertyOption[] = [
  { label: 'Subscriber', value: 'subscriber' },
  { label: 'Lead', value: 'lead' },
  { label: 'Marketing Qualified Lead', value: 'marketingqualifiedlead' },
  { label: 'Sales Qualified Lead', value: 'salesqualifiedlead' },
  { label: 'Opportunity', value: 'opportunity' },
  { label: 'Customer', value: 'customer' },
  { label: 'Evangelist', value: 'evangelist' },
  { label: 'Other', value: 'other' },
];

export async function startFakeHubspot(opts: FakeHubspotOptions = {}): Promise<FakeHubspot> {
  const accessToken = opts.accessToken ?? 'pat-na1-fake0000-0000-0000-0000-000000000000';
  const contacts = opts.contacts ?? [];
  const lists = opts.lists ?? [];
  const properties = opts.properties ?? [
    { name: 'lifecyclestage', label: 'Lifecycle Stage', type: 'enumeration', fieldType: 'radio', options: DEFAULT_LIFECYCLE_STAGES },
    { name: 'email', label: 'Email', type: 'string', fieldType: 'text' },
    { name: 'firstname', label: 'First Name', type: 'string', fieldType: 'text' },
    { name: 'line_user_id', label: 'LINE user ID', type: 'string', fieldType: 'text', custom: true },
  ];
  const maxPerWindow = opts.maxPerWindow ?? 100;
  const windowMs = opts.windowMs ?? 10_000;
  const answered: number[] = [];
  let rateLimited = 0;
  let peakPerWindow = 0;

  const error = (status: number, message: string, category: string, extra: Record<string, unknown> = {}): Reply =>
    json(status, { status: 'error', message, correlationId: randomUUID(), category, ...extra });

  function propertyDef(p: FakeHubspotProperty) {
    return {
      name: p.name, label: p.label, type: p.type ?? 'string', fieldType: p.fieldType ?? 'text',
      groupName: 'contactinformation', description: '', displayOrder: -1, hidden: false, calculated: false,
      externalOptions: false, hasUniqueValue: false, formField: true, hubspotDefined: !p.custom,
      createdAt: '2020-01-01T00:00:00.000Z', updatedAt: '2020-01-01T00:00:00.000Z',
      modificationMetadata: { archivable: true, readOnlyDefinition: false, readOnlyValue: false },
      options: (p.options ?? []).map((o, i) => ({ label: o.label, value: o.value, displayOrder: i, hidden: o.hidden ?? false })),
    };
  }

  function handle(req: RecordedRequest): Reply {
    if (req.headers.authorization !== `Bearer ${accessToken}`) {
      return error(401, 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview', 'INVALID_AUTHENTICATION');
    }
    const now = Date.now();
    while (answered.length && answered[0]! <= now - windowMs) answered.shift();
    if (answered.length >= maxPerWindow) {
      rateLimited += 1;
      return error(429, 'You have reached your ten_secondly_rolling limit.', 'RATE_LIMITS', { errorType: 'RATE_LIMIT', policyName: 'TEN_SECONDLY_ROLLING' });
    }
    answered.push(now);
    peakPerWindow = Math.max(peakPerWindow, answered.length);

    const { method, path, query } = req;
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/crm/v3/objects/contacts') {
      const limit = Number(query.get('limit') ?? 10);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) return error(400, 'limit must be between 1 and 100', 'VALIDATION_ERROR');
      const offset = decodeCursor(query.get('after'), 'contacts');
      if (offset === null) return error(400, 'Invalid after', 'VALIDATION_ERROR');
      const wanted = query.getAll('properties').flatMap((p) => p.split(',')).filter(Boolean);
      const page = contacts.slice(offset, offset + limit);
      const end = offset + page.length;
      return json(200, {
        results: page.map((c) => ({
          id: c.id,
          properties: Object.fromEntries([
            ['hs_object_id', c.id], ['createdate', '2025-01-01T00:00:00.000Z'], ['lastmodifieddate', '2025-06-01T00:00:00.000Z'],
            ...(wanted.length ? wanted : ['email', 'firstname', 'lastname']).map((k) => [k, c.properties[k] ?? null]),
          ]),
          createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-06-01T00:00:00.000Z', archived: false,
        })),
        ...(end < contacts.length ? { paging: { next: { after: encodeCursor(end, 'contacts'), link: `?after=${encodeCursor(end, 'contacts')}` } } } : {}),
      });
    }
    if (method === 'GET' && path === '/crm/v3/properties/contacts') {
      return json(200, { results: properties.map(propertyDef) });
    }
    if (method === 'GET' && (m = /^\/crm\/v3\/properties\/contacts\/([^/]+)$/.exec(path))) {
      const p = properties.find((x) => x.name === decodeURIComponent(m![1]!));
      return p ? json(200, propertyDef(p)) : error(404, `Unable to find property ${m[1]}`, 'OBJECT_NOT_FOUND');
    }
    if (method === 'POST' && path === '/crm/v3/lists/search') {
      const body = (req.body ?? {}) as { offset?: number; count?: number; query?: string };
      const offset = body.offset ?? 0;
      const count = body.count ?? 20;
      if (count < 1 || count > 500) return error(400, 'count must be between 1 and 500', 'VALIDATION_ERROR');
      const matching = lists.filter((l) => !body.query || l.name.toLowerCase().includes(body.query.toLowerCase()));
      const page = matching.slice(offset, offset + count);
      return json(200, {
        offset: offset + page.length, hasMore: offset + page.length < matching.length, total: matching.length,
        lists: page.map((l) => ({
          listId: l.listId, listVersion: 1, name: l.name, objectTypeId: '0-1',
          processingType: l.processingType ?? 'MANUAL', processingStatus: 'COMPLETE',
          createdAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-06-01T00:00:00.000Z',
          additionalProperties: { hs_list_size: String(l.members.length) },
        })),
      });
    }
    if (method === 'GET' && (m = /^\/crm\/v3\/lists\/([^/]+)\/memberships$/.exec(path))) {
      const list = lists.find((l) => l.listId === decodeURIComponent(m![1]!));
      if (!list) return error(404, `List ${m[1]} does not exist.`, 'OBJECT_NOT_FOUND');
      const limit = Number(query.get('limit') ?? 100);
      if (!Number.isInteger(limit) || limit < 1 || limit > 250) return error(400, 'limit must be between 1 and 250', 'VALIDATION_ERROR');
      const salt = `members-${list.listId}`;
      const offset = decodeCursor(query.get('after'), salt);
      if (offset === null) return error(400, 'Invalid after', 'VALIDATION_ERROR');
      const page = list.members.slice(offset, offset + limit);
      const end = offset + page.length;
      return json(200, {
        total: list.members.length,
        results: page.map((id) => ({ recordId: id, membershipTimestamp: '2025-03-01T00:00:00.000Z' })),
        ...(end < list.members.length ? { paging: { next: { after: encodeCursor(end, salt) } } } : {}),
      });
    }
    return error(404, 'Not found', 'OBJECT_NOT_FOUND');
  }

  const server = await startFakeHttp((req) => {
    const reply = handle(req);
    const remaining = Math.max(0, maxPerWindow - answered.length);
    return {
      ...reply,
      headers: {
        'x-hubspot-ratelimit-interval-milliseconds': String(windowMs),
        'x-hubspot-ratelimit-max': String(maxPerWindow),
        'x-hubspot-ratelimit-remaining': String(remaining),
        'x-hubspot-correlation-id': randomUUID(),
        ...reply.headers,
      },
    };
  });
  return {
    url: server.url, accessToken, contacts, lists, properties, requests: server.requests,
    get rateLimited() { return rateLimited; },
    get peakPerWindow() { return peakPerWindow; },
    injectFault: (f) => server.injectFault(f),
    close: () => server.close(),
  };
}
