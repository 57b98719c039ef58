/**
 * One account's friends as columns (DESIGN.md, "Scale"): a slot per friend, and
 *  - bitsets for "counts" (alive = exists and not blocked), each service's presence, abandoned cart,
 *    and every tag, Shopify customer tag, HubSpot list and Klaviyo list value;
 *  - typed arrays for numbers and instants: friend-added and last-purchase instants as epoch ms
 *    (Float64, NaN = none — so no time zone is baked in and a comparison with NaN is false, like
 *    SQL's NULL), purchase counts (Int32);
 *  - dictionary-encoded HubSpot / Klaviyo property values, one column per key, loaded when a
 *    segment first asks for that key, with the ASCII-folded dictionary kept beside it.
 *
 * A value held by few friends (fewer than one in 32) is a list of slots rather than a bitset —
 * smaller, and shops have thousands of one-off customer tags; a query turns it into a scratch
 * bitset. Slots are never reused: a friend gone from the store keeps a dead slot until rebuild.
 */
import { FriendIds } from './friend-ids';
import { clearBit, grow, hasBit, setBit, wordsFor } from './bitset';

export type SetProperty = 'tag' | 'shopify.customer_tag' | 'hubspot.list' | 'klaviyo.list';
export const SET_PROPERTIES: readonly SetProperty[] = ['tag', 'shopify.customer_tag', 'hubspot.list', 'klaviyo.list'];
export type ServiceProvider = 'hubspot' | 'klaviyo';

/** A friend as the loader reads it from the store (instants as epoch ms). */
export interface FriendRecord {
  lineUserId: string;
  addedAt: number | null;
  blockedAt: number | null;
  tags: string[];
  shopify: { purchaseCount: number; lastPurchaseAt: number | null; abandonedCart: boolean; tags: string[] } | null;
  hubspot: { lists: string[]; properties: [string, string][] } | null;
  klaviyo: { lists: string[]; properties: [string, string][] } | null;
}

/** The friends holding one set value: a bitset when many do, else a list of slots. */
export interface ValueSet { dense: Uint32Array | null; sparse: number[] | null; count: number }

/** One HubSpot / Klaviyo property key: a code per slot (0 = none), and its dictionary. */
export class KeyColumn {
  codes: Uint16Array | Int32Array;
  readonly dict: string[] = [''];
  /** `dict` with ASCII A–Z folded, for contains / starts_with: computed once per distinct value. */
  readonly folded: string[] = [''];
  private readonly codeOf = new Map<string, number>();

  constructor(slots: number) { this.codes = new Uint16Array(slots); }

  codeFor(value: string): number {
    let code = this.codeOf.get(value);
    if (code === undefined) {
      code = this.dict.push(value) - 1;
      this.folded.push(value.replace(/[A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 32)));
      this.codeOf.set(value, code);
      if (code > 0xffff && this.codes instanceof Uint16Array) this.codes = Int32Array.from(this.codes);
    }
    return code;
  }

  set(slot: number, value: string | null): void { this.codes[slot] = value === null ? 0 : this.codeFor(value); }

  grow(slots: number): void {
    if (this.codes.length >= slots) return;
    const c = this.codes instanceof Uint16Array ? new Uint16Array(slots) : new Int32Array(slots);
    c.set(this.codes);
    this.codes = c;
  }

  bytes(): number {
    let strings = 0;
    for (const v of this.dict) strings += 2 * (40 + v.length); // value and folded copy, with headers
    return this.codes.byteLength + strings + this.dict.length * 40;
  }
}

const keyOf = (provider: ServiceProvider, key: string) => `${provider}\u0000${key}`;

export class AccountIndex {
  readonly ids = new FriendIds();
  private capWords = 0;
  alive = new Uint32Array(0);
  shopify = new Uint32Array(0);
  hubspot = new Uint32Array(0);
  klaviyo = new Uint32Array(0);
  abandoned = new Uint32Array(0);
  /** Slots whose friend is gone from the store. */
  private dead = new Uint32Array(0);
  addedAt = new Float64Array(0);
  lastPurchaseAt = new Float64Array(0);
  purchaseCount = new Int32Array(0);
  readonly sets: Record<SetProperty, Map<string, ValueSet>> = {
    'tag': new Map(), 'shopify.customer_tag': new Map(), 'hubspot.list': new Map(), 'klaviyo.list': new Map(),
  };
  private readonly props = new Map<string, KeyColumn>();
  /** Existing slots in DESIGN.md's sample order; rebuilt lazily after friend-added dates change. */
  private order: Int32Array | null = null;
  private reorder = new Set<number>();

  get size(): number { return this.ids.size; }
  get words(): number { return wordsFor(this.ids.size); }

