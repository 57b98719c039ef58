/** Bitsets over friend slots: bit `i` of word `i >>> 5`. Words beyond an array's length read as 0. */

export const wordsFor = (bits: number) => (bits + 31) >>> 5;

export function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hasBit(b: Uint32Array, i: number): boolean {
  return ((b[i >>> 5] >>> (i & 31)) & 1) === 1;
}
export function setBit(b: Uint32Array, i: number): void { b[i >>> 5] |= 1 << (i & 31); }
export function clearBit(b: Uint32Array, i: number): void { b[i >>> 5] &= ~(1 << (i & 31)); }

/** A copy of `b` with room for `words` words (never shrinks). */
export function grow(b: Uint32Array, words: number): Uint32Array<ArrayBuffer> {
  if (b.length >= words) return b as Uint32Array<ArrayBuffer>;
  const out = new Uint32Array(words);
  out.set(b);
  return out;
}

/** Slots of the set bits, in ascending order. */
export function bitsOf(b: Uint32Array, words = b.length): number[] {
  const out: number[] = [];
  for (let w = 0; w < words; w++) {
    let x = b[w];
    while (x !== 0) {
      const low = x & -x;
      out.push((w << 5) + 31 - Math.clz32(low));
      x ^= low;
    }
  }
  return out;
}
