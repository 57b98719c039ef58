/**
 * Tags and friends in the panel, in real Chromium with the built extension against the sync API:
 * create a tag, tag a friend from their card, "Tag everyone" in a segment and undo it, export the
 * segment as CSV and read it back. Screenshots of Tags, Friends and a friend's card, English and
 * Japanese, each axe-checked.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { describe, expect, inject, it } from 'vitest';
import type { Definition } from '../../lib/segment/index';
import { seriousViolations } from './support/a11y';
import { text } from './support/copy';
import { ManagerPage } from './support/pages';
import { expectText, openManager, pageErrors, worldPerSuite } from './support/scenario';
import { ACCOUNT, type World } from './support/world';

const vipDefinition = (world: World): Definition =>
  ({ groups: [{ conditions: [{ property: 'tag', operator: 'contains_any', value: [world.tagIds.VIP!] }] }] });
const PANEL = '[data-lumo-segments="segment-panel"]';

async function openPanel(world: World, lang: 'en' | 'ja', track: (p: import('playwright-core').Page) => import('playwright-core').Page) {
  const page = track(await openManager(world));
  const manager = new ManagerPage(page, lang);
  await manager.launcher.waitFor();
  return { page, panel: await manager.openPanel() };
}

/** Whether the element has focus inside its shadow root (document.activeElement is the host). */
const hasFocus = (locator: import('playwright-core').Locator) => locator.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el);

async function friendTags(world: World, userId: string): Promise<string[]> {
  const r = await world.api.call('GET', `/v1/accounts/${ACCOUNT}/friends/${userId}`, undefined, { token: world.token });
  return (r.body.tags as { name: string }[]).map((x) => x.name).sort();
}

