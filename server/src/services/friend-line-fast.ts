/**
 * The common, well-formed friend line checked without zod. zod's walk of the schema cost ~8 µs a
 * friend, more than half of an import's time outside the database (bench/import-profile.ts,
 * 2026-12-06). This check answers only "certainly valid, and here is exactly what the schema
 * would give" or "not sure": anything unusual (a picture URL, an unknown field, a bad value, a
 * `__proto__` key…) goes to the zod schema, so every error message stays the schema's own.
 * friend-line-fast.test.ts holds the two to the same answers on generated lines.
 */
import { z } from 'zod';
import { instantSchema, LINE_USER_ID_RE } from '../../../lib/contract/api';
import type { FriendWrite, ServiceData, ShopifyData } from '../repositories/friends';

// The schema's own pattern, so "an instant" means the same here as there.
const INSTANT_RE: RegExp = (instantSchema._zod.def as { pattern?: RegExp }).pattern ?? z.regexes.datetime({ offset: true });

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

/** `undefined` = not sure (let the schema decide); `null` = the instant is null. */
function instant(v: unknown): number | null | undefined {
  if (v === null) return null;
  return typeof v === 'string' && INSTANT_RE.test(v) ? Date.parse(v) : undefined;
}

function texts(v: unknown, maxItems: number, maxLength: number): string[] | undefined {
  if (!Array.isArray(v) || v.length > maxItems) return undefined;
  for (const s of v) if (!isText(s, 1, maxLength)) return undefined;
  return v as string[];
}

/** Tag names are trimmed by the schema before their length is checked. */
function tagNames(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length > 500) return undefined;
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const s = v[i];
    if (typeof s !== 'string') return undefined;
    const t = s.trim();
    if (t.length < 1 || t.length > 100) return undefined;
    out[i] = t;
  }
  return out;
}

function shopify(v: Json): ShopifyData | undefined {
  let customerId: string | undefined;
  let tags: string[] | undefined = [];
  let purchaseCount: unknown = 0;
  let lastPurchaseAt: number | null | undefined = null;
  let abandonedCart: unknown = false;
  for (const k in v) {
    const x = v[k];
    switch (k) {
      case 'customerId': if (!isText(x, 1, 200)) return undefined; customerId = x; break;
      case 'tags': tags = texts(x, 500, 500); break;
      case 'purchaseCount': purchaseCount = x; break;
      case 'lastPurchaseAt': lastPurchaseAt = instant(x); break;
      case 'abandonedCart': abandonedCart = x; break;
      default: return undefined;
    }
    if (tags === undefined || lastPurchaseAt === undefined) return undefined;
  }
  if (customerId === undefined || typeof abandonedCart !== 'boolean') return undefined;
  if (!Number.isInteger(purchaseCount) || (purchaseCount as number) < 0 || (purchaseCount as number) > 1_000_000_000) return undefined;
  return { customerId, tags, purchaseCount: purchaseCount as number, lastPurchaseAt, abandonedCart };
}

function service(v: Json, idField: 'contactId' | 'profileId'): ServiceData | undefined {
  let ownId: string | undefined;
  let recordId: string | undefined;
  let lists: string[] | undefined = [];
  let properties: Record<string, string> = {};
  for (const k in v) {
    const x = v[k];
    if (k === idField) { if (!isText(x, 1, 200)) return undefined; ownId = x; }
    else if (k === 'recordId') { if (!isText(x, 1, 200)) return undefined; recordId = x; }
    else if (k === 'lists') { lists = texts(x, 1000, 200); if (lists === undefined) return undefined; }
    else if (k === 'properties') {
      if (!isObject(x)) return undefined;
      let n = 0;
      for (const key in x) {
        // The schema's record drops a "__proto__" key; leave that oddity to it.
        if (key === '__proto__' || key.length < 1 || key.length > 100 || !isText(x[key], 0, 10_000) || ++n > 500) return undefined;
      }
      properties = x as Record<string, string>;
    } else return undefined;
  }
  const id = ownId ?? recordId;
  return id === undefined ? undefined : { recordId: id, lists, properties };
}

/**
 * The friend write the zod schema and `toFriendWrite` would make of `json` (JSON.parse's result),
 * or `undefined` when this line needs the schema (invalid, or merely unusual).
 */
export function fastFriendWrite(json: unknown): FriendWrite | undefined {
  if (!isObject(json)) return undefined;
  let lineUserId: string | undefined;
  let displayName: string | undefined;
  let pictureUrl: null | undefined; // any URL goes to the schema
  let addedAt: number | null = null;
  let blockedAt: number | null = null;
  let tags: string[] = [];
  let shop: ShopifyData | null = null;
  let hubspot: ServiceData | null = null;
  let klaviyo: ServiceData | null = null;
  for (const k in json) {
    const v = json[k];
    switch (k) {
      case 'lineUserId': if (typeof v !== 'string' || !LINE_USER_ID_RE.test(v)) return undefined; lineUserId = v; break;
      case 'displayName': if (!isText(v, 0, 200)) return undefined; displayName = v; break;
      case 'pictureUrl': if (v !== null) return undefined; pictureUrl = null; break;
      case 'addedAt': { const t = instant(v); if (t === undefined) return undefined; addedAt = t; break; }
      case 'blockedAt': { const t = instant(v); if (t === undefined) return undefined; blockedAt = t; break; }
      case 'tags': { const t = tagNames(v); if (t === undefined) return undefined; tags = t; break; }
      case 'shopify': if (v !== null) { if (!isObject(v)) return undefined; const b = shopify(v); if (!b) return undefined; shop = b; } break;
      case 'hubspot': if (v !== null) { if (!isObject(v)) return undefined; const b = service(v, 'contactId'); if (!b) return undefined; hubspot = b; } break;
      case 'klaviyo': if (v !== null) { if (!isObject(v)) return undefined; const b = service(v, 'profileId'); if (!b) return undefined; klaviyo = b; } break;
      default: return undefined;
    }
  }
  if (lineUserId === undefined || displayName === undefined) return undefined;
  return { lineUserId, displayName, pictureUrl: pictureUrl ?? null, addedAt, blockedAt, tagNames: tags, shopify: shop, hubspot, klaviyo };
}
