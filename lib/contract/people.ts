/**
 * People (DESIGN.md, "Sync API contract (v1, second part)", "People and roles"): members, invites,
 * sessions, roles, script tokens and the activity log, as zod schemas the server validates with and
 * the extension parses with.
 */
import { z } from 'zod';
import { accountIdSchema, actorSchema, instantSchema, lineConnectSchema, listOf } from './api';

export { actorSchema };
import { ROLES } from '../permissions';

export const roleSchema = z.enum(ROLES, { error: `The role must be one of ${ROLES.join(', ')}.` });

export const emailSchema = z.string().trim().toLowerCase().max(254)
  .regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Enter an email address, like "aoi@example.com".');
/** 10+ characters (DESIGN.md); the cap bounds the hashing work a request can ask for. */
export const passwordSchema = z.string({ error: 'A password is needed.' })
  .min(10, 'The password must have at least 10 characters.').max(200, 'The password must have at most 200 characters.');
export const personNameSchema = z.string().trim().min(1, 'A name is needed.').max(100);

export const memberSchema = z.object({ id: z.string(), email: z.string(), name: z.string() });
export type Member = z.infer<typeof memberSchema>;

export const memberAccountSchema = z.object({ id: accountIdSchema, name: z.string(), timezone: z.string(), role: roleSchema });

export const inviteCreateSchema = z.strictObject({
  email: emailSchema,
  accounts: z.array(z.strictObject({ id: accountIdSchema, role: roleSchema })).min(1).max(50),
});
export const inviteSchema = z.object({ code: z.string(), expiresAt: instantSchema });

export const inviteAcceptSchema = z.strictObject({
  code: z.string().trim().min(1, 'The invite code is needed.').max(200),
  name: personNameSchema,
  password: passwordSchema,
});
export const signInSchema = z.strictObject({
  email: emailSchema,
  // Any length here: a short password is simply wrong, and says nothing the 401 would not.
  password: z.string({ error: 'A password is needed.' }).min(1, 'A password is needed.').max(200),
});
export const sessionSchema = z.object({ token: z.string(), member: memberSchema, expiresAt: instantSchema });
export type Session = z.infer<typeof sessionSchema>;

export const meSchema = z.object({ member: memberSchema, accounts: z.array(memberAccountSchema) });

export const accountMemberSchema = z.object({ member: memberSchema, role: roleSchema });
export const accountMemberListSchema = listOf(accountMemberSchema);
export const memberRoleSchema = z.strictObject({ role: roleSchema });

/** The Messaging API channel's credentials, as PUT …/integrations/line takes them, and the account's time zone. */
export const connectAccountSchema = z.strictObject({
  ...lineConnectSchema.shape,
  timezone: z.string().min(1).max(64).optional(),
  /**
   * The account the caller means (the extension sends the manager page's): a channel of another
   * LINE Official Account is refused (400 wrong_line_account) and nothing is created.
   */
  accountId: accountIdSchema.optional(),
});

export const tokenCreateSchema = z.strictObject({
  role: roleSchema.optional(),
  name: z.string().trim().min(1).max(100).optional(),
});
export const scriptTokenSchema = z.object({ id: z.string(), token: z.string(), role: roleSchema, name: z.string() });
export const tokenInfoSchema = z.object({
  id: z.string(), name: z.string(), role: roleSchema, createdAt: instantSchema, lastUsedAt: instantSchema.nullable(),
});
export const tokenListSchema = listOf(tokenInfoSchema);

export const activitySchema = z.object({
  at: instantSchema,
  actor: actorSchema,
  /** `<resource>.<verb>`, e.g. segment.update, broadcast.approve, member.role_change. */
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string(), name: z.string() }),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type Activity = z.infer<typeof activitySchema>;
export const activityListSchema = listOf(activitySchema);
export const activityQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
