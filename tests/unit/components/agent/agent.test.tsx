/**
 * The agent box in the Segment panel: a goal becomes a suggestion shown as readable conditions
 * with its count and explanation; Approve puts it in the editor (nothing is saved until "Save
 * Segment"), Cancel keeps it on hold — in extension storage, per account — where it can be
 * approved or dismissed later. Consult mode asks with choice buttons first.
 */
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SegmentPanel } from '@/components/SegmentPanel';
import { createPanelModels, type PanelModels } from '@/components/models/panel';
import { AgentBox } from '@/components/agent/AgentBox';
import { extensionHeldStore, heldKey } from '@/components/agent/held';
import { createAgentModel } from '@/components/agent/model';
import type { AgentSuggestion } from '@/lib/contract/api';
import { setLanguage } from '@/lib/i18n';
import { MessageError } from '@/lib/messages';
import type { Definition } from '@/lib/segment/schema';
import { click, getByRole, press, queryAllByRole, queryByText, settle, shadowContainer, type } from '../dom';
import { ACCOUNT, aSegment, fakeBackground } from '../fake-background';

const RECENT: Definition = { groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 }] }] };
const VIP_OR_CART: Definition = {
  groups: [
    { conditions: [{ property: 'tag', operator: 'contains_any', value: ['t-vip'] }] },
    { conditions: [{ property: 'shopify.abandoned_cart', operator: 'is_true' }] },
  ],
};

function suggestion(over: Partial<AgentSuggestion> = {}): AgentSuggestion {
  return {
    definition: RECENT, name: 'Purchased in the last 30 days', count: 42, source: 'planner', language: 'en',
    explanation: 'Friends who match: purchased in the last 30 days. I read "recently" as the last 30 days.',
    understood: ['recently made a purchase'], notUnderstood: [], draft: { answers: {} }, ...over,
  };
}

let models: PanelModels | undefined;
let root: ShadowRoot;
let container: HTMLElement;

async function openPanel(answer: (goal: string) => AgentSuggestion = () => suggestion(), over: Parameters<typeof fakeBackground>[0] = {}) {
  const background = fakeBackground(over, { agentSuggest: ({ goal }) => answer(goal) });
  models = createPanelModels(ACCOUNT, { client: background.client, draftDelayMs: 0, pollMs: 20 });
  ({ root, container } = shadowContainer());
  render(<SegmentPanel models={models} onClose={() => {}} />, container);
  await settle();
  return background;
}

const agentBox = () => getByRole(root, 'region', 'Segment agent');
/** The approval dialog (the panel itself is a dialog too). */
const dialog = () => queryAllByRole(root, 'dialog').find((d) => d.getAttribute('aria-modal') === 'true' && d.closest('.lumo-agent'));

async function askAgent(goal: string) {
  await type(getByRole(agentBox(), 'textbox', 'Who do you want to reach?'), goal);
  await click(getByRole(agentBox(), 'button', 'Suggest conditions'));
  await settle();
}

beforeEach(() => {
  fakeBrowser.reset();
  setLanguage('en');
});
afterEach(() => {
  render(null, container);
  models?.dispose();
  models = undefined;
  document.body.innerHTML = '';
  setLanguage('en');
});

