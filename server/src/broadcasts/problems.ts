/**
 * What went wrong with a broadcast, as stored on it (`error`, `last_problem`) and shown to the
 * marketer: a stable code and a sentence that says what to do.
 */
export type ProblemCode =
  | 'quota_exceeded' // the month's LINE message limit would be (or was) passed
  | 'line_not_connected' // no LINE credentials for the account
  | 'line_unauthorized' // LINE refused the channel access token
  | 'line_rejected' // LINE refused the request (LINE's reason in the message)
  | 'line_rate_limited' // 429: backing off
  | 'line_unavailable' // 5xx, timeout, network: retrying with the same retry key
  | 'delivery_unknown' // interrupted past the retry key's 24 h: not resent
  | 'segment_deleted'
  | 'audience_failed'
  | 'narrowcast_failed'
  | 'internal';

export interface Problem { code: ProblemCode; message: string; lineStatus?: number }
export interface StoredProblem extends Problem { at: number }

export const problem = (code: ProblemCode, message: string): Problem => ({ code, message });

export const storeProblem = (p: Problem, at: number): string => JSON.stringify({ ...p, at } satisfies StoredProblem);

export function readProblem(json: string | null): { code: string; message: string; lineStatus?: number; at: string } | null {
  if (!json) return null;
  const p = JSON.parse(json) as StoredProblem;
  return { code: p.code, message: p.message, ...(p.lineStatus !== undefined ? { lineStatus: p.lineStatus } : {}), at: new Date(p.at).toISOString() };
}
