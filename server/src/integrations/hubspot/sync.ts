/**
 * HubSpot sync: the contact property definitions (labels; lifecycle stages and other options,
 * which portals customise), the contact lists (lists v3, with names), the contacts with the
 * chosen properties, then each list's memberships.
 *
 * Which properties are read: the lifecycle stage and lead status, a few common ones, every custom
 * property of the portal (a marketer's own fields are what segments are made of), and those chosen
 * at connect — up to 100. The link field is read for linking, not kept as a property.
 */
import type { IntegrationCounts } from '../../../../lib/contract/api';
import type { ServiceData } from '../../repositories/friends';
import type { Syncer } from '../sync';
import { hubspotApi } from './client';
import { friendsAmong, readStaged, replacePropertyDefs, replaceServiceLists, type PropertyDef } from '../repository';
import { DEFAULT_LINK_FIELDS, linkRecords } from '../link';
import { replaceBlocks } from '../blocks';
import { VendorError } from '../errors';

const CONTACTS_PAGE = 100;
const MEMBERS_PAGE = 250;
const LISTS_PAGE = 500;
const MAX_PROPERTIES = 100;
/** HubSpot's object type id of contacts. */
const CONTACTS = '0-1';

export const DEFAULT_HUBSPOT_PROPERTIES = ['lifecyclestage', 'hs_lead_status', 'firstname', 'lastname', 'email', 'city', 'state', 'country', 'company', 'jobtitle'];
const KEPT_TYPES = new Set(['enumeration', 'string', 'number', 'bool', 'date', 'datetime', 'phone_number']);

interface StagedPropertyDef { label: string; type: string; options: { value: string; label: string }[]; custom: boolean }
interface StagedContact { link: string | null; properties: Record<string, string> }
interface MembersCursor { lists: string[]; index: number; after: string | null }

/** Picks the properties a sync reads: defaults, the chosen ones, the portal's custom ones. */
export function chooseProperties(defs: { name: string; type: string; custom: boolean }[], chosen: string[], linkField: string): string[] {
  const known = new Set(defs.map((d) => d.name));
  const out = new Set<string>([...DEFAULT_HUBSPOT_PROPERTIES, ...chosen].filter((p) => known.has(p)));
  for (const d of defs) {
    if (out.size >= MAX_PROPERTIES) break;
    if (d.custom && KEPT_TYPES.has(d.type) && d.name !== linkField) out.add(d.name);
  }
  out.delete(linkField);
  return [...out].slice(0, MAX_PROPERTIES);
}

