/**
 * A segment's "Tag everyone" and "Export CSV" in the editor (a saved segment only), and the tag
 * name dialog's Escape after the sync API refused the name.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLanguage } from '@/lib/i18n';
import { click, getByRole, press, queryAllByRole, queryByText, settle, type } from '../dom';
import { aPreview, aSegment, fakeBackground } from '../fake-background';
import { openPanel, type Harness } from '../panel-harness';

const vip = { id: 'tag_vip', name: 'VIP', friendCount: 3 };
const saved = () => fakeBackground({
  segments: [{ segment: aSegment({ id: 'seg-1', name: 'Repeat buyers' }), preview: aPreview({ count: 3 }), sync: 'synced' }],
  tags: [vip],
});
/** The topmost dialog (the panel itself is one). */
const lastDialog = (root: ShadowRoot) => queryAllByRole(root, 'dialog').at(-1)!;
const editorActions = (root: ShadowRoot) => root.querySelector<HTMLElement>('.lumo-editor__segment-actions')!;

describe('Tag everyone and Export CSV in the editor', () => {
  let h: Harness;
  beforeEach(() => setLanguage('en'));
  afterEach(() => h?.unmount());

  it('a saved segment\'s editor has both; Tag everyone asks about that segment', async () => {
    h = await openPanel(saved());
    await click(getByRole(h.root, 'button', 'Repeat buyers'));
    const actions = editorActions(h.root);
    expect(queryAllByRole(actions, 'button').map((b) => b.textContent)).toEqual(['Tag everyone', 'Export CSV']);
    await click(getByRole(actions, 'button', 'Tag everyone'));
    await settle(4);
    expect(getByRole(h.root, 'dialog', 'Tag everyone in "Repeat buyers"')).toBeTruthy();
  });

  it('a new segment cannot be tagged or exported: save it first', async () => {
    h = await openPanel(saved());
    await click(getByRole(h.root, 'button', 'Create Segment'));
    const actions = editorActions(h.root);
    expect(queryAllByRole(actions, 'button')).toEqual([]);
    expect(actions.textContent).toContain('Save the segment first');
  });

  it('with unsaved changes, asks to save them first (the job tags the saved segment\'s members)', async () => {
    h = await openPanel(saved());
    await click(getByRole(h.root, 'button', 'Repeat buyers'));
    await type(getByRole(h.root, 'textbox', /Name/), 'Repeat buyers (draft)');
    const actions = editorActions(h.root);
    expect(queryAllByRole(actions, 'button')).toEqual([]);
    expect(actions.textContent).toContain('Save your changes first');
  });

  it('in Japanese', async () => {
    setLanguage('ja');
    h = await openPanel(saved());
    await click(getByRole(h.root, 'button', 'セグメントを作成'));
    expect(editorActions(h.root).textContent).toContain('先にセグメントを保存してください');
  });
});

describe('the tag name dialog after a refusal', () => {
  let h: Harness;
  beforeEach(() => setLanguage('en'));
  afterEach(() => h?.unmount());

  async function refusedCreate() {
    h = await openPanel(fakeBackground({ tags: [vip] }, {
      createTag: () => ({ outboxId: 'o', state: 'refused' as const, data: null, error: { kind: 'conflict' as const, message: 'A tag named "VIP" already exists.', status: 409 } }),
    }));
    await click(getByRole(h.root, 'tab', 'Tags'));
    await settle(4);
    const opener = getByRole(h.root, 'button', 'Create tag');
    opener.focus();
    await click(opener);
    const dialog = getByRole(h.root, 'dialog', 'Create a tag');
    await type(getByRole(dialog, 'textbox', 'Tag name'), 'VIP');
    const submit = getByRole(dialog, 'button', 'Create tag');
    submit.focus(); // as a keyboard user reaches it
    await click(submit);
    await settle(4);
    expect(queryByText(dialog, /already exists/)).toBeTruthy();
    return { opener, dialog };
  }

  it('keeps focus on the field the message is about', async () => {
    const { dialog } = await refusedCreate();
    expect(h.root.activeElement).toBe(getByRole(dialog, 'textbox', 'Tag name'));
  });

  it('closes on Escape even when focus has left it, and focus goes back to the button that opened it', async () => {
    const { opener } = await refusedCreate();
    // Where Chromium leaves focus when the focused submit button turns disabled.
    (h.root.activeElement as HTMLElement | null)?.blur();
    await press(document.body, 'Escape');
    expect(queryAllByRole(h.root, 'dialog', 'Create a tag')).toEqual([]);
    expect(h.root.activeElement).toBe(opener);
    expect(h.closed()).toBe(0); // the panel stays open
  });

  it('closes on Escape from the field', async () => {
    const { dialog, opener } = await refusedCreate();
    await press(getByRole(dialog, 'textbox', 'Tag name'), 'Escape');
    expect(queryAllByRole(h.root, 'dialog', 'Create a tag')).toEqual([]);
    expect(h.root.activeElement).toBe(opener);
    expect(h.closed()).toBe(0);
    expect(lastDialog(h.root).getAttribute('aria-labelledby')).toBe('lumo-panel-title');
  });
});
