/**
 * Page objects: the LINE manager page with our launcher, navigation entry and Segment panel, and
 * the extension's own pages (popup, broadcast window). Every locator is what a marketer or a
 * screen reader finds — roles and accessible names, in the language of the run — and reaches
 * into our open shadow roots the way Playwright's locators do by default.
 */
import type { Locator, Page } from 'playwright-core';
import type { Language } from '../../../lib/i18n/define';
import type { Operator, PropertyId } from '../../../lib/segment/catalog';
import { operatorLabel, propertyLabel, text } from './copy';

export class ManagerPage {
  constructor(readonly page: Page, readonly lang: Language = 'en') {}

  t = (key: string, params?: Record<string, string | number>) => text(this.lang, key, params);

  /** The floating launcher, in its own shadow host. */
  get launcher(): Locator {
    return this.page.locator('[data-lumo-segments="launcher"]').getByRole('button', { name: this.t('content.launcher') });
  }

  /** The "Segments" entry in the manager's own left navigation. */
  get navEntry(): Locator {
    return this.page.locator('aside nav').getByRole('button', { name: this.t('content.navEntry') });
  }

  get panel(): Locator {
    return this.page.getByRole('dialog', { name: this.t('panel.title') });
  }

  /** The page's own controls (the replica's), which must keep working beside ours. */
  get hostCounter(): Locator {
    return this.page.locator('#host-counter');
  }

  async openPanel(): Promise<Locator> {
    await this.launcher.click();
    await this.panel.waitFor();
    // Loaded when the list (or its empty state) is there: the segments came from the background.
    await this.panel.getByRole('button', { name: this.t('panel.list.createSegment') }).or(this.panel.getByRole('button', { name: this.t('panel.editor.saveSegment') })).first().waitFor({ timeout: 30_000 });
    return this.panel;
  }

  async closePanel(): Promise<void> {
    await this.panel.getByRole('button', { name: this.t('panel.close') }).first().click();
    await this.panel.waitFor({ state: 'detached' });
  }

  // ---- the list ---------------------------------------------------------------------------

  /** The list's row of a segment (each row is labelled by the segment's name). */
  row(name: string): Locator {
    return this.panel.getByRole('listitem', { name, exact: true });
  }

  async startNewSegment(): Promise<SegmentEditor> {
    await this.panel.getByRole('button', { name: this.t('panel.list.createSegment') }).click();
    const editor = new SegmentEditor(this);
    await editor.name.waitFor();
    return editor;
  }

  async openSegment(name: string): Promise<SegmentEditor> {
    await this.row(name).getByRole('button', { name, exact: true }).click();
    const editor = new SegmentEditor(this);
    await editor.name.waitFor();
    return editor;
  }

  folderFilter(name: string): Locator {
    return this.panel.getByRole('navigation', { name: this.t('panel.list.folders') }).getByRole('button', { name: new RegExp(`^${escape(name)}`) });
  }
}

/** The segment editor and the preview beside it. */
export class SegmentEditor {
  constructor(readonly manager: ManagerPage) {}

  private get t() { return this.manager.t; }
  private get panel() { return this.manager.panel; }

  get name(): Locator {
    return this.panel.getByRole('textbox', { name: this.t('panel.editor.name'), exact: true });
  }

  group(n: number): Locator {
    return this.panel.getByRole('region', { name: this.t('panel.editor.groupN', { n }), exact: true });
  }

  condition(group: number, n: number): Locator {
    return this.group(group).getByRole('group', { name: this.t('panel.editor.conditionN', { n }), exact: true });
  }

  async addProperty(group: number): Promise<void> {
    await this.group(group).getByRole('button', { name: this.t('panel.editor.addProperty') }).click();
  }

  async addGroup(): Promise<void> {
    await this.panel.getByRole('button', { name: this.t('panel.editor.addGroup') }).click();
  }

