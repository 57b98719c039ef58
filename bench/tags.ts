/**
 * Tags at scale (issue 14): "Tag everyone" in a segment of N members and the segment's CSV export,
 * on SQLite, each timed (wall clock and the process's CPU time: SQLite runs on the same thread, so
 * on a shared machine CPU time is the figure that compares runs) with the process's peak resident
 * memory sampled every 20 ms; then the undo of the tagging. Each is set against a floor: the same
 * rows written by one INSERT … SELECT with no job, snapshot or undo record, and the same columns
 * read by one SELECT with no CSV. Part of `npm run bench` (run.ts calls `benchTags`); alone:
 * `node --expose-gc --import tsx bench/tags.ts --size=1000000`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../server/src/store/db';
import { createSqlEngine } from '../server/src/segments/engine';
import { createLogger } from '../server/src/http/logger';
import { createJobs } from '../server/src/jobs/runner';
import { systemClock, type AppDeps } from '../server/src/http/context';
import { createAccount } from '../server/src/services/accounts';
import { createSegment } from '../server/src/services/segments';
import { runTagOperation, startTagOperation, undoTagOperation } from '../server/src/services/tag-operations';
import { findTagOperation } from '../server/src/repositories/tag-operations';
import { sql } from 'kysely';
import { exportSegmentCsv } from '../server/src/services/segment-export';
import { createTag } from '../server/src/services/tags';
import type { Config } from '../server/src/env';
import { benchFriend } from './generate';
import { upsertFriends } from '../server/src/repositories/friends';

interface Measure { ms: number; cpuMs: number; peakRssMb: number; rssBeforeMb: number }
export interface TagsBench {
  friends: number; members: number;
  tagEveryone: Measure & { changed: number };
  undo: Measure & { changed: number };
  exportCsv: Measure & { rows: number; bytes: number };
  /** The floors: one INSERT … SELECT of the same rows; one SELECT of the export's friend columns. */
  floor: { insertSelect: Measure; selectRows: Measure };
}

/** Runs `f`, sampling RSS; answers its result, the wall and CPU time and the peak. */
async function measured<T>(f: () => Promise<T>): Promise<Measure & { value: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  try {
    const value = await f();
    const cpu = process.cpuUsage(cpu0);
    return {
      value, ms: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / 1e6), rssBeforeMb: Math.round(before / 1e6),
    };
  } finally {
    clearInterval(timer);
  }
}

const secs = (m: Measure) => `${(m.ms / 1000).toFixed(1)} s (CPU ${(m.cpuMs / 1000).toFixed(1)} s)`;
const strip = <T extends Measure>({ value: _, ...m }: T & { value: unknown }): Measure => m;

export async function benchTags(size: number, log: (s: string) => void = (s) => process.stdout.write(`${s}\n`)): Promise<TagsBench> {
  const dir = mkdtempSync(join(tmpdir(), 'lumo-bench-tags-'));
  const store = await openStore(`sqlite:${join(dir, 'bench.sqlite')}`);
  const logger = createLogger({ level: 'silent', format: 'text' } as never);
  const jobs = createJobs({ store, clock: systemClock, logger });
  const deps = { store, config: { version: 'bench' } as Config, engine: createSqlEngine(store), clock: systemClock, logger, jobs } as AppDeps;
  const actor = { type: 'admin' as const, id: 'admin', name: 'bench' };
  try {
    const account = '@bench-tags';
    await createAccount(deps, { id: account, name: 'Bench', timezone: 'Asia/Tokyo' });
    log(`tags bench: loading ${size.toLocaleString('en')} friends…`);
    for (let i = 0; i < size; i += 10_000) {
      const batch = Array.from({ length: Math.min(10_000, size - i) }, (_, k) => benchFriend(i + k));
      await upsertFriends(store, account, batch.map((f) => ({
        lineUserId: f.lineUserId, displayName: f.displayName, addedAt: f.addedAt, blockedAt: f.blocked ? f.addedAt ?? 0 : null, tagNames: f.tags,
      })), { now: Date.now() });
    }
    // Everyone not blocked: no friend has this tag.
    const segment = await createSegment(deps, account, {
      name: 'Everyone', folderId: null,
      definition: { groups: [{ conditions: [{ property: 'tag', operator: 'contains_none', value: ['tag_none'] }] }] },
    }, actor as never);
    const tag = await createTag(deps, account, 'Bench repeaters', actor as never);
    const tagged = await measured(async () => {
      const { operation } = await startTagOperation(deps, account, segment.id, { tagId: tag.id, action: 'add' }, { idempotencyKey: 'bench-tag-everyone', actor });
      await runTagOperation(deps, account, operation.id);
      return (await findTagOperation(store.db, account, operation.id))!;
    });
    log(`tag everyone: ${tagged.value.total?.toLocaleString('en')} members, ${tagged.value.changed.toLocaleString('en')} changed in ${secs(tagged)}, peak RSS ${tagged.peakRssMb} MB (before ${tagged.rssBeforeMb} MB)`);
    const undone = await measured(async () => {
      const { operation } = await undoTagOperation(deps, account, tagged.value.id, actor);
      await runTagOperation(deps, account, operation.id);
      return (await findTagOperation(store.db, account, operation.id))!;
    });
    log(`undo: ${undone.value.changed.toLocaleString('en')} changed back in ${secs(undone)}, peak RSS ${undone.peakRssMb} MB`);
    const exported = await measured(async () => {
      const { body, rows } = await exportSegmentCsv(deps, account, segment.id, { actor });
      let bytes = 0;
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
      }
      return { rows, bytes };
    });
    log(`export CSV: ${exported.value.rows.toLocaleString('en')} rows, ${(exported.value.bytes / 1e6).toFixed(0)} MB in ${secs(exported)}, peak RSS ${exported.peakRssMb} MB (before ${exported.rssBeforeMb} MB)`);

    // The floors: what the database alone takes for the same rows, with none of the work that
    // makes the job resumable and undoable, or the export a CSV.
    const floorTag = await createTag(deps, account, 'Bench floor', actor as never);
    const insertSelect = await measured(() => store.db.transaction().execute((trx) => sql`INSERT INTO friend_tags (account_id, friend_id, tag_id)
      SELECT account_id, id, ${floorTag.id} FROM friends WHERE account_id = ${account} AND blocked_at IS NULL`.execute(trx)));
    const selectRows = await measured(async () => {
      let n = 0;
      for await (const _ of store.db.selectFrom('friends').select(['line_user_id', 'display_name', 'picture_url', 'added_at'])
        .where('account_id', '=', account).where('blocked_at', 'is', null).stream(10_000)) n++;
      return n;
    });
    log(`floors: one INSERT … SELECT of ${tagged.value.total?.toLocaleString('en')} rows ${secs(insertSelect)}; one SELECT of ${selectRows.value.toLocaleString('en')} rows ${secs(selectRows)}`);
    return {
      friends: size, members: tagged.value.total ?? 0,
      tagEveryone: { ...strip(tagged), changed: tagged.value.changed },
      undo: { ...strip(undone), changed: undone.value.changed },
      exportCsv: { ...strip(exported), rows: exported.value.rows, bytes: exported.value.bytes },
      floor: { insertSelect: strip(insertSelect), selectRows: strip(selectRows) },
    };
  } finally {
    await jobs.stop();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv.find((a) => a.startsWith('--size='))?.slice(7) ?? 1_000_000);
  benchTags(size).then((r) => { process.stdout.write(`${JSON.stringify(r)}\n`); process.exit(0); }, (e) => { console.error(e); process.exit(1); });
}
