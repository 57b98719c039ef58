/**
 * The one message protocol between the extension's UIs (content script, popup, options, broadcast
 * window) and the background worker, the only part of the extension that talks to the network.
 *
 * Every message type is a request/response pair of zod schemas. The background parses each
 * request before a handler sees it; the sender parses each response before its caller sees it.
 * Push events (fresh data, outbox changes) travel the other way on a runtime Port; see events.ts.
 */
import './jitless';
import { z } from 'zod';
import { activityListSchema } from '../contract/people';
import {
  accountIdSchema, accountSchema, catalogSchema, deletedSegmentSchema, diagnoseSchema, folderSchema, friendSchema,
  instantSchema, previewSchema, segmentSchema, segmentVersionSchema, tagSchema,
} from '../contract/api';
import { definitionSchema } from '../segment/schema';
import { broadcastResultsSchema } from '../contract/results';
import { broadcastStatusSchema, tagDetailSchema, tagImportResultSchema, tagOperationSchema } from '../contract/api';
import { assignmentSchema, richMenuSchema } from '../contract/rich-menus';
import { richMenuCreateSchema, RICH_MENU_IMAGE_MAX_BYTES } from '../rich-menus/layout';
import { memberAccountSchema, memberSchema } from '../contract/people';
import {
  agentSuggestRequestSchema, agentSuggestionSchema, broadcastCreateSchema, broadcastSchema, broadcastTestResultSchema,
  integrationSchema, lineMessagesSchema, providerSchema,
} from '../api/schemas';

// ---- shared pieces -------------------------------------------------------------------------------

/** What went wrong, in kinds a UI can act on. */
export const ERROR_KINDS = [
  'not_configured', // no sync API URL or token in options
  'no_permission', // the API origin's host permission is not granted
  'unreachable', // network error or timeout: the sync API could not be reached
  'unauthorized', // 401/403: the token is wrong or sees not this account
  'not_found', // 404
  'conflict', // 412: someone changed it since you loaded it
  'invalid', // another 4xx, with the server's issues
  'server', // 5xx after retries
  'bad_response', // the API answered something the contract does not allow
  'malformed', // a message that does not fit this protocol
  'disconnected', // the background could not be reached (extension reloaded, …)
  'internal', // a bug; logged in the background
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export const issueSchema = z.object({ path: z.string(), message: z.string() });
export const errorInfoSchema = z.object({
  kind: z.enum(ERROR_KINDS),
  message: z.string(),
  status: z.number().int().optional(),
  code: z.string().optional(),
  issues: z.array(issueSchema).optional(),
  /** Seconds until a throttled request may be tried again (429's Retry-After). */
  retryAfter: z.number().optional(),
});
export type ErrorInfo = z.infer<typeof errorInfoSchema>;

/**
 * Stale-while-revalidate answer: `data` as known now. When `refreshing` is true a fetch runs
 * behind and its result arrives as a push event; `fetchedAt` is when `data` left the API (null for
 * data only this browser knows yet, like an unsent segment).
 */
export const cached = <T extends z.ZodType>(data: T) =>
  z.object({ data, fetchedAt: instantSchema.nullable(), refreshing: z.boolean(), offline: z.boolean() });
export type Cached<T> = { data: T; fetchedAt: string | null; refreshing: boolean; offline: boolean };

export const languageSchema = z.enum(['auto', 'en', 'ja']);
export type LanguageSetting = z.infer<typeof languageSchema>;

export const settingsSchema = z.object({
  apiUrl: z.string().nullable(),
  /** The token itself never leaves the background; UIs learn only whether one is saved. */
  hasToken: z.boolean(),
  language: languageSchema,
  lastAccountId: z.string().nullable(),
  /** How the extension signs in: nobody, an API token, or a member's session (who, until when). */
  auth: z.object({
    kind: z.enum(['none', 'token', 'session']),
    member: memberSchema.optional(),
    expiresAt: instantSchema.optional(),
    /** Set when the API ended the session (a 401): the options page says so. */
    signedOut: z.enum(['expired']).nullable().optional(),
  }).optional(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const CONNECTION_PROBLEMS = [
  'not_configured', 'invalid_url', 'no_permission', 'unreachable', 'unauthorized', 'no_accounts', 'bad_response',
] as const;
export const connectionCheckSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), version: z.string(), store: z.string(), accounts: z.array(accountSchema) }),
  z.object({ ok: z.literal(false), problem: z.enum(CONNECTION_PROBLEMS), message: z.string() }),
]);
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;