  /** Fills one condition as a marketer does: property, then condition (operator), then value. */
  async setCondition(group: number, n: number, c: { property: PropertyId; key?: string; operator: Operator; value?: string | number }): Promise<void> {
    const row = this.condition(group, n);
    const lang = this.manager.lang;
    await row.getByRole('combobox', { name: this.t('panel.editor.property'), exact: true }).selectOption({ label: propertyLabel(lang, c.property) });
    if (c.key !== undefined) {
      // A textbox, or a combobox when the catalog suggests property names (a datalist).
      await row.getByLabel(this.t('panel.editor.propertyName'), { exact: true }).fill(c.key);
    }
    await row.getByRole('combobox', { name: this.t('panel.editor.condition'), exact: true }).selectOption({ label: operatorLabel(lang, c.operator) });
    if (c.value !== undefined) {
      const value = row.getByLabel(this.t('panel.editor.value'), { exact: true });
      await value.fill(String(c.value));
    }
  }

  async save(): Promise<void> {
    await this.panel.getByRole('button', { name: this.t('panel.editor.saveSegment') }).click();
  }

  get saveStatus(): Locator {
    return this.panel.locator('.lumo-save-status');
  }

  async backToList(): Promise<void> {
    await this.panel.getByRole('button', { name: this.t('panel.editor.backToList') }).first().click();
  }

  get preview(): Locator {
    return this.panel.getByRole('complementary', { name: this.t('panel.preview.title') });
  }

  /** The count card: "Calculating…", then "N friends". */
  get count(): Locator {
    return this.preview.getByRole('status').first();
  }

  /** The names of the friends the preview lists. */
  async sampleNames(): Promise<string[]> {
    return this.preview.locator('.lumo-friend__name').allTextContents();
  }

  get diagnosis(): Locator {
    return this.preview.getByRole('region', { name: this.t('panel.preview.diagnosisTitle') }).or(this.preview.locator('.lumo-diagnosis'));
  }

  /**
   * Starts recording every text the count card shows, from now on (a MutationObserver in the
   * page), so a test can say it went through "Calculating…" however short that was.
   */
  async recordCountStates(): Promise<() => Promise<string[]>> {
    const key = `__lumoCount${Math.random().toString(36).slice(2)}`;
    await this.manager.page.evaluate((key) => {
      const host = document.querySelector('[data-lumo-segments="segment-panel"]');
      const root = host?.shadowRoot;
      if (!root) throw new Error('The Segment panel is not in the page.');
      const seen: string[] = [];
      (window as any)[key] = seen;
      const read = () => {
        const card = root.querySelector('.lumo-preview [role="status"]');
        const now = card?.textContent?.trim() ?? '';
        if (seen[seen.length - 1] !== now) seen.push(now);
      };
      read();
      new MutationObserver(read).observe(root, { subtree: true, childList: true, characterData: true });
    }, key);
    return () => this.manager.page.evaluate((key) => [...(window as any)[key]] as string[], key);
  }
}

/** The popup, opened as a tab (chrome-extension://ID/popup.html). */
export class PopupPage {
  constructor(readonly page: Page, readonly lang: Language = 'en') {}
  t = (key: string, params?: Record<string, string | number>) => text(this.lang, key, params);

  row(name: string): Locator {
    return this.page.getByRole('listitem').filter({ has: this.page.getByText(name, { exact: true }) });
  }

  count(name: string): Locator {
    return this.row(name).getByTestId('count');
  }
}

/** The broadcast window (an extension page opened with ?account=&segment=). */
export class BroadcastPage {
  constructor(readonly page: Page, readonly lang: Language = 'en') {}
  t = (key: string, params?: Record<string, string | number>) => text(this.lang, key, params);

  get target(): Locator {
    return this.page.getByRole('region', { name: this.t('broadcast.target.heading') });
  }

  get firstText(): Locator {
    return this.page.getByRole('textbox', { name: this.t('broadcast.composer.text') }).first();
  }

  get progress(): Locator {
    return this.page.getByRole('region', { name: this.t('broadcast.progress.label') });
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