describe.skipIf(!inject('chromiumPresent'))('tags and friends in the panel (English)', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'en' }, (w) => { world = w; });
  const t = (key: string, params?: Record<string, string | number>) => text('en', key, params);

  it('creates a tag, tags a friend from the card, tags a segment\'s members and undoes it, and exports the segment', async () => {
    const segment = await world.givenSegment('VIP friends', vipDefinition(world));
    const members = world.expected(vipDefinition(world)).map((f) => f.lineUserId).sort();
    expect(members.length).toBeGreaterThan(0);
    const { page, panel } = await openPanel(world, 'en', track);

    // Create a tag.
    await panel.getByRole('tab', { name: t('tags.tab') }).click();
    await panel.getByRole('button', { name: t('tags.create') }).click();
    const create = page.getByRole('dialog', { name: t('tags.createTitle') });
    await create.getByLabel(t('tags.name')).fill('Repeaters');
    await create.getByRole('button', { name: t('tags.create') }).click();
    await expect.poll(() => panel.getByRole('listitem', { name: 'Repeaters' }).count(), { timeout: 30_000 }).toBe(1);
    // A name that is taken is said next to the field.
    await panel.getByRole('button', { name: t('tags.create') }).click();
    await page.getByRole('dialog', { name: t('tags.createTitle') }).getByLabel(t('tags.name')).fill('Repeaters');
    await page.getByRole('dialog', { name: t('tags.createTitle') }).getByRole('button', { name: t('tags.create') }).click();
    await expectText(page.getByRole('dialog', { name: t('tags.createTitle') }).getByRole('alert'), /already exists/);
    // Escape closes it after the refusal (the clicked button was disabled meanwhile, which takes
    // focus off it in Chromium), and focus goes back to the button that opened it.
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: t('tags.createTitle') }).count()).toBe(0);
    expect(await hasFocus(panel.getByRole('button', { name: t('tags.create') }))).toBe(true);
    await world.screenshot(page, 'en-tags');
    expect(await seriousViolations(page, PANEL)).toEqual([]);

    // Tag a friend from the card.
    await panel.getByRole('tab', { name: t('friends.tab') }).click();
    const first = panel.locator('.lumo-friends__row .lumo-row__name').first();
    await first.waitFor();
    await world.screenshot(page, 'en-friends');
    expect(await seriousViolations(page, PANEL)).toEqual([]);
    await first.click();
    const card = panel.locator('.lumo-friend-card');
    await card.waitFor();
    const userId = (await card.locator('.lumo-muted').first().textContent())!.trim();
    await card.getByLabel(t('friends.addTag')).selectOption({ label: 'Repeaters' });
    await card.getByRole('button', { name: t('friends.add') }).click();
    await expect.poll(() => friendTags(world, userId), { timeout: 30_000 }).toContain('Repeaters');
    await expect.poll(() => card.getByRole('button', { name: t('friends.removeTag', { name: 'Repeaters' }) }).count()).toBe(1);
    await world.screenshot(page, 'en-friend-card');
    expect(await seriousViolations(page, PANEL)).toEqual([]);

    // Tag everyone in the segment, then undo.
    await panel.getByRole('tab', { name: t('tabs.segments') }).click();
    const row = panel.getByRole('listitem', { name: 'VIP friends' });
    await expectText(row, t('panel.friends', { count: members.length }), 60_000);
    await row.getByRole('button', { name: t('tags.tagEveryone') }).click();
    const dialog = page.getByRole('dialog', { name: t('tags.tagEveryoneTitle', { segment: 'VIP friends' }) });
    await dialog.getByLabel(t('tags.tag'), { exact: true }).selectOption({ label: 'Repeaters' });
    await dialog.getByRole('button', { name: t('tags.confirm') }).click();
    await expectText(dialog, t('tags.confirmAdd', { tag: 'Repeaters', count: members.length, segment: 'VIP friends' }));
    await dialog.getByRole('button', { name: t('tags.confirm') }).click();
    await expectText(dialog, /Done: "Repeaters" added to/, 60_000);
    for (const id of members) expect(await friendTags(world, id)).toContain('Repeaters');
    await dialog.getByRole('button', { name: t('tags.undo') }).click();
    await expectText(dialog, /Undone:/, 60_000);
    for (const id of members.filter((m) => m !== userId)) expect(await friendTags(world, id)).not.toContain('Repeaters');
    if (members.includes(userId)) expect(await friendTags(world, userId)).toContain('Repeaters'); // had it before: keeps it
    await dialog.getByRole('button', { name: t('tags.close') }).click();

    // Export the segment and read the file back.
    const download = page.waitForEvent('download');
    await row.getByRole('button', { name: t('tags.exportCsv') }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^VIP friends \d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true }) as string[][];
    expect(rows[0]!.slice(0, 4)).toEqual(['lineUserId', 'displayName', 'addedAt', 'tags']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(members);
    expect(segment.id).toBeTruthy();

    // The editor of a saved segment has both too; a new one says to save it first.
    await row.getByRole('button', { name: 'VIP friends', exact: true }).click();
    const inEditor = panel.getByRole('group', { name: t('tags.segmentActions') });
    const again = page.waitForEvent('download');
    await inEditor.getByRole('button', { name: t('tags.exportCsv') }).click();
    const second = await again;
    expect(parse(await readFile((await second.path())!), { bom: true }).length - 1).toBe(members.length);
    await inEditor.getByRole('button', { name: t('tags.tagEveryone') }).click();
    await expect.poll(() => page.getByRole('dialog', { name: t('tags.tagEveryoneTitle', { segment: 'VIP friends' }) }).count()).toBe(1);
    expect(await seriousViolations(page, PANEL)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('dialog', { name: t('tags.tagEveryoneTitle', { segment: 'VIP friends' }) }).count()).toBe(0);
    expect(await hasFocus(inEditor.getByRole('button', { name: t('tags.tagEveryone') }))).toBe(true);
    await panel.locator('.lumo-back').click();
    await panel.getByRole('button', { name: t('panel.list.createSegment') }).click();
    await expectText(panel.getByRole('group', { name: t('tags.segmentActions') }), t('tags.saveFirst'));
    expect(await panel.getByRole('group', { name: t('tags.segmentActions') }).getByRole('button').count()).toBe(0);
    expect(pageErrors(page)).toEqual([]);
  }, 180_000);
});

describe.skipIf(!inject('chromiumPresent'))('tags and friends in the panel (Japanese)', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'ja' }, (w) => { world = w; });
  const t = (key: string, params?: Record<string, string | number>) => text('ja', key, params);

  it('shows Tags, Friends and a friend\'s card in Japanese', async () => {
    const { page, panel } = await openPanel(world, 'ja', track);
    await panel.getByRole('tab', { name: t('tags.tab') }).click();
    await expect.poll(() => panel.locator('.lumo-tags__row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await world.screenshot(page, 'ja-tags');
    expect(await seriousViolations(page, PANEL)).toEqual([]);
    await panel.getByRole('tab', { name: t('friends.tab') }).click();
    const first = panel.locator('.lumo-friends__row .lumo-row__name').first();
    await first.waitFor();
    await world.screenshot(page, 'ja-friends');
    expect(await seriousViolations(page, PANEL)).toEqual([]);
    await first.click();
    await expectText(panel.locator('.lumo-friend-card'), t('friends.segments'));
    await world.screenshot(page, 'ja-friend-card');
    expect(await seriousViolations(page, PANEL)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
  });
});
