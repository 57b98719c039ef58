/**
 * One activity entry in words, in the active language: "Aoi restored segment “VIP” (version 2)".
 * An action this version of the extension does not know still reads sensibly, from its name.
 */
import type { Activity as ActivityItem } from '@/lib/contract/people';
import { language, t } from '@/lib/i18n';
import { registeredNamespaces } from '@/lib/i18n';
import { actorName } from '../history/words';

/** The i18n key of an action's sentence (`activity.action.segment.restore`), when there is one. */
export function actionKey(action: string): string | null {
  const key = `action.${action}`;
  return registeredNamespaces().get('activity')?.en[key] !== undefined ? `activity.${key}` : null;
}

/** Extra words from `details` that a reader can use: a version number, a count, an old name. */
function detailWords(item: ActivityItem): string {
  const d = item.details ?? {};
  const parts: string[] = [];
  if (typeof d.restoredVersion === 'number') parts.push(t('activity.detail.restoredVersion', { version: d.restoredVersion }));
  if (typeof d.from === 'string' && typeof d.to === 'string') parts.push(t('activity.detail.renamed', { from: d.from, to: d.to }));
  else if (typeof d.previousName === 'string' && d.previousName !== item.target.name) parts.push(t('activity.detail.previousName', { name: d.previousName }));
  for (const k of ['count', 'changed', 'recipients', 'tagged'] as const) {
    if (typeof d[k] === 'number') { parts.push(t('activity.detail.count', { count: d[k] as number })); break; }
  }
  return parts.join(' ');
}

export function activitySentence(item: ActivityItem): string {
  const who = actorName(item.actor);
  const key = actionKey(item.action);
  const what = key
    ? t(key, { who, name: item.target.name })
    : t('activity.unknownAction', { who, action: item.action, type: item.target.type, name: item.target.name });
  const extra = detailWords(item);
  // Japanese brackets need no space before them.
  return extra ? `${what}${language.value === 'ja' ? '' : ' '}${extra}` : what;
}
