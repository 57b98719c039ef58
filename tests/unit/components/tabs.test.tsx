import { h } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PANEL_TABS, type PanelTab } from '@/components/tabs/registry';
import { tabIndexForKey } from '@/components/tabs/TabBar';
import { registerMessages, setLanguage } from '@/lib/i18n';
import { MessageError } from '@/lib/messages';
import { click, getByRole, press, queryAllByRole, settle } from './dom';
import { ACCOUNT, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

let h_: Harness;
const extra: PanelTab[] = [
  { id: 'test-a', label: 'tabsTest.a', render: () => h('p', null, 'View A') },
  { id: 'test-b', label: 'tabsTest.b', render: () => h('p', null, 'View B') },
];
registerMessages('tabsTest', { en: { a: 'Alpha', b: 'Beta' }, ja: { a: 'アルファ', b: 'ベータ' } });

// These tests are about the tab bar, not the views registered today: only "Segments" and the
// two test views are in the registry while they run.
let registered: PanelTab[] = [];
beforeEach(() => { setLanguage('en'); registered = PANEL_TABS.splice(1); });
afterEach(() => {
  PANEL_TABS.push(...registered);
  h_?.unmount();
  for (const tab of extra) {
    const i = PANEL_TABS.indexOf(tab);
    if (i >= 0) PANEL_TABS.splice(i, 1);
  }
});

describe('the panel tabs', () => {
  it('opens on "Segments", selected, with the list in its tab panel', async () => {
    h_ = await openPanel();
    const tab = getByRole(h_.root, 'tab', 'Segments');
    expect(tab.getAttribute('aria-selected')).toBe('true');
    const panel = getByRole(h_.root, 'tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tab.id);
    expect(tab.getAttribute('aria-controls')).toBe(panel.id);
    expect(getByRole(panel, 'button', 'Create Segment')).toBeTruthy();
  });

  it('shows every registered view as a tab, in order, and switches by click', async () => {
    const before = PANEL_TABS.length;
    PANEL_TABS.push(...extra);
    h_ = await openPanel();
    const names = queryAllByRole(h_.root, 'tab').map((t) => t.textContent);
    expect(names[0]).toBe('Segments');
    expect(names.slice(before)).toEqual(['Alpha', 'Beta']);
    expect(names).toHaveLength(before + 2);
    await click(getByRole(h_.root, 'tab', 'Beta'));
    expect(getByRole(h_.root, 'tabpanel').textContent).toBe('View B');
    expect(getByRole(h_.root, 'tab', 'Beta').getAttribute('aria-selected')).toBe('true');
    expect(getByRole(h_.root, 'tab', 'Segments').getAttribute('aria-selected')).toBe('false');
  });

  it('moves with the arrow keys, Home and End; only the selected tab is in the Tab order', async () => {
    PANEL_TABS.push(...extra);
    h_ = await openPanel();
    // Whatever other views are registered: the second tab is the one after "Segments".
    const second = PANEL_TABS[1]!;
    const segments = getByRole(h_.root, 'tab', 'Segments');
    segments.focus();
    await press(segments, 'ArrowRight');
    expect(h_.models.tab.value).toBe(second.id);
    const secondTab = queryAllByRole(h_.root, 'tab')[1]!;
    expect(h_.root.activeElement).toBe(secondTab);
    expect(queryAllByRole(h_.root, 'tab').map((t) => t.tabIndex)).toEqual(PANEL_TABS.map((_, i) => (i === 1 ? 0 : -1)));
    await press(secondTab, 'ArrowLeft');
    expect(h_.models.tab.value).toBe('segments');
    await press(segments, 'ArrowLeft');
    expect(h_.models.tab.value).toBe('test-b');
    await press(segments, 'Home');
    expect(h_.models.tab.value).toBe('segments');
    await press(segments, 'End');
    expect(h_.models.tab.value).toBe('test-b');
  });

  it('keeps other views alive when one fails to render', async () => {
    const broken: PanelTab = { id: 'test-a', label: 'tabsTest.a', render: () => { throw new Error('boom'); } };
    extra.push(broken);
    PANEL_TABS.push(broken);
    const quiet = console.error;
    console.error = () => {};
    try {
      h_ = await openPanel();
      await click(getByRole(h_.root, 'tab', 'Alpha'));
      expect(getByRole(h_.root, 'tabpanel').textContent).toContain('Something went wrong');
      await click(getByRole(h_.root, 'tab', 'Segments'));
      expect(getByRole(h_.root, 'button', 'Create Segment')).toBeTruthy();
    } finally {
      console.error = quiet;
      extra.pop();
    }
  });

  it('names the tabs in Japanese', async () => {
    setLanguage('ja');
    h_ = await openPanel();
    expect(getByRole(h_.root, 'tab', 'セグメント')).toBeTruthy();
    expect(getByRole(h_.root, 'tablist').getAttribute('aria-label')).toBe('表示');
  });

  it('shows each role only the tabs it may use: Approvals to those who send, Results to those who see results', async () => {
    PANEL_TABS.push(...registered);
    const names = () => queryAllByRole(h_.root, 'tab').map((t) => t.textContent);
    try {
      for (const [role, approvals, results] of [
        [undefined, true, true], ['admin', true, true], ['operator', true, true],
        ['operator_no_broadcast', false, true], ['operator_no_analytics', true, false],
      ] as const) {
        h_ = await openPanel(fakeBackground({ role }));
        await settle();
        expect(names().includes('Approvals'), `${role} Approvals`).toBe(approvals);
        expect(names().includes('Results'), `${role} Results`).toBe(results);
        expect(names()).toContain('Activity');
        h_.unmount();
      }
      // The fresh accounts list says the role changed: the tabs follow.
      const bg = fakeBackground({ role: 'operator' });
      h_ = await openPanel(bg);
      await settle();
      bg.push({ type: 'fresh.accounts', data: [{ id: ACCOUNT, name: 'Shop Aoba', timezone: 'Asia/Tokyo', role: 'operator_no_broadcast' }] });
      await settle();
      expect(names()).not.toContain('Approvals');
    } finally {
      PANEL_TABS.splice(1);
    }
  });

  it('shows no tabs while the account cannot be served', async () => {
    h_ = await openPanel(fakeBackground({}, { listSegments: () => { throw new MessageError({ kind: 'not_found', message: 'x' }); } }));
    await settle();
    expect(queryAllByRole(h_.root, 'tab')).toHaveLength(0);
  });
});

describe('tabIndexForKey', () => {
  it('wraps around with the arrows and jumps with Home and End', () => {
    expect(tabIndexForKey('ArrowRight', 2, 3)).toBe(0);
    expect(tabIndexForKey('ArrowLeft', 0, 3)).toBe(2);
    expect(tabIndexForKey('Home', 2, 3)).toBe(0);
    expect(tabIndexForKey('End', 0, 3)).toBe(2);
    expect(tabIndexForKey('Enter', 0, 3)).toBeNull();
  });
});
