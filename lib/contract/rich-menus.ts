/**
 * The sync API's rich-menu routes (DESIGN.md, "Rich menus") as zod schemas, shared by the server
 * (validation, OpenAPI) and the extension (parsing answers).
 */
import { z } from 'zod';
import { instantSchema } from './api';
import { richMenuAreaSchema, richMenuSizeSchema } from '../rich-menus/layout';

export const richMenuSchema = z.object({
  /** LINE's richMenuId. */
  id: z.string(),
  name: z.string(),
  chatBarText: z.string(),
  selected: z.boolean(),
  size: richMenuSizeSchema.or(z.object({ width: z.number().int(), height: z.number().int() })),
  areas: z.array(richMenuAreaSchema.or(z.object({ bounds: z.unknown(), action: z.unknown() }))),
  aliasId: z.string().nullable(),
  hasImage: z.boolean(),
  /** Made through Lumo (the others were made with the Messaging API by another tool). */
  createdByLumo: z.boolean(),
  /** Segments that show this menu. */
  segmentIds: z.array(z.string()),
});
export type RichMenu = z.infer<typeof richMenuSchema>;

export const assignmentCreateSchema = z.strictObject({
  richMenuId: z.string().min(1).max(100),
  /** When a friend is in two assigned segments, the larger priority wins. */
  priority: z.number().int().min(0).max(1000).optional(),
});

export const ASSIGNMENT_STATUSES = ['syncing', 'in_sync', 'broken', 'stopping'] as const;
export const assignmentSchema = z.object({
  segmentId: z.string(),
  richMenuId: z.string(),
  priority: z.number().int(),
  /** syncing: links are being made or removed; broken: LINE refused the menu (see `error`). */
  status: z.enum(ASSIGNMENT_STATUSES),
  /** The segment's members at the last sync (blocked friends are never members). */
  members: z.number().int(),
  /** Members shown this menu now. */
  linked: z.number().int(),
  /** Members still to link. */
  pending: z.number().int(),
  /** Members LINE refused to link, with its reason in `failures`. */
  failed: z.number().int(),
  /** Members shown the menu of a segment with a higher priority instead. */
  overridden: z.number().int(),
  failures: z.array(z.object({ lineUserId: z.string(), reason: z.string() })),
  error: z.string().nullable(),
  lastSyncedAt: instantSchema.nullable(),
});
export type RichMenuAssignment = z.infer<typeof assignmentSchema>;
