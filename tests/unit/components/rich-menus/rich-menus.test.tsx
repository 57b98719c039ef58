import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { render } from 'preact';
import { setLanguage } from '@/lib/i18n';
import type { Handlers, PushEvent, SegmentItem } from '@/lib/messages';
import type { RichMenu, RichMenuAssignment } from '@/lib/contract/rich-menus';
import { MessageError } from '@/lib/messages';
import { RichMenusView } from '@/components/rich-menus/RichMenusView';
import { draftProblems, draftToMenu, emptyDraft, withTemplate } from '@/components/rich-menus/model';
import type { PanelModels } from '@/components/models/panel';
import { accessibleName, choose, click, getByRole, queryAllByRole, queryByText, settle, shadowContainer, type } from '../dom';
import { ACCOUNT, aSegment, protocolClient } from '../fake-background';

function png(width: number, height: number): Uint8Array {
  const b = new Uint8Array(64);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(b.buffer).setUint32(16, width);
  new DataView(b.buffer).setUint32(20, height);
  return b;
}
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

describe('a new rich menu, before anything is sent', () => {
  beforeEach(() => setLanguage('en'));

  it('names every field to fix, and none once the draft is complete', () => {
    const d = emptyDraft();
    expect(Object.keys(draftProblems(d)).sort()).toEqual(['areas.0', 'areas.1', 'chatBarText', 'image', 'name']);
    const bytes = png(2500, 1686);
    const ready = { ...d, name: 'Winter', chatBarText: 'Menu', image: { bytes, base64: b64(bytes), type: 'image/png' as const, dataUrl: '' },
      areas: [{ kind: 'uri' as const, value: 'https://shop.example' }, { kind: 'message' as const, value: 'Coupon' }] };
    expect(draftProblems(ready)).toEqual({});
    expect(draftProblems({ ...ready, height: 843 }).image).toMatch(/2500×1686 pixels; this menu needs exactly 2500×843/);
    expect(draftProblems({ ...ready, areas: [{ kind: 'uri', value: 'http://shop.example' }, ready.areas[1]!] })['areas.0']).toMatch(/https/);
  });

  it('keeps the actions typed so far when the layout changes, and tiles the image', () => {
    const d = { ...emptyDraft(), areas: [{ kind: 'message' as const, value: 'A' }, { kind: 'uri' as const, value: 'https://b.example' }] };
    const six = withTemplate(d, 6);
    expect(six.areas.slice(0, 2)).toEqual(d.areas);
    expect(six.areas).toHaveLength(6);
    const menu = draftToMenu({ ...six, name: ' Winter ', chatBarText: 'Menu' });
    expect(menu.name).toBe('Winter');
    expect(menu.areas[0]!.action).toMatchObject({ type: 'message', text: 'A' });
    expect(menu.areas.map((a) => a.bounds.width * a.bounds.height).reduce((s, x) => s + x, 0)).toBe(2500 * 1686);
  });
});

