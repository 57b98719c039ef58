/**
 * The Connections tab's model: each service's status (polled while a sync runs), and per service
 * a form to connect it, "Sync now" and "Disconnect". Only an account's admin may change
 * connections (DESIGN.md "People and roles"); others see the status.
 */
import { batch, computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { ProviderId } from '@/lib/contract/api';
import { isMessageError, type ConnectionStatus } from '@/lib/messages';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';
import { checkFields, issueMessage, serviceSpec, type FieldErrors, type FieldMessage } from './services';

export interface ServiceForm {
  values: ReadonlySignal<Record<string, string>>;
  errors: ReadonlySignal<FieldErrors>;
  /** A message about the whole form (the service is away, refused to read…). */
  formError: ReadonlySignal<FieldMessage | string | null>;
  busy: ReadonlySignal<'connect' | 'sync' | 'disconnect' | null>;
}

export interface ConnectionsModel {
  items: ReadonlySignal<ConnectionStatus[] | null>;
  loadError: ReadonlySignal<string | null>;
  /** Whether this person may connect, sync and disconnect (an admin, or a role not known). */
  canManage: ReadonlySignal<boolean>;
  form(provider: ProviderId): ServiceForm;
  status(provider: ProviderId): ConnectionStatus | undefined;
  load(): Promise<void>;
  setField(provider: ProviderId, name: string, value: string): void;
  connect(provider: ProviderId): Promise<boolean>;
  syncNow(provider: ProviderId): Promise<void>;
  disconnect(provider: ProviderId): Promise<void>;
  /** Stops polling (the tab closed). */
  stop(): void;
}

export interface ConnectionsOptions {
  pollMs?: number;
}

const running = (s: ConnectionStatus) => s.status === 'queued' || s.status === 'syncing';

export function createConnectionsModel(client: PanelClient, accountId: string, options: ConnectionsOptions = {}): ConnectionsModel {
  const pollMs = options.pollMs ?? 1500;
  const items = signal<ConnectionStatus[] | null>(null);
  const loadError = signal<string | null>(null);
  const role = signal<string | undefined>(undefined);
  const forms = new Map<ProviderId, {
    values: Signal<Record<string, string>>;
    errors: Signal<FieldErrors>;
    formError: Signal<FieldMessage | string | null>;
    busy: Signal<'connect' | 'sync' | 'disconnect' | null>;
  }>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  function formOf(provider: ProviderId) {
    let f = forms.get(provider);
    if (!f) {
      const initial = Object.fromEntries(serviceSpec(provider).fields.map((field) => [field.name, field.initial ?? '']));
      f = { values: signal<Record<string, string>>(initial), errors: signal<FieldErrors>({}), formError: signal<FieldMessage | string | null>(null), busy: signal<'connect' | 'sync' | 'disconnect' | null>(null) };
      forms.set(provider, f);
    }
    return f;
  }

  function put(status: ConnectionStatus) {
    const list = items.value ?? [];
    items.value = list.some((i) => i.provider === status.provider)
      ? list.map((i) => (i.provider === status.provider ? status : i))
      : [...list, status];
    schedule();
  }

  function schedule() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped || !(items.value ?? []).some(running)) return;
    timer = setTimeout(() => void load(), pollMs);
  }

  async function load() {
    try {
      const [list, accounts] = await Promise.all([
        client.send('listIntegrations', { accountId }),
        role.value === undefined ? client.send('listAccounts', {}).catch(() => null) : null,
      ]);
      batch(() => {
        items.value = list;
        loadError.value = null;
        const mine = accounts?.data.find((a) => a.id === accountId) as { role?: string } | undefined;
        if (mine?.role) role.value = mine.role;
      });
    } catch (e) {
      loadError.value = describeError(e, 'listIntegrations');
    }
    schedule();
  }

  /** The API's refusal, as messages next to the fields it names (in the user's language). */
  function refusal(provider: ProviderId, error: unknown): { fields: FieldErrors; form: FieldMessage | string | null } {
    const service = serviceSpec(provider).name;
    if (!isMessageError(error)) return { fields: {}, form: describeError(error, `connect ${provider}`) };
    const fields: FieldErrors = {};
    const named = new Set(serviceSpec(provider).fields.map((f) => f.name));
    if (error.status === 403) return { fields, form: { key: 'connections.error.forbidden' } };
    if (error.kind === 'server' && error.status === 503) return { fields, form: { key: 'connections.error.serviceAway', params: { service } } };
    if (error.code === 'insufficient_access') return { fields, form: { key: 'connections.error.insufficientAccess', params: { service } } };
    for (const issue of error.issues ?? []) {
      const field = issue.path.split('.')[0]!;
      if (!named.has(field)) continue;
      fields[field] = issueMessage(provider, error.code, issue, { accountId, linkField: formOf(provider).values.value['linkField'] ?? '' });
    }
    if (Object.keys(fields).length) return { fields, form: null };
    return { fields, form: error.kind === 'invalid' ? error.message : describeError(error, `connect ${provider}`) };
  }

  async function act(provider: ProviderId, busy: 'sync' | 'disconnect', run: () => Promise<void>) {
    const f = formOf(provider);
    f.busy.value = busy;
    f.formError.value = null;
    try {
      await run();
    } catch (e) {
      f.formError.value = refusal(provider, e).form;
    } finally {
      f.busy.value = null;
    }
  }

  return {
    items,
    loadError,
    canManage: computed(() => role.value === undefined || role.value === 'admin'),
    form: (provider) => formOf(provider),
    status: (provider) => items.value?.find((i) => i.provider === provider),
    load,
    setField(provider, name, value) {
      const f = formOf(provider);
      f.values.value = { ...f.values.value, [name]: value };
      if (f.errors.value[name]) f.errors.value = { ...f.errors.value, [name]: undefined };
    },
    async connect(provider) {
      const f = formOf(provider);
      const checked = checkFields(serviceSpec(provider), f.values.value);
      if (!checked.ok) {
        batch(() => { f.errors.value = checked.errors; f.formError.value = null; });
        return false;
      }
      batch(() => { f.busy.value = 'connect'; f.errors.value = {}; f.formError.value = null; });
      try {
        const status = await client.send('connectIntegration', { accountId, provider, credentials: checked.body });
        batch(() => {
          put(status);
          // The secrets leave the form once the API holds them.
          const spec = serviceSpec(provider);
          f.values.value = Object.fromEntries(spec.fields.map((field) => [field.name, field.secret ? '' : f.values.value[field.name] ?? '']));
        });
        return true;
      } catch (e) {
        const r = refusal(provider, e);
        batch(() => { f.errors.value = r.fields; f.formError.value = r.form; });
        return false;
      } finally {
        f.busy.value = null;
      }
    },
    syncNow: (provider) => act(provider, 'sync', async () => {
      put(await client.send('syncIntegration', { accountId, provider }));
    }),
    disconnect: (provider) => act(provider, 'disconnect', async () => {
      await client.send('disconnectIntegration', { accountId, provider });
      await load();
    }),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
