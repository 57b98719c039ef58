/**
 * The sync API's wire contract (DESIGN.md, "Sync API contract (v1)") as zod schemas: the server
 * validates requests and builds /v1/openapi.json from them; the extension's API client parses
 * responses with them. One source, so the two ends cannot drift.
 */
import { z } from 'zod';
import { definitionSchema, segmentNameSchema } from '../segment/schema';
import { PROPERTY_IDS, OPERATORS } from '../segment/catalog';

export const LINE_USER_ID_RE = /^U[0-9a-f]{32}$/;
export const lineUserIdSchema = z.string().regex(LINE_USER_ID_RE, 'A LINE user id is "U" followed by 32 lowercase hex digits.');
export const accountIdSchema = z.string().regex(/^@[a-z0-9_.-]{1,40}$/, 'An account id is the LINE basic id, like "@123abcde".');
export const idSchema = z.string().min(1).max(100);
/** ISO-8601 instant. */
export const instantSchema = z.iso.datetime({ offset: true });

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });

// ---- health, accounts -------------------------------------------------------------------------
export const healthSchema = z.object({ ok: z.boolean(), version: z.string(), store: z.enum(['sqlite', 'postgres']) });
export const accountSchema = z.object({ id: accountIdSchema, name: z.string(), timezone: z.string() });
export type Account = z.infer<typeof accountSchema>;
export const accountCreateSchema = z.strictObject({
  id: accountIdSchema,
  name: z.string().trim().min(1).max(100),
  timezone: z.string().min(1).max(64).optional(),
});
export const tokenSchema = z.object({ token: z.string() });

// ---- friends, tags, folders --------------------------------------------------------------------
export const friendTagSchema = z.object({ id: z.string(), name: z.string() });
export const shopifyBlockSchema = z.object({
  customerId: z.string(), tags: z.array(z.string()), purchaseCount: z.number().int(),
  lastPurchaseAt: instantSchema.nullable(), abandonedCart: z.boolean(),
});
export const serviceBlockSchema = z.object({
  recordId: z.string(), lists: z.array(z.string()), properties: z.record(z.string(), z.string()),
});
export const friendSchema = z.object({
  lineUserId: z.string(),
  displayName: z.string(),
  pictureUrl: z.string().nullable(),
  addedAt: instantSchema.nullable(),
  blockedAt: instantSchema.nullable(),
  tags: z.array(friendTagSchema),
  shopify: shopifyBlockSchema.nullable(),
  hubspot: serviceBlockSchema.nullable(),
  klaviyo: serviceBlockSchema.nullable(),
});
export type Friend = z.infer<typeof friendSchema>;
export const sampleFriendSchema = z.object({
  lineUserId: z.string(), displayName: z.string(), pictureUrl: z.string().nullable(), addedAt: instantSchema.nullable(),
});
export type SampleFriend = z.infer<typeof sampleFriendSchema>;
export const importResultSchema = z.object({
  imported: z.number().int(), updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
});

export const tagSchema = z.object({ id: z.string(), name: z.string(), friendCount: z.number().int().optional() });
export type Tag = z.infer<typeof tagSchema>;
export const tagNameSchema = z.string().trim().min(1, 'Enter a tag name.').max(100, 'A tag name has at most 100 characters.');
export const tagCreateSchema = z.strictObject({ name: tagNameSchema });
export const friendTagsPutSchema = z.strictObject({ tagIds: z.array(idSchema).max(500) });

export const folderSchema = z.object({ id: z.string(), name: z.string(), createdAt: instantSchema });
export type Folder = z.infer<typeof folderSchema>;
export const folderNameSchema = z.string().trim().min(1, 'Enter a folder name.').max(100, 'A folder name has at most 100 characters.');
export const folderCreateSchema = z.strictObject({ name: folderNameSchema });

// ---- segments, preview, diagnose ---------------------------------------------------------------
export const segmentSchema = z.object({
  id: z.string(), name: z.string(), folderId: z.string().nullable(),
  definition: definitionSchema, version: z.number().int(),
  createdAt: instantSchema, updatedAt: instantSchema,
});
export type Segment = z.infer<typeof segmentSchema>;
export const segmentCreateSchema = z.strictObject({
  name: segmentNameSchema,
  folderId: idSchema.nullable().default(null),
  definition: definitionSchema,
});
export const segmentPatchSchema = z.strictObject({
  name: segmentNameSchema.optional(),
  folderId: idSchema.nullable().optional(),
  definition: definitionSchema.optional(),
});

export const previewStatusSchema = z.enum(['calculating', 'ready', 'failed']);
export const previewSchema = z.object({
  status: previewStatusSchema,
  version: z.number().int(),
  count: z.number().int().nullable(),
  sample: z.array(sampleFriendSchema),
  summary: z.string(),
  asOf: instantSchema.nullable(),
  computedAt: instantSchema.nullable(),
  durationMs: z.number().nullable(),
  error: z.string().optional(),
});
export type Preview = z.infer<typeof previewSchema>;
export const draftPreviewRequestSchema = z.strictObject({ definition: definitionSchema, asOf: instantSchema.optional() });
export const diagnoseRequestSchema = draftPreviewRequestSchema;
export const diagnoseSchema = z.object({
  count: z.number().int(),
  groups: z.array(z.object({
    count: z.number().int(),
    conditions: z.array(z.object({
      /** Friends matching this condition alone. */
      alone: z.number().int(),
      /** Friends matching this and the earlier conditions of its group. */
      running: z.number().int(),
      /** The segment's count with this condition removed. */
      withoutIt: z.number().int(),
    })),
  })),
});
export type Diagnosis = z.infer<typeof diagnoseSchema>;

// ---- catalog -------------------------------------------------------------------------------------
export const catalogOptionSchema = z.object({ value: z.string(), label: z.string(), count: z.number().int().optional() });
export const catalogPropertySchema = z.object({
  id: z.enum(PROPERTY_IDS),
  available: z.boolean(),
  reason: z.string().optional(),
  operators: z.array(z.enum(OPERATORS)),
  options: z.array(catalogOptionSchema).optional(),
  /** For hubspot.property / klaviyo.property: known keys with their common values. */
  keys: z.array(z.object({ key: z.string(), label: z.string(), values: z.array(catalogOptionSchema) })).optional(),
});
export const catalogSchema = z.object({ properties: z.array(catalogPropertySchema), timezone: z.string() });
export type Catalog = z.infer<typeof catalogSchema>;
