/**
 * Integration secrets at rest: AES-256-GCM with LUMO_SECRET_KEY, a random 96-bit IV per
 * encryption, the account and provider bound in as additional authenticated data (a ciphertext
 * copied to another account's row does not decrypt). Stored as `v1.<iv>.<tag>.<ciphertext>`,
 * base64url. Decrypted only in memory, right before a vendor call.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

export class SecretUnreadable extends Error {
  constructor() {
    super('The stored credentials cannot be decrypted with the current LUMO_SECRET_KEY (was the key changed?). Connect the service again.');
  }
}

export function decryptSecret(key: Buffer, stored: string, context: string): string {
  const [version, iv, tag, ct] = stored.split('.');
  if (version !== VERSION || !iv || !tag || ct === undefined) throw new SecretUnreadable();
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadable();
  }
}
