/**
 * Bytes <-> base64, for binary bodies that cross the extension's runtime messages (JSON only):
 * rich-menu images on their way to the background and back as data: URLs.
 */

/**
 * Chunked because String.fromCharCode(...bytes) with a whole 1 MB image overflows the call
 * stack's argument limit.
 */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(base64: string): Uint8Array {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}
