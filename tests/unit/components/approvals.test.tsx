/**
 * Broadcasts awaiting approval in the panel: who asked, the message, the segment and its count
 * now; Approve sends `approveBroadcast`, Decline needs a reason; roles that may not send see none.
 */
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { setLanguage } from '@/lib/i18n';
import { ApprovalsView } from '@/components/approvals/ApprovalsView';
import { createApprovalsModel, messagePreview } from '@/components/approvals/model';
import { sendsDirectly } from '@/components/broadcast/model';
import type { Broadcast } from '@/lib/contract/api';
import { click, getByRole, queryAllByRole, settle, type } from './dom';
import { mountPerTest, viewModels } from './mount';
import { ACCOUNT, SEGMENT, aBroadcast, fakeBroadcastBackground, type FakeOptions } from './broadcast/fake';

const mount = mountPerTest();

const requested = (over: Partial<Broadcast> = {}) => aBroadcast({
  id: 'bc-9', status: 'awaiting_approval',
  messages: [{ type: 'text', text: 'Winter sale: 20% off' }, { type: 'sticker', packageId: '446', stickerId: '1988' }],
  approval: { status: 'awaiting', requestedBy: { type: 'member', id: 'm-1', name: 'Mio' }, decidedBy: null, decidedAt: null, reason: null },
  ...over,
});
const text = () => mount.container.textContent?.replace(/\s+/g, ' ') ?? '';

async function open(o: FakeOptions) {
  const bg = fakeBroadcastBackground(o);
  const approvals = createApprovalsModel(bg.client, ACCOUNT);
  render(<ApprovalsView models={viewModels(ACCOUNT, bg.client)} approvals={approvals} />, mount.container);
  await approvals.load();
  await settle(6);
  return { bg, approvals };
}

describe('who sends and who asks', () => {
  it('follows the role table: only operator_no_broadcast asks for approval; no role (admin token) sends', () => {
    expect(sendsDirectly('operator_no_broadcast')).toBe(false);
    for (const r of ['admin', 'operator', 'operator_no_analytics'] as const) expect(sendsDirectly(r)).toBe(true);
    expect(sendsDirectly(null)).toBe(true);
    expect(sendsDirectly(undefined)).toBe(true);
  });
  it('previews the first bubble\'s text and counts the rest', () => {
    expect(messagePreview(requested().messages)).toEqual({ text: 'Winter sale: 20% off', more: 1 });
    expect(messagePreview([{ type: 'image', originalContentUrl: 'https://x.test/a.png', previewImageUrl: 'https://x.test/a.png' }]).text).toBe('(image)');
  });
});

describe('the approvals list', () => {
  it('shows who asked, the message, the segment and its count now; Approve sends approveBroadcast', async () => {
    const { bg } = await open({ role: 'operator', awaiting: [requested()], count: 1201 });
    expect(text()).toContain('Asked by Mio');
    expect(text()).toContain('Winter sale: 20% off');
    expect(text()).toContain('+1 more bubble');
    expect(text()).toContain('Winter buyers');
    expect(text()).toContain('1,201 friends');
    expect(bg.sent('getPreview')).toEqual([{ accountId: ACCOUNT, segmentId: SEGMENT, refresh: true }]);
    await click(getByRole(mount.container, 'button', 'Approve and send'));
    await settle();
    expect(bg.sent('approveBroadcast')).toEqual([{ accountId: ACCOUNT, broadcastId: 'bc-9' }]);
    expect(text()).toContain('Approved: the broadcast to "Winter buyers" is on its way.');
    expect(text()).toContain('No broadcast is waiting for approval.');
  });

  it('Decline needs a reason, then sends it', async () => {
    const { bg } = await open({ role: 'admin', awaiting: [requested()] });
    await click(getByRole(mount.container, 'button', 'Decline'));
    const dialog = getByRole(mount.container, 'dialog');
    await click(getByRole(dialog, 'button', 'Decline'));
    await settle();
    expect(bg.sent('declineBroadcast')).toHaveLength(0);
    expect(getByRole(dialog, 'alert').textContent).toBe('Say why, so the person who asked can fix it.');
    await type(getByRole(dialog, 'textbox'), '   ');
    await click(getByRole(dialog, 'button', 'Decline'));
    await settle();
    expect(bg.sent('declineBroadcast')).toHaveLength(0);
    await type(getByRole(dialog, 'textbox'), 'Wrong coupon code');
    await click(getByRole(dialog, 'button', 'Decline'));
    await settle();
    expect(bg.sent('declineBroadcast')).toEqual([{ accountId: ACCOUNT, broadcastId: 'bc-9', reason: 'Wrong coupon code' }]);
    expect(queryAllByRole(mount.container, 'dialog')).toHaveLength(0);
    expect(text()).toContain('Declined. Mio sees your reason.');
  });

  it('shows the sync API\'s refusal of an approve and keeps the broadcast listed', async () => {
    await open({ role: 'operator', awaiting: [requested()], refuseApprove: { kind: 'conflict', status: 409, message: 'This month\'s quota would be exceeded.' } });
    await click(getByRole(mount.container, 'button', 'Approve and send'));
    await settle();
    expect(getByRole(mount.container, 'alert').textContent).toContain('quota would be exceeded');
    expect(text()).toContain('Winter sale: 20% off');
  });

  it('operator_no_broadcast sees no list (it cannot approve)', async () => {
    const { bg } = await open({ role: 'operator_no_broadcast', awaiting: [requested()] });
    expect(text()).toContain('an admin or operator approves them');
    expect(queryAllByRole(mount.container, 'button', 'Approve and send')).toHaveLength(0);
    expect(bg.sent('listAwaitingApproval')).toHaveLength(0);
  });

  it('speaks Japanese', async () => {
    setLanguage('ja');
    await open({ role: 'operator', awaiting: [requested()] });
    expect(text()).toContain('承認待ちの配信');
    expect(queryAllByRole(mount.container, 'button', '承認して送信')).toHaveLength(1);
  });
});
