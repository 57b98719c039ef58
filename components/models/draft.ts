/** Pure functions of the editor's draft, tested without a DOM. */
import { dateOfDayNumber, localDayNumber } from '@/lib/segment/dates';
import type { Definition } from '@/lib/segment/schema';

export interface Draft { name: string; folderId: string | null; definition: Definition }

/** Whether two drafts say the same thing (key order aside, as JSON from the API may differ). */
export function sameDraft(a: Draft, b: Draft): boolean {
  return a.name === b.name && a.folderId === b.folderId && stable(a.definition) === stable(b.definition);
}
function stable(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
    : v));
}

/** The validation messages the user should see now: every one after a save attempt, else those of fields they touched. */
export function visibleIssues(issues: Record<string, string>, touched: ReadonlySet<string>, attempted: boolean): Record<string, string> {
  if (attempted) return issues;
  return Object.fromEntries(Object.entries(issues).filter(([path]) => [...touched].some((t) => path === t || path.startsWith(`${t}.`))));
}

/** The validation map's path of condition (g, c). */
export const conditionPath = (g: number, c: number) => `groups.${g}.conditions.${c}`;

/** Today's calendar date in the account's time zone: the default of a new date input. */
export function todayIn(timeZone: string | undefined, now = Date.now()): string | undefined {
  if (!timeZone) return undefined;
  try {
    return dateOfDayNumber(localDayNumber(now, timeZone));
  } catch {
    return undefined; // a zone this browser does not know: lib/segment falls back to UTC
  }
}
