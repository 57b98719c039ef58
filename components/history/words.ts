/** History and activity in the active language: who did it, and what changed. */
import type { ActorOut, Catalog, Folder, Tag } from '@/lib/contract/api';
import { language, t } from '@/lib/i18n';
import { describeChanges, type SegmentChange } from '@/lib/segment/diff';
import { summaryNames } from '../preview/summary';

/** "Admin token", "API token “CI”", or the member's name. */
export function actorName(actor: ActorOut | null): string {
  if (!actor) return t('history.unknownSaver');
  if (actor.type === 'admin') return t('history.actor.admin');
  if (actor.type === 'token') return t('history.actor.token', { name: actor.name });
  return t('history.actor.member', { name: actor.name });
}

/** The changes in words, with tag, list and folder names as they are now (deleted ones marked). */
export function changeWords(changes: SegmentChange[], catalog: Catalog | null, tags: readonly Tag[], folders: readonly Folder[]): string[] {
  const names = { ...summaryNames(catalog, tags), folders: Object.fromEntries(folders.map((f) => [f.id, f.name])) };
  return describeChanges(changes, language.value, names);
}
