/**
 * "Connect this account" (issue 13): the panel of an account the sync API does not know asks for
 * its Messaging API channel — the channel secret and access token — and the API creates the
 * account with LINE connected and this person as its admin. Only a signed-in member may: a script
 * token belongs to one account already, so the form says to sign in instead of failing on submit.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Account } from '@/lib/contract/api';
import { isMessageError, type Settings } from '@/lib/messages';
import type { PanelClient } from '../models/client';
import { describeError } from '../models/errors';
import { checkFields, issueMessage, serviceSpec, type FieldErrors, type FieldMessage } from './services';

export type ConnectAuth = NonNullable<Settings['auth']>;

export interface ConnectAccountModel {
  values: ReadonlySignal<Record<string, string>>;
  errors: ReadonlySignal<FieldErrors>;
  formError: ReadonlySignal<FieldMessage | string | null>;
  busy: ReadonlySignal<boolean>;
  /** How this browser is signed in (null until known). */
  auth: ReadonlySignal<ConnectAuth | null>;
  /** Whether this person may connect here: a member session (until known, assume so). */
  canConnect: ReadonlySignal<boolean>;
  /** The account is in Lumo and this person is not its member: offer "Sign in as someone else". */
  notMember: ReadonlySignal<boolean>;
  load(): Promise<void>;
  setField(name: string, value: string): void;
  /** The connected account, or null with the messages set. */
  connect(): Promise<Account | null>;
}

const LINE = serviceSpec('line');
const blank = () => Object.fromEntries(LINE.fields.map((f) => [f.name, '']));

export function createConnectAccountModel(client: PanelClient, accountId: string): ConnectAccountModel {
  const values = signal<Record<string, string>>(blank());
  const errors = signal<FieldErrors>({});
  const formError = signal<FieldMessage | string | null>(null);
  const busy = signal(false);
  const auth = signal<ConnectAuth | null>(null);
  const notMember = signal(false);

  /** The API's refusal, next to the field it names where it names one, in the user's language. */
  function refusal(error: unknown): { fields: FieldErrors; form: FieldMessage | string | null; notMember?: boolean } {
    if (!isMessageError(error)) return { fields: {}, form: describeError(error, 'connectAccount') };
    if (error.status === 403 && error.code === 'not_a_member') {
      return { fields: {}, form: { key: 'connections.account.notMember', params: { account: accountId } }, notMember: true };
    }
    if (error.status === 403) return { fields: {}, form: { key: 'connections.account.needsSession' } };
    if (error.status === 503) return { fields: {}, form: { key: 'connections.error.serviceAway', params: { service: LINE.name } } };
    const fields: FieldErrors = {};
    for (const issue of error.issues ?? []) {
      const field = issue.path.split('.')[0]!;
      if (LINE.fields.some((f) => f.name === field)) fields[field] = issueMessage('line', error.code, issue, { accountId });
    }
    if (Object.keys(fields).length) return { fields, form: null };
    return { fields, form: error.kind === 'invalid' ? error.message : describeError(error, 'connectAccount') };
  }

  return {
    values,
    errors,
    formError,
    busy,
    auth,
    canConnect: computed(() => auth.value === null || auth.value.kind === 'session'),
    notMember,
    async load() {
      try {
        auth.value = (await client.send('getSettings', {})).auth ?? { kind: 'none' };
      } catch {
        // Unknown: the API's answer to "Connect" will say what is missing.
      }
    },
    setField(name, value) {
      values.value = { ...values.value, [name]: value };
      if (errors.value[name]) errors.value = { ...errors.value, [name]: undefined };
    },
    async connect() {
      const checked = checkFields(LINE, values.value);
      if (!checked.ok) {
        batch(() => { errors.value = checked.errors; formError.value = null; });
        return null;
      }
      batch(() => { busy.value = true; errors.value = {}; formError.value = null; notMember.value = false; });
      try {
        const account = await client.send('connectAccount', {
          accountId, channelSecret: checked.body['channelSecret']!, channelAccessToken: checked.body['channelAccessToken']!,
        });
        // The secrets leave the form once the API holds them.
        values.value = blank();
        return account;
      } catch (e) {
        const r = refusal(e);
        batch(() => { errors.value = r.fields; formError.value = r.form; notMember.value = !!r.notMember; });
        return null;
      } finally {
        busy.value = false;
      }
    },
  };
}
