/** The panel's broadcast history: a segment's broadcasts, when, by which token, how many, how it went. */
import { describe, expect, it } from 'vitest';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { Slot } from '@/components/slots';
import { settle } from '../dom';
import { mountPerTest, viewModels } from '../mount';
import { ACCOUNT, SEGMENT, aBroadcast, fakeBroadcastBackground } from './fake';

const mount = mountPerTest();

function models(bg: ReturnType<typeof fakeBroadcastBackground>, segmentId: string | null) {
  const id = signal<string | null>(segmentId);
  return { id, models: viewModels(ACCOUNT, bg.client, { editor: { segmentId: id } }) };
}

describe('broadcast history in the panel', () => {
  it('lists the segment\'s broadcasts through the panel\'s slot', async () => {
    const bg = fakeBroadcastBackground({ history: [
      aBroadcast({ id: 'b2', status: 'failed', recipients: 1201, sent: 500, createdBy: 'token 1a2b3c4d', startedAt: '2026-03-02T01:00:00.000Z',
        error: { code: 'line_rejected', message: 'LINE refused the broadcast: Invalid message', at: '2026-03-02T01:00:01.000Z' } }),
      aBroadcast({ id: 'b1', status: 'sent', recipients: 40, sent: 40, createdBy: 'admin', startedAt: '2026-03-01T01:00:00.000Z' }),
    ] });
    const { models: m } = models(bg, SEGMENT);
    render(<Slot name="broadcastHistory" models={m} />, mount.container);
    await settle(5);
    expect(bg.sent('listBroadcasts')).toEqual([{ accountId: ACCOUNT, segmentId: SEGMENT }]);
    const items = [...mount.container.querySelectorAll('li')].map((li) => li.textContent);
    expect(items).toHaveLength(2);
    expect(items[0]).toContain('Failed');
    expect(items[0]).toContain('500 / 1,201');
    expect(items[0]).toContain('by token 1a2b3c4d');
    expect(items[0]).toContain('LINE refused the broadcast: Invalid message');
    expect(items[1]).toContain('Sent');
    expect(items[1]).toContain('40 / 40');
    expect(items[1]).toContain('by admin token');
  });

  it('loads again when the manager\'s window gets the focus back from the broadcast window', async () => {
    const bg = fakeBroadcastBackground({ history: [] });
    const { models: m } = models(bg, SEGMENT);
    render(<Slot name="broadcastHistory" models={m} />, mount.container);
    await settle(5);
    expect(bg.sent('listBroadcasts')).toHaveLength(1);
    dispatchEvent(new Event('focus'));
    await settle(5);
    expect(bg.sent('listBroadcasts')).toHaveLength(2);
  });

  it('says when there is none, and shows nothing for an unsaved segment', async () => {
    const bg = fakeBroadcastBackground({ history: [] });
    const { id, models: m } = models(bg, SEGMENT);
    render(<Slot name="broadcastHistory" models={m} />, mount.container);
    await settle(5);
    expect(mount.container.textContent).toContain('No broadcast to this segment yet.');
    id.value = null;
    await settle(5);
    expect(mount.container.textContent).toBe('');
  });

  it('asks for results only where the role may read them: not for operator_no_analytics, nor before the role is known', async () => {
    const sent = aBroadcast({ id: 'b1', status: 'sent', recipients: 40, sent: 40, startedAt: '2026-03-01T01:00:00.000Z' });
    const asked = async (role: unknown) => {
      const bg = fakeBroadcastBackground({ history: [sent] });
      const m = viewModels(ACCOUNT, bg.client, { editor: { segmentId: signal(SEGMENT) }, role: signal(role) });
      render(<Slot name="broadcastHistory" models={m} />, mount.container);
      await settle(5);
      expect(mount.container.textContent).toContain('40 / 40');
      render(null, mount.container);
      return bg.sent('getBroadcastResults').length;
    };
    expect(await asked('operator_no_analytics')).toBe(0);
    expect(await asked(undefined)).toBe(0);
    expect(await asked('operator')).toBe(1);
    expect(await asked(null)).toBe(1); // the admin token
  });
});
