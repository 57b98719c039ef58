/**
 * A rich menu for a segment, in real Chromium with the built extension: the marketer makes a menu
 * from an image in the panel's "Rich menus" tab, shows it to a segment, and watches the sync API
 * link exactly the segment's members at the (fake) LINE. Japanese too, with screenshots of both.
 */
import { deflateSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';
import type { Definition } from '../../lib/segment/index';
import { seriousViolations } from './support/a11y';
import { text } from './support/copy';
import { ManagerPage } from './support/pages';
import { expectText, openManager, pageErrors, worldPerSuite } from './support/scenario';
import { ACCOUNT, type World } from './support/world';

/** A real PNG the size of a large rich menu: two bands of colour, a few kilobytes compressed. */
function menuPng(width = 2500, height = 1686): Buffer {
  const crc = (buf: Buffer) => {
    let c = ~0;
    for (const b of buf) { c ^= b; for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1)); }
    return ~c >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const row = Buffer.alloc(1 + width * 3);
  const raw = Buffer.alloc(row.length * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const left = x < width / 2;
      row[1 + x * 3] = left ? 6 : 255; row[2 + x * 3] = left ? 199 : 255; row[3 + x * 3] = left ? 85 : 255;
    }
    row.copy(raw, y * row.length);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const vipDefinition = (world: World): Definition =>
  ({ groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [world.tagIds.VIP!] }] }] });

async function openRichMenus(world: World, lang: 'en' | 'ja', track: (p: import('playwright-core').Page) => import('playwright-core').Page) {
  const page = track(await openManager(world));
  const manager = new ManagerPage(page, lang);
  await manager.launcher.waitFor();
  const panel = await manager.openPanel();
  await panel.getByRole('tab', { name: text(lang, 'richMenus.tab') }).click();
  return { page, panel };
}

const members = (world: World, menuId: string) =>
  [...world.line.richMenus.userMenus].filter(([, m]) => m === menuId).map(([u]) => u).sort();

describe.skipIf(!inject('chromiumPresent'))('a rich menu for a segment (English)', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'en' }, (w) => { world = w; });
  const t = (key: string, params?: Record<string, string | number>) => text('en', key, params);

  it('makes a menu from an image, shows it to a segment, and LINE links exactly its members', async () => {
    const segment = await world.givenSegment('VIP friends', vipDefinition(world));
    const expected = world.expected(vipDefinition(world)).map((f) => f.lineUserId).sort();
    expect(expected.length).toBeGreaterThan(0);
    const { page, panel } = await openRichMenus(world, 'en', track);
    await expectText(panel, t('richMenus.empty'));

    await panel.getByRole('button', { name: t('richMenus.create') }).click();
    // Nothing is sent while the draft is incomplete: each field says what to fix.
    await panel.getByRole('button', { name: t('richMenus.create') }).click();
    await expectText(panel, t('richMenus.error.name'));
    expect(world.line.richMenus.menus.size).toBe(0);

    await panel.getByLabel(t('richMenus.name'), { exact: true }).fill('Winter VIP');
    await panel.getByLabel(t('richMenus.chatBarText'), { exact: true }).fill('VIP menu');
    await panel.getByLabel(t('richMenus.actionValueUri', { n: 1 })).fill('https://shop.example/vip');
    await panel.getByLabel(t('richMenus.actionType', { n: 2 })).selectOption('message');
    await panel.getByLabel(t('richMenus.actionValueMessage', { n: 2 })).fill('Coupon please');
    await panel.getByLabel(t('richMenus.image'), { exact: true }).setInputFiles({ name: 'menu.png', mimeType: 'image/png', buffer: menuPng() });
    await expect.poll(() => panel.locator('.lumo-rm-form img').count()).toBe(1);
    await panel.getByRole('button', { name: t('richMenus.create') }).click();
    await expectText(panel.getByRole('status'), t('richMenus.created', { name: 'Winter VIP' }));

    const [menuId, made] = [...world.line.richMenus.menus][0]!;
    expect(made.menu).toMatchObject({ name: 'Winter VIP', chatBarText: 'VIP menu', size: { width: 2500, height: 1686 } });
    expect(made.menu.areas.map((a: { action: unknown }) => a.action)).toEqual([
      expect.objectContaining({ type: 'uri', uri: 'https://shop.example/vip' }),
      expect.objectContaining({ type: 'message', text: 'Coupon please' }),
    ]);
    expect(made.image?.type).toBe('image/png');

    await panel.getByLabel(t('richMenus.assign.segment'), { exact: true }).selectOption(segment.id);
    await panel.getByLabel(t('richMenus.assign.menu'), { exact: true }).selectOption(menuId);
    await panel.getByRole('button', { name: t('richMenus.assign.submit') }).click();
    const item = panel.getByRole('listitem', { name: 'VIP friends' });
    await expectText(item, t('richMenus.assign.status.in_sync'), 60_000);
    await expectText(item, `${expected.length} linked · 0 waiting · 0 failed`);
    expect(members(world, menuId)).toEqual(expected);

    await world.screenshot(page, 'en-rich-menus');
    expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

    await item.getByRole('button', { name: t('richMenus.assign.stop') }).click();
    await page.getByRole('dialog', { name: t('richMenus.assign.stopTitle') }).getByRole('button', { name: t('richMenus.assign.stop') }).click();
    await expect.poll(() => members(world, menuId).length, { timeout: 60_000 }).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  });
});

describe.skipIf(!inject('chromiumPresent'))('a rich menu for a segment (Japanese)', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'ja' }, (w) => { world = w; });

  it('shows the menus and who sees them in Japanese', async () => {
    const segment = await world.givenSegment('VIP 会員', vipDefinition(world));
    const created = await world.api.call('POST', `/v1/accounts/${ACCOUNT}/rich-menus`, {
      name: '冬の VIP メニュー', chatBarText: 'メニュー', size: { width: 2500, height: 843 },
      areas: [{ bounds: { x: 0, y: 0, width: 2500, height: 843 }, action: { type: 'uri', uri: 'https://shop.example/' } }],
    }, { token: world.token });
    expect(created.status).toBe(201);
    const png = menuPng(2500, 843);
    const put = await world.api.call('PUT', `/v1/accounts/${ACCOUNT}/rich-menus/${created.body.id}/image`, undefined,
      { token: world.token, raw: png, headers: { 'content-type': 'image/png' } });
    expect(put.status).toBe(200);
    const assigned = await world.api.call('PUT', `/v1/accounts/${ACCOUNT}/segments/${segment.id}/rich-menu`, { richMenuId: created.body.id, priority: 3 }, { token: world.token });
    expect(assigned.status).toBe(202);

    const { page, panel } = await openRichMenus(world, 'ja', track);
    await expectText(panel, text('ja', 'richMenus.assign.title'));
    await expectText(panel.getByRole('listitem', { name: 'VIP 会員' }), text('ja', 'richMenus.assign.status.in_sync'), 60_000);
    await expect.poll(() => panel.locator('.lumo-rm-card img').count()).toBe(1);
    await world.screenshot(page, 'ja-rich-menus');
    expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);
  });
});
