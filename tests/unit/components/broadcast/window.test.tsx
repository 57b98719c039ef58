/**
 * The broadcast window as a marketer uses it: the target segment, bubbles checked in place, a
 * confirmation that states who receives it, and the send going through the message protocol.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { setLanguage } from '@/lib/i18n';
import { BroadcastWindow } from '@/components/broadcast/BroadcastWindow';
import { createBroadcastModel, type BroadcastModel } from '@/components/broadcast/model';
import { click, getByRole, queryAllByRole, queryByText, settle, type } from '../dom';
import { ACCOUNT, SEGMENT, aBroadcast, aFriend, fakeBroadcastBackground, type FakeOptions } from './fake';

let container: HTMLElement;
let model: BroadcastModel | null = null;

beforeEach(() => {
  setLanguage('en');
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  model?.dispose();
  model = null;
  render(null, container);
  container.remove();
  setLanguage('en');
});

let keys = 0;
async function open(o: FakeOptions = {}) {
  const bg = fakeBroadcastBackground(o);
  model = createBroadcastModel({ client: bg.client, accountId: ACCOUNT, segmentId: SEGMENT, pollMs: 5, newKey: () => `key-${++keys}-abcdefgh` });
  render(<BroadcastWindow model={model} />, container);
  await model.load();
  await settle();
  return bg;
}

const text = () => container.textContent?.replace(/\s+/g, ' ') ?? '';
const messageText = () => getByRole(container, 'textbox', 'Text') as HTMLTextAreaElement;
/** The input a visible label names (URL inputs are not "textbox"es to dom.ts). */
function field(label: string): HTMLInputElement {
  const l = [...container.querySelectorAll('label')].filter((x) => x.textContent === label);
  if (l.length !== 1) throw new Error(`Expected one label "${label}", found ${l.length}`);
  return container.querySelector<HTMLInputElement>(`#${CSS.escape(l[0]!.htmlFor)}`)!;
}
async function waitFor(check: () => boolean, what: string) {
  // Generous: the whole suite shares two cores, and a loaded machine delays every timer.
  for (let i = 0; i < 600 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`Timed out waiting for ${what}. Text: ${text()}`);
}

