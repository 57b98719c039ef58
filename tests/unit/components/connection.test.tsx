import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { MessageError, type OutboxStatus } from '@/lib/messages';
import { click, getByRole, settle, type } from './dom';
import { ACCOUNT, aSegment, fakeBackground } from './fake-background';
import { openPanel, type Harness } from './panel-harness';

let h: Harness;
const refuse = (kind: 'not_found' | 'not_configured' | 'unreachable') => () => {
  throw new MessageError({ kind, message: kind });
};

beforeEach(() => setLanguage('en'));
afterEach(() => h.unmount());

describe('when the sync API cannot serve this account', () => {
  // An account the sync API does not know: tests/unit/components/connect-account.test.tsx.
  it('explains a sync API that is not set up, and opens the settings', async () => {
    h = await openPanel(fakeBackground({}, { listSegments: refuse('not_configured') }));
    expect(h.root.textContent).toContain('Connect Lumo to your sync API');
    expect(h.root.textContent).toContain('Enter the sync API URL and an API token');
    expect(h.root.textContent).not.toContain('Create Segment');
    await click(getByRole(h.root, 'button', 'Open settings'));
    expect(h.background.sent('openOptions')).toEqual([{}]);
  });

  it('offers to try again when the sync API is unreachable', async () => {
    let down = true;
    h = await openPanel(fakeBackground({}, {
      listSegments: () => {
        if (down) throw new MessageError({ kind: 'unreachable', message: 'offline' });
        return { data: [], fetchedAt: null, refreshing: false, offline: false };
      },
    }));
    expect(h.root.textContent).toContain('The sync API cannot be reached');
    down = false;
    await click(getByRole(h.root, 'button', 'Try again'));
    expect(getByRole(h.root, 'button', 'Create Segment')).toBeTruthy();
  });

  it('speaks Japanese', async () => {
    setLanguage('ja');
    h = await openPanel(fakeBackground({}, { listSegments: refuse('not_configured') }));
    expect(h.root.textContent).toContain('Lumoを同期APIに接続してください');
    expect(getByRole(h.root, 'button', '設定を開く')).toBeTruthy();
  });
});

describe('what became of a change', () => {
  async function saveNew(h: Harness) {
    await click(getByRole(h.root, 'button', 'Create Segment'));
    await type(getByRole(h.root, 'textbox', 'Name'), 'New friends');
    await click(getByRole(h.root, 'button', 'Save Segment'));
  }

  it('"Saved" when the sync API accepted it', async () => {
    h = await openPanel();
    await saveNew(h);
    expect(h.root.querySelector('.lumo-save-status')?.textContent).toContain('Saved');
    expect(h.root.textContent).not.toContain('Unsaved changes');
  });

  it('"Waiting to send" when the sync API is unreachable, the change kept in the outbox', async () => {
    h = await openPanel(fakeBackground({}, {
      createSegment: ({ name, definition }) => ({
        outboxId: 'o-9', state: 'pending' as const, error: null,
        data: aSegment({ id: 'local-1', name, definition: definition as never }),
      }),
    }));
    await saveNew(h);
    expect(h.root.textContent).toContain('Waiting to send — sync API unreachable');
  });

  it('a conflict keeps the user’s version and says why', async () => {
    const segment = aSegment({ id: 's-1' });
    h = await openPanel(fakeBackground({ segments: [{ segment, preview: null, sync: 'synced' }] }, {
      updateSegment: () => ({
        outboxId: 'o-7', state: 'refused' as const, data: null,
        error: { kind: 'conflict' as const, message: 'stale', status: 412 },
      }),
    }));
    await click(getByRole(h.root, 'button', 'Repeat buyers'));
    await type(getByRole(h.root, 'textbox', 'Name'), 'My version');
    await click(getByRole(h.root, 'button', 'Save Segment'));
    expect(h.root.textContent).toContain('Someone else changed this segment since you opened it.');
    expect(h.root.textContent).toContain('Your version is kept.');
    expect((getByRole(h.root, 'textbox', 'Name') as HTMLInputElement).value).toBe('My version');
    expect(h.root.textContent).toContain('Unsaved changes');
  });

  it('shows refused changes from the outbox, and sends "my version" on the user’s word', async () => {
    const status: OutboxStatus = {
      pending: 0, refused: 1, reachable: true,
      entries: [{
        id: 'o-7', accountId: ACCOUNT, kind: 'segment.update', targetId: 's-1', label: 'Repeat buyers', state: 'refused',
        attempts: 1, createdAt: '2026-03-01T12:00:00.000Z', nextAttemptAt: null,
        lastError: { kind: 'conflict', message: 'stale', status: 412 }, body: { name: 'Mine' },
      }],
    };
    h = await openPanel(fakeBackground({}, { outboxRetry: () => ({ ...status, entries: [], refused: 0 }) }));
    h.background.push({ type: 'outbox.changed', status });
    await settle();
    const alert = getByRole(h.root, 'alert');
    expect(alert.textContent).toContain('“Repeat buyers” was not saved: Someone else changed this segment since you opened it.');
    expect(alert.textContent).toContain('Your version is kept.');
    await click(getByRole(alert, 'button', 'Save my version'));
    expect(h.background.sent('outboxRetry')).toEqual([{ id: 'o-7', overwrite: true }]);
    expect(h.root.textContent).not.toContain('was not saved');
  });

  it('shows changes waiting while the sync API is unreachable', async () => {
    h = await openPanel();
    h.background.push({ type: 'outbox.changed', status: {
      pending: 1, refused: 0, reachable: false,
      entries: [{
        id: 'o-8', accountId: ACCOUNT, kind: 'folder.create', targetId: 'local-f', label: 'Spring', state: 'pending',
        attempts: 2, createdAt: '2026-03-01T12:00:00.000Z', nextAttemptAt: null, lastError: null, body: {},
      }],
    } });
    await settle();
    expect(h.root.textContent).toContain('Waiting to send — sync API unreachable');
  });
});
