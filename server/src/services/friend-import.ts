/**
 * Friend NDJSON import (DESIGN.md): the body is read as a stream, line by line — a million-line
 * import is never held whole in memory. Each line is checked on its own; a rejected line is
 * reported with its number (counting from 1) and reason, and the others go on. Accepted lines
 * are written in batches, each batch one transaction, so a friend is never half-written.
 * Importing a friend again replaces that friend's fields.
 */
import type { AppDeps } from '../http/context';
import { ApiError, issuesText, zodIssues } from '../http/errors';
import { fastFriendWrite } from './friend-line-fast';
import { analyzeFriendTables, upsertFriends, type FriendWrite } from '../repositories/friends';
import { friendImportLineSchema, type FriendImportLine, type FriendImportResult } from '../../../lib/contract/friend-ndjson';

/**
 * Friends per transaction: the first batch, then every later one of a large import. Most of an
 * import's time is SQLite writing the pages a batch touched at its commit, and the unique index on
 * LINE user ids (random) is touched all over: at 1M friends a 10,000-friend commit rewrites most of
 * that index's leaves for 10,000 friends, a 50,000-friend one for 50,000. Measured on the friends
 * table at 1M (2026-12-06, with the 128 MB page cache of store/db.ts): 14.7 µs a row in batches of
 * 50,000 against 23.4 in batches of 10,000 with the default cache. A small import still commits
 * its first 10,000 friends quickly; a 50,000 batch holds the writer for about a second.
 */
export const IMPORT_BATCH_SIZE = 10_000;
export const IMPORT_LARGE_BATCH_SIZE = 50_000;
/** A line longer than this is rejected without being held (a friend is a few hundred bytes). */
export const MAX_LINE_BYTES = 1024 * 1024;
export const MAX_REJECTED_LISTED = 1000;
const ANALYZE_AFTER = 5000;
/** How long an import waits for the client's next bytes before answering 408 (LUMO_IMPORT_IDLE_SECONDS). */
export const DEFAULT_IMPORT_IDLE_SECONDS = 60;

/** The client sent nothing for `idleMs`: what was read so far still counts. */
export class IdleTimeout extends Error {
  constructor(readonly idleMs: number) { super(`No bytes arrived for ${idleMs / 1000} s.`); }
}

const ms = (iso: string | null | undefined) => (iso === undefined ? null : iso === null ? null : Date.parse(iso));

/** One validated line as a friend write that replaces every field. */
export function toFriendWrite(line: FriendImportLine): FriendWrite {
  return {
    lineUserId: line.lineUserId,
    displayName: line.displayName,
    pictureUrl: line.pictureUrl ?? null,
    addedAt: ms(line.addedAt),
    blockedAt: ms(line.blockedAt),
    tagNames: line.tags ?? [],
    shopify: line.shopify ? { ...line.shopify, lastPurchaseAt: ms(line.shopify.lastPurchaseAt) } : null,
    hubspot: line.hubspot ?? null,
    klaviyo: line.klaviyo ?? null,
  };
}

/** Checks one line of NDJSON: the friend, or why the line is rejected. */
export function parseFriendLine(text: string): { ok: true; friend: FriendWrite } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `Not valid JSON: ${(e as Error).message}` };
  }
  const fast = fastFriendWrite(json);
  return fast ? { ok: true, friend: fast } : checkFriendJson(json);
}

/** The schema's answer for a parsed line: the reference that `fastFriendWrite` must agree with. */
export function checkFriendJson(json: unknown): { ok: true; friend: FriendWrite } | { ok: false; error: string } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, error: 'Each line must be one JSON object (a friend).' };
  }
  const r = friendImportLineSchema.safeParse(json);
  if (!r.success) return { ok: false, error: issuesText(zodIssues(r.error)) };
  return { ok: true, friend: toFriendWrite(r.data) };
}

