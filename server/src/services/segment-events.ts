/**
 * In-process notice that a saved segment's membership may have changed: its result was just
 * recorded (after a save, or a recount when friends changed), or it was deleted. Features that
 * keep something in step with a segment's members (rich menus) listen here instead of being
 * called from the segment code. Listeners receive the deps of the app that made the change, so
 * one registration at import time serves every app in the process; a listener that throws is
 * logged and never fails the change.
 */
import type { AppDeps } from '../http/context';

export type SegmentEvent = 'calculated' | 'deleted';
export type SegmentListener = (deps: AppDeps, accountId: string, segmentId: string, event: SegmentEvent) => void | Promise<void>;

const listeners = new Set<SegmentListener>();

export function onSegmentEvent(listener: SegmentListener): () => void {
  listeners.add(listener);
  return () => { listeners.delete(listener); };
}

export async function notifySegmentEvent(deps: AppDeps, accountId: string, segmentId: string, event: SegmentEvent): Promise<void> {
  for (const l of [...listeners]) {
    try {
      await l(deps, accountId, segmentId, event);
    } catch (err) {
      deps.logger.warn('a segment listener failed', { account: accountId, segment: segmentId, event, err });
    }
  }
}
