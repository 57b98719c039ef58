import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  browserLanguage, followLanguageSetting, formatDate, formatNumber, formatRelativeTime, language,
  registerMessages, registeredNamespaces, resolveLanguage, setLanguage, t, defineMessages,
} from '@/lib/i18n';

beforeEach(() => {
  fakeBrowser.reset();
  setLanguage('en');
});
afterEach(() => setLanguage('en'));

describe('t', () => {
  it('speaks English and Japanese', () => {
    expect(t('content.launcher')).toBe('Segments');
    expect(t('panel.editor.saveSegment')).toBe('Save Segment');
    setLanguage('ja');
    expect(t('content.launcher')).toBe('セグメント');
    expect(t('panel.editor.saveSegment')).toBe('セグメントを保存');
  });

  it('fills placeholders, formats numbers for the locale, and picks plural forms', () => {
    expect(t('panel.friends', { count: 1 })).toBe('1 friend');
    expect(t('panel.friends', { count: 1234 })).toBe('1,234 friends');
    setLanguage('ja');
    expect(t('panel.friends', { count: 1234 })).toBe('1,234人');
    expect(t('panel.list.deleteMessage', { name: 'VIP' })).toContain('「VIP」');
  });

  it('falls back to English for a missing Japanese string and shows an unknown key as itself', () => {
    registerMessages('test', { en: { only: 'English only' }, ja: {} as { only: string } });
    setLanguage('ja');
    expect(t('test.only')).toBe('English only');
    expect(t('test.nope')).toBe('test.nope');
  });

  it('has every string of every namespace in both languages', () => {
    for (const [ns, catalog] of registeredNamespaces()) {
      if (ns === 'test') continue;
      expect(Object.keys(catalog.ja).sort(), ns).toEqual(Object.keys(catalog.en).sort());
      for (const [key, text] of Object.entries(catalog.ja)) expect(text.trim(), `${ns}.${key}`).not.toBe('');
    }
  });

  it('keeps the English accessible names of the main controls stable', () => {
    expect([
      t('content.launcher'), t('content.navEntry'), t('panel.list.createSegment'), t('panel.editor.name'),
      t('panel.editor.addProperty'), t('panel.editor.addGroup'), t('panel.editor.saveSegment'),
      t('panel.list.createFolder'), t('panel.list.createBroadcast'),
    ]).toEqual([
      'Segments', 'Segments', 'Create Segment', 'Name', 'Add Property (AND)', 'Add Another Condition (OR)',
      'Save Segment', 'Create Folder', 'Create Broadcast',
    ]);
  });

  it('defineMessages is the identity (a typing aid)', () => {
    const m = { en: { a: 'A' }, ja: { a: 'エー' } };
    expect(defineMessages(m)).toBe(m);
  });
});

describe('language', () => {
  it('follows the browser: ja* is Japanese, anything else English', () => {
    expect(browserLanguage({ language: 'ja' })).toBe('ja');
    expect(browserLanguage({ language: 'ja-JP' })).toBe('ja');
    expect(browserLanguage({ language: 'en-GB' })).toBe('en');
    expect(browserLanguage({ language: 'fr' })).toBe('en');
    expect(browserLanguage(undefined)).toBe('en');
  });

  it('lets a choice in options win over the browser', () => {
    expect(resolveLanguage('ja', { language: 'en-US' })).toBe('ja');
    expect(resolveLanguage('en', { language: 'ja-JP' })).toBe('en');
    expect(resolveLanguage('auto', { language: 'ja-JP' })).toBe('ja');
    expect(resolveLanguage(undefined, { language: 'en-US' })).toBe('en');
  });

  it('applies the stored setting and follows its changes until aborted', async () => {
    await fakeBrowser.storage.local.set({ settings: { language: 'ja', apiUrl: null } });
    const controller = new AbortController();
    await followLanguageSetting(controller.signal);
    expect(language.value).toBe('ja');

    await fakeBrowser.storage.local.set({ settings: { language: 'en' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(language.value).toBe('en');

    controller.abort();
    await fakeBrowser.storage.local.set({ settings: { language: 'ja' } });
    await new Promise((r) => setTimeout(r, 0));
    expect(language.value).toBe('en');
  });
});

describe('Intl', () => {
  it('formats numbers, dates and relative times in the active locale', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatRelativeTime(now - 3 * 60_000, now)).toMatch(/3 min/);
    expect(formatRelativeTime(now - 10_000, now)).toBe('now');
    setLanguage('ja');
    expect(formatRelativeTime(now - 3 * 60_000, now)).toBe('3 分前');
    expect(formatRelativeTime(now - 2 * 86_400_000, now)).toBe('一昨日');
    expect(formatDate('2026-03-01T09:30:00Z', { dateStyle: 'medium', timeZone: 'Asia/Tokyo' })).toBe('2026/03/01');
    expect(formatDate('not a date')).toBe('');
  });
});
