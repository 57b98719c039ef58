/**
 * Klaviyo sync: the lists (with names), the profiles (custom properties, a few standard
 * attributes, the link field), then each list's member profile ids. Cursor paging throughout:
 * the page[cursor] of each answer's `links.next`.
 */
import type { IntegrationCounts } from '../../../../lib/contract/api';
import type { ServiceData } from '../../repositories/friends';
import type { Syncer } from '../sync';
import { klaviyoApi, nextCursor } from './client';
import { friendsAmong, readStaged, replaceServiceLists } from '../repository';
import { DEFAULT_LINK_FIELDS, klaviyoLinkValue, linkRecords } from '../link';
import { replaceBlocks } from '../blocks';
import { VendorError } from '../errors';

const PROFILES_PAGE = 100;
const MEMBERS_PAGE = 100;
/** Standard profile attributes kept as properties, under Klaviyo's API names. */
const STANDARD: [string, string][] = [['email', 'email'], ['first_name', 'firstName'], ['last_name', 'lastName'], ['locale', 'locale']];

interface StagedProfile { link: string | null; properties: Record<string, string> }
interface MembersCursor { lists: string[]; index: number; cursor: string | null }

/** A property value as text: strings as they are, numbers and booleans written out, the rest as JSON. */
export function propertyText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

export const klaviyoSyncer: Syncer<'klaviyo'> = {
  provider: 'klaviyo',
  firstPhase: 'lists',

  async step(ctx, state) {
    const k = klaviyoApi(ctx.credentials, ctx.deps.config.vendors);
    const linkField = ctx.integration.settings.linkField ?? DEFAULT_LINK_FIELDS.klaviyo;

    if (state.phase === 'lists') {
      const page = await k.call((a) => a.lists.getLists({ fieldsList: ['name'], pageCursor: (state.cursor as string | null) ?? undefined }));
      const rows = page.data.map((l) => ({ kind: 'list', key: l.id, data: { name: l.attributes.name ?? l.id } }));
      const next = nextCursor(page.links);
      return { rows, records: rows.length, next: next ? { phase: 'lists', cursor: next } : { phase: 'profiles', cursor: null } };
    }

    if (state.phase === 'profiles') {
      const page = await k.call((a) => a.profiles.getProfiles({
        pageSize: PROFILES_PAGE, pageCursor: (state.cursor as string | null) ?? undefined,
        fieldsProfile: ['email', 'external_id', 'first_name', 'last_name', 'locale', 'properties'],
      }));
      const rows = page.data.map((p) => {
        const attrs = p.attributes as unknown as Record<string, unknown> & { properties?: Record<string, unknown> | null };
        const properties: Record<string, string> = {};
        for (const [name, field] of STANDARD) {
          const v = propertyText(attrs[field] ?? attrs[name]);
          if (v !== null) properties[name] = v;
        }
        for (const [name, value] of Object.entries(attrs.properties ?? {})) {
          if (`properties.${name}` === linkField) continue;
          const v = propertyText(value);
          if (v !== null && name.length <= 100) properties[name] = v;
        }
        const link = klaviyoLinkValue(attrs, linkField);
        return { kind: 'profile', key: p.id!, data: { link: link === null ? null : String(link), properties } satisfies StagedProfile };
      });
      const next = nextCursor(page.links);
      if (next) return { rows, records: rows.length, next: { phase: 'profiles', cursor: next } };
      const lists = (await readStaged<{ name: string }>(ctx.deps.store.db, ctx.accountId, 'klaviyo', state.runId, 'list')).map((l) => l.key);
      return { rows, records: rows.length, next: lists.length ? { phase: 'members', cursor: { lists, index: 0, cursor: null } satisfies MembersCursor } : null };
    }

    const cur = state.cursor as MembersCursor;
    const listId = cur.lists[cur.index]!;
    let ids: string[] = [];
    let next: string | null = null;
    try {
      const page = await k.call((a) => a.lists.getProfileIdsForList(listId, { pageSize: MEMBERS_PAGE, pageCursor: cur.cursor ?? undefined }));
      ids = page.data.map((d) => d.id);
      next = nextCursor(page.links);
    } catch (e) {
      // A list deleted since it was listed: skip it.
      if (!(e instanceof VendorError && e.status === 404)) throw e;
    }
    const rows = ids.map((id) => ({ kind: 'member', key: `${listId}\u0001${id}`, data: { listId, profileId: id } }));
    const after: MembersCursor | null = next ? { ...cur, cursor: next } : cur.index + 1 < cur.lists.length ? { ...cur, index: cur.index + 1, cursor: null } : null;
    return { rows, records: rows.length, next: after ? { phase: 'members', cursor: after } : null };
  },

  async finish(ctx, state): Promise<IntegrationCounts> {
    const { db, dialect } = ctx.deps.store;
    const [lists, profiles, members] = await Promise.all([
      readStaged<{ name: string }>(db, ctx.accountId, 'klaviyo', state.runId, 'list'),
      readStaged<StagedProfile>(db, ctx.accountId, 'klaviyo', state.runId, 'profile'),
      readStaged<{ listId: string; profileId: string }>(db, ctx.accountId, 'klaviyo', state.runId, 'member'),
    ]);
    const listsOf = new Map<string, string[]>();
    for (const m of members) listsOf.set(m.data.profileId, [...(listsOf.get(m.data.profileId) ?? []), m.data.listId]);
    const { linked, counts } = await linkRecords(
      profiles.map((p) => ({ recordId: p.key, lineUserIdRaw: p.data.link, properties: p.data.properties })),
      (ids) => friendsAmong(db, ctx.accountId, ids),
    );
    const blocks = new Map<string, ServiceData>();
    for (const [lineUserId, p] of linked) blocks.set(lineUserId, { recordId: p.recordId, lists: listsOf.get(p.recordId) ?? [], properties: p.properties });
    await replaceServiceLists(db, dialect, ctx.accountId, 'klaviyo', lists.map((l) => ({ id: l.key, name: l.data.name })));
    await replaceBlocks(ctx.deps, ctx.accountId, 'klaviyo', blocks);
    return { ...counts, lists: lists.length };
  },
};
