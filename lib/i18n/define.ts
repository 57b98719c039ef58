/**
 * The shape of a message namespace. Kept apart from index.ts so message files import nothing
 * with side effects (index.ts loads every message file).
 */
export type Language = 'en' | 'ja';
export type Messages = Record<string, string>;
export interface MessageCatalog<M extends Messages = Messages> {
  en: M;
  /** Japanese must translate every English key and add none. */
  ja: { [K in keyof M]: string };
}

/**
 * Declares a namespace's strings. Placeholders are `{name}`; a key with `_one`/`_other`
 * variants is chosen by Intl.PluralRules on `params.count` (Japanese needs only `_other`,
 * but gives both so the key sets stay identical).
 */
export function defineMessages<const M extends Messages>(catalog: { en: M; ja: { [K in keyof M]: string } }): MessageCatalog<M> {
  return catalog;
}
