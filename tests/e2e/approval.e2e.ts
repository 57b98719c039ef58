/**
 * Sending with approval in real Chromium with the built extension: an operator_no_broadcast (a
 * script token with that role) writes two broadcasts and asks for approval — nothing reaches
 * LINE; an admin then opens the panel's "Approvals" tab, approves the first (LINE gets exactly
 * the segment's friends) and declines the second with a reason, which the requester's window
 * shows. In English and Japanese, screenshotted and axe-checked.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { seriousViolations } from './support/a11y';
import { text } from './support/copy';
import { BroadcastPage, ManagerPage } from './support/pages';
import { REPEAT_BUYERS_OR_CUSTOMERS, expectText, openExtensionPage, openManager, pageErrors, worldPerSuite } from './support/scenario';
import { ACCOUNT, configureExtension, type World } from './support/world';
import { BROADCAST_WINDOW } from '../../entrypoints/background/broadcast-window';

for (const lang of ['en', 'ja'] as const) {
  const t = (key: string, params?: Record<string, string | number>) => text(lang, key, params);

  describe.skipIf(!inject('chromiumPresent'))(`sending with approval (${lang})`, () => {
    let world: World;
    const track = worldPerSuite({ lang }, (w) => { world = w; });

    async function requestApproval(segmentId: string, message: string): Promise<{ win: Page; page: BroadcastPage }> {
      const win = track(await openExtensionPage(world, `broadcast.html?account=${encodeURIComponent(ACCOUNT)}&segment=${encodeURIComponent(segmentId)}`));
      await win.setViewportSize({ width: BROADCAST_WINDOW.width, height: BROADCAST_WINDOW.height });
      const page = new BroadcastPage(win, lang);
      await page.firstText.fill(message);
      const request = win.getByRole('button', { name: t('broadcast.send.request'), exact: true });
      await request.waitFor();
      expect(await win.getByRole('button', { name: t('broadcast.send.now'), exact: true }).count()).toBe(0);
      await request.click();
      await expectText(page.progress, t('broadcast.progress.awaiting'));
      return { win, page };
    }

    it('an operator_no_broadcast asks; an admin approves one (LINE gets it) and declines the other (the requester sees why)', async () => {
      const name = lang === 'en' ? 'Approval: repeat buyers' : '承認：リピーター';
      const segment = await world.givenSegment(name, REPEAT_BUYERS_OR_CUSTOMERS);
      const members = world.expected(REPEAT_BUYERS_OR_CUSTOMERS);
      const minted = await world.api.call('POST', `/v1/accounts/${ACCOUNT}/tokens`, { role: 'operator_no_broadcast', name: 'Mio' });
      expect(minted.status).toBe(201);

      // The requester's extension.
      await configureExtension({ ...world, token: minted.body.token as string }, lang);
      const approveMe = lang === 'en' ? 'Spring sale: 20% off 🎉' : '春のセール：20%オフ 🎉';
      const declineMe = lang === 'en' ? 'Wrong coupon inside' : 'クーポン違い';
      const first = await requestApproval(segment.id, approveMe);
      await world.screenshot(first.win, `${lang}-approval-requested`);
      expect(await seriousViolations(first.win)).toEqual([]);
      const second = await requestApproval(segment.id, declineMe);
      expect(world.line.received.multicast.length + world.line.received.narrowcast.length).toBe(0);
      // The requester's panel has no Approvals tab (the role may not send); Results it may see.
      const requesterPanel = await new ManagerPage(track(await openManager(world)), lang).openPanel();
      await requesterPanel.getByRole('tab', { name: t('results.tab'), exact: true }).waitFor();
      expect(await requesterPanel.getByRole('tab', { name: t('approvals.tab'), exact: true }).count()).toBe(0);

      // The admin's extension.
      await configureExtension(world, lang);
      const page = track(await openManager(world));
      const manager = new ManagerPage(page, lang);
      const panel = await manager.openPanel();
      await panel.getByRole('tab', { name: t('approvals.tab'), exact: true }).click();
      const items = panel.locator('.lumo-approvals__item');
      await expect.poll(() => items.count(), { timeout: 30_000 }).toBe(2);
      const itemOf = (message: string) => items.filter({ hasText: message });
      await expectText(itemOf(approveMe), name);
      await expectText(itemOf(approveMe), t('approvals.friends', { count: members.length }));
      await world.screenshot(page, `${lang}-approvals`);
      expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

      // Approve: sent through the usual path, to exactly the segment's friends.
      await itemOf(approveMe).getByRole('button', { name: t('approvals.approve'), exact: true }).click();
      await expectText(panel.getByRole('status').filter({ hasText: t('approvals.approved', { segment: name }) }), t('approvals.approved', { segment: name }));
      await expect.poll(() => {
        const to = world.line.received.multicast.flatMap((m) => m.body.to as string[]);
        const audience = world.line.received.audienceGroups.flatMap((a) => a.userIds);
        return [...to, ...audience].sort();
      }, { timeout: 60_000 }).toEqual(members.map((f) => f.lineUserId).sort());
      const sends = [...world.line.received.multicast, ...world.line.received.narrowcast];
      expect(sends.every((s) => s.body.messages[0].text === approveMe)).toBe(true);

      // Decline: the reason is required, then the requester's window shows it.
      await itemOf(declineMe).getByRole('button', { name: t('approvals.decline'), exact: true }).click();
      const dialog = page.getByRole('dialog', { name: t('approvals.declineTitle') });
      await dialog.getByRole('button', { name: t('approvals.confirmDecline'), exact: true }).click();
      await expectText(dialog.getByRole('alert'), t('approvals.reasonRequired'));
      const reason = lang === 'en' ? 'The coupon code is last year\'s.' : 'クーポンコードが昨年のものです。';
      await dialog.getByRole('textbox').fill(reason);
      await dialog.getByRole('button', { name: t('approvals.confirmDecline'), exact: true }).click();
      await expect.poll(() => items.count()).toBe(0);
      await expectText(second.page.progress, reason, 40_000);
      await world.screenshot(second.win, `${lang}-approval-declined`);
      await expectText(first.page.progress, t('broadcast.progress.sent', { count: members.length }), 40_000);
      expect(pageErrors(page)).toEqual([]);

      // Where the requester sends next, their declined request and its reason stand beside the composer.
      await configureExtension({ ...world, token: minted.body.token as string }, lang);
      const again = track(await openExtensionPage(world, `broadcast.html?account=${encodeURIComponent(ACCOUNT)}&segment=${encodeURIComponent(segment.id)}`));
      await again.setViewportSize({ width: BROADCAST_WINDOW.width, height: BROADCAST_WINDOW.height });
      const requests = again.getByRole('region', { name: t('approvals.requestsHeading') });
      await expectText(requests, reason);
      await expectText(requests, declineMe);
      expect(await requests.getByText(approveMe).count()).toBe(0); // approved and sent: in the history, not here
      await requests.scrollIntoViewIfNeeded();
      await world.screenshot(again, `${lang}-approval-requests`);
      expect(await seriousViolations(again)).toEqual([]);
    });
  });
}
