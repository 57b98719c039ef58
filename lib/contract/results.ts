/**
 * Broadcast results (DESIGN.md "Results"): LINE's own statistics of a broadcast, read back by the
 * sync API. LINE answers `null` where fewer than 20 people did something; `null` stays `null`
 * here and in every UI ("fewer than 20"), never 0.
 */
import { z } from 'zod';
import { instantSchema } from './api';

/** A count LINE gives, or null when fewer than 20 (or not read yet). */
const lineCount = z.number().int().nonnegative().nullable();
const rate = z.number().min(0).nullable();

export const RESULT_REASONS = [
  'not_sent_yet', // the broadcast has not gone out (or is still going)
  'too_few_recipients', // under 20 recipients: LINE shows no statistics for so few
  'unit_limit', // LINE's 1,000 aggregation units of the month were used: sent without one
  'no_unit', // sent before results existed, or without a unit for another reason
  'unit_unknown', // LINE does not (yet) know the unit (400)
  'line_not_connected',
  'line_refused', // LINE refused the statistics call (its words in the message)
] as const;
export const resultReasonSchema = z.object({ code: z.enum(RESULT_REASONS), message: z.string() });
export type ResultReason = z.infer<typeof resultReasonSchema>;

export const resultClickSchema = z.object({ url: z.string(), clicks: lineCount, uniqueClicks: lineCount });
export type ResultClick = z.infer<typeof resultClickSchema>;

export const resultPointSchema = z.object({ at: instantSchema, uniqueImpressions: lineCount, uniqueClicks: lineCount });
export type ResultPoint = z.infer<typeof resultPointSchema>;

export const broadcastResultsSchema = z.object({
  /** Recipients LINE accepted. */
  sent: z.number().int().nonnegative(),
  uniqueImpressions: lineCount,
  uniqueClicks: lineCount,
  /** uniqueImpressions / sent; null when either is unknown. */
  openRate: rate,
  /** uniqueClicks / sent; null when either is unknown. */
  clickRate: rate,
  /** Per link, most clicked first. */
  clicks: z.array(resultClickSchema),
  /** When LINE was last read; null before the first read. */
  updatedAt: instantSchema.nullable(),
  /** No more reads: 14 days after sending, or nothing LINE could ever tell. */
  final: z.boolean(),
  // Beyond DESIGN.md's fields: why results are empty, when they are read next, and every read.
  reason: resultReasonSchema.nullable(),
  nextReadAt: instantSchema.nullable(),
  sentAt: instantSchema.nullable(),
  history: z.array(resultPointSchema),
});
export type BroadcastResults = z.infer<typeof broadcastResultsSchema>;
