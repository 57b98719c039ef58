/**
 * The i18n layer without any strings: language, `t`, Intl formatting and the namespace registry
 * (index.ts documents the whole). Apart from index.ts so that a page which needs one namespace
 * (the popup, whose first paint is on a budget) registers that one and does not load every
 * screen's strings; everything else imports lib/i18n, which registers all of them.
 */
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { storage } from 'wxt/utils/storage';
import type { Language, MessageCatalog } from './define';

export { defineMessages } from './define';
export type { Language, MessageCatalog, Messages } from './define';
export type LanguageSetting = 'auto' | Language;
export type Params = Record<string, string | number>;

/** Where options stores the user's settings; `language` is one field of it. */
export const SETTINGS_KEY = 'local:settings';

const registry = new Map<string, MessageCatalog>();

/** Adds (or replaces) a namespace of messages. */
export function registerMessages(namespace: string, catalog: MessageCatalog): void {
  registry.set(namespace, catalog);
}

/** The namespaces registered so far (for tests that hold every namespace to both languages). */
export function registeredNamespaces(): ReadonlyMap<string, MessageCatalog> {
  return registry;
}

// ---- language ------------------------------------------------------------------------------

export function browserLanguage(nav: { language?: string } | undefined = globalThis.navigator): Language {
  return nav?.language?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** The language a stored setting means: an explicit choice wins, anything else follows the browser. */
export function resolveLanguage(setting: unknown, nav?: { language?: string }): Language {
  return setting === 'en' || setting === 'ja' ? setting : browserLanguage(nav);
}

const current = signal<Language>(browserLanguage());
export const language: ReadonlySignal<Language> = current;

export function setLanguage(lang: Language): void {
  current.value = lang;
}

/** The BCP 47 locale for Intl: Japanese, or the browser's own English variant. */
export const locale: ReadonlySignal<string> = computed(() => {
  if (current.value === 'ja') return 'ja-JP';
  const nav = globalThis.navigator?.language;
  return nav?.toLowerCase().startsWith('en') ? nav : 'en-US';
});

function languageOf(settings: unknown): unknown {
  return typeof settings === 'object' && settings !== null ? (settings as { language?: unknown }).language : undefined;
}

/**
 * Applies the language chosen in options now and whenever it changes, until `signal` aborts.
 * A storage failure leaves the browser's language in place.
 */
export async function followLanguageSetting(signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  const apply = (settings: unknown) => setLanguage(resolveLanguage(languageOf(settings)));
  try {
    const unwatch = storage.watch<unknown>(SETTINGS_KEY, apply);
    signal?.addEventListener('abort', unwatch, { once: true });
    apply(await storage.getItem<unknown>(SETTINGS_KEY));
  } catch (error) {
    console.warn('[lumo-segments:i18n] could not read the language setting', error);
  }
}

// ---- messages ------------------------------------------------------------------------------

const warned = new Set<string>();
const pluralRules = new Map<string, Intl.PluralRules>();

function plural(lang: Language, count: number): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  return rules.select(count);
}

/**
 * The message `key` ("namespace.name") in the active language, with `{placeholders}` filled.
 * Numbers in params are formatted for the locale. A missing Japanese string falls back to
 * English; a missing key shows itself (and is logged once) rather than throwing.
 */
export function t(key: string, params?: Params): string {
  const lang = current.value;
  const dot = key.indexOf('.');
  const catalog = registry.get(key.slice(0, dot));
  let name = key.slice(dot + 1);
  if (catalog && typeof params?.count === 'number' && !(name in catalog.en)) {
    const variant = `${name}_${plural(lang, params.count)}`;
    name = variant in catalog.en ? variant : `${name}_other`;
  }
  const text = catalog?.[lang][name] ?? catalog?.en[name];
  if (text === undefined) {
    if (!warned.has(key)) {
      warned.add(key);
      console.warn(`[lumo-segments:i18n] missing message "${key}"`);
    }
    return key;
  }
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, p: string) => {
    const v = params[p];
    return v === undefined ? whole : typeof v === 'number' ? formatNumber(v) : v;
  });
}

/** A `{ en, ja }` label (the segment catalog's) in the active language. */
export function localize(label: { en: string; ja: string }): string {
  return label[current.value];
}

// ---- Intl ----------------------------------------------------------------------------------

export function formatNumber(n: number): string {
  return new Intl.NumberFormat(locale.value).format(n);
}

type DateInput = string | number | Date;
const toDate = (d: DateInput) => (d instanceof Date ? d : new Date(d));

/**
 * A date for people: "Mar 1, 2026" / "2026/03/01". `timeZone` is the account's when the date
 * is a calendar date of that account.
 */
export function formatDate(value: DateInput, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }): string {
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale.value, options).format(date);
}

export function formatDateTime(value: DateInput): string {
  return formatDate(value, { dateStyle: 'medium', timeStyle: 'short' });
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400], ['month', 30 * 86_400], ['week', 7 * 86_400],
  ['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1],
];

/** How long ago (or ahead) `value` is from `now`: "3 min. ago", "3 分前", "now". */
export function formatRelativeTime(value: DateInput, now: DateInput = Date.now()): string {
  const seconds = (toDate(value).getTime() - toDate(now).getTime()) / 1000;
  if (Number.isNaN(seconds)) return '';
  const format = new Intl.RelativeTimeFormat(locale.value, { numeric: 'auto', style: 'short' });
  if (Math.abs(seconds) < 45) return format.format(0, 'second');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(0, 'second');
}