/** Outbox: changes written locally first, sent until the API accepts or refuses them. */
export const OUTBOX_KINDS = [
  'segment.create', 'segment.update', 'segment.delete',
  'folder.create', 'folder.rename', 'folder.delete',
  'tag.create', 'tag.rename', 'tag.delete',
] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export const outboxEntryViewSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  kind: z.enum(OUTBOX_KINDS),
  /** The id of the thing changed (a `local-…` id until a create is accepted). */
  targetId: z.string(),
  /** A name to show: the segment, folder or tag name. */
  label: z.string(),
  state: z.enum(['pending', 'sending', 'refused']),
  attempts: z.number().int(),
  createdAt: instantSchema,
  nextAttemptAt: instantSchema.nullable(),
  lastError: errorInfoSchema.nullable(),
  /** The user's version of the change, kept whole when the API refuses it. */
  body: z.unknown(),
});
export type OutboxEntryView = z.infer<typeof outboxEntryViewSchema>;
export const outboxStatusSchema = z.object({
  entries: z.array(outboxEntryViewSchema),
  pending: z.number().int(),
  refused: z.number().int(),
  /** Last known reachability of the sync API; null before the first attempt. */
  reachable: z.boolean().nullable(),
});
export type OutboxStatus = z.infer<typeof outboxStatusSchema>;

/**
 * The answer to a change. `sent`: the API accepted it, `data` is its answer. `pending`: kept in the
 * outbox and retried (the API was unreachable); `data` is the optimistic result. `refused`: the
 * API said no; the change stays in the outbox with `error` until the user retries or discards it.
 */
export const mutation = <T extends z.ZodType>(data: T) =>
  z.object({
    outboxId: z.string(),
    state: z.enum(['sent', 'pending', 'refused']),
    data: data.nullable(),
    error: errorInfoSchema.nullable(),
    /** A create's `local-…` id: the lists may show it until they learn the API's id. */
    localId: z.string().optional(),
  });
export type Mutation<T> = { outboxId: string; state: 'sent' | 'pending' | 'refused'; data: T | null; error: ErrorInfo | null; localId?: string };

export const segmentItemSchema = z.object({
  segment: segmentSchema,
  /** The last preview known for this segment (its count), or null. */
  preview: previewSchema.nullable(),
  sync: z.enum(['synced', 'pending', 'refused']),
});
export type SegmentItem = z.infer<typeof segmentItemSchema>;

/** A service's status as the Connections view shows it: the API's, plus LINE's full webhook URL. */
export const connectionSchema = integrationSchema.extend({
  /** LINE: the URL to paste into the LINE Developers console (this sync API's origin + webhookPath). */
  webhookUrl: z.string().optional(),
});
export type ConnectionStatus = z.infer<typeof connectionSchema>;

// ---- requests ------------------------------------------------------------------------------------
const empty = z.strictObject({});
const acct = { accountId: accountIdSchema };
const byAccount = z.strictObject(acct);
const nameSchema = z.string().trim().min(1).max(100);
const ok = z.object({ ok: z.literal(true) });

const def = <Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res) => ({ request, response });

