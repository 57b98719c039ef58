/**
 * The credential the background calls the sync API with: a member's session (signed in with email
 * and password, or an accepted invite) or an API token (scripts, kiosks).
 *
 * Where it lives: content scripts can read `storage.local` (a security review found the token
 * there, issue 13), but not the extension origin's IndexedDB — content scripts run in the page's
 * origin. So the credential sits in its own IndexedDB database, read by the background and the
 * extension pages only. Its record is keyed by a random nonce kept in `storage.local`: clearing the
 * extension's storage (or a test's fake storage) forgets the credential with it, and the nonce
 * alone opens nothing.
 */
import { openDB, type IDBPDatabase } from 'idb';
import { storage } from 'wxt/utils/storage';
import type { Member } from '../contract/people';
import { credentialNonceItem as nonceItem } from './settings';

export type Credential =
  | { kind: 'token'; token: string }
  | { kind: 'session'; token: string; member: Member; expiresAt: string };

const DB = 'lumo-credentials';
const STORE = 'credentials';
/** The token of older versions, kept in storage.local: moved out on first read. */
const legacyTokenItem = storage.defineItem<string>('local:apiToken', { fallback: '' });

let opening: Promise<IDBPDatabase> | null = null;
function db(): Promise<IDBPDatabase> {
  opening ??= openDB(DB, 1, { upgrade: (d) => { d.createObjectStore(STORE); } });
  opening.catch(() => { opening = null; });
  return opening;
}

const newNonce = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export async function readCredential(): Promise<Credential | null> {
  const legacy = await legacyTokenItem.getValue();
  if (legacy) {
    await writeCredential({ kind: 'token', token: legacy });
    await legacyTokenItem.removeValue();
  }
  const nonce = await nonceItem.getValue();
  if (!nonce) return null;
  return ((await (await db()).get(STORE, nonce)) as Credential | undefined) ?? null;
}

/** Replaces the credential (null removes it). */
export async function writeCredential(credential: Credential | null): Promise<void> {
  const d = await db();
  await d.clear(STORE);
  if (!credential) {
    await nonceItem.removeValue();
    return;
  }
  const nonce = newNonce();
  await d.put(STORE, credential, nonce);
  await nonceItem.setValue(nonce);
}
