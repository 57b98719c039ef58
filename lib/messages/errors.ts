import type { ErrorInfo, ErrorKind } from './protocol';

/** A refused or failed message, as the sender's caller sees it. */
export class MessageError extends Error {
  readonly kind: ErrorKind;
  readonly status?: number;
  readonly code?: string;
  readonly issues?: { path: string; message: string }[];
  readonly retryAfter?: number;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'MessageError';
    this.kind = info.kind;
    this.status = info.status;
    this.code = info.code;
    this.issues = info.issues;
    this.retryAfter = info.retryAfter;
  }

  toInfo(): ErrorInfo {
    return { kind: this.kind, message: this.message, status: this.status, code: this.code, issues: this.issues, retryAfter: this.retryAfter };
  }
}

export const isMessageError = (e: unknown): e is MessageError => e instanceof MessageError;
