import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SegmentPanel } from '@/components/SegmentPanel';
import { createPanelModels, type PanelModels } from '@/components/models/panel';
import { setLanguage } from '@/lib/i18n';
import { choose, click, getByRole, queryAllByRole, settle, shadowContainer, type } from './dom';
import { ACCOUNT, fakeBackground } from './fake-background';
// The seed's example: repeat Shopify buyers, OR HubSpot customers.
import { REPEAT_BUYERS_OR_CUSTOMERS as SEED } from '@/lib/segment/examples';


let models: PanelModels;
let root: ShadowRoot;
let container: HTMLElement;

async function openPanel(background = fakeBackground()) {
  models = createPanelModels(ACCOUNT, { client: background.client, draftDelayMs: 0, pollMs: 20 });
  ({ root, container } = shadowContainer());
  render(<SegmentPanel models={models} onClose={() => {}} />, container);
  await settle();
  return background;
}

const group = (n: number) => getByRole(root, 'region', `Group ${n}`);
const condition = (g: number, c: number) => getByRole(group(g), 'group', `Condition ${c}`);

beforeEach(() => setLanguage('en'));
afterEach(() => {
  render(null, container);
  models.dispose();
  document.body.innerHTML = '';
  setLanguage('en');
});

describe('the segment editor', () => {
  it('saves exactly the definition the user built: the seed’s OR of two AND groups', async () => {
    const background = await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await type(getByRole(root, 'textbox', 'Name'), 'Repeat buyers');

    // Group 1: Shopify integration is Integrated AND Number of purchases is at least 5
    await choose(getByRole(condition(1, 1), 'combobox', 'Property'), 'shopify.integrated');
    await click(getByRole(group(1), 'button', 'Add Property (AND)'));
    await choose(getByRole(condition(1, 2), 'combobox', 'Property'), 'shopify.purchase_count');
    await choose(getByRole(condition(1, 2), 'combobox', 'Condition'), 'gte');
    await type(getByRole(condition(1, 2), 'spinbutton', 'Value'), '5');

    // OR Group 2: HubSpot integration is Integrated AND HubSpot property lifecyclestage is customer
    await click(getByRole(root, 'button', 'Add Another Condition (OR)'));
    await choose(getByRole(condition(2, 1), 'combobox', 'Property'), 'hubspot.integrated');
    await click(getByRole(group(2), 'button', 'Add Property (AND)'));
    await choose(getByRole(condition(2, 2), 'combobox', 'Property'), 'hubspot.property');
    await type(getByRole(condition(2, 2), 'combobox', 'Property name'), 'lifecyclestage');
    await choose(getByRole(condition(2, 2), 'combobox', 'Condition'), 'eq');
    // With suggestions from the catalog's known values, the text input is a combobox.
    await type(getByRole(condition(2, 2), 'combobox', 'Value'), 'customer');

    await click(getByRole(root, 'button', 'Save Segment'));

    const [request] = background.sent('createSegment');
    expect(request).toBeDefined();
    expect(request!.name).toBe('Repeat buyers');
    expect(request!.folderId).toBeNull();
    expect(request!.definition).toStrictEqual(SEED);
    expect(root.textContent).toContain('Saved');
  });

  it('offers the value input the property and condition need', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    const row = () => condition(1, 1);

    // The default: friend added within the last 30 days.
    expect((getByRole(row(), 'spinbutton', 'Number of days') as HTMLInputElement).value).toBe('30');
    await choose(getByRole(row(), 'combobox', 'Condition'), 'between');
    expect(getByRole(row(), 'date', 'Start date')).toBeTruthy();
    expect(getByRole(row(), 'date', 'End date')).toBeTruthy();
    await choose(getByRole(row(), 'combobox', 'Condition'), 'on');
    expect(getByRole(row(), 'date', 'Date')).toBeTruthy();
    // An unknown added date: a presence test, no value input and no value.
    await choose(getByRole(row(), 'combobox', 'Condition'), 'is_not_set');
    expect(queryAllByRole(row(), 'date')).toHaveLength(0);
    expect(queryAllByRole(row(), 'spinbutton')).toHaveLength(0);
    expect(models.editor.definition.value.groups[0]!.conditions[0]).toStrictEqual({ property: 'line.friend_added_at', operator: 'is_not_set' });

    await choose(getByRole(row(), 'combobox', 'Property'), 'shopify.purchase_count');
    await choose(getByRole(row(), 'combobox', 'Condition'), 'between');
    expect(getByRole(row(), 'spinbutton', 'Minimum')).toBeTruthy();
    expect(getByRole(row(), 'spinbutton', 'Maximum')).toBeTruthy();

    // A multi-select with search, its options from the catalog.
    await choose(getByRole(row(), 'combobox', 'Property'), 'tag');
    await click(getByRole(row(), 'button', 'Choose…'));
    await type(getByRole(row(), 'searchbox', 'Search Values'), 'vi');
    const boxes = queryAllByRole(row(), 'checkbox');
    expect(boxes).toHaveLength(1);
    await click(boxes[0]!);
    expect(models.editor.definition.value.groups[0]!.conditions[0]).toStrictEqual({ property: 'tag', operator: 'contains_any', value: ['t-vip'] });
    expect(getByRole(row(), 'button', 'Remove VIP')).toBeTruthy();

    // Presence takes no value at all.
    await choose(getByRole(row(), 'combobox', 'Property'), 'shopify.integrated');
    expect(queryAllByRole(row(), 'spinbutton')).toHaveLength(0);
    expect(queryAllByRole(row(), 'textbox')).toHaveLength(0);
  });

  it('shows a service that is not connected disabled, with the catalog’s reason', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    const select = getByRole(condition(1, 1), 'combobox', 'Property') as HTMLSelectElement;
    const klaviyo = [...select.options].find((o) => o.value === 'klaviyo.list')!;
    expect(klaviyo.disabled).toBe(true);
    expect(klaviyo.textContent).toContain('Connect Klaviyo in the sync API');
    expect(klaviyo.parentElement?.getAttribute('label')).toBe('Klaviyo');
    expect([...select.options].find((o) => o.value === 'shopify.purchase_count')!.disabled).toBe(false);
  });

  it('removes a condition, and an emptied group with it', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await click(getByRole(root, 'button', 'Add Another Condition (OR)'));
    expect(queryAllByRole(root, 'region', /^Group \d$/)).toHaveLength(2);
    await click(getByRole(condition(2, 1), 'button', 'Remove condition'));
    expect(queryAllByRole(root, 'region', /^Group \d$/)).toHaveLength(1);
    // The last condition of the last group stays: its remove button is disabled.
    expect((getByRole(condition(1, 1), 'button', 'Remove condition') as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('validation in place', () => {
  it('blocks the save and shows each message beside its field', async () => {
    const background = await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await choose(getByRole(condition(1, 1), 'combobox', 'Property'), 'shopify.purchase_count');
    await type(getByRole(condition(1, 1), 'spinbutton', 'Value'), '');

    await click(getByRole(root, 'button', 'Save Segment'));

    expect(background.sent('createSegment')).toHaveLength(0);
    const name = getByRole(root, 'textbox', 'Name');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(root.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('Enter a name.');
    const value = getByRole(condition(1, 1), 'spinbutton', 'Value');
    expect(value.getAttribute('aria-invalid')).toBe('true');
    const described = value.getAttribute('aria-describedby')!.split(' ').map((id) => root.getElementById(id)?.textContent);
    expect(described).toContain('Enter a whole number from 0 to 1,000,000,000.');
    expect(root.textContent).toContain('Fix the highlighted fields to save this segment.');
  });

  it('shows a field’s message once the user has been there, not before', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    expect(root.textContent).not.toContain('Enter a name.');
    await choose(getByRole(condition(1, 1), 'combobox', 'Property'), 'hubspot.property');
    expect(root.textContent).not.toContain('Enter a value.');
    await type(getByRole(condition(1, 1), 'textbox', 'Value'), '');
    expect(condition(1, 1).textContent).toContain('Enter a value.');
  });

  it('keeps the name message\'s line in place before it shows, so leaving the field does not move the buttons under the pointer', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    const name = getByRole(root, 'textbox', 'Name');
    const slot = name.parentElement!.querySelector('.lumo-field__error')!;
    expect(slot.textContent).toBe('');
    const next = slot.nextElementSibling;
    name.dispatchEvent(new FocusEvent('blur'));
    await settle();
    // The same element now says it: nothing was inserted above the conditions.
    expect(name.parentElement!.querySelector('.lumo-field__error')).toBe(slot);
    expect(slot.textContent).toBe('Enter a name.');
    expect(slot.nextElementSibling).toBe(next);
    expect(name.getAttribute('aria-describedby')).toBe(slot.id);
  });

  it('speaks Japanese when the language is Japanese', async () => {
    setLanguage('ja');
    await openPanel();
    await click(getByRole(root, 'button', 'セグメントを作成'));
    await click(getByRole(root, 'button', 'セグメントを保存'));
    const name = getByRole(root, 'textbox', /^セグメント名/);
    expect(root.getElementById(name.getAttribute('aria-describedby')!)?.textContent).toBe('名前を入力してください。');
    expect(getByRole(getByRole(root, 'region', '条件グループ1'), 'button', '条件を追加（AND）')).toBeTruthy();
    expect(getByRole(root, 'button', '条件グループを追加（OR）')).toBeTruthy();
  });
});
