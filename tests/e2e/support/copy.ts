/**
 * What the marketer reads, in either language, from the extension's own message catalogs — so
 * the tests follow the translator's words instead of copying them. (The English names of the main
 * controls are DESIGN.md's contract and the tests spell those out literally.)
 */
import type { Language, MessageCatalog } from '../../../lib/i18n/define';
import agent from '../../../lib/i18n/messages/agent';
import approvals from '../../../lib/i18n/messages/approvals';
import broadcast from '../../../lib/i18n/messages/broadcast';
import connections from '../../../lib/i18n/messages/connections';
import content from '../../../lib/i18n/messages/content';
import history from '../../../lib/i18n/messages/history';
import managerBroadcast from '../../../lib/i18n/messages/managerBroadcast';
import options from '../../../lib/i18n/messages/options';
import panel from '../../../lib/i18n/messages/panel';
import popup from '../../../lib/i18n/messages/popup';
import richMenus from '../../../lib/i18n/messages/richMenus';
import results from '../../../lib/i18n/messages/results';
import tags from '../../../lib/i18n/messages/tags';
import friends from '../../../lib/i18n/messages/friends';
import tabs from '../../../lib/i18n/messages/tabs';
import { CATEGORY_LABELS, OPERATOR_LABELS, propertyDef, type Operator, type PropertyId } from '../../../lib/segment/catalog';

const catalogs: Record<string, MessageCatalog> = { agent, approvals, broadcast, connections, content, history, managerBroadcast, options, panel, popup, results, richMenus, tags, friends, tabs };

/** `t` as the extension computes it: "{count}" plurals, numbers formatted for the language. */
export function text(lang: Language, key: string, params: Record<string, string | number> = {}): string {
  const dot = key.indexOf('.');
  const catalog = catalogs[key.slice(0, dot)];
  if (!catalog) throw new Error(`No message namespace for "${key}"`);
  let name = key.slice(dot + 1);
  if (typeof params.count === 'number' && !(name in catalog.en)) {
    const variant = `${name}_${new Intl.PluralRules(lang).select(params.count)}`;
    name = variant in catalog.en ? variant : `${name}_other`;
  }
  const message = catalog[lang][name] ?? catalog.en[name];
  if (message === undefined) throw new Error(`No message "${key}"`);
  return message.replace(/\{(\w+)\}/g, (whole, p: string) => {
    const v = params[p];
    return v === undefined ? whole : typeof v === 'number' ? new Intl.NumberFormat(lang === 'ja' ? 'ja-JP' : 'en-US').format(v) : v;
  });
}

/** A text with its {placeholders} as wildcards, for messages holding a time or a number. */
export function pattern(lang: Language, key: string, params: Record<string, string | number> = {}): RegExp {
  const marker = '\u0000';
  const known = text(lang, key, params);
  const withHoles = known.replace(/\{\w+\}/g, marker);
  const escaped = withHoles.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(marker, '.+');
  return new RegExp(escaped);
}

export const propertyLabel = (lang: Language, id: PropertyId) => propertyDef(id)!.label[lang];
export const operatorLabel = (lang: Language, op: Operator) => OPERATOR_LABELS[op][lang];
export const categoryLabel = (lang: Language, id: keyof typeof CATEGORY_LABELS) => CATEGORY_LABELS[id][lang];

/** Japanese script (kana or kanji): how a test tells Japanese copy from English at a glance. */
export const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff]/;
