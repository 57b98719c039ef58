/**
 * Tags at scale (issue 14): "Tag everyone" in a segment of N members and the segment's CSV export,
 * on SQLite, each timed with the process's peak resident memory sampled every 20 ms. Part of
 * `npm run bench` (run.ts calls `benchTags`); alone: `npx tsx bench/tags.ts --size=1000000`.
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
import { runTagOperation, startTagOperation } from '../server/src/services/tag-operations';
import { exportSegmentCsv } from '../server/src/services/segment-export';
import { createTag } from '../server/src/services/tags';
import type { Config } from '../server/src/env';
import { benchFriend } from './generate';
import { upsertFriends } from '../server/src/repositories/friends';

export interface TagsBench {
  friends: number; members: number;
  tagEveryone: { ms: number; changed: number; peakRssMb: number; rssBeforeMb: number };
  exportCsv: { ms: number; rows: number; bytes: number; peakRssMb: number; rssBeforeMb: number };
}

/** Runs `f`, sampling RSS; answers its result, the time and the peak. */
async function measured<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; peakRssMb: number; rssBeforeMb: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20);
  const t0 = performance.now();
  try {
    const value = await f();
    return { value, ms: Math.round(performance.now() - t0), peakRssMb: Math.round(Math.max(peak, process.memoryUsage.rss()) / 1e6), rssBeforeMb: Math.round(before / 1e6) };
  } finally {
    clearInterval(timer);
  }
}

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
      const { findTagOperation } = await import('../server/src/repositories/tag-operations');
      return (await findTagOperation(store.db, account, operation.id))!;
    });
    log(`tag everyone: ${tagged.value.total?.toLocaleString('en')} members, ${tagged.value.changed.toLocaleString('en')} changed in ${(tagged.ms / 1000).toFixed(1)} s, peak RSS ${tagged.peakRssMb} MB (before ${tagged.rssBeforeMb} MB)`);
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
    log(`export CSV: ${exported.value.rows.toLocaleString('en')} rows, ${(exported.value.bytes / 1e6).toFixed(0)} MB in ${(exported.ms / 1000).toFixed(1)} s, peak RSS ${exported.peakRssMb} MB (before ${exported.rssBeforeMb} MB)`);
    return {
      friends: size, members: tagged.value.total ?? 0,
      tagEveryone: { ms: tagged.ms, changed: tagged.value.changed, peakRssMb: tagged.peakRssMb, rssBeforeMb: tagged.rssBeforeMb },
      exportCsv: { ms: exported.ms, rows: exported.value.rows, bytes: exported.value.bytes, peakRssMb: exported.peakRssMb, rssBeforeMb: exported.rssBeforeMb },
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