describe('the broadcast window', () => {
  it('shows the target segment with a fresh count and its first friends', async () => {
    const bg = await open({ count: 1234 });
    expect(text()).toContain('Winter buyers');
    expect(container.querySelector('.bc-target__count')!.textContent).toBe('1,234 friends');
    expect(text()).toContain('Aoi');
    expect(text()).toContain('Ren');
    expect(bg.sent('getPreview')).toEqual([{ accountId: ACCOUNT, segmentId: SEGMENT, refresh: true }]);
  });

  it('checks each bubble against LINE\'s rules and shows the reason in place', async () => {
    await open();
    await type(messageText(), 'x'.repeat(4999) + '🎉');
    const alerts = () => queryAllByRole(container, 'alert').map((a) => a.textContent);
    expect(alerts()).toEqual(['Too long: 5,001 of at most 5,000 characters.']);
    expect(messageText().getAttribute('aria-invalid')).toBe('true');
    expect(messageText().getAttribute('aria-describedby')).toContain(queryAllByRole(container, 'alert')[0]!.id);

    await click(getByRole(container, 'button', 'Add image'));
    await type(field('Image URL'), 'http://cdn.example.com/a.jpg');
    expect(alerts()).toContain('The URL must start with https:// (LINE accepts only HTTPS).');
    await click(getByRole(container, 'button', 'Add sticker'));
    await type(field('Sticker ID'), 'smile');
    expect(alerts()).toContain('A sticker ID is a number, like 1988.');
  });

  it('will not open the confirmation while a bubble is wrong, and says why', async () => {
    const bg = await open();
    await click(getByRole(container, 'button', 'Send now'));
    expect(queryAllByRole(container, 'dialog')).toEqual([]);
    expect(queryAllByRole(container, 'alert').map((a) => a.textContent)).toEqual([
      'Enter the message text.', 'Fix the messages marked in red first.']);
    expect(bg.sent('createBroadcast')).toEqual([]);
  });

  it('offers emoji, counts them as LINE does, and previews the bubbles like a LINE chat', async () => {
    await open();
    await type(messageText(), 'Sale ');
    await click(getByRole(container, 'button', 'Insert 🎉'));
    expect(messageText().value).toBe('Sale 🎉');
    expect(text()).toContain('7 / 5,000');
    await click(getByRole(container, 'button', 'Add sticker'));
    await type(field('Package ID'), '446');
    await type(field('Sticker ID'), '1988');
    const phone = container.querySelector('.bc-phone')!;
    expect(phone.querySelector('.bc-phone__bar')!.textContent).toBe('Shop Aoba');
    expect(phone.querySelector('.bc-chat__bubble')!.textContent).toBe('Sale 🎉');
    expect(phone.querySelector<HTMLImageElement>('img.bc-chat__sticker')!.alt).toBe('Sticker 446/1988');
  });

  it('confirmation states the account, the segment and the recipients counted now, and that it cannot be undone', async () => {
    const bg = await open({ count: 1201, quota: { limit: 5000, used: 1000, remaining: 4000 } });
    await type(messageText(), 'Winter sale starts today');
    await click(getByRole(container, 'button', 'Send now'));
    const dialog = getByRole(container, 'dialog');
    expect(dialog.textContent).toContain(ACCOUNT);
    expect(dialog.textContent).toContain('Winter buyers');
    expect(dialog.textContent).toContain('1,201 friends');
    expect(dialog.textContent).toContain('Sending cannot be undone');
    expect(dialog.textContent).toContain('This month: 4,000 of 5,000 messages left on LINE.');
    // Only the dry run so far: nothing sent.
    expect(bg.sent('createBroadcast').map((r) => r.broadcast.dryRun)).toEqual([true]);

    await click(getByRole(dialog, 'button', 'Cancel'));
    expect(queryAllByRole(container, 'dialog')).toEqual([]);
    expect(bg.sent('createBroadcast').filter((r) => !r.broadcast.dryRun)).toEqual([]);
  });

  it('refuses in the confirmation when the month\'s quota is too small', async () => {
    await open({ count: 1201, quota: { limit: 1000, used: 900, remaining: 100 } });
    await type(messageText(), 'Hello');
    await click(getByRole(container, 'button', 'Send now'));
    const dialog = getByRole(container, 'dialog');
    expect(dialog.textContent).toContain('Not enough messages left this month: 100 of 1,000 remain on LINE, this needs 1,201.');
    expect((getByRole(dialog, 'button', 'Send') as HTMLButtonElement).disabled).toBe(true);
  });

  it('sends through the message protocol and shows the progress live', async () => {
    const bg = await open({ steps: [
      { status: 'sending', recipients: 1201, sent: 0 },
      { status: 'sending', recipients: 1201, sent: 500 },
      { status: 'sent', recipients: 1201, sent: 1201, progress: 1 },
    ] });
    await type(messageText(), 'Winter sale starts today 🎉');
    await click(getByRole(container, 'checkbox', 'Notify friends (push notification)'));
    await click(getByRole(container, 'button', 'Send now'));
    const send = getByRole(getByRole(container, 'dialog'), 'button', 'Send');
    send.click();
    send.click(); // a double click
    await settle();

    const creates = bg.sent('createBroadcast').filter((r) => !r.broadcast.dryRun);
    expect(creates).toHaveLength(1);
    expect(creates[0]).toEqual({
      accountId: ACCOUNT, idempotencyKey: expect.stringMatching(/^key-/),
      broadcast: { segmentId: SEGMENT, messages: [{ type: 'text', text: 'Winter sale starts today 🎉' }], notificationDisabled: true },
    });
    await waitFor(() => text().includes('Sent to 1,201 friends.'), 'the broadcast to be sent');
    expect(bg.sent('getBroadcast').length).toBeGreaterThanOrEqual(3);
    expect(container.querySelector('progress')!.value).toBe(1201);
  });

  it('sends again after an error with the same Idempotency-Key, so the broadcast cannot go out twice', async () => {
    const bg = await open({
      refuseCreate: { times: 1, error: { kind: 'unreachable', message: 'timeout' } },
      steps: [{ status: 'sent', recipients: 1201, sent: 1201 }],
    });
    await type(messageText(), 'Hello');
    await click(getByRole(container, 'button', 'Send now'));
    await click(getByRole(getByRole(container, 'dialog'), 'button', 'Send'));
    expect(getByRole(container, 'alert').textContent).toMatch(/reach/i);
    await click(getByRole(container, 'button', 'Send now'));
    await click(getByRole(getByRole(container, 'dialog'), 'button', 'Send'));
    const creates = bg.sent('createBroadcast').filter((r) => !r.broadcast.dryRun);
    expect(creates).toHaveLength(2);
    expect(creates[1]!.idempotencyKey).toBe(creates[0]!.idempotencyKey);
    await waitFor(() => text().includes('Sent to 1,201 friends.'), 'the broadcast to be sent');

    // Another message is another broadcast, with a key of its own.
    await click(getByRole(container, 'button', 'Write another broadcast'));
    await type(messageText(), 'Something else');
    await click(getByRole(container, 'button', 'Send now'));
    await click(getByRole(getByRole(container, 'dialog'), 'button', 'Send'));
    const third = bg.sent('createBroadcast').filter((r) => !r.broadcast.dryRun)[2]!;
    expect(third.idempotencyKey).not.toBe(creates[0]!.idempotencyKey);
  });

  it('shows LINE\'s reason when the broadcast failed', async () => {
    await open({ steps: [{ status: 'failed', recipients: 1201, sent: 500, error: {
      code: 'line_rejected', message: 'LINE refused the broadcast: The request body has 1 error(s)', at: '2026-03-01T12:00:00.000Z' } }] });
    await type(messageText(), 'Hello');
    await click(getByRole(container, 'button', 'Send now'));
    await click(getByRole(getByRole(container, 'dialog'), 'button', 'Send'));
    await waitFor(() => text().includes('then stopped'), 'the failure');
    expect(getByRole(container, 'alert').textContent)
      .toBe('Sent to 500 of 1,201 friends, then stopped: LINE refused the broadcast: The request body has 1 error(s)');
  });

  it('schedules for a time and can cancel before it starts', async () => {
    const bg = await open();
    await type(messageText(), 'See you tomorrow');
    const at = container.querySelector<HTMLInputElement>('input[type="datetime-local"]')!;
    at.value = '2099-01-02T09:30';
    at.dispatchEvent(new Event('input', { bubbles: true }));
    await settle();
    await click(getByRole(container, 'button', 'Schedule'));
    const dialog = getByRole(container, 'dialog');
    expect(dialog.textContent).toContain('Schedule this broadcast?');
    expect(dialog.textContent).toContain('You can cancel it until it starts sending');
    await click(getByRole(dialog, 'button', 'Send'));
    const [create] = bg.sent('createBroadcast').filter((r) => !r.broadcast.dryRun);
    expect(create!.broadcast.scheduledAt).toBe(new Date('2099-01-02T09:30').toISOString());
    expect(text()).toContain('Scheduled for');
    await click(getByRole(container, 'button', 'Cancel broadcast'));
    expect(bg.sent('cancelBroadcast')).toEqual([{ accountId: ACCOUNT, broadcastId: 'bc-1' }]);
    expect(text()).toContain('Cancelled. Nothing was sent.');
  });

  it('sends a test to one friend found by search', async () => {
    const bg = await open({ friends: [aFriend({ displayName: 'Aoi' }), aFriend({ lineUserId: `U${'b'.repeat(32)}`, displayName: 'Ren', blockedAt: '2026-01-01T00:00:00.000Z' })] });
    await type(messageText(), 'Test me');
    expect((getByRole(container, 'button', 'Send test') as HTMLButtonElement).disabled).toBe(true);
    const search = container.querySelector<HTMLInputElement>('input[type="search"]')!;
    await type(search, 'Ao');
    await click(getByRole(container, 'button', 'Aoi'));
    expect(text()).toContain('Test goes to Aoi');
    await click(getByRole(container, 'button', 'Send test'));
    expect(bg.sent('testBroadcast')).toEqual([{ accountId: ACCOUNT, userId: `U${'a'.repeat(32)}`, messages: [{ type: 'text', text: 'Test me' }] }]);
    expect(text()).toContain('Test sent to Aoi');
  });

  it('for operator_no_broadcast: "Request approval" instead of "Send now", creates it awaiting approval, then shows a decline\'s reason', async () => {
    const bg = await open({ role: 'operator_no_broadcast', steps: [
      { status: 'declined', approval: { status: 'declined', requestedBy: { type: 'member', id: 'm-1', name: 'Mio' }, decidedBy: { type: 'member', id: 'm-2', name: 'Ken' }, decidedAt: '2026-03-01T13:00:00.000Z', reason: 'Wrong coupon code' } },
    ] });
    expect(queryAllByRole(container, 'button', 'Send now')).toHaveLength(0);
    expect(queryAllByRole(container, 'button', 'Schedule')).toHaveLength(0);
    await type(messageText(), 'Winter sale');
    await click(getByRole(container, 'button', 'Request approval'));
    await settle();
    const creates = bg.sent('createBroadcast');
    expect(creates).toHaveLength(1); // no dry run, no confirmation: nothing is sent yet
    expect(creates[0]!.broadcast).toEqual({ segmentId: SEGMENT, messages: [{ type: 'text', text: 'Winter sale' }], notificationDisabled: false, requestApproval: true });
    expect(text()).toContain('waits for an admin\'s or operator\'s approval');
    await waitFor(() => text().includes('Declined by Ken: Wrong coupon code'), 'the decline to show');
  });

  it('for operator_no_broadcast: the segment\'s requests beside the composer, awaiting or declined with the reason; none for roles that send', async () => {
    const mio = { type: 'member' as const, id: 'm-1', name: 'Mio' };
    const history = [
      aBroadcast({ id: 'bc-3', status: 'declined', messages: [{ type: 'text', text: 'Old coupon' }],
        approval: { status: 'declined', requestedBy: mio, decidedBy: { type: 'member', id: 'm-2', name: 'Ken' }, decidedAt: '2026-03-01T13:00:00.000Z', reason: 'The code expired' } }),
      aBroadcast({ id: 'bc-2', status: 'awaiting_approval', messages: [{ type: 'text', text: 'Spring sale' }],
        approval: { status: 'awaiting', requestedBy: mio, decidedBy: null, decidedAt: null, reason: null } }),
      aBroadcast({ id: 'bc-1', status: 'sent', recipients: 40, sent: 40, messages: [{ type: 'text', text: 'Already out' }] }),
    ];
    const bg = await open({ role: 'operator_no_broadcast', history });
    await waitFor(() => text().includes('Approval requests for this segment'), 'the requests');
    const region = getByRole(container, 'region', 'Approval requests for this segment');
    const items = [...region.querySelectorAll('li')].map((li) => li.textContent?.replace(/\s+/g, ' '));
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('Asked by Mio');
    expect(items[0]).toContain('Old coupon');
    expect(items[0]).toContain('Declined by Ken: The code expired');
    expect(items[1]).toContain('Spring sale');
    expect(items[1]).toContain('waits for an admin\'s or operator\'s approval');
    expect(bg.sent('listBroadcasts')).toContainEqual({ accountId: ACCOUNT, segmentId: SEGMENT });

    model?.dispose();
    render(null, container);
    await open({ role: 'operator', history });
    expect(queryAllByRole(container, 'region', 'Approval requests for this segment')).toHaveLength(0);
  });

  it('operator_no_analytics sees no results of the last broadcast (its role may not)', async () => {
    const history = [aBroadcast({ id: 'bc-1', status: 'sent', recipients: 40, sent: 40 })];
    await open({ role: 'operator_no_analytics', history });
    expect(queryAllByRole(container, 'region', 'Last broadcast to this segment')).toHaveLength(0);
    model?.dispose();
    render(null, container);
    await open({ role: 'operator', history });
    await waitFor(() => queryAllByRole(container, 'region', 'Last broadcast to this segment').length === 1, 'the last results');
  });

  it('roles that may send (and the admin token) keep "Send now"; a fresh accounts list with another role changes the card', async () => {
    const bg = await open({ role: 'operator_no_analytics' });
    expect(queryAllByRole(container, 'button', 'Send now')).toHaveLength(1);
    expect(queryAllByRole(container, 'button', 'Request approval')).toHaveLength(0);
    bg.push({ type: 'fresh.accounts', data: [{ id: ACCOUNT, name: 'Shop Aoba', timezone: 'Asia/Tokyo', role: 'operator_no_broadcast' }] });
    await settle();
    expect(queryAllByRole(container, 'button', 'Send now')).toHaveLength(0);
    expect(queryAllByRole(container, 'button', 'Request approval')).toHaveLength(1);
  });

  it('speaks Japanese', async () => {
    setLanguage('ja');
    await open();
    for (const name of ['今すぐ配信', '予約配信', 'テスト配信']) expect(getByRole(container, 'button', name)).toBeTruthy();
  });
});
