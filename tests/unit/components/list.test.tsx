import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { accessibleName, choose, click, getByRole, press, queryAllByRole, settle, type } from './dom';
import { ACCOUNT, aPreview, aSegment, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

function twoSegments() {
  return fakeBackground({
    folders: [{ id: 'f-vip', name: 'VIP campaigns', createdAt: minutesAgo(60) }],
    segments: [
      { segment: aSegment({ id: 's-1', name: 'Repeat buyers', updatedAt: minutesAgo(5) }), preview: aPreview({ count: 1234, computedAt: minutesAgo(3) }), sync: 'synced' },
      { segment: aSegment({ id: 's-2', name: 'VIP ＳＡＬＥ', folderId: 'f-vip', updatedAt: minutesAgo(10) }), preview: aPreview({ status: 'calculating', count: null }), sync: 'synced' },
    ],
  });
}

let h: Harness;
const row = (name: string) => queryAllByRole(h.root, 'listitem').find((li) => li.getAttribute('aria-label') === name)!;

beforeEach(() => setLanguage('en'));
afterEach(() => h.unmount());

describe('the segment list', () => {
  it('shows each segment with its count, how old the count is, and Create Broadcast', async () => {
    h = await openPanel(twoSegments());
    const first = row('Repeat buyers');
    expect(first.textContent).toContain('1,234 friends');
    expect(first.textContent).toContain('Counted 3 min. ago');
    expect(row('VIP ＳＡＬＥ').textContent).toContain('Calculating…');

    await click(getByRole(first, 'button', 'Create Broadcast'));
    expect(h.background.sent('openBroadcastWindow')).toEqual([{ accountId: ACCOUNT, segmentId: 's-1' }]);
  });

  it('counts a segment the list knows no count for (saved elsewhere), instead of "Calculating…" for ever', async () => {
    const bg = fakeBackground({
      segments: [{ segment: aSegment({ id: 's-9', name: 'Saved on another computer' }), preview: null, sync: 'synced' }],
    }, {
      getPreview: ({ segmentId }) => ({ data: segmentId === 's-9' ? aPreview({ count: 77 }) : null, fetchedAt: null, refreshing: false, offline: false }),
    });
    h = await openPanel(bg);
    await settle();
    expect(row('Saved on another computer').textContent).toContain('77 friends');
    expect(h.background.sent('getPreview')).toEqual([{ accountId: ACCOUNT, segmentId: 's-9' }]);
  });

  it('says the list is the last known when the background finds the sync API unreachable, and stops when it is back', async () => {
    h = await openPanel(twoSegments());
    const offline = () => h.root.textContent!.includes('Offline: showing the segments as of');
    expect(offline()).toBe(false);
    h.background.push({ type: 'outbox.changed', status: { entries: [], pending: 0, refused: 0, reachable: false } });
    await settle();
    expect(offline()).toBe(true);
    expect(row('Repeat buyers').textContent).toContain('1,234 friends');
    h.background.push({ type: 'outbox.changed', status: { entries: [], pending: 0, refused: 0, reachable: true } });
    await settle();
    expect(offline()).toBe(false);
  });

  it('searches by name, full-width and half-width alike', async () => {
    h = await openPanel(twoSegments());
    await type(getByRole(h.root, 'searchbox', 'Search segments'), 'vip sale');
    expect(queryAllByRole(h.root, 'button', 'Create Broadcast')).toHaveLength(1);
    expect(row('VIP ＳＡＬＥ')).toBeDefined();
    await type(getByRole(h.root, 'searchbox', 'Search segments'), 'nothing like it');
    expect(h.root.textContent).toContain('No segment matches');
  });

  it('creates a folder, moves a segment into it, and filters by folder', async () => {
    h = await openPanel(twoSegments());
    await click(getByRole(h.root, 'button', 'Create Folder'));
    const dialog = getByRole(h.root, 'dialog', 'New folder');
    await type(getByRole(dialog, 'textbox', 'Folder name'), 'Spring');
    await click(getByRole(dialog, 'button', 'Create'));
    expect(h.background.sent('createFolder')).toEqual([{ accountId: ACCOUNT, name: 'Spring' }]);
    expect(queryAllByRole(h.root, 'dialog', 'New folder')).toHaveLength(0);

    const springId = h.background.state.folders.find((f) => f.name === 'Spring')!.id;
    await choose(getByRole(row('Repeat buyers'), 'combobox', 'Move to folder'), springId);
    expect(h.background.sent('moveSegment')).toEqual([{ accountId: ACCOUNT, segmentId: 's-1', version: 1, folderId: springId }]);

    await click(getByRole(h.root, 'button', /^Spring/));
    expect(queryAllByRole(h.root, 'button', 'Create Broadcast')).toHaveLength(1);
    expect(row('Repeat buyers')).toBeDefined();
    await click(getByRole(h.root, 'button', /^No folder/));
    expect(h.root.textContent).toContain('No segments yet');
  });

  it('asks before deleting; Cancel keeps the segment, Delete removes it', async () => {
    h = await openPanel(twoSegments());
    await click(getByRole(row('Repeat buyers'), 'button', 'Delete'));
    let dialog = getByRole(h.root, 'dialog', 'Delete this segment?');
    expect(dialog.textContent).toContain('“Repeat buyers” will be deleted');
    // The safe choice has the focus first.
    expect(accessibleName(h.root.activeElement!)).toBe('Cancel');
    await click(getByRole(dialog, 'button', 'Cancel'));
    expect(h.background.sent('deleteSegment')).toHaveLength(0);
    expect(row('Repeat buyers')).toBeDefined();

    await click(getByRole(row('Repeat buyers'), 'button', 'Delete'));
    dialog = getByRole(h.root, 'dialog', 'Delete this segment?');
    await click(getByRole(dialog, 'button', 'Delete'));
    expect(h.background.sent('deleteSegment')).toEqual([{ accountId: ACCOUNT, segmentId: 's-1', version: 1 }]);
    expect(row('Repeat buyers')).toBeUndefined();
  });

  it('duplicates and renames', async () => {
    h = await openPanel(twoSegments());
    await click(getByRole(row('Repeat buyers'), 'button', 'Duplicate'));
    expect(h.background.sent('duplicateSegment')).toEqual([{ accountId: ACCOUNT, segmentId: 's-1' }]);
    expect(row('Repeat buyers (copy)')).toBeDefined();

    await click(getByRole(row('Repeat buyers'), 'button', 'Rename'));
    const dialog = getByRole(h.root, 'dialog', 'Rename segment');
    await type(getByRole(dialog, 'textbox', 'Name'), 'Loyal buyers');
    await click(getByRole(dialog, 'button', 'Rename'));
    expect(h.background.sent('updateSegment')).toEqual([{ accountId: ACCOUNT, segmentId: 's-1', version: 1, patch: { name: 'Loyal buyers' } }]);
    expect(row('Loyal buyers')).toBeDefined();
  });

  it('keeps dialogs modal: Tab stays inside, Escape closes the dialog and not the panel', async () => {
    h = await openPanel(twoSegments());
    const opener = getByRole(h.root, 'button', 'Create Folder');
    opener.focus(); // a keyboard user: Enter on the focused button
    await click(opener);
    const dialog = getByRole(h.root, 'dialog', 'New folder');
    const buttons = queryAllByRole(dialog, 'button');
    buttons.at(-1)!.focus();
    await press(buttons.at(-1)!, 'Tab');
    expect(dialog.contains(h.root.activeElement)).toBe(true);
    expect(accessibleName(h.root.activeElement!)).toBe('Folder name');

    await press(h.root.activeElement as HTMLElement, 'Escape');
    expect(queryAllByRole(h.root, 'dialog', 'New folder')).toHaveLength(0);
    expect(h.closed()).toBe(0);
    expect(accessibleName(h.root.activeElement!)).toBe('Create Folder');

    await press(getByRole(h.root, 'button', 'Create Folder'), 'Escape');
    expect(h.closed()).toBe(1);
  });

  it('says what to do when the account has no segment yet', async () => {
    h = await openPanel();
    await settle();
    expect(h.root.textContent).toContain('No segments yet');
    expect(getByRole(h.root, 'button', 'Create Segment')).toBeTruthy();
  });
});

describe('focus', () => {
  it('moves into the editor when a segment opens, and back to the panel title on the way out', async () => {
    h = await openPanel(twoSegments());
    await click(getByRole(h.root, 'button', 'Repeat buyers'));
    expect(h.root.activeElement?.textContent).toBe('Edit segment');
    await click(getByRole(h.root, 'button', 'Segments'));
    expect(h.root.activeElement?.id).toBe('lumo-panel-title');

    await click(getByRole(h.root, 'button', 'Create Segment'));
    expect(accessibleName(h.root.activeElement!)).toBe('Name');
  });
});
