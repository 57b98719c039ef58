/**
 * The user's unsent changes laid over what the API last said: what the lists show while the
 * outbox still holds them. Pure; entries apply in the order they were made.
 */
import type { Folder, Preview, Segment, Tag } from '../contract/api';
import type { OutboxRecord } from '../cache/db';
import type { SegmentItem } from '../messages/protocol';

type Sync = SegmentItem['sync'];
const syncOf = (e: OutboxRecord): Sync => (e.state === 'refused' ? 'refused' : 'pending');

export function overlaySegments(segments: Segment[], entries: OutboxRecord[], previews: Map<string, Preview> = new Map()): SegmentItem[] {
  const items = new Map<string, SegmentItem>();
  for (const s of segments) items.set(s.id, { segment: s, preview: previews.get(s.id) ?? null, sync: 'synced' });
  for (const e of entries) {
    if (!e.kind.startsWith('segment.')) continue;
    const body = (e.body ?? {}) as Partial<Segment>;
    const current = items.get(e.targetId);
    if (e.kind === 'segment.create') {
      items.set(e.targetId, {
        segment: {
          id: e.targetId, name: body.name ?? '', folderId: body.folderId ?? null,
          definition: body.definition as Segment['definition'], version: 0, createdAt: e.createdAt, updatedAt: e.createdAt,
        },
        preview: null,
        sync: syncOf(e),
      });
    } else if (!current) {
      continue; // changed or deleted elsewhere; the outbox status still lists the entry
    } else if (e.kind === 'segment.update') {
      const changedDefinition = body.definition !== undefined;
      items.set(e.targetId, {
        segment: { ...current.segment, ...pick(body, ['name', 'folderId', 'definition']), updatedAt: e.createdAt },
        // A count for another definition would mislead; keep it only when the definition stays.
        preview: changedDefinition ? null : current.preview,
        sync: worst(current.sync, syncOf(e)),
      });
    } else if (e.kind === 'segment.delete') {
      // A refused delete keeps the segment in view, marked, so the refusal can be seen.
      if (e.state === 'refused') items.set(e.targetId, { ...current, sync: 'refused' });
      else items.delete(e.targetId);
    }
  }
  return [...items.values()];
}

export function overlayFolders(folders: Folder[], entries: OutboxRecord[]): Folder[] {
  return overlayNamed(folders, entries, 'folder', (e, body) => ({ id: e.targetId, name: String(body.name ?? ''), createdAt: e.createdAt }));
}

export function overlayTags(tags: Tag[], entries: OutboxRecord[]): Tag[] {
  return overlayNamed(tags, entries, 'tag', (e, body) => ({ id: e.targetId, name: String(body.name ?? '') }));
}

function overlayNamed<T extends { id: string; name: string }>(
  rows: T[], entries: OutboxRecord[], prefix: 'folder' | 'tag', create: (e: OutboxRecord, body: Record<string, unknown>) => T,
): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const e of entries) {
    if (!e.kind.startsWith(`${prefix}.`)) continue;
    const body = e.body ?? {};
    const current = byId.get(e.targetId);
    if (e.kind.endsWith('.create')) byId.set(e.targetId, create(e, body));
    else if (e.kind.endsWith('.rename') && current) byId.set(e.targetId, { ...current, name: String(body.name ?? current.name) });
    else if (e.kind.endsWith('.delete') && e.state !== 'refused') byId.delete(e.targetId);
  }
  return [...byId.values()];
}

const worst = (a: Sync, b: Sync): Sync => (a === 'refused' || b === 'refused' ? 'refused' : a === 'pending' || b === 'pending' ? 'pending' : 'synced');

function pick<T extends object, K extends keyof T>(o: T, keys: K[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
