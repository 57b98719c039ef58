/**
 * Results in words and numbers, pure. LINE's `null` (fewer than 20 people) is shown as "fewer than
 * 20", never as 0 — and a rate built on a null is unknown, not 0%.
 */
import type { Broadcast } from '@/lib/contract/api';
import type { BroadcastResults, ResultPoint } from '@/lib/contract/results';

export function formatRate(rate: number | null, fewer: string, locale?: string): string {
  if (rate === null) return fewer;
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function formatCount(n: number | null, fewer: string, locale?: string): string {
  return n === null ? fewer : new Intl.NumberFormat(locale).format(n);
}

/** The chart's points: days after sending on x, null counts left out (a gap, not a zero). */
export function chartSeries(history: ResultPoint[], sentAt: string | null, key: 'uniqueImpressions' | 'uniqueClicks'): { day: number; value: number }[] {
  const start = sentAt ? Date.parse(sentAt) : history.length ? Date.parse(history[0]!.at) : 0;
  return history.flatMap((p) => {
    const v = p[key];
    return v === null ? [] : [{ day: (Date.parse(p.at) - start) / 86_400_000, value: v }];
  });
}

export interface SegmentComparison {
  segmentId: string;
  segmentName: string;
  broadcasts: number;
  sent: number;
  /** Mean of the broadcasts' known open rates; null when LINE gave none. */
  openRate: number | null;
  clickRate: number | null;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);

/** One row per segment, the best open rate first (unknown rates last). */
export function compareSegments(items: { broadcast: Broadcast; results: BroadcastResults }[]): SegmentComparison[] {
  const by = new Map<string, { b: Broadcast[]; r: BroadcastResults[] }>();
  for (const { broadcast, results } of items) {
    const g = by.get(broadcast.segmentId) ?? { b: [], r: [] };
    g.b.push(broadcast);
    g.r.push(results);
    by.set(broadcast.segmentId, g);
  }
  const rows = [...by.entries()].map(([segmentId, g]) => ({
    segmentId,
    segmentName: g.b[0]!.segmentName,
    broadcasts: g.b.length,
    sent: g.r.reduce((n, r) => n + r.sent, 0),
    openRate: mean(g.r.flatMap((r) => (r.openRate === null ? [] : [r.openRate]))),
    clickRate: mean(g.r.flatMap((r) => (r.clickRate === null ? [] : [r.clickRate]))),
  }));
  return rows.sort((a, b) => (b.openRate ?? -1) - (a.openRate ?? -1) || a.segmentName.localeCompare(b.segmentName));
}

/** Broadcasts that reached someone: the only ones with results to show. */
export const hasResults = (b: Broadcast) => (b.status === 'sent' || b.status === 'failed') && b.sent > 0;
