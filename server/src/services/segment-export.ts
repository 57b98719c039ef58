/**
 * A segment's members as CSV (DESIGN.md "Export"): `GET …/segments/:id/export.csv`. The members
 * (unblocked friends) are snapshotted once into the member table — one INSERT … SELECT of the
 * compiled segment — and then read in pages in friend id order while the client reads, so a
 * million rows stream in constant memory and a slow download holds no database connection. The
 * snapshot is removed when the stream ends or is cancelled; one left by a crash is removed by the
 * next export after a day (its id starts with its creation time).
 */
import { randomBytes } from 'node:crypto';
import type { Actor, AppDeps } from '../http/context';
import { recordActivity } from '../repositories/activity';
import { notFound } from '../http/errors';
import { getSegment } from '../repositories/segments';
import { findAccount } from '../repositories/accounts';
import { dropMembers, dropStaleExports, exportPage, snapshotMembers } from '../repositories/tag-operations';
import { compileMembers } from '../segments/compile-sql';
import { BOM, csvRecords, EXPORT_HEADER, exportFileName, exportRecord } from '../../../lib/csv/rules';
import type { Definition } from '../../../lib/segment/schema';
import { DEFAULT_TIME_ZONE } from '../../../lib/segment/friend';

export const EXPORT_PAGE = 2_000;
const STALE_MS = 86_400_000;
/** `exp_` + 13-digit epoch ms: ids sort by creation time, so stale ones are one range. */
export const exportSnapshotId = (now: number) => `exp_${String(now).padStart(13, '0')}_${randomBytes(6).toString('hex')}`;

export async function exportSegmentCsv(deps: AppDeps, accountId: string, segmentId: string, opts: { pageSize?: number; actor: Actor }):
  Promise<{ body: ReadableStream<Uint8Array>; fileName: string; rows: number }> {
  const db = deps.store.db;
  const segment = await getSegment(db, accountId, segmentId);
  if (!segment) throw notFound(`There is no segment "${segmentId}" in this account.`);
  const now = deps.clock.now();
  await dropStaleExports(db, accountId, exportSnapshotId(now - STALE_MS));
  const account = await findAccount(db, accountId);
  const id = exportSnapshotId(now);
  const members = compileMembers(JSON.parse(segment.definition) as Definition, {
    accountId, asOf: now, timeZone: account?.timezone ?? DEFAULT_TIME_ZONE, dialect: deps.store.dialect,
  });
  const rows = await snapshotMembers(db, accountId, id, members, now);
  await recordActivity(db, { accountId, actor: opts.actor, action: 'segment.export', at: now, target: { type: 'segment', id: segment.id, name: segment.name }, details: { rows } });
  const encoder = new TextEncoder();
  const pageSize = opts.pageSize ?? EXPORT_PAGE;
  let after = 0;
  let started = false;
  let dropped = false;
  const drop = async () => {
    if (dropped) return;
    dropped = true;
    await dropMembers(db, accountId, id).catch((err) => deps.logger.warn('could not remove an export snapshot', { account: accountId, err }));
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      try {
        if (!started) {
          started = true;
          ctl.enqueue(encoder.encode(BOM + csvRecords([[...EXPORT_HEADER]])));
          return;
        }
        // A page whose members all blocked since the snapshot is empty: read on to the next.
        for (;;) {
          const page = await exportPage(db, accountId, id, after, pageSize);
          if (page.next === null) {
            await drop();
            ctl.close();
            return;
          }
          after = page.next;
          if (page.rows.length > 0) {
            ctl.enqueue(encoder.encode(csvRecords(page.rows.map(exportRecord))));
            return;
          }
        }
      } catch (err) {
        deps.logger.error('segment export failed mid-way', { account: accountId, segment: segmentId, err });
        await drop();
        ctl.error(err);
      }
    },
    async cancel() { await drop(); },
  }, { highWaterMark: 1 });
  return { body, fileName: exportFileName(segment.name, new Date(now)), rows };
}
