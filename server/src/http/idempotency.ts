/**
 * Idempotency-Key on creates (segments, folders, tags): the extension's outbox stores every change
 * before sending it and sends it again after a lost answer or a service-worker restart, with the
 * same key. The first answer is kept, and a repeat with that key gets it back instead of a second
 * segment. The same key with a different body is the caller's mistake: 422, nothing created.
 * Broadcasts keep their own, stricter rule (server/src/broadcasts/service.ts).
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppEnv } from './context';
import { ApiError } from './errors';
import { findAnswer, IN_PROGRESS, recordAnswer, releaseKey, reserveKey, type StoredAnswer } from '../repositories/idempotency';

const KEY = /^[A-Za-z0-9_.:-]{8,200}$/;

export async function withIdempotency(c: Context<AppEnv>, route: string, run: () => Promise<Response>): Promise<Response> {
  const key = c.req.header('idempotency-key');
  if (key === undefined) return run();
  if (!KEY.test(key)) {
    throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 8–200 letters, digits or "_.:-" (a UUID is ideal).',
      [{ path: 'Idempotency-Key', message: 'Use 8–200 letters, digits or "_.:-".' }]);
  }
  const { store, clock } = c.var.deps;
  const accountId = c.var.account.id;
  const bodyHash = createHash('sha256').update(await c.req.text()).digest('hex');
  const replay = (seen: StoredAnswer): Response => {
    if (seen.route !== route || seen.bodyHash !== bodyHash) {
      throw new ApiError(422, 'idempotency_key_reused',
        'This Idempotency-Key was already used for a different request. Send a new key for a new change.');
    }
    if (seen.status === IN_PROGRESS) {
      // 503 with Retry-After: a transient state the client retries by itself (the extension's
      // outbox retries 5xx with backoff, and treats 409 as a final conflict).
      throw new ApiError(503, 'request_in_progress', 'The first request with this Idempotency-Key is still being processed. Try again in a moment.',
        undefined, undefined, { 'retry-after': '1' });
    }
    return new Response(seen.response, { status: seen.status, headers: { 'content-type': 'application/json', 'idempotent-replayed': 'true' } });
  };
  const seen = await findAnswer(store.db, accountId, key);
  if (seen) return replay(seen);
  // Reserve the key before running, so a twin sent at the same moment cannot create a second one.
  if (!await reserveKey(store.db, accountId, key, { route, bodyHash }, clock.now())) {
    const winner = await findAnswer(store.db, accountId, key);
    if (winner) return replay(winner);
  }
  let res: Response;
  try {
    res = await run();
  } catch (e) {
    await releaseKey(store.db, accountId, key);
    throw e;
  }
  if (res.status >= 200 && res.status < 300) {
    await recordAnswer(store.db, accountId, key, { status: res.status, response: await res.clone().text() });
  } else {
    await releaseKey(store.db, accountId, key);
  }
  return res;
}
