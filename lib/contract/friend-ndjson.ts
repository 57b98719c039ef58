/**
 * One line of friend NDJSON (DESIGN.md, "Friend NDJSON"): the import format of
 * `POST /v1/accounts/:a/friends/import`, of the demo data and of the benchmarks.
 *
 *   {"lineUserId":"U4af4…","displayName":"Aoi","addedAt":"2026-03-01T09:30:00Z","tags":["VIP"],
 *    "shopify":{"customerId":"gid://shopify/Customer/7","tags":["wholesale"],"purchaseCount":6,
 *               "lastPurchaseAt":"2026-11-20T01:00:00Z","abandonedCart":false},
 *    "hubspot":{"contactId":"901","lists":["12"],"properties":{"lifecyclestage":"customer"}},
 *    "klaviyo":null}
 *
 * Strict: an unknown field is an error, not silently dropped. A missing or null service block
 * means "not integrated". HubSpot blocks name their record `contactId`, Klaviyo blocks
 * `profileId`; `recordId` (the API's friend shape) is accepted for both, so an exported friend
 * imports back.
 */
import { z } from 'zod';
import { importResultSchema, instantSchema, lineUserIdSchema, tagNameSchema } from './api';

const text = (max: number, what: string) => z.string().max(max, `${what} has at most ${max.toLocaleString('en')} characters.`);
const count = z.number().int('Enter a whole number.').min(0, 'Enter 0 or more.').max(1_000_000_000, 'At most 1,000,000,000.');

export const shopifyImportSchema = z.strictObject({
  customerId: text(200, 'A customer id').min(1, 'Enter the Shopify customer id.'),
  tags: z.array(text(500, 'A customer tag').min(1, 'A customer tag cannot be empty.')).max(500, 'At most 500 customer tags.').default([]),
  purchaseCount: count.default(0),
  lastPurchaseAt: instantSchema.nullable().default(null),
  abandonedCart: z.boolean().default(false),
});

const serviceFields = (vendor: string) => ({
  recordId: text(200, `A ${vendor} id`).min(1).optional(),
  lists: z.array(text(200, 'A list id').min(1, 'A list id cannot be empty.')).max(1000, 'At most 1,000 lists.').default([]),
  properties: z.record(text(100, 'A property name').min(1, 'A property name cannot be empty.'), text(10_000, 'A property value'))
    .refine((p) => Object.keys(p).length <= 500, 'At most 500 properties.')
    .default({}),
});
interface ServiceBlockOut { recordId: string; lists: string[]; properties: Record<string, string> }

export const hubspotImportSchema = z.strictObject({ contactId: text(200, 'A HubSpot id').min(1).optional(), ...serviceFields('HubSpot') })
  .refine((b) => (b.contactId ?? b.recordId) !== undefined, { message: 'Give the HubSpot contact id as "contactId".', path: ['contactId'] })
  .transform((b): ServiceBlockOut => ({ recordId: (b.contactId ?? b.recordId)!, lists: b.lists, properties: b.properties }));
export const klaviyoImportSchema = z.strictObject({ profileId: text(200, 'A Klaviyo id').min(1).optional(), ...serviceFields('Klaviyo') })
  .refine((b) => (b.profileId ?? b.recordId) !== undefined, { message: 'Give the Klaviyo profile id as "profileId".', path: ['profileId'] })
  .transform((b): ServiceBlockOut => ({ recordId: (b.profileId ?? b.recordId)!, lists: b.lists, properties: b.properties }));

export const friendImportLineSchema = z.strictObject({
  lineUserId: lineUserIdSchema,
  displayName: text(200, 'A display name'),
  pictureUrl: z.url({ protocol: /^https?$/, error: 'pictureUrl must be an http(s) URL.' }).max(2000).nullable().optional(),
  addedAt: instantSchema.nullable().optional(),
  blockedAt: instantSchema.nullable().optional(),
  /** Tag names; tags are created when missing. */
  tags: z.array(tagNameSchema).max(500, 'At most 500 tags.').optional(),
  shopify: shopifyImportSchema.nullable().optional(),
  hubspot: hubspotImportSchema.nullable().optional(),
  klaviyo: klaviyoImportSchema.nullable().optional(),
});
export type FriendImportLine = z.output<typeof friendImportLineSchema>;

/** The import's answer; `rejected` lists at most the first 1,000 rejected lines, `rejectedCount` counts all. */
export const friendImportResultSchema = importResultSchema.extend({
  rejectedCount: z.number().int(),
  /** Lines of the body read (blank ones included): the last line number seen. */
  linesRead: z.number().int(),
});
export type FriendImportResult = z.infer<typeof friendImportResultSchema>;
