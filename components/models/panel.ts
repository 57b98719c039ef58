/**
 * The Segment panel's models, built in one place with their dependencies passed in and disposed
 * in one place: connection, catalog, list, editor, preview, outbox, and a clock for "3 min ago".
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { PushEvent } from '@/lib/messages';
import { backgroundClient, type PanelClient } from './client';
import { createCatalogModel, type CatalogModel } from './catalog';
import { createEditorModel, type EditorModel } from './editor';
import { errorKind, describeError } from './errors';
import { createListModel, type ListModel } from './segments';
import { createOutboxModel, type OutboxModel } from './outbox';
import { createPreviewModel, type PreviewModel, type PreviewOptions } from './preview';
import type { Role } from '@/lib/permissions';

/**
 * The caller's role on the account, from the accounts list (GET /v1/accounts): `null` when the
 * list names none (the server's admin token, which may do everything), `undefined` until known.
 */
export type AccountRole = Role | null | undefined;

/**
 * Whether the panel can work for this account. Anything but `ready` replaces the panel's content
 * with an explanation and the way to fix it (options page).
 */
export type Connection =
  | { state: 'loading' }
  | { state: 'ready' }
  | { state: 'not_configured' | 'unknown_account' | 'unauthorized' | 'no_permission' | 'unreachable' }
  | { state: 'error'; message: string };

export interface PanelModels {
  accountId: string;
  client: PanelClient;
  connection: ReadonlySignal<Connection>;
  catalog: CatalogModel;
  list: ListModel;
  editor: EditorModel;
  preview: PreviewModel;
  outbox: OutboxModel;
  view: ReadonlySignal<'list' | 'editor'>;
  /** The selected tab's id (components/tabs/registry.ts); 'segments' first. */
  tab: ReadonlySignal<string>;
  selectTab(id: string): void;
  /** Ticks every 30 s so relative times ("3 min ago") stay true. */
  now: ReadonlySignal<number>;
  /** The caller's role here: tabs for what the role may not do are not shown. */
  role: ReadonlySignal<AccountRole>;
  load(refresh?: boolean): Promise<void>;
  openOptions(): Promise<void>;
  dispose(): void;
}

export interface PanelOptions extends PreviewOptions {
  client?: PanelClient;
  clockMs?: number;
}

export function createPanelModels(accountId: string, options: PanelOptions = {}): PanelModels {
  const client = options.client ?? backgroundClient;
  const connection = signal<Connection>({ state: 'loading' });
  const catalog = createCatalogModel();
  const list = createListModel(client, accountId);
  const outbox = createOutboxModel(client, accountId);
  const editor = createEditorModel(client, accountId, {
    onSaved: (item) => list.adopt(item),
    timeZone: computed(() => catalog.catalog.value?.timezone),
  });
  const preview = createPreviewModel(client, accountId, editor.previewSource, options);
  const now = signal(Date.now());
  const tab = signal('segments');
  const role = signal<AccountRole>(undefined);
  const roleFrom = (accounts: { id: string; role?: Role }[]) => {
    const account = accounts.find((a) => a.id === accountId);
    if (account) role.value = account.role ?? null;
  };
  const clock = setInterval(() => { now.value = Date.now(); }, options.clockMs ?? 30_000);

  const unsubscribe = client.subscribe((event: PushEvent) => {
    list.apply(event);
    outbox.apply(event);
    preview.apply(event);
    editor.apply(event);
    if ('accountId' in event && event.accountId === accountId) {
      if (event.type === 'fresh.catalog') catalog.setCatalog(event.data);
      if (event.type === 'fresh.tags') catalog.setTags(event.data);
    }
    if (event.type === 'settings.changed' && connection.value.state !== 'ready') void load();
    // The cached accounts list answers first; the fresh one may carry another role.
    if (event.type === 'fresh.accounts') roleFrom(event.data);
  });

  async function load(refresh = false) {
    const flag = refresh ? { refresh } : {};
    const [segments, folders, cat, tags] = await Promise.allSettled([
      client.send('listSegments', { accountId, ...flag }),
      client.send('listFolders', { accountId, ...flag }),
      client.send('getCatalog', { accountId, ...flag }),
      client.send('listTags', { accountId, ...flag }),
      outbox.load(),
      client.send('listAccounts', flag).then((accounts) => roleFrom(accounts.data)),
    ]);
    batch(() => {
      if (segments.status === 'rejected') {
        connection.value = connectionFor(segments.reason);
        return;
      }
      const { data, fetchedAt, offline } = segments.value;
      list.setItems(data, fetchedAt, offline);
      if (folders.status === 'fulfilled') list.setFolders(folders.value.data);
      if (cat.status === 'fulfilled') catalog.setCatalog(cat.value.data);
      if (tags.status === 'fulfilled') catalog.setTags(tags.value.data);
      connection.value = { state: 'ready' };
    });
  }

  return {
    accountId,
    client,
    connection,
    catalog,
    list,
    editor,
    preview,
    outbox,
    view: computed(() => (editor.isOpen.value ? 'editor' : 'list')),
    tab,
    selectTab(id: string) {
      tab.value = id;
    },
    now,
    role,
    load,
    async openOptions() {
      try {
        await client.send('openOptions', {});
      } catch (e) {
        describeError(e, 'openOptions');
      }
    },
    dispose() {
      clearInterval(clock);
      unsubscribe();
      preview.dispose();
    },
  };
}

function connectionFor(error: unknown): Connection {
  switch (errorKind(error)) {
    case 'not_configured': return { state: 'not_configured' };
    case 'not_found': return { state: 'unknown_account' };
    case 'unauthorized': return { state: 'unauthorized' };
    case 'no_permission': return { state: 'no_permission' };
    case 'unreachable': case 'disconnected': case 'server': return { state: 'unreachable' };
    default: return { state: 'error', message: describeError(error, 'listSegments') };
  }
}