  private ensureCapacity(slots: number): void {
    const need = wordsFor(slots);
    if (need <= this.capWords) return;
    const words = Math.max(need, this.capWords * 2, 64);
    const n = words * 32;
    this.alive = grow(this.alive, words);
    this.shopify = grow(this.shopify, words);
    this.hubspot = grow(this.hubspot, words);
    this.klaviyo = grow(this.klaviyo, words);
    this.abandoned = grow(this.abandoned, words);
    this.dead = grow(this.dead, words);
    const f64 = (a: Float64Array) => { const b = new Float64Array(n).fill(NaN); b.set(a); return b; };
    this.addedAt = f64(this.addedAt);
    this.lastPurchaseAt = f64(this.lastPurchaseAt);
    const pc = new Int32Array(n).fill(-1); pc.set(this.purchaseCount); this.purchaseCount = pc;
    for (const sets of Object.values(this.sets)) for (const v of sets.values()) if (v.dense) v.dense = grow(v.dense, words);
    for (const col of this.props.values()) col.grow(n);
    this.capWords = words;
  }

  /** A value's friends hold a bitset once they are at least one in 32 (the bitset is then the smaller). */
  private denseThreshold(): number { return Math.max(64, this.size >>> 5); }

  private addMember(property: SetProperty, value: string, slot: number): void {
    const sets = this.sets[property];
    let v = sets.get(value);
    if (!v) { v = { dense: null, sparse: [], count: 0 }; sets.set(value, v); }
    if (v.dense) { if (!hasBit(v.dense, slot)) { setBit(v.dense, slot); v.count++; } return; }
    v.sparse!.push(slot);
    v.count++;
    if (v.count >= this.denseThreshold()) this.densify(v);
  }

  private densify(v: ValueSet): void {
    const d = new Uint32Array(this.capWords);
    for (const s of v.sparse!) setBit(d, s);
    v.dense = d;
    v.sparse = null;
  }

  /** Removes `slots` (marked in `mask`) from every set value. */
  private removeMembers(slots: readonly number[], mask: Uint32Array): void {
    for (const sets of Object.values(this.sets)) {
      for (const [value, v] of sets) {
        if (v.dense) {
          for (const s of slots) if (hasBit(v.dense, s)) { clearBit(v.dense, s); v.count--; }
        } else {
          const kept = v.sparse!.filter((s) => !hasBit(mask, s));
          v.count = kept.length;
          v.sparse = kept;
        }
        if (v.count === 0) sets.delete(value);
      }
    }
  }

  /**
   * Friends as they now are in the store: updates their slots, appends new ones. `gone` are ids
   * the store no longer has. Only the rows of these friends are touched — never a rebuild.
   */
  apply(records: readonly FriendRecord[], gone: readonly string[] = []): void {
    const slots: number[] = [];
    const fresh: boolean[] = [];
    for (const r of records) {
      let s = this.ids.slotOf(r.lineUserId);
      const isNew = s < 0;
      if (isNew) { s = this.ids.append(r.lineUserId); this.ensureCapacity(this.ids.size); }
      slots.push(s);
      fresh.push(isNew);
    }
    const goneSlots = gone.map((id) => this.ids.slotOf(id)).filter((s) => s >= 0);
    const touched = [...slots.filter((_, i) => !fresh[i]), ...goneSlots];
    if (touched.length > 0) {
      const mask = new Uint32Array(this.capWords);
      for (const s of touched) setBit(mask, s);
      this.removeMembers(touched, mask);
    }
    for (const s of goneSlots) {
      this.clearRow(s);
      setBit(this.dead, s);
      this.reorder.add(s);
    }
    records.forEach((r, i) => this.writeRow(slots[i], r, fresh[i]));
  }

  private clearRow(s: number): void {
    for (const b of [this.alive, this.shopify, this.hubspot, this.klaviyo, this.abandoned]) clearBit(b, s);
    this.addedAt[s] = NaN;
    this.lastPurchaseAt[s] = NaN;
    this.purchaseCount[s] = -1;
    for (const col of this.props.values()) col.codes[s] = 0;
  }

  private writeRow(s: number, r: FriendRecord, fresh: boolean): void {
    const before = this.addedAt[s];
    this.clearRow(s);
    clearBit(this.dead, s);
    if (r.blockedAt === null) setBit(this.alive, s);
    this.addedAt[s] = r.addedAt ?? NaN;
    if (fresh || !Object.is(before, this.addedAt[s])) this.reorder.add(s);
    for (const t of r.tags) this.addMember('tag', t, s);
    if (r.shopify) {
      setBit(this.shopify, s);
      if (r.shopify.abandonedCart) setBit(this.abandoned, s);
      this.purchaseCount[s] = r.shopify.purchaseCount;
      this.lastPurchaseAt[s] = r.shopify.lastPurchaseAt ?? NaN;
      for (const t of r.shopify.tags) this.addMember('shopify.customer_tag', t, s);
    }
    for (const provider of ['hubspot', 'klaviyo'] as const) {
      const block = r[provider];
      if (!block) continue;
      setBit(this[provider], s);
      for (const l of block.lists) this.addMember(provider === 'hubspot' ? 'hubspot.list' : 'klaviyo.list', l, s);
      for (const [k, v] of block.properties) this.props.get(keyOf(provider, k))?.set(s, v);
    }
  }

  /** After a bulk build: values that grew common become bitsets. */
  compact(): void {
    const threshold = this.denseThreshold();
    for (const sets of Object.values(this.sets)) {
      for (const v of sets.values()) if (!v.dense && v.count >= threshold) this.densify(v);
    }
  }

