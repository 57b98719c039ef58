/**
 * Linking a service's records to LINE friends by the LINE user id the record holds in its link
 * field (DESIGN.md, issue 5 "Linking"). Nothing is guessed: a record whose field is empty, or holds
 * something that is not a LINE user id ("U" + 32 lowercase hex digits), is counted and left out;
 * when two records name the same friend, the one with the smaller id wins and the other is counted.
 *
 * The link field is set per account at connect; the defaults:
 *   Shopify  customer metafield "lumo.line_user_id"
 *   HubSpot  contact property   "line_user_id"
 *   Klaviyo  profile            "external_id" (or "properties.<name>" for a custom property)
 */
import { LINE_USER_ID_RE } from '../../../lib/contract/api';
import type { IntegrationCounts } from '../../../lib/contract/api';

export const DEFAULT_LINK_FIELDS = {
  shopify: 'lumo.line_user_id',
  hubspot: 'line_user_id',
  klaviyo: 'external_id',
} as const;

export type LinkValue = { ok: true; lineUserId: string } | { ok: false; reason: 'missing' | 'invalid' };

export function readLineUserId(raw: unknown): LinkValue {
  if (raw === null || raw === undefined) return { ok: false, reason: 'missing' };
  const s = String(raw).trim();
  if (s === '') return { ok: false, reason: 'missing' };
  return LINE_USER_ID_RE.test(s) ? { ok: true, lineUserId: s } : { ok: false, reason: 'invalid' };
}

/** Record ids compared as the services number them: "…/Customer/9" before "…/Customer/10". */
export const compareRecordIds = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export interface LinkResult<T> {
  /** LINE user id → the record linked to it, for friends of the account only. */
  linked: Map<string, T>;
  counts: IntegrationCounts;
}

/**
 * Links records to friends. `friends` answers which LINE user ids are friends of the account
 * (records naming anyone else are counted as `notFriends`: they link once that person follows and
 * the next sync runs).
 */
export async function linkRecords<T extends { recordId: string; lineUserIdRaw: unknown }>(
  records: T[], isFriend: (ids: string[]) => Promise<Set<string>>,
): Promise<LinkResult<T>> {
  const counts: IntegrationCounts = { records: records.length, linked: 0, withoutLineUserId: 0, invalidLineUserId: 0, duplicateLineUserId: 0, notFriends: 0 };
  const claimed = new Map<string, T>();
  for (const r of [...records].sort((a, b) => compareRecordIds(a.recordId, b.recordId))) {
    const v = readLineUserId(r.lineUserIdRaw);
    if (!v.ok) {
      if (v.reason === 'missing') counts.withoutLineUserId++;
      else counts.invalidLineUserId++;
      continue;
    }
    if (claimed.has(v.lineUserId)) { counts.duplicateLineUserId++; continue; }
    claimed.set(v.lineUserId, r);
  }
  const friends = await isFriend([...claimed.keys()]);
  const linked = new Map<string, T>();
  for (const [id, r] of claimed) {
    if (friends.has(id)) linked.set(id, r);
    else counts.notFriends++;
  }
  counts.linked = linked.size;
  return { linked, counts };
}

/** A Klaviyo link field ("external_id" or "properties.<name>") read from a profile's attributes. */
export function klaviyoLinkValue(attributes: { external_id?: unknown; externalId?: unknown; properties?: Record<string, unknown> | null }, linkField: string): unknown {
  if (linkField === 'external_id') return attributes.external_id ?? attributes.externalId ?? null;
  const name = linkField.replace(/^properties\./, '');
  return attributes.properties?.[name] ?? null;
}