describe('the agent box in the editor', () => {
  it('asks "Who do you want to reach?" with an Auto / Consult switch', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    const modes = getByRole(agentBox(), 'group', 'Mode');
    expect(getByRole(modes, 'button', 'Auto').getAttribute('aria-pressed')).toBe('true');
    await click(getByRole(modes, 'button', 'Consult'));
    expect(getByRole(modes, 'button', 'Consult').getAttribute('aria-pressed')).toBe('true');
    expect(getByRole(modes, 'button', 'Auto').getAttribute('aria-pressed')).toBe('false');
  });

  it('shows the suggestion as readable conditions with its count and explanation, and Approve puts it in the editor — saved only by Save Segment', async () => {
    const background = await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await askAgent('customers who recently made a purchase');

    expect(background.sent('agentSuggest')).toEqual([{ accountId: ACCOUNT, goal: 'customers who recently made a purchase', mode: 'auto', draft: { answers: {} } }]);
    const review = dialog()!;
    expect(review.getAttribute('aria-modal')).toBe('true');
    expect(review.textContent).toContain('Apply this suggestion?');
    expect(review.textContent).toContain('Purchased in the last 30 days');
    expect(review.textContent).toContain('Matches 42 friends now');
    expect(review.textContent).toContain('Days since last purchase is at most 30');
    expect(review.textContent).toContain('I read "recently" as the last 30 days.');
    // Nothing reached the editor yet.
    expect(models!.editor.definition.value).not.toEqual(RECENT);

    await click(getByRole(review, 'button', 'Approve'));
    expect(dialog()).toBeUndefined();
    expect(models!.editor.definition.value).toStrictEqual(RECENT);
    expect(models!.editor.name.value).toBe('Purchased in the last 30 days');
    expect(getByRole(agentBox(), 'status').textContent).toContain('Applied');
    // Approve applies; it does not save.
    expect(background.sent('createSegment')).toEqual([]);

    await click(getByRole(root, 'button', 'Save Segment'));
    const [created] = background.sent('createSegment');
    expect(created!.definition).toStrictEqual(RECENT);
    expect(created!.name).toBe('Purchased in the last 30 days');
  });

  it('builds several groups and replaces the open segment’s conditions, keeping its name', async () => {
    const item = { segment: aSegment(), preview: null, sync: 'synced' as const };
    const background = await openPanel(() => suggestion({ definition: VIP_OR_CART, name: 'VIP or abandoned cart' }), { segments: [item] });
    await click(getByRole(root, 'button', /Repeat buyers/));
    await settle();
    await askAgent('VIP friends or people who abandoned their cart');
    expect(dialog()!.textContent).toContain('replaces the conditions of “Repeat buyers”');
    expect(dialog()!.textContent).toContain('OR');
    await click(getByRole(dialog()!, 'button', 'Approve'));
    expect(models!.editor.definition.value).toStrictEqual(VIP_OR_CART);
    expect(models!.editor.name.value).toBe('Repeat buyers');
    expect(background.sent('updateSegment')).toEqual([]);
  });

  it('keeps a cancelled suggestion on hold, in storage per account, without touching the editor', async () => {
    const background = await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    const before = models!.editor.definition.value;
    await askAgent('customers who recently made a purchase');
    await click(getByRole(dialog()!, 'button', 'Cancel'));
    await settle();

    expect(dialog()).toBeUndefined();
    expect(models!.editor.definition.value).toBe(before);
    expect(background.sent('createSegment')).toEqual([]);
    const held = getByRole(agentBox(), 'region', /On hold/);
    expect(held.textContent).toContain('Purchased in the last 30 days');
    expect(held.textContent).toContain('42 friends');
    const stored = await fakeBrowser.storage.local.get(heldKey(ACCOUNT).replace('local:', ''));
    expect(Object.values(stored)[0]).toEqual([expect.objectContaining({ definition: RECENT, goal: 'customers who recently made a purchase' })]);
  });

  it('approves a held suggestion later — after the panel was closed and opened again', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await askAgent('customers who recently made a purchase');
    await click(getByRole(dialog()!, 'button', 'Cancel'));
    await settle();
    render(null, container);
    models!.dispose();

    // A new panel: the held suggestion comes back from storage.
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await settle();
    const held = () => queryAllByRole(agentBox(), 'region', /On hold/)[0];
    await click(getByRole(held()!, 'button', 'Approve “Purchased in the last 30 days”'));
    await settle();
    expect(models!.editor.definition.value).toStrictEqual(RECENT);
    expect(held()).toBeUndefined();
    expect(await extensionHeldStore(ACCOUNT).load()).toEqual([]);
  });

  it('dismisses a held suggestion without touching the editor', async () => {
    await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await askAgent('customers who recently made a purchase');
    await press(getByRole(dialog()!, 'button', 'Approve'), 'Escape'); // Escape is Cancel: on hold
    await settle();
    const before = models!.editor.definition.value;
    await click(getByRole(agentBox(), 'button', 'Dismiss “Purchased in the last 30 days”'));
    await settle();
    expect(queryAllByRole(agentBox(), 'region', /On hold/)).toEqual([]);
    expect(models!.editor.definition.value).toBe(before);
    expect(await extensionHeldStore(ACCOUNT).load()).toEqual([]);
  });

  it('shows what the agent could not understand instead of a suggestion', async () => {
    await openPanel(() => suggestion({ definition: undefined, name: undefined, count: undefined, explanation: 'I could not find a condition in "people who love cats".' }));
    await click(getByRole(root, 'button', 'Create Segment'));
    await askAgent('people who love cats');
    expect(dialog()).toBeUndefined();
    expect(queryByText(agentBox(), /I could not find a condition/)).toBeTruthy();
  });

  it('says what to do when the sync API cannot be reached', async () => {
    const background = fakeBackground({}, {
      agentSuggest: () => { throw new MessageError({ kind: 'unreachable', message: 'fetch failed' }); },
    });
    models = createPanelModels(ACCOUNT, { client: background.client, draftDelayMs: 0, pollMs: 20 });
    ({ root, container } = shadowContainer());
    render(<SegmentPanel models={models} onClose={() => {}} />, container);
    await settle();
    await click(getByRole(root, 'button', 'Create Segment'));
    await askAgent('VIP');
    expect(getByRole(agentBox(), 'alert').textContent).not.toContain('fetch failed');
    expect(getByRole(agentBox(), 'alert').textContent!.length).toBeGreaterThan(10);
  });

  it('asks for a goal before asking the agent', async () => {
    const background = await openPanel();
    await click(getByRole(root, 'button', 'Create Segment'));
    await click(getByRole(agentBox(), 'button', 'Suggest conditions'));
    expect(getByRole(agentBox(), 'alert').textContent).toBe('Tell the agent who you want to reach.');
    expect(background.sent('agentSuggest')).toEqual([]);
  });

  it('speaks Japanese: 「誰に配信しますか？」', async () => {
    setLanguage('ja');
    await openPanel();
    await click(getByRole(root, 'button', 'セグメントを作成'));
    const box = getByRole(root, 'region', 'セグメントエージェント');
    expect(getByRole(box, 'textbox', '誰に配信しますか？')).toBeTruthy();
    expect(getByRole(getByRole(box, 'group', 'モード'), 'button', '相談')).toBeTruthy();
  });
});