  // ---- properties --------------------------------------------------------------------------

  hasKey(provider: ServiceProvider, key: string): boolean { return this.props.has(keyOf(provider, key)); }
  keyColumn(provider: ServiceProvider, key: string): KeyColumn | undefined { return this.props.get(keyOf(provider, key)); }

  /** Installs a key's column from (friend, value) rows; values of friends without the block are ignored, as SQL ignores them. */
  loadKey(provider: ServiceProvider, key: string, rows: Iterable<[string, string]>): KeyColumn {
    const col = new KeyColumn(this.capWords * 32);
    const presence = this[provider];
    for (const [id, value] of rows) {
      const s = this.ids.slotOf(id);
      if (s >= 0 && hasBit(presence, s)) col.set(s, value);
    }
    this.props.set(keyOf(provider, key), col);
    return col;
  }

  loadedKeys(): { provider: ServiceProvider; key: string }[] {
    return [...this.props.keys()].map((k) => {
      const cut = k.indexOf('\u0000'); // the key itself may hold any character
      return { provider: k.slice(0, cut) as ServiceProvider, key: k.slice(cut + 1) };
    });
  }

  dropKey(provider: ServiceProvider, key: string): void { this.props.delete(keyOf(provider, key)); }

  // ---- sample order --------------------------------------------------------------------------

  /** DESIGN.md's order: most recently added first, unknown addedAt last, ties by lineUserId. */
  compareSlots = (a: number, b: number): number => {
    const x = this.addedAt[a], y = this.addedAt[b];
    const xn = x !== x, yn = y !== y;
    if (xn !== yn) return xn ? 1 : -1;
    if (!xn && x !== y) return y > x ? 1 : -1;
    return this.ids.compare(a, b);
  };

  /** Existing slots in sample order: merged incrementally after changes, sorted once at first use. */
  sampleOrder(): Int32Array {
    if (this.order && this.reorder.size === 0) return this.order;
    const live = (s: number) => !hasBit(this.dead, s);
    if (!this.order || this.reorder.size > this.size / 4) {
      const all: number[] = [];
      for (let s = 0; s < this.size; s++) if (live(s)) all.push(s);
      this.order = Int32Array.from(all.sort(this.compareSlots));
    } else {
      const changed = [...this.reorder].filter(live).sort(this.compareSlots);
      const mark = new Uint32Array(this.capWords);
      for (const s of this.reorder) setBit(mark, s);
      const old = this.order;
      const out = new Int32Array(old.length + changed.length);
      let i = 0, j = 0, k = 0;
      while (i < old.length || j < changed.length) {
        if (i < old.length && hasBit(mark, old[i])) { i++; continue; }
        if (j >= changed.length || (i < old.length && this.compareSlots(old[i], changed[j]) <= 0)) out[k++] = old[i++];
        else out[k++] = changed[j++];
      }
      this.order = out.slice(0, k);
    }
    this.reorder.clear();
    return this.order;
  }

  /** Up to `limit` slots of `members` (a bitset with `count` bits) in sample order. */
  sample(members: Uint32Array, count: number, limit: number): number[] {
    if (limit <= 0 || count === 0) return [];
    if (count <= 4096 && count * 64 < this.size) {
      // Few members: keep the first `limit` in order as the members go by, without walking the
      // whole order or sorting them all; most lose to the last one kept at one comparison.
      const top: number[] = [];
      for (let w = 0, words = this.words; w < words; w++) {
        let x = members[w];
        while (x !== 0) {
          const low = x & -x;
          x ^= low;
          const s = (w << 5) + 31 - Math.clz32(low);
          if (top.length === limit && this.compareSlots(s, top[limit - 1]) >= 0) continue;
          let i = top.length === limit ? limit - 1 : top.length;
          for (; i > 0 && this.compareSlots(s, top[i - 1]) < 0; i--) top[i] = top[i - 1];
          top[i] = s;
        }
      }
      return top;
    }
    // Many members: walk the order; about limit × size / count steps.
    const order = this.sampleOrder();
    const out: number[] = [];
    for (let p = 0; p < order.length && out.length < limit; p++) {
      const s = order[p];
      if ((members[s >>> 5] >>> (s & 31)) & 1) out.push(s);
    }
    return out;
  }

  // ---- size ------------------------------------------------------------------------------

  /** Bytes held, near enough for the memory budget (typed arrays exactly, strings estimated). */
  bytes(): number {
    let b = this.ids.bytesUsed();
    for (const a of [this.alive, this.shopify, this.hubspot, this.klaviyo, this.abandoned, this.dead, this.addedAt, this.lastPurchaseAt, this.purchaseCount]) b += a.byteLength;
    for (const sets of Object.values(this.sets)) {
      for (const [value, v] of sets) b += 80 + 2 * value.length + (v.dense ? v.dense.byteLength : 8 * v.sparse!.length);
    }
    for (const col of this.props.values()) b += col.bytes();
    if (this.order) b += this.order.byteLength;
    return b;
  }
}
