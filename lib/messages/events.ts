/**
 * Push events from the background to every connected UI, on a runtime Port named EVENTS_PORT:
 * fresh data behind a stale-while-revalidate answer, outbox changes, settings changes. Checked
 * with zod on arrival like every response.
 */
import { z } from 'zod';
import { accountSchema, catalogSchema, folderSchema, previewSchema, tagSchema } from '../contract/api';
import { outboxStatusSchema, segmentItemSchema, settingsSchema } from './protocol';

export const EVENTS_PORT = 'lumo/events';

const account = { accountId: z.string() };
export const pushEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fresh.accounts'), data: z.array(accountSchema) }),
  z.object({ type: z.literal('fresh.catalog'), ...account, data: catalogSchema }),
  z.object({ type: z.literal('fresh.tags'), ...account, data: z.array(tagSchema) }),
  z.object({ type: z.literal('fresh.folders'), ...account, data: z.array(folderSchema) }),
  z.object({ type: z.literal('fresh.segments'), ...account, data: z.array(segmentItemSchema) }),
  z.object({ type: z.literal('fresh.segment'), ...account, data: segmentItemSchema }),
  /** A saved segment's preview changed (calculating → ready, or a recount). */
  z.object({ type: z.literal('fresh.preview'), ...account, segmentId: z.string(), data: previewSchema }),
  /** A segment created offline was accepted: its `local-…` id is now `id`. */
  z.object({ type: z.literal('segment.idAssigned'), ...account, localId: z.string(), id: z.string() }),
  z.object({ type: z.literal('outbox.changed'), status: outboxStatusSchema }),
  z.object({ type: z.literal('settings.changed'), settings: settingsSchema }),
]);
export type PushEvent = z.infer<typeof pushEventSchema>;
export type PushEventType = PushEvent['type'];
export type PushEventOf<T extends PushEventType> = Extract<PushEvent, { type: T }>;