describe('the Rich menus view', () => {
  let unmount = () => {};
  afterEach(() => unmount());

  function open(handlers: Partial<Handlers>, segments: SegmentItem[] = []) {
    const sent: { type: string; payload: any }[] = [];
    const wrapped = Object.fromEntries(Object.entries(handlers).map(([k, f]) => [k, (p: any, c: any) => { sent.push({ type: k, payload: p }); return (f as any)(p, c); }]));
    const client = protocolClient(wrapped, new Set<(e: PushEvent) => void>());
    const panel = { client, accountId: ACCOUNT, list: { items: signal(segments) } } as unknown as PanelModels;
    const { host, container } = shadowContainer();
    render(<RichMenusView models={panel} />, container);
    unmount = () => { render(null, container); host.remove(); };
    return { container, sent };
  }

  const menu = (over: Partial<RichMenu> = {}): RichMenu => ({
    id: 'richmenu-1', name: 'Gold', chatBarText: 'Menu', selected: false, size: { width: 2500, height: 1686 },
    areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 1686 }, action: { type: 'uri', uri: 'https://a.example' } }],
    aliasId: null, hasImage: true, createdByLumo: true, segmentIds: [], ...over,
  });
  const assignment = (over: Partial<RichMenuAssignment> = {}): RichMenuAssignment => ({
    segmentId: 'seg-1', richMenuId: 'richmenu-1', priority: 2, status: 'in_sync', members: 10, linked: 7, pending: 1, failed: 1, overridden: 1,
    failures: [{ lineUserId: `U${'c'.repeat(32)}`, reason: 'LINE accepted the link but did not apply it.' }], error: null, lastSyncedAt: null, ...over,
  });

  it('lists the menus and who sees them, in English and Japanese', async () => {
    const { container } = open({
      listRichMenus: async () => ({ menus: [menu({ segmentIds: ['seg-1'] })], assignments: [assignment()] }),
      richMenuImage: async () => ({ dataUrl: 'data:image/png;base64,AAAA' }),
    }, [{ segment: aSegment({ id: 'seg-1', name: 'VIP' }), preview: null, sync: 'synced' }]);
    await settle(6);
    const card = queryAllByRole(container, 'listitem').find((li) => li.getAttribute('aria-label') === 'Gold')!;
    expect(card.textContent).toContain('Shown to 1 segment');
    const item = queryAllByRole(container, 'listitem').find((li) => li.getAttribute('aria-label') === 'VIP')!;
    expect(item.textContent).toContain('7 linked · 1 waiting · 1 failed · 1 see a higher-priority menu');
    expect(getByRole(item, 'button', 'Stop showing')).toBeTruthy();
    setLanguage('ja');
    await settle();
    expect(container.textContent).toContain('メニューを表示するセグメント');
    setLanguage('en');
  });

  it('shows what to fix instead of sending an incomplete menu, then creates it with its image', async () => {
    let created: any = null;
    const { container, sent } = open({
      listRichMenus: async () => ({ menus: created ? [menu({ id: 'richmenu-new', name: 'Winter' })] : [], assignments: [] }),
      richMenuImage: async () => ({ dataUrl: 'data:image/png;base64,AAAA' }),
      createRichMenu: async (p) => { created = p; return menu({ id: 'richmenu-new', name: p.menu.name }); },
    });
    await settle(4);
    await click(getByRole(container, 'button', 'Create rich menu'));
    await click(getByRole(container, 'button', 'Create rich menu'));
    expect(queryByText(container, 'Enter a name (at most 300 characters).')).toBeTruthy();
    expect(sent.filter((s) => s.type === 'createRichMenu')).toHaveLength(0);

    await type(getByRole(container, 'textbox', 'Menu name'), 'Winter');
    await type(getByRole(container, 'textbox', 'Chat bar text'), 'Menu');
    await choose(getByRole(container, 'combobox', 'Tap areas'), '1');
    await type(getByRole(container, 'textbox', 'Area 1: address (https://…)'), 'https://shop.example/winter');
    const file = container.querySelector('input[type="file"]') as HTMLInputElement;
    const bytes = png(2500, 1686);
    Object.defineProperty(file, 'files', { value: [{ type: 'image/png', arrayBuffer: async () => bytes.buffer }] });
    file.dispatchEvent(new Event('change', { bubbles: true }));
    await settle(4);
    await click(getByRole(container, 'button', 'Create rich menu'));
    await settle(6);
    expect(created.menu).toMatchObject({ name: 'Winter', chatBarText: 'Menu', size: { width: 2500, height: 1686 }, areas: [{ action: { type: 'uri', uri: 'https://shop.example/winter' } }] });
    expect(created.image).toEqual({ base64: b64(bytes), type: 'image/png' });
    expect(container.textContent).toContain('Rich menu "Winter" created.');
  });

  it('"Unlink everything Lumo linked" asks first, then stops every segment\'s menu', async () => {
    let stopped = false;
    const { container, sent } = open({
      listRichMenus: async () => ({ menus: [menu()], assignments: [assignment({ status: stopped ? 'stopping' : 'in_sync' })] }),
      richMenuImage: async () => ({ dataUrl: 'data:image/png;base64,AAAA' }),
      unlinkAllRichMenus: async () => { stopped = true; return { assignments: 1 }; },
    }, [{ segment: aSegment({ id: 'seg-1', name: 'VIP' }), preview: null, sync: 'synced' }]);
    await settle(6);
    await click(getByRole(container, 'button', 'Unlink everything Lumo linked'));
    expect(sent.filter((s) => s.type === 'unlinkAllRichMenus')).toHaveLength(0);
    const dialog = getByRole(container, 'dialog');
    await click(getByRole(dialog, 'button', 'Unlink everything Lumo linked'));
    await settle(6);
    expect(sent.filter((s) => s.type === 'unlinkAllRichMenus')).toEqual([{ type: 'unlinkAllRichMenus', payload: { accountId: ACCOUNT } }]);
    expect(queryAllByRole(container, 'listitem').find((li) => li.getAttribute('aria-label') === 'VIP')!.textContent).toContain('Stopping…');
  });

  it('says LINE\'s refusal in words and keeps the draft', async () => {
    const { container } = open({
      listRichMenus: async () => ({ menus: [menu()], assignments: [] }),
      richMenuImage: async () => ({ dataUrl: 'data:image/png;base64,AAAA' }),
      assignRichMenu: async () => { throw new MessageError({ kind: 'invalid', message: 'LINE has no such rich menu on this channel.', status: 400 }); },
    }, [{ segment: aSegment({ id: 'seg-1', name: 'VIP' }), preview: null, sync: 'synced' }]);
    await settle(6);
    await choose(getByRole(container, 'combobox', 'Segment'), 'seg-1');
    await choose(getByRole(container, 'combobox', 'Rich menu'), 'richmenu-1');
    await click(getByRole(container, 'button', 'Show this rich menu to this segment'));
    await settle(4);
    expect(getByRole(container, 'alert').textContent).toContain('LINE has no such rich menu on this channel.');
    expect(accessibleName(getByRole(container, 'combobox', 'Segment'))).toBe('Segment');
  });
});
