/**
 * What the panel says when a message fails. Errors the user can act on say what to do; anything
 * else is logged once with its context and shown as a generic sentence, never raw.
 */
import { isMessageError, type ErrorInfo, type ErrorKind } from '@/lib/messages';
import { t } from '@/lib/i18n';

const ACTIONABLE: Partial<Record<ErrorKind, string>> = {
  not_configured: 'panel.error.notConfigured',
  no_permission: 'panel.error.noPermission',
  unreachable: 'panel.error.unreachable',
  unauthorized: 'panel.error.unauthorized',
  not_found: 'panel.error.notFound',
  conflict: 'panel.error.conflict',
  disconnected: 'panel.error.disconnected',
};

export function errorKind(error: unknown): ErrorKind {
  return isMessageError(error) ? error.kind : 'internal';
}

const logged = new WeakSet<object>();

/** One sentence for the user; `invalid` errors carry the server's own (already clear) message. */
export function describeError(error: unknown, context: string): string {
  const info: ErrorInfo | undefined = isMessageError(error) ? error.toInfo() : undefined;
  const key = info && ACTIONABLE[info.kind];
  if (key) return t(key);
  if (info?.kind === 'invalid') return info.issues?.[0]?.message ?? info.message;
  if (typeof error === 'object' && error !== null && !logged.has(error)) {
    logged.add(error);
    console.error(`[lumo-segments:panel] ${context}`, error);
  }
  return t('panel.error.generic');
}

/** The sentence for an ErrorInfo kept by the outbox (a refused change). */
export function describeRefusal(info: ErrorInfo): string {
  const key = ACTIONABLE[info.kind];
  if (info.kind === 'conflict') return t('panel.error.conflict');
  if (info.kind === 'invalid') return info.issues?.[0]?.message ?? info.message;
  return key ? t(key) : info.message;
}
