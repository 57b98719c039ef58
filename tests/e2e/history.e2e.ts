/**
 * A segment's History in real Chromium with the built extension: a marketer edits a segment
 * twice, opens History, reads both changes in words, restores the first version, and the count
 * follows — in English and in Japanese, each screenshotted and axe-checked. Counts come from
 * lib/segment's reference evaluator over the data set.
 */
import { describe, expect, inject, it } from 'vitest';
import type { Definition } from '../../lib/segment/index';
import { seriousViolations } from './support/a11y';
import { text } from './support/copy';
import { ManagerPage } from './support/pages';
import { expectText, openManager, pageErrors, worldPerSuite } from './support/scenario';
import type { World } from './support/world';

const v1: Definition = { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 1 }] }] };
const v2: Definition = { groups: [{ conditions: [{ property: 'shopify.purchase_count', operator: 'gte', value: 3 }] }] };
const v3: Definition = { groups: [{ conditions: [
  { property: 'shopify.purchase_count', operator: 'gte', value: 3 },
  { property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 },
] }] };

const WORDS = {
  en: {
    changed: 'Changed: Number of purchases is at least 1 → at least 3 (group 1)',
    added: 'Added: Days since last purchase is at most 30 (group 1)',
  },
  ja: {
    changed: '変更：購入回数が1回以上 → 3回以上（グループ1）',
    added: '追加：最終購入からの日数が30日以下（グループ1）',
  },
} as const;

for (const lang of ['en', 'ja'] as const) {
  const t = (key: string, params?: Record<string, string | number>) => text(lang, key, params);

  describe.skipIf(!inject('chromiumPresent'))(`a segment's History (${lang})`, () => {
    let world: World;
    const track = worldPerSuite({ lang }, (w) => { world = w; });

    it('edit twice, see both changes in words, restore the first version, and the count follows', async () => {
      const counts = [v1, v2, v3].map((d) => world.expected(d).length);
      // The data set must tell the three versions apart, or "the count follows" proves nothing.
      expect(new Set(counts).size).toBe(3);
      const name = lang === 'en' ? 'Loyal buyers' : 'リピーター';
      await world.givenSegment(name, v1);

      const page = track(await openManager(world));
      const manager = new ManagerPage(page, lang);
      await manager.openPanel();
      const editor = await manager.openSegment(name);
      await expectText(editor.count, t('panel.friends', { count: counts[0] }));

      // Edit 1: at least 1 → at least 3 purchases.
      await editor.setCondition(1, 1, { property: 'shopify.purchase_count', operator: 'gte', value: 3 });
      await editor.save();
      await expectText(editor.saveStatus, t('panel.sync.saved'));
      await expectText(editor.count, t('panel.friends', { count: counts[1] }));
      // Edit 2: and bought within the last 30 days.
      await editor.addProperty(1);
      await editor.setCondition(1, 2, { property: 'shopify.days_since_last_purchase', operator: 'lte', value: 30 });
      await editor.save();
      await expectText(editor.saveStatus, t('panel.sync.saved'));
      await expectText(editor.count, t('panel.friends', { count: counts[2] }));
      await expect.poll(async () => (await world.segments()).find((s) => s.name === name)?.version).toBe(3);

      await manager.panel.getByRole('button', { name: t('history.open'), exact: true }).click();
      const history = page.getByRole('dialog', { name: t('history.title', { name }) });
      await history.waitFor();
      const entries = history.locator('.lumo-history__entry');
      await expect.poll(() => entries.count()).toBe(3);
      await expectText(entries.nth(0), WORDS[lang].added);
      await expectText(entries.nth(1), WORDS[lang].changed);
      await expectText(entries.nth(0), t('history.current'));
      // Each version's count today, beside the current count.
      await expectText(entries.nth(2), t('history.countToday', { count: counts[0] }));
      await expectText(entries.nth(1), t('history.countToday', { count: counts[1] }));
      await expectText(history, t('history.countNow', { count: counts[2] }));
      await world.screenshot(page, `${lang}-history`);
      expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);

      // Restore the first version, behind a confirmation reached by keyboard.
      await entries.nth(2).getByRole('button', { name: t('history.restore'), exact: true }).focus();
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('dialog', { name: t('history.restoreTitle', { version: 1 }) });
      await confirm.waitFor();
      await confirm.getByRole('button', { name: t('history.restore'), exact: true }).click();
      await expectText(history, t('history.restored', { version: 1, newVersion: 4 }));
      await expect.poll(() => entries.count()).toBe(4);
      await expectText(history, t('history.countNow', { count: counts[0] }));
      expect(await seriousViolations(page, '[data-lumo-segments="segment-panel"]')).toEqual([]);
      await world.screenshot(page, `${lang}-history-restored`);

      await history.getByRole('button', { name: t('history.close'), exact: true }).click();
      await expectText(editor.count, t('panel.friends', { count: counts[0] }));
      const saved = (await world.segments()).find((s) => s.name === name)!;
      expect(saved).toMatchObject({ version: 4, definition: v1 });
      expect(pageErrors(page)).toEqual([]);
    });
  });
}
