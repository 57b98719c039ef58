import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { setLanguage } from '@/lib/i18n';
import { MessageError, type SegmentItem } from '@/lib/messages';
import { BroadcastPicker } from '@/components/broadcast-picker/BroadcastPicker';
import { createBroadcastPickerModel } from '@/components/broadcast-picker/model';
import { accessibleName, click, getByRole, press, queryAllByRole, queryByText, settle, shadowContainer, type } from './dom';
import { ACCOUNT, aPreview, aSegment, fakeBackground } from './fake-background';

const item = (id: string, name: string, count: number | null, updatedAt: string): SegmentItem => ({
  segment: aSegment({ id, name, updatedAt }),
  preview: count === null ? null : aPreview({ count }),
  sync: 'synced',
});
const SEGMENTS = [
  item('seg-vip', 'VIP friends', 12, '2026-03-03T00:00:00Z'),
  item('seg-new', 'New friends this week', 40, '2026-03-02T00:00:00Z'),
  item('seg-cart', 'Abandoned carts', 7, '2026-03-01T00:00:00Z'),
];

let root: ShadowRoot;
let host: HTMLElement;
beforeEach(() => {
  setLanguage('en');
  ({ root, host } = shadowContainer());
});
afterEach(() => {
  render(null, root.lastElementChild!);
  host.remove();
});

async function showPicker(segments = SEGMENTS, overrides: Parameters<typeof fakeBackground>[1] = {}) {
  const background = fakeBackground({ segments: structuredClone(segments) }, overrides);
  const model = createBroadcastPickerModel(background.client, ACCOUNT);
  let closed = 0;
  render(<BroadcastPicker model={model} onClose={() => { closed++; }} />, root.lastElementChild!);
  await model.load();
  await settle();
  const options = () => queryAllByRole(root, 'button').filter((b) => b.classList.contains('lumo-picker__option'));
  return { background, model, options, closed: () => closed };
}

describe('the segment picker of "Create Broadcast"', () => {
  it('lists the account\'s saved segments with their counts, most recently changed first, search field focused', async () => {
    const { options } = await showPicker();
    expect(getByRole(root, 'dialog', 'Create Broadcast')).toBeTruthy();
    expect(options().map(accessibleName)).toEqual(['VIP friends', 'New friends this week', 'Abandoned carts']);
    const description = (el: HTMLElement) => root.getElementById(el.getAttribute('aria-describedby')!)?.textContent;
    expect(options().map(description)).toEqual([
      expect.stringMatching(/^12 friends/), expect.stringMatching(/^40 friends/), expect.stringMatching(/^7 friends/),
    ]);
    expect(root.activeElement).toBe(getByRole(root, 'searchbox', 'Search segments'));
  });

  it('filters by name as the marketer types, ignoring case and full-width forms, and says when nothing matches', async () => {
    const { options } = await showPicker();
    await type(getByRole(root, 'searchbox', 'Search segments'), 'ＦＲＩＥＮＤＳ');
    expect(options().map((o) => o.querySelector('.lumo-picker__name')!.textContent)).toEqual(['VIP friends', 'New friends this week']);
    expect(getByRole(root, 'status').textContent).toBe('2 segments');
    await type(getByRole(root, 'searchbox', 'Search segments'), 'birthday');
    expect(options()).toHaveLength(0);
    expect(queryByText(root, 'No segment matches “birthday”.')).toBeDefined();
  });

  it('moves through the segments with the arrow keys, Home and End, and back up to the search field', async () => {
    const { options } = await showPicker();
    const search = getByRole(root, 'searchbox', 'Search segments');
    await press(search, 'ArrowDown');
    expect(root.activeElement).toBe(options()[0]);
    await press(options()[0]!, 'ArrowDown');
    expect(root.activeElement).toBe(options()[1]);
    await press(options()[1]!, 'End');
    expect(root.activeElement).toBe(options()[2]);
    await press(options()[2]!, 'ArrowDown'); // stays on the last
    expect(root.activeElement).toBe(options()[2]);
    await press(options()[2]!, 'Home');
    expect(root.activeElement).toBe(options()[0]);
    await press(options()[0]!, 'ArrowUp');
    expect(root.activeElement).toBe(search);
  });

  it('is one Tab stop however long the list: the segment last reached', async () => {
    const { options } = await showPicker();
    expect(options().map((o) => o.tabIndex)).toEqual([0, -1, -1]);
    await press(getByRole(root, 'searchbox', 'Search segments'), 'ArrowDown');
    await press(options()[0]!, 'ArrowDown');
    expect(options().map((o) => o.tabIndex)).toEqual([-1, 0, -1]);
  });

  it('keeps Tab inside the dialog and closes on Escape', async () => {
    const { options, closed } = await showPicker();
    const cancel = getByRole(root, 'button', 'Cancel');
    cancel.focus();
    await press(cancel, 'Tab');
    expect(root.activeElement).toBe(getByRole(root, 'searchbox', 'Search segments'));
    options()[0]!.focus();
    await press(options()[0]!, 'Escape');
    expect(closed()).toBe(1);
  });

  it('opens the broadcast window with the segment chosen, through the panel\'s own message, and closes', async () => {
    const { background, options, closed } = await showPicker();
    await click(options()[1]!);
    expect(background.sent('openBroadcastWindow')).toEqual([{ accountId: ACCOUNT, segmentId: 'seg-new' }]);
    expect(closed()).toBe(1);
  });

  it('takes the first match on Enter in the search field', async () => {
    const { background } = await showPicker();
    const search = getByRole(root, 'searchbox', 'Search segments');
    await type(search, 'cart');
    search.closest('form')!.requestSubmit();
    await settle();
    expect(background.sent('openBroadcastWindow')).toEqual([{ accountId: ACCOUNT, segmentId: 'seg-cart' }]);
  });

  it('stays open and says why when the window cannot be opened', async () => {
    const { options, closed } = await showPicker(SEGMENTS, {
      openBroadcastWindow: () => { throw new MessageError({ kind: 'invalid', message: 'This segment is still waiting to be sent to the sync API.' }); },
    });
    await click(options()[0]!);
    expect(closed()).toBe(0);
    expect(getByRole(root, 'alert').textContent).toBe('This segment is still waiting to be sent to the sync API.');
  });

  it('says what to do when there are no segments yet, and when the sync API is not set up', async () => {
    await showPicker([]);
    expect(queryByText(root, 'No saved segments yet. Create one in the Segment panel first.')).toBeDefined();
    render(null, root.lastElementChild!);
    await showPicker(SEGMENTS, { listSegments: () => { throw new MessageError({ kind: 'not_configured', message: 'no settings' }); } });
    expect(getByRole(root, 'alert').textContent).toMatch(/\S/);
    expect(getByRole(root, 'alert').textContent).not.toBe('no settings');
  });

  it('asks for the counts it does not have yet', async () => {
    const { background } = await showPicker([item('seg-fresh', 'Saved elsewhere', null, '2026-03-04T00:00:00Z')]);
    expect(background.sent('getPreview')).toEqual([{ accountId: ACCOUNT, segmentId: 'seg-fresh' }]);
  });
});
