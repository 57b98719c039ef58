/**
 * The segment engine: what the server asks to count a segment and to diagnose it. Two
 * implementations share this interface: the SQL engine here (the compiled statement on SQLite or
 * PostgreSQL; the engine-backed path and the cross-check) and the columnar index (./index/).
 */
import type { Diagnosis, SampleFriend } from '../../../lib/contract/api';
import type { Definition } from '../../../lib/segment/schema';
import type { Store } from '../store/db';
import { compileCount, compileCounts } from './compile-sql';
import { assembleDiagnosis, planDiagnosis } from './diagnose-plan';

export interface EngineOptions {
  /** "Today" of the evaluation (epoch ms). */
  asOf: number;
  /** The account's IANA time zone. */
  timeZone: string;
}

export interface CountOptions extends EngineOptions {
  /** How many sample friends to return; default 10. */
  sampleLimit?: number;
}

export interface CountResult { count: number; sample: SampleFriend[] }

export interface SegmentEngine {
  /** The members of `definition` among the account's unblocked friends: count and sample in DESIGN.md's order. */
  count(accountId: string, definition: Definition, opts: CountOptions): Promise<CountResult>;
  diagnose(accountId: string, definition: Definition, opts: EngineOptions): Promise<Diagnosis>;
}

export const DEFAULT_SAMPLE_LIMIT = 10;

const iso = (ms: number | string | null): string | null => (ms === null ? null : new Date(Number(ms)).toISOString());

export function createSqlEngine(store: Store): SegmentEngine {
  return {
    async count(accountId, definition, opts) {
      const query = compileCount(definition, {
        accountId, asOf: opts.asOf, timeZone: opts.timeZone, dialect: store.dialect,
        sampleLimit: opts.sampleLimit ?? DEFAULT_SAMPLE_LIMIT,
      });
      const { rows } = await query.execute(store.db);
      const count = rows.length ? Number(rows[0].total) : 0;
      const sample = rows.filter((r) => r.line_user_id !== null).map((r) => ({
        lineUserId: r.line_user_id!,
        displayName: r.display_name ?? '',
        pictureUrl: r.picture_url ?? null,
        addedAt: iso(r.added_at),
      }));
      return { count, sample };
    },

    async diagnose(accountId, definition, opts) {
      const plan = planDiagnosis(definition);
      const query = compileCounts(plan.conditions, plan.formulas, {
        accountId, asOf: opts.asOf, timeZone: opts.timeZone, dialect: store.dialect,
      });
      const { rows } = await query.execute(store.db);
      const counts = plan.formulas.map((_, k) => Number(rows[0]?.[`n${k}`] ?? 0));
      return assembleDiagnosis(plan, counts);
    },
  };
}
