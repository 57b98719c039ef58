import { describe, expect, it } from 'vitest';
import { fromBase64, toBase64 } from './base64';

describe('base64', () => {
  it('encodes as the platform does', () => {
    expect(toBase64(new TextEncoder().encode('Lumo'))).toBe('THVtbw==');
    expect(toBase64(new Uint8Array())).toBe('');
  });

  it('round-trips every byte value across the chunk boundaries', () => {
    const bytes = new Uint8Array(2 * 0x8000 + 7).map((_, i) => (i * 31 + (i >> 8)) & 0xff);
    const text = toBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(Buffer.from(fromBase64(text)).equals(Buffer.from(bytes))).toBe(true);
  });
});
