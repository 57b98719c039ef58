/** "Recently deleted" under the Segments list: find a deleted segment and bring it back. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeletedSegment } from '@/lib/contract/api';
import { setLanguage } from '@/lib/i18n';
import { MessageError } from '@/lib/messages';
import { click, getByRole, queryAllByRole, settle } from './dom';
import { aSegment, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

const gone = (id: string, name: string): DeletedSegment => ({
  ...aSegment({ id, name, version: 2, folderId: 'f-1' }),
  deletedAt: '2026-03-01T12:00:00.000Z', deletedBy: { type: 'member', id: 'm1', name: 'Aoi' }, purgeAt: '2026-03-31T12:00:00.000Z',
});

describe('Recently deleted', () => {
  let h: Harness;
  beforeEach(() => setLanguage('en'));
  afterEach(() => h?.unmount());

  it('lists segments deleted in the last 30 days, and Restore puts one back in the list with its id and folder', async () => {
    let deleted = [gone('seg-9', 'Winter sale'), gone('seg-8', 'Lapsed')];
    const bg = fakeBackground({}, {
      listDeletedSegments: () => deleted,
      undeleteSegment: ({ segmentId }) => {
        const s = deleted.find((d) => d.id === segmentId)!;
        deleted = deleted.filter((d) => d.id !== segmentId);
        const { deletedAt: _a, deletedBy: _b, purgeAt: _c, ...segment } = s;
        return segment;
      },
    });
    h = await openPanel(bg);
    const toggle = getByRole(h.root, 'button', 'Recently deleted');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await click(toggle);
    await settle();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    const region = getByRole(h.root, 'region', 'Recently deleted segments');
    expect(region.textContent).toContain('Winter sale');
    expect(region.textContent).toContain('Deleted by Aoi');
    await click(getByRole(region, 'button', 'Restore Winter sale'));
    await settle();
    expect(bg.sent('undeleteSegment')).toEqual([{ accountId: expect.any(String), segmentId: 'seg-9' }]);
    expect(region.textContent).toContain('“Winter sale” is back in the Segments list.');
    expect(queryAllByRole(region, 'button', 'Restore Winter sale')).toHaveLength(0);
    expect(h.models.list.items.value.find((i) => i.segment.id === 'seg-9')?.segment).toMatchObject({ name: 'Winter sale', folderId: 'f-1' });
  });

  it('says why a restore failed (gone for good since), in Japanese', async () => {
    setLanguage('ja');
    const bg = fakeBackground({}, {
      listDeletedSegments: () => [gone('seg-9', '冬のセール')],
      undeleteSegment: () => { throw new MessageError({ kind: 'not_found', message: 'gone', status: 404 }); },
    });
    h = await openPanel(bg);
    await click(getByRole(h.root, 'button', '最近削除した項目'));
    await settle();
    await click(getByRole(h.root, 'button', '冬のセールを復元'));
    await settle();
    expect(getByRole(h.root, 'alert').textContent).toContain('復元できませんでした');
  });
});