export const hubspotSyncer: Syncer<'hubspot'> = {
  provider: 'hubspot',
  firstPhase: 'properties',

  async step(ctx, state) {
    const hs = hubspotApi(ctx.credentials, ctx.deps.config.vendors, { sleep: ctx.sleep, signal: ctx.signal });
    const linkField = ctx.integration.settings.linkField ?? DEFAULT_LINK_FIELDS.hubspot;

    if (state.phase === 'properties') {
      const res = await hs.call((c) => c.crm.properties.coreApi.getAllWithHttpInfo('contacts'));
      const rows = res.results.filter((p) => !p.hidden || p.name === linkField).map((p) => ({
        kind: 'propdef', key: p.name,
        data: {
          label: p.label, type: p.type, custom: p.hubspotDefined !== true,
          options: (p.options ?? []).filter((o) => !o.hidden).map((o) => ({ value: o.value, label: o.label })),
        } satisfies StagedPropertyDef,
      }));
      if (!rows.some((r) => r.key === linkField)) {
        throw new VendorError('hubspot', 'rejected', `HubSpot has no contact property "${linkField}" to link contacts to LINE friends. Create it in HubSpot (Settings › Properties), or connect again naming the property that holds the LINE user id.`);
      }
      const properties = chooseProperties(rows.map((r) => ({ name: r.key, type: r.data.type, custom: r.data.custom })), ctx.integration.settings.properties ?? [], linkField);
      return { rows, records: 0, next: { phase: 'lists', cursor: { offset: 0, properties } } };
    }

    if (state.phase === 'lists') {
      const cur = state.cursor as { offset: number; properties: string[] };
      const res = await hs.call((c) => c.crm.lists.listsApi.doSearchWithHttpInfo({ offset: cur.offset, count: LISTS_PAGE }));
      const rows = res.lists.filter((l) => l.objectTypeId === CONTACTS).map((l) => ({ kind: 'list', key: l.listId, data: { name: l.name } }));
      const offset = cur.offset + res.lists.length;
      return {
        rows, records: rows.length,
        next: res.hasMore && res.lists.length > 0 ? { phase: 'lists', cursor: { offset, properties: cur.properties } } : { phase: 'contacts', cursor: { after: null, properties: cur.properties } },
      };
    }

    if (state.phase === 'contacts') {
      const cur = state.cursor as { after: string | null; properties: string[] };
      const res = await hs.call((c) => c.crm.contacts.basicApi.getPageWithHttpInfo(CONTACTS_PAGE, cur.after ?? undefined, [...cur.properties, linkField], undefined, undefined, false));
      const rows = res.results.map((contact) => {
        const properties: Record<string, string> = {};
        for (const k of cur.properties) {
          const v = contact.properties[k];
          if (v !== null && v !== undefined && v !== '') properties[k] = v;
        }
        return { kind: 'contact', key: contact.id, data: { link: contact.properties[linkField] ?? null, properties } satisfies StagedContact };
      });
      const after = res.paging?.next?.after;
      if (after) return { rows, records: rows.length, next: { phase: 'contacts', cursor: { after, properties: cur.properties } } };
      const lists = (await readStaged<{ name: string }>(ctx.deps.store.db, ctx.accountId, 'hubspot', state.runId, 'list')).map((l) => l.key);
      return { rows, records: rows.length, next: lists.length ? { phase: 'members', cursor: { lists, index: 0, after: null } satisfies MembersCursor } : null };
    }

    // members: one page of one list at a time.
    const cur = state.cursor as MembersCursor;
    const listId = cur.lists[cur.index]!;
    let results: { recordId: string }[] = [];
    let after: string | undefined;
    try {
      const res = await hs.call((c) => c.crm.lists.membershipsApi.getPageWithHttpInfo(listId, cur.after ?? undefined, undefined, MEMBERS_PAGE));
      results = res.results;
      after = res.paging?.next?.after;
    } catch (e) {
      // A list deleted since it was listed: skip it.
      if (!(e instanceof VendorError && e.status === 404)) throw e;
    }
    const rows = results.map((m) => ({ kind: 'member', key: `${listId}\u0001${m.recordId}`, data: { listId, recordId: m.recordId } }));
    const next: MembersCursor | null = after ? { ...cur, after } : cur.index + 1 < cur.lists.length ? { ...cur, index: cur.index + 1, after: null } : null;
    return { rows, records: rows.length, next: next ? { phase: 'members', cursor: next } : null };
  },

  async finish(ctx, state): Promise<IntegrationCounts> {
    const { db, dialect } = ctx.deps.store;
    const [defs, lists, contacts, members] = await Promise.all([
      readStaged<StagedPropertyDef>(db, ctx.accountId, 'hubspot', state.runId, 'propdef'),
      readStaged<{ name: string }>(db, ctx.accountId, 'hubspot', state.runId, 'list'),
      readStaged<StagedContact>(db, ctx.accountId, 'hubspot', state.runId, 'contact'),
      readStaged<{ listId: string; recordId: string }>(db, ctx.accountId, 'hubspot', state.runId, 'member'),
    ]);
    const listsOf = new Map<string, string[]>();
    for (const m of members) listsOf.set(m.data.recordId, [...(listsOf.get(m.data.recordId) ?? []), m.data.listId]);
    const { linked, counts } = await linkRecords(
      contacts.map((c) => ({ recordId: c.key, lineUserIdRaw: c.data.link, properties: c.data.properties })),
      (ids) => friendsAmong(db, ctx.accountId, ids),
    );
    const blocks = new Map<string, ServiceData>();
    for (const [lineUserId, c] of linked) blocks.set(lineUserId, { recordId: c.recordId, lists: listsOf.get(c.recordId) ?? [], properties: c.properties });

    // Definitions of the properties friends hold (labels, and options such as lifecycle stages).
    const held = new Set(contacts.flatMap((c) => Object.keys(c.data.properties)));
    const keptDefs: PropertyDef[] = defs.filter((d) => held.has(d.key) || d.key === 'lifecyclestage')
      .map((d) => ({ key: d.key, label: d.data.label, options: d.data.options.length ? d.data.options : null }));
    await replacePropertyDefs(db, dialect, ctx.accountId, 'hubspot', keptDefs);
    await replaceServiceLists(db, dialect, ctx.accountId, 'hubspot', lists.map((l) => ({ id: l.key, name: l.data.name })));
    await replaceBlocks(ctx.deps, ctx.accountId, 'hubspot', blocks);
    return { ...counts, lists: lists.length };
  },
};
