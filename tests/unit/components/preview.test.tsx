import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyingConditions } from '@/components/models/preview';
import { setLanguage } from '@/lib/i18n';
import { MessageError } from '@/lib/messages';
import type { Definition } from '@/lib/segment/schema';
import { click, getByRole, queryAllByRole, settle, type } from './dom';
import { ACCOUNT, aPreview, aSegment, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

let h: Harness;
const preview = () => getByRole(h.root, 'complementary', 'Preview') as HTMLElement;
const count = () => preview().querySelector('.lumo-count-card')!.textContent!;

async function until(check: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await settle(1);
  }
}

beforeEach(() => setLanguage('en'));
afterEach(() => h.unmount());

describe('preview of a saved segment', () => {
  it('shows "calculating" and turns into the count and friends when a push says it is ready', async () => {
    const background = fakeBackground({
      segments: [{ segment: aSegment({ id: 's-1' }), preview: aPreview({ status: 'calculating', count: null, sample: [] }), sync: 'synced' }],
    });
    h = await openPanel(background);
    await click(getByRole(h.root, 'button', 'Repeat buyers'));
    expect(preview().textContent).toContain('Calculating…');
    expect(preview().textContent).toContain('Number of purchases is at least 5');

    background.push({ type: 'fresh.preview', accountId: ACCOUNT, segmentId: 's-1', data: aPreview({ count: 7 }) });
    await settle();
    expect(preview().textContent).not.toContain('Calculating…');
    expect(preview().textContent).toContain('7 friends');
    const friends = getByRole(preview(), 'region', 'Latest friends');
    expect(friends.textContent).toContain('Aoi');
    expect(friends.textContent).toContain('Added Feb 1, 2026');
    expect(friends.textContent).toContain('Ren');
    expect(friends.textContent).toContain('Date added unknown');
    expect(friends.querySelector('img')?.getAttribute('src')).toBe('https://profile.line-scdn.net/aoi');
  });

  it('asks again while calculating, so the result arrives even without a push', async () => {
    // The list asks too (the row has no count): only the asks after the segment opens count down.
    let opened = false;
    let asks = 0;
    const background = fakeBackground(
      { segments: [{ segment: aSegment({ id: 's-1' }), preview: null, sync: 'synced' }] },
      {
        getPreview: () => ({
          data: !opened || ++asks < 3 ? aPreview({ status: 'calculating', count: null }) : aPreview({ count: 11 }),
          fetchedAt: null, refreshing: false, offline: false,
        }),
      },
    );
    h = await openPanel(background);
    opened = true;
    await click(getByRole(h.root, 'button', 'Repeat buyers'));
    expect(preview().textContent).toContain('Calculating…');
    // Real polling (three asks): give a loaded CI machine time; the assertion stays the same.
    await until(() => preview().textContent!.includes('11 friends'), 10_000);
    expect(background.sent('getPreview').length).toBeGreaterThanOrEqual(3);
  });
});

describe('live count of the draft', () => {
  it('counts the draft while editing, marked as unsaved', async () => {
    const background = fakeBackground({ draftCount: (d: Definition) => (d.groups[0]!.conditions[0]!.value === 9 ? 3 : 42) });
    h = await openPanel(background);
    await click(getByRole(h.root, 'button', 'Create Segment'));
    await settle();
    expect(count()).toContain('42 friends');
    expect(preview().textContent).toContain('Unsaved');

    await type(getByRole(h.root, 'spinbutton', 'Number of days'), '9');
    await until(() => count()!.includes('3 friends'));
    expect(background.sent('draftPreview').at(-1)).toEqual({
      accountId: ACCOUNT,
      definition: { groups: [{ conditions: [{ property: 'line.friend_added_at', operator: 'within_last_days', value: 9 }] }] },
    });
  });

  it('does not count a draft that is not valid yet, and says why', async () => {
    h = await openPanel();
    await click(getByRole(h.root, 'button', 'Create Segment'));
    const sentBefore = h.background.sent('draftPreview').length;
    await type(getByRole(h.root, 'spinbutton', 'Number of days'), '');
    await settle();
    expect(preview().textContent).toContain('Complete the conditions to see who matches.');
    expect(h.background.sent('draftPreview')).toHaveLength(sentBefore);
  });

  it('shows the error when the draft cannot be counted', async () => {
    h = await openPanel(fakeBackground({}, {
      draftPreview: () => { throw new MessageError({ kind: 'unreachable', message: 'offline' }); },
    }));
    await click(getByRole(h.root, 'button', 'Create Segment'));
    await settle();
    expect(preview().textContent).toContain('The sync API cannot be reached.');
  });
});

describe('a count of 0', () => {
  const diagnosis = {
    count: 0,
    groups: [{ count: 0, conditions: [
      { alone: 120, running: 120, withoutIt: 0 },
      { alone: 0, running: 0, withoutIt: 120 },
    ] }],
  };

  it('points at the condition that empties the segment', async () => {
    h = await openPanel(fakeBackground({ draftCount: () => 0, diagnosis }));
    await click(getByRole(h.root, 'button', 'Create Segment'));
    await click(getByRole(h.root, 'button', 'Add Property (AND)'));
    await settle();
    // Asked about the definition on screen (an earlier draft was 0 as well).
    expect(h.background.sent('diagnose').at(-1)!.definition.groups[0]!.conditions).toHaveLength(2);
    const section = getByRole(preview(), 'region', 'Why no friend matches');
    expect(section.textContent).toContain('Group 1, condition 2');
    expect(section.textContent).toContain('Without it: 120 friends');

    const group = getByRole(h.root, 'region', 'Group 1');
    const [first, second] = queryAllByRole(group, 'group');
    expect(first!.classList.contains('lumo-condition--culprit')).toBe(false);
    expect(second!.classList.contains('lumo-condition--culprit')).toBe(true);
    expect(second!.textContent).toContain('This condition leaves no friend in its group.');
  });

  it('emptyingConditions: a condition that matches nobody, or where the running count drops to 0, with friends without it', () => {
    expect([...emptyingConditions(diagnosis)]).toEqual(['0.1']);
    // Two conditions that exclude each other: the second is where the group empties.
    expect([...emptyingConditions({ count: 0, groups: [{ count: 0, conditions: [
      { alone: 50, running: 50, withoutIt: 30 }, { alone: 30, running: 0, withoutIt: 50 },
    ] }] })]).toEqual(['0.1']);
    // Nobody at all: nothing to blame.
    expect([...emptyingConditions({ count: 0, groups: [{ count: 0, conditions: [{ alone: 0, running: 0, withoutIt: 0 }] }] })]).toEqual([]);
  });
});