/** Splits a byte stream into lines (LF or CRLF), numbering them from 1; over-long lines come out as `tooLong`. */
export async function* readLines(stream: ReadableStream<Uint8Array>, maxLineBytes = MAX_LINE_BYTES, idleMs?: number):
  AsyncGenerator<{ n: number; text: string; tooLong?: boolean }> {
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let carry = '';
  let skipping = false; // inside an over-long line: drop until its end
  let n = 0;
  const reader = stream.getReader();
  // Only the wait for the client counts as idle, not the time spent writing batches between reads.
  const read = (): Promise<ReadableStreamReadResult<Uint8Array>> => {
    if (!idleMs) return reader.read();
    let timer: NodeJS.Timeout | undefined;
    const stalled = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new IdleTimeout(idleMs)), idleMs); });
    return Promise.race([reader.read(), stalled]).finally(() => clearTimeout(timer));
  };
  try {
    for (;;) {
      const { done, value } = await read();
      const chunk = done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf('\n', start);
        if (nl === -1) break;
        const piece = chunk.slice(start, nl);
        start = nl + 1;
        n++;
        if (skipping) { skipping = false; carry = ''; yield { n, text: '', tooLong: true }; continue; }
        const line = carry + piece;
        carry = '';
        if (line.length > maxLineBytes) { yield { n, text: '', tooLong: true }; continue; }
        yield { n, text: line.endsWith('\r') ? line.slice(0, -1) : line };
      }
      if (!skipping) {
        carry += chunk.slice(start);
        if (carry.length > maxLineBytes) { skipping = true; carry = ''; }
      }
      if (done) break;
    }
    if (skipping) yield { n: ++n, text: '', tooLong: true };
    else if (carry.length > 0) {
      const line = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
      yield { n: ++n, text: line };
    }
  } catch (e) {
    if (e instanceof IdleTimeout) reader.cancel(e).catch(() => {});
    throw e;
  } finally {
    reader.releaseLock();
  }
}

export async function importFriends(deps: AppDeps, accountId: string, body: ReadableStream<Uint8Array>,
  opts: { batchSize?: number; idleMs?: number } = {}): Promise<FriendImportResult> {
  let batchSize = opts.batchSize ?? IMPORT_BATCH_SIZE;
  const idleMs = opts.idleMs ?? (deps.config.importIdleSeconds ?? DEFAULT_IMPORT_IDLE_SECONDS) * 1000;
  const result: FriendImportResult = { imported: 0, updated: 0, rejected: [], rejectedCount: 0, linesRead: 0 };
  let batch: FriendWrite[] = [];
  let inBatch = new Set<string>();
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await upsertFriends(deps.store, accountId, batch, { now: deps.clock.now() });
    result.imported += r.inserted;
    result.updated += r.updated;
    if (opts.batchSize === undefined) batchSize = IMPORT_LARGE_BATCH_SIZE;
    batch = [];
    inBatch = new Set();
  };
  const reject = (line: number, error: string) => {
    result.rejectedCount++;
    if (result.rejected.length < MAX_REJECTED_LISTED) result.rejected.push({ line, error });
  };
  try {
    for await (const line of readLines(body, MAX_LINE_BYTES, idleMs)) {
      result.linesRead = line.n;
      if (line.tooLong) { reject(line.n, `The line is longer than ${MAX_LINE_BYTES / 1024 / 1024} MiB.`); continue; }
      if (line.text.trim() === '') continue; // blank lines (a trailing newline) are not friends
      const parsed = parseFriendLine(line.text);
      if (!parsed.ok) { reject(line.n, parsed.error); continue; }
      // The same friend twice: the later line replaces the earlier, so the earlier must be written first.
      if (inBatch.has(parsed.friend.lineUserId)) await flush();
      batch.push(parsed.friend);
      inBatch.add(parsed.friend.lineUserId);
      if (batch.length >= batchSize) await flush();
    }
  } catch (e) {
    if (!(e instanceof IdleTimeout)) throw e;
    // The lines that arrived whole before the stall are kept, like the batches already written.
    await flush();
    const written = result.imported + result.updated;
    throw new ApiError(408, 'import_idle_timeout',
      `The import stopped: nothing arrived for ${e.idleMs / 1000} s. ${result.linesRead} lines were read and ${written} friends written (they stay imported); `
      + `send the rest again from line ${result.linesRead + 1}.`,
      undefined, { linesRead: result.linesRead, friendsWritten: written, imported: result.imported, updated: result.updated, rejectedCount: result.rejectedCount });
  }
  await flush();
  // A large import changes the tables' shape: let PostgreSQL's planner see it before the recount.
  if (result.imported + result.updated >= ANALYZE_AFTER) await analyzeFriendTables(deps.store);
  return result;
}
