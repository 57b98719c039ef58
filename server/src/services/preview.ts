/**
 * Previews: a saved segment's recorded result (see ./segment-calculation.ts), a draft counted on
 * the spot, and the zero-count diagnosis. Every preview carries the segment in words in the
 * caller's language, with tag and list names resolved.
 */
import type { AppDeps } from '../http/context';
import type { Lang } from '../http/language';
import { getResult, listNames, type ResultRow, type SegmentRow } from '../repositories/segments';
import { tagNames } from '../repositories/tags';
import { calculateSegment, usesRelativeDates } from './segment-calculation';
import { summarize } from '../../../lib/segment/summary';
import { propertyDef } from '../../../lib/segment/catalog';
import type { Definition } from '../../../lib/segment/schema';
import type { Diagnosis, Preview } from '../../../lib/contract/api';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The definition in words. Names are read only for the kinds of ids it references (most segments
 * name no tag or list): a name map the summary never consults changes nothing in it.
 */
export async function summaryOf(deps: AppDeps, accountId: string, definition: Definition, lang: Lang): Promise<string> {
  const kinds = new Set(definition.groups.flatMap((g) => g.conditions.map((c) => propertyDef(c.property)?.options)));
  const needsLists = kinds.has('hubspot_lists') || kinds.has('klaviyo_lists');
  const [tags, lists] = await Promise.all([
    kinds.has('tags') ? tagNames(deps.store.db, accountId) : undefined,
    needsLists ? listNames(deps.store.db, accountId) : undefined,
  ]);
  return summarize(definition, lang, { tags, hubspotLists: lists?.hubspot, klaviyoLists: lists?.klaviyo });
}

function fromResult(seg: SegmentRow, r: ResultRow | undefined, summary: string): Preview {
  // A result for another version is not this segment's: it is being calculated.
  if (!r || r.version !== seg.version || r.status === 'calculating') {
    return { status: 'calculating', version: seg.version, count: null, sample: [], summary, asOf: null, computedAt: null, durationMs: null };
  }
  return {
    status: r.status, version: seg.version, count: r.count, sample: r.sample, summary,
    asOf: iso(r.asOf), computedAt: iso(r.computedAt), durationMs: r.durationMs,
    ...(r.status === 'failed' && r.error ? { error: r.error } : {}),
  };
}

export async function savedPreview(deps: AppDeps, account: { id: string; timezone: string }, seg: SegmentRow, lang: Lang): Promise<Preview> {
  const definition = JSON.parse(seg.definition) as Definition;
  const summary = await summaryOf(deps, account.id, definition, lang);
  let result = await getResult(deps.store.db, account.id, seg.id);
  const maxAgeMs = deps.config.recalcMaxAgeMinutes * 60_000;
  if (result && result.status === 'ready' && result.version === seg.version && usesRelativeDates(definition)
    && (result.computedAt === null || deps.clock.now() - result.computedAt > maxAgeMs)) {
    try {
      await calculateSegment(deps, account.id, seg.id, account.timezone);
      result = await getResult(deps.store.db, account.id, seg.id);
    } catch (err) {
      // Show the older count (its computedAt says how old) rather than nothing.
      deps.logger.warn('relative-date recalculation failed; answering the previous result', { segment: seg.id, err });
    }
  }
  return fromResult(seg, result, summary);
}

export async function draftPreview(deps: AppDeps, account: { id: string; timezone: string }, definition: Definition, asOfIso: string | undefined, lang: Lang): Promise<Preview> {
  const asOf = asOfIso ? Date.parse(asOfIso) : deps.clock.now();
  const started = performance.now();
  const [{ count, sample }, summary] = await Promise.all([
    deps.engine.count(account.id, definition, { asOf, timeZone: account.timezone, sampleLimit: 10 }),
    summaryOf(deps, account.id, definition, lang),
  ]);
  return {
    status: 'ready', version: 0, count, sample, summary,
    asOf: iso(asOf), computedAt: iso(deps.clock.now()), durationMs: Math.round(performance.now() - started),
  };
}

export async function diagnose(deps: AppDeps, account: { id: string; timezone: string }, definition: Definition, asOfIso: string | undefined): Promise<Diagnosis> {
  const asOf = asOfIso ? Date.parse(asOfIso) : deps.clock.now();
  return deps.engine.diagnose(account.id, definition, { asOf, timeZone: account.timezone });
}
