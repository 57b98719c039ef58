/**
 * The line user ids of an index's slots, compactly: a LINE user id is "U" + 32 lowercase hex, so
 * it is kept as 16 bytes (16 MB per million friends instead of ~100 MB of strings and a Map),
 * with an open-addressing hash table from id to slot. Ids of any other shape (never produced by
 * LINE, but the store does not forbid them) are kept as strings beside it.
 *
 * Byte order equals string order for lowercase hex, so `compare` is the sample's tie-break order
 * (JavaScript string order of the ids).
 */
const HEX_ID = /^U[0-9a-f]{32}$/;
const EMPTY = 0; // table entries hold slot + 1

function hexVal(c: number): number { return c <= 57 ? c - 48 : c - 87; }

export class FriendIds {
  private bytes = new Uint8Array(16 * 1024);
  private table = new Int32Array(2048);
  private other = new Map<number, string>(); // slot → id, for ids that are not "U" + 32 hex
  private otherSlot = new Map<string, number>();
  size = 0;

  private hashAt(slot: number): number {
    const b = this.bytes, o = slot * 16;
    let h = 0x811c9dc5;
    for (let k = 0; k < 16; k++) h = Math.imul(h ^ b[o + k], 0x01000193);
    return h >>> 0;
  }

  private hashOf(id: string): number {
    let h = 0x811c9dc5;
    for (let k = 0; k < 16; k++) {
      const byte = (hexVal(id.charCodeAt(1 + 2 * k)) << 4) | hexVal(id.charCodeAt(2 + 2 * k));
      h = Math.imul(h ^ byte, 0x01000193);
    }
    return h >>> 0;
  }

  private equalsAt(slot: number, id: string): boolean {
    const b = this.bytes, o = slot * 16;
    for (let k = 0; k < 16; k++) {
      const byte = (hexVal(id.charCodeAt(1 + 2 * k)) << 4) | hexVal(id.charCodeAt(2 + 2 * k));
      if (b[o + k] !== byte) return false;
    }
    return true;
  }

  private insertInTable(slot: number): void {
    const mask = this.table.length - 1;
    let p = this.hashAt(slot) & mask;
    while (this.table[p] !== EMPTY) p = (p + 1) & mask;
    this.table[p] = slot + 1;
  }

  /** The slot of `id`, or -1. */
  slotOf(id: string): number {
    if (!HEX_ID.test(id)) return this.otherSlot.get(id) ?? -1;
    const mask = this.table.length - 1;
    let p = this.hashOf(id) & mask;
    for (;;) {
      const e = this.table[p];
      if (e === EMPTY) return -1;
      if (this.equalsAt(e - 1, id)) return e - 1;
      p = (p + 1) & mask;
    }
  }

  /** Appends `id` (not yet present) and answers its slot. */
  append(id: string): number {
    const slot = this.size++;
    if ((slot + 1) * 16 > this.bytes.length) {
      const b = new Uint8Array(this.bytes.length * 2);
      b.set(this.bytes);
      this.bytes = b;
    }
    if (!HEX_ID.test(id)) {
      this.other.set(slot, id);
      this.otherSlot.set(id, slot);
      return slot;
    }
    const o = slot * 16;
    for (let k = 0; k < 16; k++) {
      this.bytes[o + k] = (hexVal(id.charCodeAt(1 + 2 * k)) << 4) | hexVal(id.charCodeAt(2 + 2 * k));
    }
    if ((this.size - this.other.size) * 2 > this.table.length) {
      this.table = new Int32Array(this.table.length * 2);
      for (let s = 0; s < this.size; s++) if (!this.other.has(s)) this.insertInTable(s);
    } else {
      this.insertInTable(slot);
    }
    return slot;
  }

  idAt(slot: number): string {
    const o = this.other.get(slot);
    if (o !== undefined) return o;
    let s = 'U';
    for (let k = 0; k < 16; k++) s += this.bytes[slot * 16 + k].toString(16).padStart(2, '0');
    return s;
  }

  /** String order of the two slots' ids. */
  compare(a: number, b: number): number {
    if (this.other.size > 0 && (this.other.has(a) || this.other.has(b))) {
      const x = this.idAt(a), y = this.idAt(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    const bytes = this.bytes;
    for (let k = 0, oa = a * 16, ob = b * 16; k < 16; k++) {
      const d = bytes[oa + k] - bytes[ob + k];
      if (d !== 0) return d;
    }
    return 0;
  }

  bytesUsed(): number {
    return this.bytes.byteLength + this.table.byteLength + this.other.size * 120;
  }
}
