/**
 * History in the editor: versions newest first with the change in words, each version's count
 * today, and Restore behind a confirmation — a stale restore reloads and says someone else saved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyEntries } from '@/components/history/model';
import type { Segment, SegmentVersion } from '@/lib/contract/api';
import { setLanguage } from '@/lib/i18n';
import { MessageError } from '@/lib/messages';
import type { Definition } from '@/lib/segment/schema';
import { click, getByRole, queryAllByRole, settle } from './dom';
import { aPreview, aSegment, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

const buyers = (n: number): Definition => ({ groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: n }] }] });
const version = (v: number, definition: Definition, name = 'Buyers'): SegmentVersion => ({
  version: v, name, folderId: null, definition, savedAt: `2026-03-0${v}T12:00:00.000Z`, savedBy: { type: 'member', id: 'm1', name: 'Aoi' },
});

/** A segment at version 3 (buyers ≥ 3 → ≥ 5 → renamed) whose History restores for real, or answers 412. */
function world({ conflict = false } = {}) {
  const versions = [version(3, buyers(5), 'Good buyers'), version(2, buyers(5)), version(1, buyers(3))];
  let segment: Segment = aSegment({ id: 'seg-1', name: 'Good buyers', version: 3, definition: buyers(5) });
  const bg = fakeBackground({
    segments: [{ segment, preview: aPreview({ count: 2, version: 3 }), sync: 'synced' }],
    draftCount: (d) => ((d.groups[0].conditions[0].value as number) === 3 ? 9 : 2),
  }, {
    listSegmentVersions: () => versions,
    getSegment: () => ({ data: { segment, preview: null, sync: 'synced' as const }, fetchedAt: null, refreshing: false, offline: false }),
    restoreSegment: ({ ifMatch, version: v }) => {
      if (conflict || ifMatch !== segment.version) {
        // Someone else saved version 4 first.
        segment = { ...segment, version: 4, name: 'Theirs' };
        versions.unshift({ ...version(4, segment.definition, 'Theirs'), savedAt: '2026-03-04T12:00:00.000Z' });
        conflict = false;
        throw new MessageError({ kind: 'conflict', message: 'stale', status: 412 });
      }
      const from = versions.find((x) => x.version === v)!;
      segment = { ...segment, name: from.name, definition: from.definition, version: segment.version + 1 };
      versions.unshift({ ...from, version: segment.version, savedAt: '2026-03-05T12:00:00.000Z' });
      return segment;
    },
  });
  return bg;
}

/** The topmost dialog (the panel itself is one). */
const lastDialog = (root: ShadowRoot) => queryAllByRole(root, 'dialog').at(-1)!;

describe('history entries', () => {
  it('each version with what it changed from the one before; the first has none', () => {
    const entries = historyEntries([version(2, buyers(5), 'Good'), version(1, buyers(3))]);
    expect(entries.map((e) => e.changes?.map((c) => c.kind) ?? null)).toEqual([['renamed', 'condition_changed'], null]);
  });
});

describe('History in the editor', () => {
  let h: Harness;
  beforeEach(() => setLanguage('en'));
  afterEach(() => h?.unmount());

  async function openHistory(bg = world()) {
    h = await openPanel(bg);
    await click(getByRole(h.root, 'button', 'Good buyers'));
    await click(getByRole(h.root, 'button', 'History'));
    await settle(6);
    return lastDialog(h.root);
  }

  it('lists versions newest first with who, the change in words and the count today', async () => {
    const dialog = await openHistory();
    const entries = queryAllByRole(dialog, 'listitem').filter((li) => li.classList.contains('lumo-history__entry'));
    expect(entries.map((e) => e.querySelector('h3')?.textContent)).toEqual(['Version 3 Current version', 'Version 2', 'Version 1']);
    expect(entries[0].textContent).toContain('Renamed from "Buyers" to "Good buyers"');
    expect(entries[1].textContent).toContain('Changed: Number of purchases is at least 3 → at least 5 (group 1)');
    expect(entries[1].textContent).toContain('Aoi');
    expect(entries[2].textContent).toContain('Created');
    expect(entries[2].textContent).toContain('Today: 9');
    expect(entries[1].textContent).toContain('Today: 2');
    expect(dialog.textContent).toContain('Current count: 2');
    // No Restore for the current version.
    expect(queryAllByRole(entries[0], 'button', 'Restore')).toHaveLength(0);
  });

  it('Restore asks first; confirmed, the editor holds the restored version', async () => {
    const bg = world();
    const dialog = await openHistory(bg);
    const v1 = queryAllByRole(dialog, 'button', 'Restore').at(-1)!;
    await click(v1);
    const confirm = lastDialog(h.root);
    expect(confirm.textContent).toContain('Restore version 1?');
    expect(bg.sent('restoreSegment')).toHaveLength(0);
    await click(getByRole(confirm, 'button', 'Restore'));
    await settle(6);
    expect(bg.sent('restoreSegment')).toEqual([{ accountId: expect.any(String), segmentId: 'seg-1', ifMatch: 3, version: 1 }]);
    expect(h.root.textContent).toContain('Restored version 1 as version 4.');
    expect(h.models.editor.definition.value).toEqual(buyers(3));
    expect(h.models.editor.version.value).toBe(4);
  });

  it('a stale restore reloads the segment and the history and says someone else saved (Japanese)', async () => {
    setLanguage('ja');
    h = await openPanel(world({ conflict: true }));
    await click(getByRole(h.root, 'button', 'Good buyers'));
    await click(getByRole(h.root, 'button', '履歴'));
    await settle(6);
    const dialog = lastDialog(h.root);
    expect(dialog.textContent).toContain('変更：購入回数が3回以上 → 5回以上（グループ1）');
    await click(queryAllByRole(dialog, 'button', '復元').at(-1)!);
    await click(getByRole(lastDialog(h.root), 'button', '復元'));
    await settle(6);
    expect(h.root.textContent).toContain('他の人がこのセグメントを保存しました');
    expect(h.models.editor.name.value).toBe('Theirs');
    expect(h.models.editor.version.value).toBe(4);
    const headings = [...lastDialog(h.root).querySelectorAll('h3')].map((x) => x.textContent);
    expect(headings[0]).toContain('バージョン4');
  });
});
