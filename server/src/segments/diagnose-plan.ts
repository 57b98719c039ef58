/**
 * Diagnose (DESIGN.md): for each group and condition, the count of that condition alone, the
 * running count within its group (its conditions 0..i), and the segment's count with that
 * condition removed; and each group's count. Pure: it says WHAT to count, as formulas over the
 * definition's conditions, so the SQL engine and the columnar index answer the same plan.
 *
 * "Removed": the condition leaves its group; a group left empty is removed with it; when no group
 * remains, the count is that of every unblocked friend (a segment without conditions would select
 * everyone, and that is the most useful number to show next to the real one).
 */
import type { Condition, Definition } from '../../../lib/segment/schema';
import type { Diagnosis } from '../../../lib/contract/api';

/** OR of ANDs of indices into `DiagnosePlan.conditions`. `[]` = nobody, `[[]]` = everyone. */
export type Formula = number[][];

export interface DiagnosePlan {
  /** The definition's conditions, flattened group by group. */
  conditions: Condition[];
  /** The distinct formulas to count. */
  formulas: Formula[];
  /** Index into `formulas` of each figure. */
  segment: number;
  groups: { count: number; conditions: { alone: number; running: number; withoutIt: number }[] }[];
}

export function planDiagnosis(definition: Definition): DiagnosePlan {
  const conditions: Condition[] = [];
  const groupIndices: number[][] = definition.groups.map((g) =>
    g.conditions.map((c) => conditions.push(c) - 1));
  const formulas: Formula[] = [];
  const seen = new Map<string, number>();
  const formula = (f: Formula): number => {
    const key = JSON.stringify(f);
    let i = seen.get(key);
    if (i === undefined) { i = formulas.push(f) - 1; seen.set(key, i); }
    return i;
  };
  const segment = formula(groupIndices);
  const groups = groupIndices.map((indices, g) => ({
    count: formula([indices]),
    conditions: indices.map((ci, i) => {
      const rest = indices.filter((_, j) => j !== i);
      const others = groupIndices.map((gi, h) => (h === g ? rest : gi)).filter((gi) => gi.length > 0);
      return {
        alone: formula([[ci]]),
        running: formula([indices.slice(0, i + 1)]),
        withoutIt: formula(others.length === 0 ? [[]] : others),
      };
    }),
  }));
  return { conditions, formulas, segment, groups };
}

/** The Diagnosis from the plan and the count of each of its formulas. */
export function assembleDiagnosis(plan: DiagnosePlan, counts: readonly number[]): Diagnosis {
  return {
    count: counts[plan.segment],
    groups: plan.groups.map((g) => ({
      count: counts[g.count],
      conditions: g.conditions.map((c) => ({ alone: counts[c.alone], running: counts[c.running], withoutIt: counts[c.withoutIt] })),
    })),
  };
}