// ---- the box on its own: Consult mode and the approval callback -----------------------------------

describe('the agent box on its own, through the message protocol (Consult mode)', () => {
  function standalone(replies: AgentSuggestion[]) {
    // The real protocol (lib/messages checks both ways), answering the contract's shape.
    const background = fakeBackground({}, { agentSuggest: () => replies.shift()! });
    const onApprove = vi.fn(() => true);
    const agent = createAgentModel({ client: background.client, accountId: ACCOUNT, store: extensionHeldStore(ACCOUNT), onApprove });
    ({ root, container } = shadowContainer());
    render(<AgentBox agent={agent} catalog={null} tags={[]} openSegmentName={null} />, container);
    return { sent: () => background.sent('agentSuggest'), onApprove, agent };
  }

  it('asks with choice buttons, sends the answers back in the draft, then Approve calls onApprove with the definition', async () => {
    const question = { id: 'purchase_recency', text: 'How recent is "recently" for a purchase?', choices: [
      { label: 'Last 7 days', value: '7' }, { label: 'Last 30 days', value: '30' }, { label: 'Last 90 days', value: '90' },
    ] };
    const week: Definition = { groups: [{ conditions: [{ property: 'shopify.days_since_last_purchase', operator: 'lte', value: 7 }] }] };
    const { sent, onApprove } = standalone([
      suggestion({ definition: undefined, name: undefined, count: undefined, questions: [question], explanation: 'Before I suggest a segment, please answer:' }),
      suggestion({ definition: week, name: 'Purchased in the last 7 days', count: 3, draft: { answers: { purchase_recency: '7' } } }),
    ]);
    await click(getByRole(root, 'button', 'Consult'));
    await type(getByRole(root, 'textbox', 'Who do you want to reach?'), 'customers who recently made a purchase');
    await press(getByRole(root, 'textbox', 'Who do you want to reach?'), 'Enter');
    await settle();

    const q = getByRole(root, 'group', 'How recent is "recently" for a purchase?');
    expect(queryAllByRole(q, 'button').map((b) => b.textContent)).toEqual(['Last 7 days', 'Last 30 days', 'Last 90 days']);
    expect(dialog()).toBeUndefined();
    await click(getByRole(q, 'button', 'Last 7 days'));
    await settle();

    expect(sent()).toEqual([
      { accountId: ACCOUNT, goal: 'customers who recently made a purchase', mode: 'consult', draft: { answers: {} } },
      { accountId: ACCOUNT, goal: 'customers who recently made a purchase', mode: 'consult', draft: { answers: { purchase_recency: '7' } } },
    ]);
    expect(dialog()!.textContent).toContain('Matches 3 friends now');
    expect(onApprove).not.toHaveBeenCalled();
    await click(getByRole(dialog()!, 'button', 'Approve'));
    expect(onApprove).toHaveBeenCalledExactlyOnceWith(week, 'Purchased in the last 7 days');
  });

  it('calls nothing on Cancel, and approving the held one later calls onApprove', async () => {
    const { onApprove } = standalone([suggestion({ source: 'model' })]);
    await type(getByRole(root, 'textbox', 'Who do you want to reach?'), 'recent buyers');
    await click(getByRole(root, 'button', 'Suggest conditions'));
    expect(dialog()!.textContent).toContain('Suggested by the language model');
    await click(getByRole(dialog()!, 'button', 'Cancel'));
    await settle();
    expect(onApprove).not.toHaveBeenCalled();
    await click(getByRole(root, 'button', 'Approve “Purchased in the last 30 days”'));
    await settle();
    expect(onApprove).toHaveBeenCalledExactlyOnceWith(RECENT, 'Purchased in the last 30 days');
    expect(queryAllByRole(root, 'region', /On hold/)).toEqual([]);
  });
});
