/**
 * A marketer's day in the LINE manager, in English, in real Chromium with the built extension:
 * find the Segments entry, build the seed's combination segment by clicking and typing, see who
 * is in it, understand an empty segment, file it, broadcast to it, glance at the popup.
 * Every expected count and friend comes from lib/segment's reference evaluator over the data set.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Definition } from '../../lib/segment/index';
import { seriousViolations } from './support/a11y';
import { pattern, text } from './support/copy';
import { BroadcastPage, ManagerPage, PopupPage } from './support/pages';
import { REPEAT_BUYERS_OR_CUSTOMERS, expectCount, expectText, openExtensionPage, openManager, pageErrors, worldPerSuite } from './support/scenario';
import { ACCOUNT, type World } from './support/world';
import { BROADCAST_WINDOW } from '../../entrypoints/background/broadcast-window';

const t = (key: string, params?: Record<string, string | number>) => text('en', key, params);

describe.skipIf(!inject('chromiumPresent'))('a marketer in the LINE manager (English)', () => {
  let world: World;
  const track = worldPerSuite({ lang: 'en' }, (w) => { world = w; });

  it('finds the launcher and the Segments entry once each, and opens the panel', async () => {
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.launcher.waitFor();
    await manager.navEntry.waitFor();
    await expectCount(page.locator('[data-lumo-segments="launcher"]'), 1);
    await expectCount(manager.navEntry, 1);
    // The entry sits in the manager's own navigation list, after its links.
    await expectCount(page.locator('aside nav ul > li:last-child [data-lumo-segments="nav-entry"]'), 1);

    const panel = await manager.openPanel();
    await expectText(panel.getByRole('heading', { level: 2 }), 'Segments');
    await expectText(panel, ACCOUNT);
    // The views are tabs from one registry; "Segments" comes first and is selected.
    await expectText(panel.getByRole('tab', { name: 'Segments', selected: true }), 'Segments');
    await world.screenshot(page, 'en-panel-empty');
    expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

    await manager.closePanel();
    // The nav entry opens it too.
    await manager.navEntry.click();
    await manager.panel.waitFor();
    await page.keyboard.press('Escape');
    await manager.panel.waitFor({ state: 'detached' });
    expect(pageErrors(page)).toEqual([]);
  });

  it('keeps one launcher through in-page navigation, and the page\'s own controls keep working', async () => {
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.navEntry.waitFor();

    await manager.hostCounter.click();
    await manager.hostCounter.click();
    await expectText(manager.hostCounter, 'Host clicks: 2');

    // The replica re-renders its navigation on every route, as the manager does.
    for (const link of ['メッセージ配信', 'チャット', 'ホーム']) {
      await page.locator('aside nav').getByRole('link', { name: link }).click();
      await page.getByRole('heading', { level: 1, name: link }).waitFor();
      await manager.navEntry.waitFor();
      await expectCount(manager.navEntry, 1);
      await expectCount(page.locator('[data-lumo-segments="launcher"]'), 1);
    }
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'チャット' }).waitFor();
    await page.goForward();
    await page.getByRole('heading', { level: 1, name: 'ホーム' }).waitFor();
    await manager.navEntry.waitFor();
    await expectCount(manager.navEntry, 1);
    await expectCount(page.locator('[data-lumo-segments="launcher"]'), 1);

    // The page's own button and form, after all that and with our panel opened and closed.
    await manager.openPanel();
    await manager.closePanel();
    await manager.hostCounter.click();
    await expectText(manager.hostCounter, 'Host clicks: 3');
    await page.getByLabel('Host note').fill('still mine');
    await page.getByRole('button', { name: 'Host submit' }).click();
    await expectText(page.locator('#host-submitted'), 'still mine');
    expect(pageErrors(page)).toEqual([]);
  });

  it('builds the seed\'s combination segment by clicks and typing, saves it, and sees who is in it', async () => {
    const expected = world.expected(REPEAT_BUYERS_OR_CUSTOMERS);
    expect(expected.length).toBeGreaterThan(10); // the data set must make this a real test

    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.openPanel();
    const editor = await manager.startNewSegment();
    await editor.name.fill('Repeat buyers or customers');
    await editor.setCondition(1, 1, { property: 'shopify.integrated', operator: 'is_integrated' });
    await editor.addProperty(1);
    await editor.setCondition(1, 2, { property: 'shopify.purchase_count', operator: 'gte', value: 5 });
    await editor.addGroup();
    await editor.setCondition(2, 1, { property: 'hubspot.integrated', operator: 'is_integrated' });
    await editor.addProperty(2);
    await editor.setCondition(2, 2, { property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value: 'customer' });

    const states = await editor.recordCountStates();
    await editor.save();
    await expectText(editor.saveStatus, t('panel.sync.saved'));
    const friendsText = t('panel.friends', { count: expected.length });
    await expectText(editor.count, friendsText);
    // The saved segment's count went through "Calculating…" before it showed the result.
    const seen = await states();
    const calculating = seen.findIndex((s) => s.includes(t('panel.preview.calculating')));
    const counted = seen.findIndex((s) => s.includes(friendsText));
    expect(calculating, `count card went through: ${JSON.stringify(seen)}`).toBeGreaterThanOrEqual(0);
    expect(counted).toBeGreaterThan(calculating);

    // The 10 most recently added friends, in the preview's order.
    await expect.poll(() => editor.sampleNames(), { timeout: 15_000 }).toEqual(expected.slice(0, 10).map((f) => f.displayName));

    // What was saved is exactly the seed's definition.
    const saved = (await world.segments()).filter((s) => s.name === 'Repeat buyers or customers');
    expect(saved).toHaveLength(1);
    expect(saved[0]!.definition).toEqual(REPEAT_BUYERS_OR_CUSTOMERS);

    await world.screenshot(page, 'en-editor-preview');
    expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

    // Back in the list, its row shows the same count.
    await editor.backToList();
    await expectText(manager.row('Repeat buyers or customers'), friendsText);
    expect(pageErrors(page)).toEqual([]);
  });

  it('explains a segment that no friend matches by naming the condition that empties it', async () => {
    const definition: Definition = { groups: [{ conditions: [
      { property: 'shopify.integrated', operator: 'is_integrated' },
      { property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value: 'evangelist' },
    ] }] };
    expect(world.expected(definition)).toHaveLength(0);
    const withoutIt = world.expected({ groups: [{ conditions: [definition.groups[0]!.conditions[0]!] }] }).length;
    expect(withoutIt).toBeGreaterThan(0);

    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.openPanel();
    const editor = await manager.startNewSegment();
    await editor.name.fill('Shopify evangelists');
    await editor.setCondition(1, 1, { property: 'shopify.integrated', operator: 'is_integrated' });
    await editor.addProperty(1);
    await editor.setCondition(1, 2, { property: 'hubspot.property', key: 'lifecyclestage', operator: 'eq', value: 'evangelist' });
    await editor.save();
    await expectText(editor.saveStatus, t('panel.sync.saved'));
    await expectText(editor.count, t('panel.friends', { count: 0 }));

    await expectText(editor.diagnosis, t('panel.preview.diagnosisTitle'));
    await expectText(editor.diagnosis, pattern('en', 'panel.preview.diagnosisItem', { group: 1, condition: 2, without: withoutIt }));
    await expectText(editor.diagnosis, /evangelist/);
    // The condition itself is marked where the marketer edits it.
    await expectText(editor.condition(1, 2), t('panel.preview.culpritHere'));
    expect(await editor.condition(1, 1).textContent()).not.toContain(t('panel.preview.culpritHere'));
  });

  it('creates a folder and moves a segment into it', async () => {
    const segment = await world.givenSegment('Spring regulars', REPEAT_BUYERS_OR_CUSTOMERS);
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.openPanel();
    await manager.row(segment.name).waitFor();

    await manager.panel.getByRole('button', { name: 'Create Folder' }).click();
    const dialog = page.getByRole('dialog', { name: t('panel.list.createFolderTitle') });
    await dialog.getByLabel(t('panel.list.folderName')).fill('Spring campaign');
    await dialog.getByRole('button', { name: t('panel.create') }).click();
    await manager.folderFilter('Spring campaign').waitFor();

    await manager.row(segment.name).getByLabel(t('panel.list.moveToFolder')).selectOption({ label: 'Spring campaign' });
    await manager.folderFilter('Spring campaign').click();
    await manager.row(segment.name).waitFor();
    await expectText(manager.folderFilter('Spring campaign'), /1$/);
    await manager.folderFilter(t('panel.list.unfiled')).click();
    await manager.row(segment.name).waitFor({ state: 'detached' });
    await manager.folderFilter(t('panel.list.allSegments')).click();
    // Filed, it keeps its count.
    await expectText(manager.row(segment.name), t('panel.friends', { count: world.expected(REPEAT_BUYERS_OR_CUSTOMERS).length }));
    await world.screenshot(page, 'en-panel');
    expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

    // The sync API has it filed too.
    const folders = (await world.api.call('GET', `/v1/accounts/${ACCOUNT}/folders`, undefined, { token: world.token })).body.items as { id: string; name: string }[];
    const folder = folders.find((f) => f.name === 'Spring campaign');
    expect(folder).toBeDefined();
    await expect.poll(async () => (await world.segments()).find((s) => s.id === segment.id)?.folderId, { timeout: 15_000 }).toBe(folder!.id);
  });

  it('broadcasts to a segment: the window targets it, progress reaches done, LINE gets exactly its friends', async () => {
    const segment = await world.givenSegment('Broadcast: repeat buyers or customers', REPEAT_BUYERS_OR_CUSTOMERS);
    const members = world.expected(REPEAT_BUYERS_OR_CUSTOMERS);
    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.openPanel();
    await manager.row(segment.name).waitFor();

    const opened = world.browser.context.waitForEvent('page', { predicate: (p) => p.url().includes('/broadcast.html'), timeout: 20_000 });
    await manager.row(segment.name).getByRole('button', { name: 'Create Broadcast' }).click();
    const win = track(await opened);
    await win.waitForLoadState();
    // The size of the window the extension opens (entrypoints/background/broadcast-window.ts).
    await win.setViewportSize({ width: BROADCAST_WINDOW.width, height: BROADCAST_WINDOW.height });
    expect(new URL(win.url()).searchParams.get('segment')).toBe(segment.id);
    const broadcast = new BroadcastPage(win);
    await expectText(broadcast.target, segment.name);
    await expectText(broadcast.target, text('en', 'broadcast.target.friends', { count: members.length }));

    const message = 'Spring sale: 20% off for our regulars 🎉';
    await broadcast.firstText.fill(message);
    await world.screenshot(win, 'en-broadcast-window');
    expect(await seriousViolations(win)).toEqual([]);

    await win.getByRole('button', { name: 'Send now' }).click();
    const confirm = win.getByRole('dialog', { name: text('en', 'broadcast.confirm.title') });
    await expectText(confirm, text('en', 'broadcast.confirm.friends', { count: members.length }));
    await expectText(confirm, segment.name);
    await confirm.getByRole('button', { name: 'Send', exact: true }).click();
    await expectText(broadcast.progress, text('en', 'broadcast.progress.sent', { count: members.length }), 60_000);
    await world.screenshot(win, 'en-broadcast-sent');

    // LINE received the message for exactly the segment's friends (blocked friends never).
    const sends = [...world.line.received.multicast, ...world.line.received.narrowcast];
    const recipients = world.line.received.multicast.flatMap((m) => m.body.to as string[]);
    const audience = world.line.received.audienceGroups.flatMap((a) => a.userIds);
    expect([...recipients, ...audience].sort()).toEqual(members.map((f) => f.lineUserId).sort());
    expect(sends.every((s) => s.body.messages[0].text === message)).toBe(true);
  });

  it('shows the segment\'s count in the popup', async () => {
    const segment = await world.givenSegment('Popup: repeat buyers or customers', REPEAT_BUYERS_OR_CUSTOMERS);
    const count = world.expected(REPEAT_BUYERS_OR_CUSTOMERS).length;
    // The popup opens on the account of the manager page used last.
    const manager = new ManagerPage(track(await openManager(world)));
    await manager.launcher.waitFor();

    const popupPage = track(await openExtensionPage(world, 'popup.html'));
    await popupPage.setViewportSize({ width: 400, height: 600 });
    const popup = new PopupPage(popupPage);
    await expectText(popup.count(segment.name), text('en', 'popup.friends', { count }));
    await world.screenshot(popupPage, 'en-popup');
    expect(await seriousViolations(popupPage)).toEqual([]);
  });

  it('asks the agent: Approve puts its conditions in the editor, Cancel keeps them on hold', async () => {
    // What the agent suggests for these goals, asked straight from the sync API: the UI must show
    // and apply exactly that.
    const suggest = async (goal: string) => {
      const r = await world.api.call('POST', `/v1/accounts/${ACCOUNT}/agent/suggest`, { goal, mode: 'auto' }, { token: world.token });
      expect(r.status).toBe(200);
      expect(r.body.definition, `the agent understood "${goal}"`).toBeDefined();
      return r.body as { definition: Definition; name?: string };
    };
    const approved = await suggest('customers who have purchased at least 5 times');
    const held = await suggest('friends tagged VIP');
    const approvedCount = world.expected(approved.definition).length;

    const page = track(await openManager(world));
    const manager = new ManagerPage(page);
    await manager.openPanel();
    const editor = await manager.startNewSegment();
    const agent = manager.panel.getByRole('region', { name: text('en', 'agent.title') });
    const review = page.getByRole('dialog', { name: text('en', 'agent.review.title') });

    await agent.getByLabel(text('en', 'agent.question')).fill('customers who have purchased at least 5 times');
    await agent.getByRole('button', { name: text('en', 'agent.suggest') }).click();
    await expectText(review, text('en', 'agent.review.matches', { count: approvedCount }));
    await review.getByRole('button', { name: 'Approve' }).click();
    await review.waitFor({ state: 'detached' });
    // The editor now holds the suggestion, counted as a draft.
    await expectText(editor.count, t('panel.friends', { count: approvedCount }));
    if (!(await editor.name.inputValue())) await editor.name.fill('Frequent buyers (agent)');
    const name = await editor.name.inputValue();
    await editor.save();
    await expectText(editor.saveStatus, t('panel.sync.saved'));
    const saved = (await world.segments()).find((s) => s.name === name);
    expect(saved?.definition).toEqual(approved.definition);

    // A second suggestion, cancelled: the conditions stay as they are, the suggestion waits on hold.
    await agent.getByLabel(text('en', 'agent.question')).fill('friends tagged VIP');
    await agent.getByRole('button', { name: text('en', 'agent.suggest') }).click();
    await review.waitFor();
    await review.getByRole('button', { name: 'Cancel' }).click();
    await review.waitFor({ state: 'detached' });
    const onHold = agent.getByRole('region', { name: new RegExp(text('en', 'agent.held.title')) }).or(agent.locator('.lumo-agent__held'));
    await expectText(onHold, text('en', 'agent.held.count', { count: 1 }));
    if (held.name) await expectText(onHold, held.name);
    await expectText(editor.count, t('panel.friends', { count: approvedCount }));
    expect(await manager.panel.getByRole('region', { name: t('panel.editor.unsavedChanges') }).count()).toBe(0);
    expect((await world.segments()).find((s) => s.name === name)?.definition).toEqual(approved.definition);
  });

  it('has an accessible options page', async () => {
    const options = track(await openExtensionPage(world, 'options.html'));
    await options.getByLabel('Sync API URL').waitFor();
    expect(await options.getByLabel('Sync API URL').inputValue()).toBe(world.api.url);
    expect(await seriousViolations(options)).toEqual([]);
  });
});
