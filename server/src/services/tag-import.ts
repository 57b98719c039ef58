/**
 * Tags from a spreadsheet (DESIGN.md "Tags at scale"): `POST …/friends/tags/import`, a CSV body
 * whose header row names `lineUserId` and `tag` (other columns ignored; a byte order mark is
 * fine), one friend and tag a row. Read as a stream through csv-parse, never held whole; rows are
 * applied in batches, each one transaction; tags are created when missing. A row is rejected with
 * its line (the header is line 1; a quoted cell spanning lines counts them) and the rest go on.
 *
 * The body must be UTF-8: a byte sequence that is not (a Shift_JIS export from Excel) stops the
 * import with 400 — rows before it were applied, and the answer says up to which line.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { ApiError } from '../http/errors';
import { addFriendTags } from '../repositories/friends';
import { LINE_USER_ID_RE, type TagImportResult } from '../../../lib/contract/api';

export const TAG_IMPORT_BATCH = 5_000;
export const MAX_REJECTED_LISTED = 1000;
const MAX_TAG = 100;

class NotUtf8 extends Error {}

/** The bytes as text, failing on the first sequence that is not UTF-8. */
async function* utf8(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const reader = body.getReader();
  let lines = 1;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      let text: string;
      try {
        text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      } catch {
        // Where it went wrong: the line of the first byte that is not UTF-8.
        const loose = value ? new TextDecoder('utf-8').decode(value) : '';
        const at = Math.max(0, loose.indexOf('\uFFFD'));
        throw new NotUtf8(String(lines + (loose.slice(0, at).match(/\n/g)?.length ?? 0)));
      }
      lines += text.match(/\n/g)?.length ?? 0;
      if (text) yield text;
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

const notUtf8 = (line: number, applied: number) => new ApiError(400, 'not_utf8',
  `The CSV must be UTF-8: line ${line} is not (a file saved as Shift_JIS? In Excel choose "CSV UTF-8"). `
  + (applied > 0 ? `The ${applied} rows before it were applied.` : 'Nothing was applied.'),
  [{ path: `line ${line}`, message: 'Not UTF-8 text.' }]);

export async function importFriendTags(deps: AppDeps, accountId: string, body: ReadableStream<Uint8Array>,
  opts: { batchSize?: number; actor: Actor }): Promise<TagImportResult> {
  const batchSize = opts.batchSize ?? TAG_IMPORT_BATCH;
  const result: TagImportResult = { tagged: 0, alreadyTagged: 0, rejected: [], rejectedCount: 0 };
  const reject = (line: number, error: string) => {
    result.rejectedCount++;
    if (result.rejected.length < MAX_REJECTED_LISTED) result.rejected.push({ line, error });
  };
  let batch: { line: number; lineUserId: string; tag: string }[] = [];
  let applied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const r = await addFriendTags(deps.store, accountId, batch, deps.clock.now());
    result.tagged += r.tagged;
    result.alreadyTagged += r.alreadyTagged;
    for (const m of r.unknown) reject(m.line, `There is no friend "${m.lineUserId}" in this account.`);
    applied += batch.length;
    batch = [];
  };

  const parser = parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true, relax_quotes: false, skip_records_with_error: true });
  const source = Readable.from(utf8(body));
  let sourceError: unknown = null;
  source.on('error', (e) => { sourceError = e; parser.destroy(e); });
  const skipped: { line: number; error: string }[] = [];
  parser.on('skip', (e: Error & { lines?: number }) => skipped.push({ line: e.lines ?? 0, error: `Not valid CSV: ${e.message}` }));
  source.pipe(parser);

  let columns: { id: number; tag: number } | null = null;
  let lastLine = 1;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      for (const s of skipped.splice(0)) reject(s.line, s.error);
      // info.lines is the line the record ends on; its own line breaks say where it started.
      const line = info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
      lastLine = info.lines;
      if (!columns) {
        const names = record.map((c) => c.trim());
        const id = names.indexOf('lineUserId');
        const tag = names.indexOf('tag');
        if (id < 0 || tag < 0) {
          throw new ApiError(400, 'invalid_csv', 'The first row must name the columns: lineUserId and tag (other columns are ignored).',
            [{ path: 'line 1', message: `Missing column${id < 0 && tag < 0 ? 's' : ''}: ${[id < 0 ? 'lineUserId' : '', tag < 0 ? 'tag' : ''].filter(Boolean).join(', ')}.` }]);
        }
        columns = { id, tag };
        continue;
      }
      const lineUserId = (record[columns.id] ?? '').trim();
      const tag = (record[columns.tag] ?? '').trim();
      if (!LINE_USER_ID_RE.test(lineUserId)) { reject(line, `lineUserId: "${lineUserId.slice(0, 60)}" is not a LINE user id ("U" followed by 32 lowercase hex digits).`); continue; }
      if (tag === '') { reject(line, 'tag: empty; give the tag\'s name.'); continue; }
      if (tag.length > MAX_TAG) { reject(line, `tag: at most ${MAX_TAG} characters.`); continue; }
      batch.push({ line, lineUserId, tag });
      if (batch.length >= batchSize) await flush();
    }
  } catch (e) {
    const bad = sourceError instanceof NotUtf8 ? sourceError : e instanceof NotUtf8 ? e : null;
    if (bad) {
      await flush();
      throw notUtf8(Number(bad.message) || lastLine + 1, applied);
    }
    if (sourceError) throw sourceError;
    throw e;
  }
  for (const s of skipped.splice(0)) reject(s.line, s.error);
  if (!columns) {
    throw new ApiError(400, 'invalid_csv', 'The CSV is empty: its first row must name the columns lineUserId and tag.',
      [{ path: 'line 1', message: 'Missing header row.' }]);
  }
  await flush();
  result.rejected.sort((a, b) => a.line - b.line);
  // One entry for the whole import, after its last batch (each batch is its own transaction).
  await recordActivity(deps.store.db, {
    accountId, actor: opts.actor, action: 'tags.import', at: deps.clock.now(), target: { type: 'friends', id: 'csv', name: 'CSV' },
    details: { tagged: result.tagged, alreadyTagged: result.alreadyTagged, rejected: result.rejectedCount },
  });
  return result;
}