export const MESSAGES = {
  // settings
  getSettings: def(empty, settingsSchema),
  saveSettings: def(z.strictObject({
    apiUrl: z.string().trim().max(2000).nullable().optional(),
    /** A new token; omit to keep the saved one, "" to remove it. */
    token: z.string().trim().max(4000).optional(),
    language: languageSchema.optional(),
  }), settingsSchema),
  /** Checks the saved settings, or the given unsaved ones, against /v1/health and /v1/accounts. */
  checkConnection: def(z.strictObject({ apiUrl: z.string().optional(), token: z.string().optional() }), connectionCheckSchema),
  // Sign-in (options page, issue 13). Accepted from extension pages only, like saveSettings and
  // checkConnection: a content script must never choose where the session goes.
  /** Signs in with email and password at this sync API (its host permission granted first). */
  signIn: def(z.strictObject({ apiUrl: z.string().trim().max(2000), email: z.string().trim().max(254), password: z.string().max(200) }), settingsSchema),
  /** Accepts an invite code: a new member (name, password) or new roles for an existing one. */
  acceptInvite: def(z.strictObject({ apiUrl: z.string().trim().max(2000), code: z.string().trim().max(200), name: z.string().trim().max(100), password: z.string().max(200) }), settingsSchema),
  /** Ends the session at the API (it stops at once) and forgets it here. */
  signOut: def(empty, settingsSchema),
  /** Who is signed in and their accounts with roles (GET /v1/me). */
  getMe: def(empty, z.object({ member: memberSchema, accounts: z.array(memberAccountSchema) })),
  /** The content script tells which account page is open, for the popup's "last used account". */
  rememberAccount: def(byAccount, ok),
  openOptions: def(empty, ok),

  // read-mostly data, answered from the cache at once (stale-while-revalidate)
  listAccounts: def(z.strictObject({ refresh: z.boolean().optional() }), cached(z.array(accountSchema))),
  getCatalog: def(z.strictObject({ ...acct, refresh: z.boolean().optional() }), cached(catalogSchema)),
  listTags: def(z.strictObject({ ...acct, refresh: z.boolean().optional() }), cached(z.array(tagSchema))),
  listFolders: def(z.strictObject({ ...acct, refresh: z.boolean().optional() }), cached(z.array(folderSchema))),
  listSegments: def(z.strictObject({ ...acct, refresh: z.boolean().optional() }), cached(z.array(segmentItemSchema))),
  getSegment: def(z.strictObject({ ...acct, segmentId: z.string(), refresh: z.boolean().optional() }), cached(segmentItemSchema)),
  /**
   * A saved segment's preview. While it is "calculating" the background polls the API and pushes
   * each new state as a `fresh.preview` event. `refresh: true` (recount) waits for the network.
   */
  getPreview: def(z.strictObject({ ...acct, segmentId: z.string(), refresh: z.boolean().optional() }), cached(previewSchema.nullable())),
  listFriends: def(z.strictObject({
    ...acct, q: z.string().max(200).optional(), tagId: z.string().max(100).optional(), limit: z.number().int().min(1).max(200).optional(), cursor: z.string().optional(),
  }), z.object({ items: z.array(friendSchema), nextCursor: z.string().optional() })),
  listIntegrations: def(byAccount, z.array(connectionSchema)),

  // changes, through the outbox
  createTag: def(z.strictObject({ ...acct, name: nameSchema }), mutation(tagSchema)),
  renameTag: def(z.strictObject({ ...acct, tagId: z.string(), name: nameSchema }), mutation(tagSchema)),
  deleteTag: def(z.strictObject({ ...acct, tagId: z.string() }), mutation(z.null())),
  createFolder: def(z.strictObject({ ...acct, name: nameSchema }), mutation(folderSchema)),
  renameFolder: def(z.strictObject({ ...acct, folderId: z.string(), name: nameSchema }), mutation(folderSchema)),
  deleteFolder: def(z.strictObject({ ...acct, folderId: z.string() }), mutation(z.null())),
  createSegment: def(z.strictObject({
    ...acct,
    name: z.string().max(1000),
    folderId: z.string().nullable().optional(),
    definition: z.unknown(),
    /** The editor's id for this unsaved segment, so saving it twice never makes two. */
    clientId: z.string().regex(/^local-[A-Za-z0-9-]{1,64}$/).optional(),
  }), mutation(segmentSchema)),
  /** `version` is the one the user edited: a stale one comes back as a `conflict` refusal. */
  updateSegment: def(z.strictObject({
    ...acct, segmentId: z.string(), version: z.number().int(),
    patch: z.strictObject({ name: z.string().max(1000).optional(), folderId: z.string().nullable().optional(), definition: z.unknown().optional() }),
  }), mutation(segmentSchema)),
  deleteSegment: def(z.strictObject({ ...acct, segmentId: z.string(), version: z.number().int() }), mutation(z.null())),
  /** Copies a segment; `name` defaults to the original's name with " (copy)". */
  duplicateSegment: def(z.strictObject({ ...acct, segmentId: z.string(), name: nameSchema.optional() }), mutation(segmentSchema)),
  moveSegment: def(z.strictObject({ ...acct, segmentId: z.string(), version: z.number().int(), folderId: z.string().nullable() }), mutation(segmentSchema)),
  outboxStatus: def(z.strictObject({ accountId: accountIdSchema.optional() }), outboxStatusSchema),
  /** Sends a refused or waiting change again now. `overwrite` re-bases a conflicting change on the server's current version. */
  outboxRetry: def(z.strictObject({ id: z.string(), overwrite: z.boolean().optional() }), outboxStatusSchema),
  /** The user gives up a refused change (their version is dropped, on their word). */
  outboxDiscard: def(z.strictObject({ id: z.string() }), outboxStatusSchema),

  // computations, straight to the API
  draftPreview: def(z.strictObject({ ...acct, definition: definitionSchema, asOf: instantSchema.optional() }), previewSchema),
  diagnose: def(z.strictObject({ ...acct, definition: definitionSchema, asOf: instantSchema.optional() }), diagnoseSchema),
  agentSuggest: def(agentSuggestRequestSchema.extend(acct), agentSuggestionSchema),

  // broadcasts, straight to the API (the Idempotency-Key makes a retry safe)
  createBroadcast: def(z.strictObject({
    ...acct, idempotencyKey: z.string().min(8).max(200), broadcast: broadcastCreateSchema,
  }), broadcastSchema),
  getBroadcast: def(z.strictObject({ ...acct, broadcastId: z.string() }), broadcastSchema),
  listBroadcasts: def(z.strictObject({ ...acct, segmentId: z.string().optional(), status: broadcastStatusSchema.optional() }), z.array(broadcastSchema)),
  cancelBroadcast: def(z.strictObject({ ...acct, broadcastId: z.string() }), broadcastSchema),
  testBroadcast: def(z.strictObject({ ...acct, messages: lineMessagesSchema, userId: z.string().min(1) }), broadcastTestResultSchema),
  // Connections view (components/connections, issue 13): straight to the API, admin-only there.
  /** Connects a service with its credentials (checked by the API with the service, never stored here). */
  connectIntegration: def(z.strictObject({
    ...acct, provider: providerSchema,
    credentials: z.record(z.string(), z.string().max(4000)),
  }), connectionSchema),
  disconnectIntegration: def(z.strictObject({ ...acct, provider: providerSchema }), ok),
  syncIntegration: def(z.strictObject({ ...acct, provider: providerSchema }), connectionSchema),
  /**
   * "Connect this account" (the panel, for an account the API does not know): the page's account
   * by its Messaging API channel. The API refuses a channel of another account; a member session only.
   */
  connectAccount: def(z.strictObject({ ...acct, channelSecret: z.string().trim().max(100), channelAccessToken: z.string().trim().max(4000) }), accountSchema),

  // broadcast results (issue 16): LINE's opens and clicks, read by the sync API
  getBroadcastResults: def(z.strictObject({ ...acct, broadcastId: z.string() }), broadcastResultsSchema),
  /** Reads LINE now (one of the channel's 60 statistics calls an hour); `invalid` with status 429 when they are spent. */
  refreshBroadcastResults: def(z.strictObject({ ...acct, broadcastId: z.string() }), broadcastResultsSchema),
  // approvals (issue 16, components/approvals): broadcasts an operator_no_broadcast asked for
  /** The account's broadcasts awaiting approval, newest first. */
  listAwaitingApproval: def(byAccount, z.array(broadcastSchema)),
  approveBroadcast: def(z.strictObject({ ...acct, broadcastId: z.string() }), broadcastSchema),
  declineBroadcast: def(z.strictObject({ ...acct, broadcastId: z.string(), reason: z.string().trim().min(1).max(500) }), broadcastSchema),
  /** Opens the broadcast page in a new window with this segment as its target. */
  openBroadcastWindow: def(z.strictObject({ ...acct, segmentId: z.string() }), z.object({ windowId: z.number().int().nullable() })),

  // tags and friends (components/tags, components/friends): straight to the API, the user waits for each answer
  getTag: def(z.strictObject({ ...acct, tagId: z.string() }), tagDetailSchema),
  /** A friend's card: the friend and the saved segments they are in now. */
  getFriend: def(z.strictObject({ ...acct, userId: z.string() }), z.object({ friend: friendSchema, segments: z.array(z.object({ id: z.string(), name: z.string() })) })),
  setFriendTags: def(z.strictObject({ ...acct, userId: z.string(), tagIds: z.array(z.string()).max(500) }), friendSchema),
  /** "Tag everyone" / remove a tag from everyone in a segment; the key is made once per confirmation. */
  startTagOperation: def(z.strictObject({
    ...acct, segmentId: z.string(), tagId: z.string(), action: z.enum(['add', 'remove']), idempotencyKey: z.string().min(8).max(200),
  }), tagOperationSchema),
  getTagOperation: def(z.strictObject({ ...acct, operationId: z.string() }), tagOperationSchema),
  undoTagOperation: def(z.strictObject({ ...acct, operationId: z.string() }), tagOperationSchema),
  /** Tags from a CSV file picked in the Tags view (its text; 32 MB at most through a message). */
  importTagsCsv: def(z.strictObject({ ...acct, csv: z.string().max(32 * 1024 * 1024) }), tagImportResultSchema),
  /** The segment's members as CSV text (with its byte order mark), for the panel to save as a file. */
  exportSegmentCsv: def(z.strictObject({ ...acct, segmentId: z.string() }), z.object({ csv: z.string() })),

  // History in the editor, Recently deleted, the Activity tab (issue 15), straight to the API:
  // a restore is made against the version the user saw (a stale one comes back as `conflict`).
  listSegmentVersions: def(z.strictObject({ ...acct, segmentId: z.string() }), z.array(segmentVersionSchema)),
  restoreSegment: def(z.strictObject({ ...acct, segmentId: z.string(), ifMatch: z.number().int(), version: z.number().int().min(1) }), segmentSchema),
  listDeletedSegments: def(byAccount, z.array(deletedSegmentSchema)),
  undeleteSegment: def(z.strictObject({ ...acct, segmentId: z.string() }), segmentSchema),
  listActivity: def(z.strictObject({ ...acct, limit: z.number().int().min(1).max(100).optional(), cursor: z.string().max(500).optional() }), activityListSchema),
  // rich menus (components/rich-menus), straight to the API: each answer is only worth having now
  listRichMenus: def(byAccount, z.object({ menus: z.array(richMenuSchema), assignments: z.array(assignmentSchema) })),
  /** Creates the menu at LINE, then uploads its image (base64: runtime messages carry JSON). */
  createRichMenu: def(z.strictObject({
    ...acct, menu: richMenuCreateSchema,
    image: z.strictObject({ base64: z.string().max(Math.ceil(RICH_MENU_IMAGE_MAX_BYTES / 3) * 4 + 4), type: z.enum(['image/png', 'image/jpeg']) }),
  }), richMenuSchema),
  deleteRichMenu: def(z.strictObject({ ...acct, richMenuId: z.string() }), ok),
  /** The image as a data: URL for the panel's list and preview. */
  richMenuImage: def(z.strictObject({ ...acct, richMenuId: z.string() }), z.object({ dataUrl: z.string() })),
  assignRichMenu: def(z.strictObject({ ...acct, segmentId: z.string(), richMenuId: z.string(), priority: z.number().int().min(0).max(1000).optional() }), assignmentSchema),
  unassignRichMenu: def(z.strictObject({ ...acct, segmentId: z.string() }), assignmentSchema),
  /** "Unlink everything Lumo linked": every segment stops showing its menu (for leaving Lumo). */
  unlinkAllRichMenus: def(byAccount, z.object({ assignments: z.number().int() })),
} as const;

export type Messages = typeof MESSAGES;
export type MessageType = keyof Messages;
export type RequestOf<T extends MessageType> = z.input<Messages[T]['request']>;
/** The request as a handler sees it, after parsing (defaults applied). */
export type ParsedRequestOf<T extends MessageType> = z.output<Messages[T]['request']>;
export type ResponseOf<T extends MessageType> = z.output<Messages[T]['response']>;
export const MESSAGE_TYPES = Object.keys(MESSAGES) as MessageType[];

// ---- envelopes -----------------------------------------------------------------------------------
/** Marks our messages apart from anything else on runtime messaging. */
export const PROTOCOL = 'lumo/1';
export const requestEnvelopeSchema = z.strictObject({
  protocol: z.literal(PROTOCOL),
  type: z.enum(MESSAGE_TYPES as [MessageType, ...MessageType[]]),
  payload: z.unknown(),
});
export type RequestEnvelope = z.infer<typeof requestEnvelopeSchema>;
export const responseEnvelopeSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorInfoSchema }),
]);
export type ResponseEnvelope = z.infer<typeof responseEnvelopeSchema>;
