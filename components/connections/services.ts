/**
 * What each service asks for (DESIGN.md "integrations"), and the checks a person can be told
 * about before anything is sent. Pure: no DOM, no messages.
 */
import type { ProviderId } from '@/lib/contract/api';

export interface FieldSpec {
  /** The API body's field. */
  name: string;
  /** i18n key of the label. */
  label: string;
  hint?: string;
  secret?: boolean;
  /** Prefilled, and sent as typed (the API's own default when left as it is). */
  initial?: string;
  optional?: boolean;
  /** i18n key of the message when the value is wrong, or null. */
  check?: (value: string) => string | null;
}

export interface ServiceSpec {
  id: ProviderId;
  /** The section's name (a product name: the same in every language). */
  name: string;
  hint: string;
  fields: FieldSpec[];
}

const noSpaces = (v: string) => (/\s/.test(v) ? 'connections.error.spaces' : null);

/** A LINE channel secret: 32 hex digits (LINE Developers console, "Basic settings"). */
export const isChannelSecret = (v: string) => /^[0-9a-fA-F]{32}$/.test(v);
const bareShop = (v: string) => v.trim().replace(/^https?:\/\//i, '').replace(/\/+$/, '').toLowerCase();
/** A Shopify shop as its permanent myshopify.com domain (the Admin API is reached there). */
export const isShopDomain = (v: string) => /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/.test(bareShop(v));

const linkField = (service: 'shopify' | 'hubspot' | 'klaviyo', initial: string): FieldSpec => ({
  name: 'linkField', label: 'connections.field.linkField', hint: `connections.hint.linkField.${service}`, initial, optional: true, check: noSpaces,
});

export const SERVICES: ServiceSpec[] = [
  {
    id: 'line', name: 'LINE', hint: 'connections.hint.line',
    fields: [
      { name: 'channelSecret', label: 'connections.field.channelSecret', hint: 'connections.hint.channelSecret', secret: true, check: (v) => (isChannelSecret(v) ? null : 'connections.error.channelSecret') },
      { name: 'channelAccessToken', label: 'connections.field.channelAccessToken', hint: 'connections.hint.channelAccessToken', secret: true, check: noSpaces },
    ],
  },
  {
    id: 'shopify', name: 'Shopify', hint: 'connections.hint.shopify',
    fields: [
      { name: 'shop', label: 'connections.field.shop', check: (v) => (isShopDomain(v) ? null : 'connections.error.shop') },
      { name: 'accessToken', label: 'connections.field.accessToken.shopify', secret: true, check: noSpaces },
      linkField('shopify', 'lumo.line_user_id'),
    ],
  },
  {
    id: 'hubspot', name: 'HubSpot', hint: 'connections.hint.hubspot',
    fields: [
      { name: 'accessToken', label: 'connections.field.accessToken.hubspot', secret: true, check: noSpaces },
      linkField('hubspot', 'line_user_id'),
    ],
  },
  {
    id: 'klaviyo', name: 'Klaviyo', hint: 'connections.hint.klaviyo',
    fields: [
      { name: 'apiKey', label: 'connections.field.apiKey', secret: true, check: noSpaces },
      linkField('klaviyo', 'external_id'),
    ],
  },
];

export const serviceSpec = (id: ProviderId): ServiceSpec => SERVICES.find((s) => s.id === id)!;

/** A message for a field, as an i18n key and its params (translated when shown). */
export interface FieldMessage { key: string; params?: Record<string, string> }
/** A field's message: an i18n key with params, or the API's own sentence. */
export type FieldErrors = Record<string, FieldMessage | string | undefined>;

/**
 * The body to send, or the fields to fix first: required fields filled, each field's own check,
 * values trimmed, the shop reduced to its domain.
 */
export function checkFields(spec: ServiceSpec, values: Record<string, string>): { ok: true; body: Record<string, string> } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const body: Record<string, string> = {};
  for (const field of spec.fields) {
    const value = (values[field.name] ?? field.initial ?? '').trim();
    if (!value) {
      if (!field.optional) errors[field.name] = { key: 'connections.error.required', params: { field: field.label } };
      continue;
    }
    const problem = field.check?.(value);
    if (problem) errors[field.name] = { key: problem };
    else body[field.name] = field.name === 'shop' ? bareShop(value) : value;
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body };
}

/**
 * The API's refusal of one field, in the user's language where the code is known: `other` is the
 * account LINE named in a wrong_line_account refusal ("Belongs to @other.").
 */
export function issueMessage(provider: ProviderId, code: string | undefined, issue: { path: string; message: string }, ctx: { accountId: string; linkField?: string }): FieldMessage | string {
  const service = serviceSpec(provider).name;
  const field = issue.path.split('.')[0];
  if (code === 'credentials_rejected') return { key: 'connections.error.rejected', params: { service } };
  if (code === 'wrong_line_account') return { key: 'connections.error.wrongAccount', params: { other: /@\S+?(?=\.?$)/.exec(issue.message)?.[0] ?? '?', account: ctx.accountId } };
  if (code === 'link_field_missing') return { key: 'connections.error.linkFieldMissing', params: { service, field: ctx.linkField ?? '' } };
  if (field === 'shop') return { key: 'connections.error.shop' };
  if (field === 'channelSecret') return { key: 'connections.error.channelSecret' };
  return issue.message;
}
