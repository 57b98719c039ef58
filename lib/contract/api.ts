/**
 * The sync API's wire contract (DESIGN.md, "Sync API contract (v1)") as zod schemas: the server
 * validates requests and builds /v1/openapi.json from them; the extension's API client parses
 * responses with them. One source, so the two ends cannot drift.
 */
import { z } from 'zod';
import { definitionSchema, segmentNameSchema } from '../segment/schema';
import { PROPERTY_IDS, OPERATORS } from '../segment/catalog';
import { ROLES } from '../permissions';

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
export const accountSchema = z.object({
  id: accountIdSchema, name: z.string(), timezone: z.string(),
  /** The caller's role on the account (lib/permissions.ts): a member's, a script token's, or admin for the admin token. */
  role: z.enum(ROLES).optional(),
});
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

// ---- tags at scale (DESIGN.md "Tags at scale", "Export") ----------------------------------------
/** A tag with the saved segments whose conditions name it (shown before a delete). */
export const tagDetailSchema = tagSchema.extend({ usedBy: z.array(z.object({ id: z.string(), name: z.string() })) });
export type TagDetail = z.infer<typeof tagDetailSchema>;
export const tagOperationCreateSchema = z.strictObject({
  tagId: idSchema,
  action: z.enum(['add', 'remove'], { error: 'action is "add" or "remove".' }),
});
export const tagOperationSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'done', 'failed']),
  action: z.enum(['add', 'remove']),
  tagId: z.string(), tagName: z.string(),
  segmentId: z.string().nullable(), segmentName: z.string().nullable(),
  /** The segment's members at the moment the job took them (an estimate until then). */
  total: z.number().int(),
  processed: z.number().int(),
  /** Friends whose tag this operation changed (the ones an undo reverts). */
  changed: z.number().int(),
  progress: z.number().min(0).max(1),
  undoOf: z.string().nullable(), undoneBy: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: instantSchema, finishedAt: instantSchema.nullable(),
});
export type TagOperation = z.infer<typeof tagOperationSchema>;
export const tagImportResultSchema = z.object({
  tagged: z.number().int(), alreadyTagged: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
  rejectedCount: z.number().int(),
});
export type TagImportResult = z.infer<typeof tagImportResultSchema>;
export const friendSegmentsSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });

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
/** Who did something: a signed-in member, an API token, or the admin token. */
export const actorSchema = z.object({ type: z.enum(['member', 'token', 'admin']), id: z.string(), name: z.string() });
export type ActorOut = z.infer<typeof actorSchema>;
/** One saved version of a segment (history). */
export const segmentVersionSchema = z.object({
  version: z.number().int(), name: z.string(), folderId: z.string().nullable(), definition: definitionSchema,
  savedAt: instantSchema,
  /** Null for the version a segment had when history began: who saved it was not recorded. */
  savedBy: actorSchema.nullable(),
});
export type SegmentVersion = z.infer<typeof segmentVersionSchema>;
export const restoreRequestSchema = z.strictObject({
  version: z.number({ error: 'Send the version to restore, a whole number like 3.' }).int('The version is a whole number.').min(1, 'Versions start at 1.'),
});
/** A segment deleted in the last 30 days, which can still be undeleted. */
export const deletedSegmentSchema = segmentSchema.extend({
  deletedAt: instantSchema, deletedBy: actorSchema,
  /** When it is forgotten for good (30 days after deletedAt). */
  purgeAt: instantSchema,
});
export type DeletedSegment = z.infer<typeof deletedSegmentSchema>;
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

// ---- broadcasts ----------------------------------------------------------------------------------
// LINE message objects, held to the Messaging API's own rules (developers.line.biz/en/reference/
// messaging-api/#message-objects) so a message LINE would refuse is refused here, with its field
// path, before anything is recorded or sent. The composer validates with these same schemas.

/** LINE counts a text's length in UTF-16 code units: most emoji (surrogate pairs) count as 2. */
export const LINE_TEXT_MAX = 5000;
export const LINE_URL_MAX = 2000;
export const LINE_MESSAGES_MAX = 5;

