/**
 * Changes: written to the outbox first, then sent. The answer waits for the first attempt (a
 * few seconds at most): `sent` with the API's answer, `refused` with its reason, or `pending`
 * with the optimistic result when the API is away; the outbox keeps trying after that.
 */
import { folderNameSchema, segmentCreateSchema, segmentPatchSchema, tagNameSchema, type Folder, type Segment, type Tag } from '../../lib/contract/api';
import type { Handlers } from '../../lib/messages/background';
import { MessageError } from '../../lib/messages/errors';
import type { Mutation } from '../../lib/messages/protocol';
import { newLocalId, type Change, type Outcome } from '../../lib/outbox/outbox';
import { toIssues } from '../../lib/segment/schema';
import type { z } from 'zod';
import type { Core } from './context';

/** How long a change's answer waits for its first attempt before saying "pending". */
export const FIRST_ATTEMPT_WAIT_MS = 10_000;

type ChangeHandlers = Pick<Handlers,
  | 'createTag' | 'renameTag' | 'deleteTag' | 'createFolder' | 'renameFolder' | 'deleteFolder'
  | 'createSegment' | 'updateSegment' | 'deleteSegment' | 'duplicateSegment' | 'moveSegment'
  | 'outboxStatus' | 'outboxRetry' | 'outboxDiscard'>;

function check<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = toIssues(r.error);
    throw new MessageError({ kind: 'invalid', message: issues[0]?.message ?? 'Check the highlighted fields.', issues });
  }
  return r.data;
}

