/**
 * "Tag everyone" on one segment: choose a tag and add or remove, confirm (naming the tag and the
 * count), follow the job's progress, undo it when done. The Idempotency-Key is made when the
 * confirmation opens, so a double click or a retried message starts one operation.
 */
import { signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { TagOperation } from '@/lib/contract/api';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';

export const POLL_MS = 400;

export interface BulkTagModel {
  tagId: Signal<string>;
  action: Signal<'add' | 'remove'>;
  operation: ReadonlySignal<TagOperation | null>;
  undo: ReadonlySignal<TagOperation | null>;
  error: Signal<string | null>;
  start(): Promise<void>;
  revert(): Promise<void>;
  dispose(): void;
}

export function createBulkTagModel(client: PanelClient, accountId: string, segmentId: string, opts: { pollMs?: number } = {}): BulkTagModel {
  const tagId = signal('');
  const action = signal<'add' | 'remove'>('add');
  const operation = signal<TagOperation | null>(null);
  const undo = signal<TagOperation | null>(null);
  const error = signal<string | null>(null);
  const key = `tag-${crypto.randomUUID()}`;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  function follow(target: Signal<TagOperation | null>) {
    const tick = async () => {
      const op = target.value;
      if (!op || op.status !== 'running' || disposed) return;
      try {
        target.value = await client.send('getTagOperation', { accountId, operationId: op.id });
      } catch (e) {
        error.value = describeError(e, 'tags: progress');
      }
      if (target.value?.status === 'running' && !disposed) timer = setTimeout(() => void tick(), opts.pollMs ?? POLL_MS);
    };
    timer = setTimeout(() => void tick(), opts.pollMs ?? POLL_MS);
  }

  return {
    tagId, action, operation, undo, error,
    async start() {
      if (!tagId.value || operation.value) return;
      try {
        operation.value = await client.send('startTagOperation', { accountId, segmentId, tagId: tagId.value, action: action.value, idempotencyKey: key });
        follow(operation);
      } catch (e) {
        error.value = describeError(e, 'tags: tag everyone');
      }
    },
    async revert() {
      const op = operation.value;
      if (!op || op.status !== 'done' || undo.value) return;
      try {
        undo.value = await client.send('undoTagOperation', { accountId, operationId: op.id });
        follow(undo);
      } catch (e) {
        error.value = describeError(e, 'tags: undo');
      }
    },
    dispose() { disposed = true; if (timer) clearTimeout(timer); },
  };
}
