/**
 * Typed failures of the sync API client. The kinds are the message protocol's, so a handler can
 * throw an ApiError and the UI receives the same kind, message and issues.
 */
import { HTTPError, TimeoutError } from 'ky';
import type { z } from 'zod';
import { errorBodySchema } from '../contract/api';
import type { ErrorInfo, ErrorKind } from '../messages/protocol';
import { toIssues } from '../segment/schema';

export type ApiErrorKind = Extract<ErrorKind,
  'not_configured' | 'no_permission' | 'unreachable' | 'unauthorized' | 'not_found' | 'conflict' | 'invalid' | 'server' | 'bad_response'>;

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly issues?: { path: string; message: string }[];
  readonly retryAfter?: number;

  constructor(kind: ApiErrorKind, message: string, extra: { status?: number; code?: string; issues?: { path: string; message: string }[]; retryAfter?: number; cause?: unknown } = {}) {
    super(message, { cause: extra.cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = extra.status;
    this.code = extra.code;
    this.issues = extra.issues;
    this.retryAfter = extra.retryAfter;
  }

  /** The API gave its final word: sending the same request again will not change it. */
  get isRefusal(): boolean {
    return this.kind === 'unauthorized' || this.kind === 'not_found' || this.kind === 'conflict' || this.kind === 'invalid';
  }

  /** Worth trying again later: the API was away or failed on its side. */
  get isTransient(): boolean {
    return this.kind === 'unreachable' || this.kind === 'server';
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message };
    if (this.status !== undefined) info.status = this.status;
    if (this.code !== undefined) info.code = this.code;
    if (this.issues !== undefined) info.issues = this.issues;
    if (this.retryAfter !== undefined) info.retryAfter = this.retryAfter;
    return info;
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

const MESSAGES: Record<ApiErrorKind, string> = {
  not_configured: 'Set the sync API URL and token in the extension options.',
  no_permission: 'The extension may not reach the sync API: allow it in the extension options.',
  unreachable: 'The sync API could not be reached. Check the URL and that the server is running.',
  unauthorized: 'The sync API refused the token. Check the API token in the extension options.',
  not_found: 'Not found on the sync API. It may have been deleted, or the token does not see this account.',
  conflict: 'Someone changed this since you loaded it.',
  invalid: 'The sync API refused the request.',
  server: 'The sync API failed. Try again in a moment.',
  bad_response: 'The sync API answered in an unexpected format. Is the URL a Lumo sync API of a matching version?',
};

/** Turns whatever ky or fetch threw into an ApiError. */
export async function toApiError(e: unknown): Promise<ApiError> {
  if (e instanceof ApiError) return e;
  if (e instanceof HTTPError) {
    const status = e.response.status;
    let body: z.infer<typeof errorBodySchema>['error'] | undefined;
    try {
      const parsed = errorBodySchema.safeParse(await e.response.clone().json());
      if (parsed.success) body = parsed.data.error;
    } catch { /* not JSON */ }
    const retry = Number(e.response.headers.get('retry-after'));
    const extra = { status, code: body?.code, issues: body?.issues, cause: e, ...(retry > 0 && { retryAfter: retry }) };
    const kind: ApiErrorKind =
      status === 401 || status === 403 ? 'unauthorized'
        : status === 404 ? 'not_found'
          : status === 412 || status === 409 ? 'conflict'
            : status >= 500 ? 'server'
              : status === 408 ? 'unreachable'
                : 'invalid';
    // The server's own message is meant for people (DESIGN.md: errors say what to do); keep it
    // for refusals, but our wording for the kinds the extension handles itself.
    const message = kind === 'invalid' || kind === 'conflict' ? body?.message ?? MESSAGES[kind] : MESSAGES[kind];
    return new ApiError(kind, message, extra);
  }
  if (e instanceof TimeoutError) return new ApiError('unreachable', 'The sync API did not answer in time.', { cause: e });
  if (e instanceof TypeError || (e instanceof Error && e.name === 'AbortError')) {
    return new ApiError('unreachable', MESSAGES.unreachable, { cause: e });
  }
  return new ApiError('unreachable', MESSAGES.unreachable, { cause: e });
}

export const badResponse = (what: string, error: z.ZodError) =>
  new ApiError('bad_response', `${MESSAGES.bad_response} (${what})`, { issues: toIssues(error) });

export const notConfigured = () => new ApiError('not_configured', MESSAGES.not_configured);
