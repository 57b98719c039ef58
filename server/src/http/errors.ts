/**
 * DESIGN.md's error shape, `{ error: { code, message, issues? } }`, and the errors the routes
 * throw. Services throw `ApiError`s for the caller's mistakes (4xx, a message the user can act
 * on); anything else is a bug: logged once with context, answered 500 without internals.
 */
import type { z } from 'zod';

export interface IssueOut { path: string; message: string }

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues?: IssueOut[],
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
  body() {
    return { error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}), ...this.extra } };
  }
}

export const badRequest = (message: string, issues?: IssueOut[]) => new ApiError(400, 'invalid_request', message, issues);
export const unauthorized = (message = 'Send an API token as "Authorization: Bearer <token>".') =>
  new ApiError(401, 'unauthorized', message, undefined, undefined, { 'www-authenticate': 'Bearer' });
export const forbidden = (message: string) => new ApiError(403, 'forbidden', message);
export const notFound = (message: string) => new ApiError(404, 'not_found', message);
export const conflict = (message: string, extra?: Record<string, unknown>) => new ApiError(409, 'conflict', message, undefined, extra);
export const preconditionFailed = (message: string, extra?: Record<string, unknown>) => new ApiError(412, 'version_mismatch', message, undefined, extra);
export const preconditionRequired = (message: string) => new ApiError(428, 'version_required', message);
export const payloadTooLarge = (limitBytes: number) =>
  new ApiError(413, 'payload_too_large', `The request body is larger than the limit of ${formatBytes(limitBytes)}.`);

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${+(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${+(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${+(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/**
 * zod issues as the contract's `{ path, message }` list, path "a.b.0". An unknown field is
 * reported at its own path ("definition.foo"), not at its parent, so a form can point at it.
 */
export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): IssueOut[] {
  const out: IssueOut[] = [];
  const walk = (issues: z.core.$ZodIssue[], base: PropertyKey[]) => {
    for (const i of issues) {
      const path = [...base, ...i.path];
      if (i.code === 'unrecognized_keys') {
        for (const k of i.keys) out.push({ path: fmtPath([...path, k]), message: `Unknown field "${k}"; remove it.` });
      } else if (i.code === 'invalid_union' && i.errors.length > 0 && out.length < 100) {
        // Report the branch that got furthest rather than "Invalid input".
        const best = [...i.errors].sort((a, b) => a.length - b.length)[0];
        if (best.length > 0 && !best.every((x) => x.code === 'invalid_type' && x.path.length === 0)) walk(best, path);
        else out.push({ path: fmtPath(path), message: i.message });
      } else {
        out.push({ path: fmtPath(path), message: i.message });
      }
    }
  };
  walk(error.issues, prefix);
  return out;
}

const fmtPath = (p: PropertyKey[]) => p.map(String).join('.');

/** One line naming every problem, for places that report a single string (a rejected NDJSON line). */
export function issuesText(issues: IssueOut[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}