// LINE wants URLs percent-encoded: printable ASCII only, no spaces.
const lineHttpsUrl = (what: string) => z.string({ error: `Enter the ${what} URL.` })
  .min(1, `Enter the ${what} URL.`)
  .max(LINE_URL_MAX, `The ${what} URL is too long: LINE accepts at most ${LINE_URL_MAX.toLocaleString('en')} characters.`)
  .regex(/^[\x21-\x7e]+$/, `The ${what} URL has spaces or non-ASCII characters; percent-encode them.`)
  .regex(/^https:\/\/[^/?#]+/i, `The ${what} URL must start with https:// (LINE accepts only HTTPS).`);

export const lineTextMessageSchema = z.strictObject({
  type: z.literal('text'),
  // Counted in UTF-16 code units (`String.length`), as LINE counts; zod's .max() counts code
  // points, which would let 2,501 emoji through.
  text: z.string({ error: 'Enter the message text.' })
    .refine((s) => s.length <= LINE_TEXT_MAX,
      `The text is too long: LINE accepts at most ${LINE_TEXT_MAX.toLocaleString('en')} characters (most emoji count as 2).`)
    .refine((s) => s.trim().length > 0, 'Enter the message text.'),
});
export const lineImageMessageSchema = z.strictObject({
  type: z.literal('image'),
  /** JPEG or PNG, at most 10 MB (LINE's limit; LINE fetches it, we cannot check the size). */
  originalContentUrl: lineHttpsUrl('image'),
  /** JPEG or PNG, at most 1 MB, shown in the chat until the image is opened. */
  previewImageUrl: lineHttpsUrl('preview image'),
});
export const lineStickerMessageSchema = z.strictObject({
  type: z.literal('sticker'),
  packageId: z.string({ error: 'Enter the sticker package id, as text like "446".' }).regex(/^\d{1,20}$/, 'The package id is a number, like 446.'),
  stickerId: z.string({ error: 'Enter the sticker id, as text like "1988".' }).regex(/^\d{1,20}$/, 'The sticker id is a number, like 1988.'),
});
export const lineMessageSchema = z.discriminatedUnion('type', [
  lineTextMessageSchema, lineImageMessageSchema, lineStickerMessageSchema,
], { error: 'A message is a text, an image or a sticker ("type": "text" | "image" | "sticker").' });
export type LineMessage = z.infer<typeof lineMessageSchema>;
export const lineMessagesSchema = z.array(lineMessageSchema, { error: 'Add at least one message.' })
  .min(1, 'Add at least one message.')
  .max(LINE_MESSAGES_MAX, `LINE sends at most ${LINE_MESSAGES_MAX} messages at once.`);

export const broadcastCreateSchema = z.strictObject({
  segmentId: idSchema,
  messages: lineMessagesSchema,
  /** true: recipients get no push notification. */
  notificationDisabled: z.boolean().default(false),
  /** When to send; omitted = now. */
  scheduledAt: instantSchema.optional(),
  /** Computes the recipients (and checks the quota) without recording or sending anything. */
  dryRun: z.boolean().default(false),
  /**
   * true: record it as "awaiting_approval" and send nothing until a role that may send approves it
   * (POST …/broadcasts/:id/approve). The only way an operator_no_broadcast creates a broadcast.
   */
  requestApproval: z.boolean().default(false),
});
export type BroadcastCreate = z.input<typeof broadcastCreateSchema>;

export const BROADCAST_STATUSES = [
  'awaiting_approval', // created with requestApproval: sends nothing until approved
  'declined', // an approver declined it (approval.reason says why); never sent
  'scheduled', // waiting for scheduledAt
  'queued', // waiting for the job runner to start it
  'sending',
  'sent',
  'failed',
  'cancelled',
  'dry_run', // the answer to a dry run; never recorded
] as const;
export const broadcastStatusSchema = z.enum(BROADCAST_STATUSES);
export type BroadcastStatus = z.infer<typeof broadcastStatusSchema>;
export const broadcastProblemSchema = z.object({
  code: z.string(),
  message: z.string(),
  /** What LINE answered, when the problem came from LINE. */
  lineStatus: z.number().int().optional(),
  at: instantSchema,
});
export const quotaSchema = z.object({
  /** Monthly target limit; null when the plan has none. */
  limit: z.number().int().nullable(),
  used: z.number().int(),
  remaining: z.number().int().nullable(),
});
export const broadcastSchema = z.object({
  id: z.string(),
  segmentId: z.string(),
  /** The segment's name when the broadcast was created. */
  segmentName: z.string(),
  status: broadcastStatusSchema,
  /** multicast (batches of ≤500) or narrowcast (an uploaded-ID audience); null until sending starts. */
  method: z.enum(['multicast', 'narrowcast']).nullable(),
  messages: lineMessagesSchema,
  notificationDisabled: z.boolean(),
  dryRun: z.boolean(),
  scheduledAt: instantSchema.nullable(),
  createdAt: instantSchema,
  /** Which API token created it ("admin" or "token …abcd"). */
  createdBy: z.string(),
  startedAt: instantSchema.nullable(),
  finishedAt: instantSchema.nullable(),
  cancelledAt: instantSchema.nullable(),
  /** Friends in the snapshot taken at send time (blocked friends excluded); null until then. */
  recipients: z.number().int().nullable(),
  /** Recipients whose batch LINE accepted. */
  sent: z.number().int(),
  /** Recipients LINE refused or could not be confirmed. */
  failed: z.number().int(),
  /** sent / recipients, 0–1 (1 when there is nobody to send to). */
  progress: z.number(),
  /** Why it failed, in LINE's words when LINE refused. */
  error: broadcastProblemSchema.nullable(),
  /** The last problem met while sending, even if a retry then succeeded. */
  lastProblem: broadcastProblemSchema.nullable(),
  /** Dry runs: the first recipients, and the month's quota. */
  sample: z.array(sampleFriendSchema).optional(),
  quota: quotaSchema.nullable().optional(),
  /** A broadcast created with requestApproval: who asked, and who approved or declined it and why. */
  approval: z.object({
    status: z.enum(['awaiting', 'approved', 'declined']),
    requestedBy: actorSchema,
    decidedBy: actorSchema.nullable(),
    decidedAt: instantSchema.nullable(),
    /** Why it was declined, for the person who asked. */
    reason: z.string().nullable(),
  }).nullable().optional(),
});
export type Broadcast = z.infer<typeof broadcastSchema>;
export const broadcastListSchema = listOf(broadcastSchema);
export const broadcastDeclineSchema = z.strictObject({
  reason: z.string({ error: 'Say why, so the person who asked can fix it.' }).trim().min(1, 'Say why, so the person who asked can fix it.').max(500),
});

export const broadcastTestSchema = z.strictObject({ messages: lineMessagesSchema, userId: lineUserIdSchema });
export const broadcastTestResultSchema = z.object({
  ok: z.literal(true),
  to: z.object({ lineUserId: z.string(), displayName: z.string() }),
});

// ---- integrations --------------------------------------------------------------------------------
export const PROVIDER_IDS = ['line', 'shopify', 'hubspot', 'klaviyo'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];
export const providerSchema = z.enum(PROVIDER_IDS);

const credential = (what: string, max: number) =>
  z.string().trim().min(1, `Enter the ${what}.`).max(max, `The ${what} has at most ${max} characters; check what was pasted.`)
    .regex(/^\S*$/, `The ${what} has no spaces; check what was pasted.`);

export const lineConnectSchema = z.strictObject({
  channelSecret: z.string().trim().regex(/^[0-9a-fA-F]{32}$/,
    'The channel secret is the 32-character code under "Basic settings" of the Messaging API channel in the LINE Developers console.'),
  channelAccessToken: credential('channel access token (long-lived, from the "Messaging API" tab)', 2000),
});
/** Where a Shopify customer holds the LINE user id: a metafield "namespace.key". */
export const shopifyLinkFieldSchema = z.string().trim().regex(/^[A-Za-z0-9_-]{2,255}\.[A-Za-z0-9_-]{1,64}$/,
  'The link field is a customer metafield written "namespace.key", e.g. "lumo.line_user_id".');
export const shopifyConnectSchema = z.strictObject({
  shop: z.string().trim().min(1, 'Enter the shop, e.g. "your-shop.myshopify.com".').max(255),
  accessToken: credential('Admin API access token (starts with "shpat_")', 500),
  linkField: shopifyLinkFieldSchema.optional(),
});
/** A HubSpot contact property's internal name. */
export const hubspotPropertyNameSchema = z.string().trim().regex(/^[a-z0-9_]{1,100}$/,
  'A HubSpot property is given by its internal name: lowercase letters, digits and "_", e.g. "line_user_id".');
export const hubspotConnectSchema = z.strictObject({
  accessToken: credential('private app access token', 500),
  linkField: hubspotPropertyNameSchema.optional(),
  /** Contact properties to read besides the defaults (lifecycle stage, lead status, the custom ones). */
  properties: z.array(hubspotPropertyNameSchema).max(100, 'Choose at most 100 properties.').optional(),
});
/** Where a Klaviyo profile holds the LINE user id: "external_id" or "properties.<name>". */
export const klaviyoLinkFieldSchema = z.string().trim().regex(/^(external_id|properties\.[^\s.]{1,100})$/,
  'The link field is "external_id" or a custom profile property written "properties.<name>", e.g. "properties.line_user_id".');
export const klaviyoConnectSchema = z.strictObject({
  apiKey: credential('private API key (starts with "pk_")', 500),
  linkField: klaviyoLinkFieldSchema.optional(),
});

export const integrationStatusSchema = z.enum(['not_connected', 'idle', 'queued', 'syncing', 'failed']);
/** What the last finished sync found; service syncs count records, the LINE sync followers. */
export const integrationCountsSchema = z.object({
  /** Records read from the service (customers, contacts, profiles, followers). */
  records: z.number().int(),
  /** Records linked to a friend of the account. */
  linked: z.number().int(),
  /** Records without a LINE user id in the link field: not linked, never guessed. */
  withoutLineUserId: z.number().int(),
  /** Records whose link field holds something that is not a LINE user id. */
  invalidLineUserId: z.number().int(),
  /** Records naming a LINE user id another record already claims (the first by id wins). */
  duplicateLineUserId: z.number().int(),
  /** Records naming a LINE user id that is not a friend of the account (yet). */
  notFriends: z.number().int(),
  lists: z.number().int().optional(),
  /** LINE: followers added as friends by this sync. */
  friendsAdded: z.number().int().optional(),
});
export type IntegrationCounts = z.infer<typeof integrationCountsSchema>;
export const integrationSchema = z.object({
  provider: providerSchema,
  connected: z.boolean(),
  status: integrationStatusSchema,
  connectedAt: instantSchema.nullable(),
  lastSyncStartedAt: instantSchema.nullable(),
  lastSyncAt: instantSchema.nullable(),
  nextSyncAt: instantSchema.nullable(),
  counts: integrationCountsSchema.nullable(),
  lastError: z.object({ message: z.string(), at: instantSchema }).nullable(),
  /** The field of the service's records that holds the LINE user id (null for LINE itself). */
  linkField: z.string().nullable(),
  /** Non-secret settings: Shopify's shop, HubSpot's extra properties, LINE's basic id. */
  settings: z.object({ shop: z.string().optional(), properties: z.array(z.string()).optional(), basicId: z.string().optional() }),
  /** The sync in progress. */
  progress: z.object({ phase: z.string(), pages: z.number().int(), records: z.number().int(), startedAt: instantSchema }).nullable(),
  /** LINE: the webhook URL path to enter in the LINE Developers console (after this server's origin). */
  webhookPath: z.string().optional(),
  /**
   * LINE: when a validly signed webhook request (an event, or the console's "Verify") last arrived,
   * to the minute; null when none has since LINE was connected.
   */
  lastEventAt: instantSchema.nullable().optional(),
});
export type Integration = z.infer<typeof integrationSchema>;
export const integrationListSchema = listOf(integrationSchema);

// ---- agent ---------------------------------------------------------------------------------------
export const AGENT_MODES = ['auto', 'consult'] as const;
/**
 * The agent conversation's state, sent back with each turn: the answers given so far to the
 * agent's questions, by question id. The server keeps no conversation of its own.
 */
export const agentDraftSchema = z.strictObject({
  answers: z.record(z.string().min(1).max(200), z.string().max(200, 'An answer has at most 200 characters.'))
    .refine((a) => Object.keys(a).length <= 50, 'At most 50 answers.')
    .default({}),
});
export type AgentDraft = z.infer<typeof agentDraftSchema>;
export const agentSuggestRequestSchema = z.strictObject({
  goal: z.string().trim().min(1, 'Tell the agent who you want to reach.').max(2000, 'The goal has at most 2,000 characters.'),
  mode: z.enum(AGENT_MODES, { error: 'The mode is "auto" (a complete suggestion) or "consult" (questions first).' }),
  draft: agentDraftSchema.optional(),
});
export type AgentSuggestRequest = z.input<typeof agentSuggestRequestSchema>;
export const agentQuestionSchema = z.object({
  id: z.string(),
  text: z.string(),
  choices: z.array(z.object({ label: z.string(), value: z.string() })),
});
export type AgentQuestion = z.infer<typeof agentQuestionSchema>;
export const agentSuggestionSchema = z.object({
  /** A complete suggestion; absent while questions are open or when nothing could be understood. */
  definition: definitionSchema.optional(),
  name: z.string().optional(),
  /** Plain sentences in the goal's language: what it selects, what was assumed or not understood. */
  explanation: z.string(),
  questions: z.array(agentQuestionSchema).optional(),
  /** Who answered: the configured language model, or the built-in planner. */
  source: z.enum(['model', 'planner']),
  /** The suggestion's count (a draft preview); null when it could not be counted. */
  count: z.number().int().nullable().optional(),
  language: z.enum(['en', 'ja']),
  /** Parts of the goal turned into conditions, and parts that were not (planner only). */
  understood: z.array(z.string()),
  notUnderstood: z.array(z.string()),
  /** Send it back as `draft`, with the new answers, in the next turn. */
  draft: agentDraftSchema,
});
export type AgentSuggestion = z.infer<typeof agentSuggestionSchema>;