export function changeHandlers(core: () => Promise<Core>, waitMs = FIRST_ATTEMPT_WAIT_MS): ChangeHandlers {
  /** Enqueues, kicks the outbox and answers with the first attempt's outcome. */
  async function send<T>(c: Core, change: Change, optimistic: (targetId: string) => Promise<T | null>, fromAccepted: (o: Extract<Outcome, { state: 'sent' }>) => T | null): Promise<Mutation<T>> {
    const entry = await c.outbox.enqueue(change);
    if (!entry) return { outboxId: '', state: 'sent', data: null, error: null }; // it cancelled out
    const outcome = c.outbox.waitFor(entry.id, waitMs);
    // If the drain ends without trying this entry (the queue waits on backoff), it is pending.
    const drained = c.outbox.drain().then((): Outcome => ({ id: entry.id, state: 'pending', error: null }));
    const first = await Promise.race([outcome, drained.then(() => Promise.race([outcome, settleSoon(entry.id)]))]);
    const localId = change.kind.endsWith('.create') ? { localId: change.targetId } : {};
    if (first.state === 'sent') return { outboxId: entry.id, state: 'sent', data: fromAccepted(first), error: null, ...localId };
    const data = await optimistic(await c.outbox.resolveId(entry.targetId));
    return { outboxId: entry.id, state: first.state, data, error: first.error, ...localId };
  }

  const segmentView = (c: Core, accountId: string) => async (id: string): Promise<Segment | null> =>
    (await c.views.segments(accountId)).find((i) => i.segment.id === id)?.segment ?? null;
  const folderView = (c: Core, accountId: string) => async (id: string): Promise<Folder | null> =>
    (await c.views.folders(accountId)).find((f) => f.id === id) ?? null;
  const tagView = (c: Core, accountId: string) => async (id: string): Promise<Tag | null> =>
    (await c.views.tags(accountId)).find((t) => t.id === id) ?? null;
  const asSegment = (o: Extract<Outcome, { state: 'sent' }>) => (o.accepted.kind === 'segment' ? o.accepted.segment : null);
  const asFolder = (o: Extract<Outcome, { state: 'sent' }>) => (o.accepted.kind === 'folder' ? o.accepted.folder : null);
  const asTag = (o: Extract<Outcome, { state: 'sent' }>) => (o.accepted.kind === 'tag' ? o.accepted.tag : null);
  const none = async () => null;

  async function currentSegment(c: Core, accountId: string, segmentId: string): Promise<Segment> {
    const id = await c.outbox.resolveId(segmentId);
    const found = (await segmentView(c, accountId)(id)) ?? (await c.api.segment(accountId, id).catch(() => null));
    if (!found) throw new MessageError({ kind: 'not_found', message: 'This segment no longer exists.' });
    return found;
  }

  async function createSegment(c: Core, accountId: string, input: { name: string; folderId?: string | null; definition: unknown; clientId?: string }) {
    const body = check(segmentCreateSchema, { name: input.name, folderId: input.folderId ?? null, definition: input.definition });
    return send(c, {
      accountId, kind: 'segment.create', targetId: input.clientId ?? newLocalId(), label: body.name, body,
    }, segmentView(c, accountId), asSegment);
  }

  async function updateSegment(c: Core, accountId: string, segmentId: string, version: number, patch: Record<string, unknown>) {
    const body = check(segmentPatchSchema, patch);
    const current = await currentSegment(c, accountId, segmentId);
    return send(c, {
      accountId, kind: 'segment.update', targetId: current.id, label: body.name ?? current.name, body, baseVersion: version,
    }, segmentView(c, accountId), asSegment);
  }

  return {
    async createTag({ accountId, name }) {
      const c = await core();
      const body = { name: check(tagNameSchema, name) };
      return send(c, { accountId, kind: 'tag.create', targetId: newLocalId(), label: body.name, body }, tagView(c, accountId), asTag);
    },
    async renameTag({ accountId, tagId, name }) {
      const c = await core();
      const body = { name: check(tagNameSchema, name) };
      return send(c, { accountId, kind: 'tag.rename', targetId: tagId, label: body.name, body }, tagView(c, accountId), asTag);
    },
    async deleteTag({ accountId, tagId }) {
      const c = await core();
      const label = (await tagView(c, accountId)(tagId))?.name ?? tagId;
      return send(c, { accountId, kind: 'tag.delete', targetId: tagId, label }, none, () => null);
    },

    async createFolder({ accountId, name }) {
      const c = await core();
      const body = { name: check(folderNameSchema, name) };
      return send(c, { accountId, kind: 'folder.create', targetId: newLocalId(), label: body.name, body }, folderView(c, accountId), asFolder);
    },
    async renameFolder({ accountId, folderId, name }) {
      const c = await core();
      const body = { name: check(folderNameSchema, name) };
      return send(c, { accountId, kind: 'folder.rename', targetId: folderId, label: body.name, body }, folderView(c, accountId), asFolder);
    },
    async deleteFolder({ accountId, folderId }) {
      const c = await core();
      const label = (await folderView(c, accountId)(folderId))?.name ?? folderId;
      return send(c, { accountId, kind: 'folder.delete', targetId: folderId, label }, none, () => null);
    },

    async createSegment({ accountId, ...input }) {
      return createSegment(await core(), accountId, input);
    },
    async updateSegment({ accountId, segmentId, version, patch }) {
      return updateSegment(await core(), accountId, segmentId, version, patch);
    },
    async deleteSegment({ accountId, segmentId, version }) {
      const c = await core();
      const current = await currentSegment(c, accountId, segmentId);
      return send(c, { accountId, kind: 'segment.delete', targetId: current.id, label: current.name, baseVersion: version }, none, () => null);
    },
    async duplicateSegment({ accountId, segmentId, name }) {
      const c = await core();
      const original = await currentSegment(c, accountId, segmentId);
      const copyName = name ?? `${original.name} (copy)`.slice(0, 100);
      return createSegment(c, accountId, { name: copyName, folderId: original.folderId, definition: original.definition });
    },
    async moveSegment({ accountId, segmentId, version, folderId }) {
      return updateSegment(await core(), accountId, segmentId, version, { folderId });
    },

    async outboxStatus({ accountId }) {
      return (await core()).outbox.status(accountId);
    },
    async outboxRetry({ id, overwrite }) {
      const c = await core();
      await c.outbox.retry(id, { overwrite });
      return c.outbox.status();
    },
    async outboxDiscard({ id }) {
      const c = await core();
      await c.outbox.discard(id);
      return c.outbox.status();
    },
  };
}

/** A short grace after a drain: the entry's own outcome may be one tick behind the drain. */
const settleSoon = (id: string) =>
  new Promise<Outcome>((resolve) => setTimeout(() => resolve({ id, state: 'pending', error: null }), 0));
