/**
 * A definition → ONE fused loop over the index's 32-bit words. Each condition becomes a word
 * expression (bitsets: tags, lists, presence) and/or a per-friend test (numbers, instants,
 * dictionary codes) that only runs on the friends the word expressions left standing; groups are
 * ORed word by word; the count is a popcount. No per-friend object, no pass per condition.
 *
 * The loop is generated with `new Function` from fixed templates: its text holds only generated
 * identifiers (`a0`, `a1`…), operators and small integer literals. Every value — arrays, bounds,
 * lookup tables — is passed in as an argument, never written into the code, so no user text ever
 * reaches it. Functions are cached by their text (the definition's shape), so V8 optimizes a
 * shape once.
 *
 * Semantics are the reference evaluator's (held to it by ../differential.test.ts): date and days
 * conditions are the same instant ranges as the SQL compiler's (../instant-ranges.ts); NaN (no
 * value) fails every comparison.
 */
import type { Condition, Definition } from '../../../../lib/segment/schema';
import { foldAsciiCase } from '../../../../lib/segment/evaluate';
import { addedAtRange, daysSinceRange, type DayContext, type InstantRange } from '../instant-ranges';
import type { Formula } from '../diagnose-plan';
import { setBit } from './bitset';
import type { AccountIndex, ServiceProvider, SetProperty, ValueSet } from './account-index';

/** A condition as code: friends match when `word` has their bit AND `bit` holds for them. */
interface CondCode { word: string | null; bit: string | null }

class Builder {
  readonly args: unknown[] = [];
  constructor(readonly index: AccountIndex, readonly ctx: DayContext) {}
  arg(v: unknown): string { return `a${this.args.push(v) - 1}`; }
}

const ALL = '-1';
const NONE = '0';

function valueWords(b: Builder, v: ValueSet | undefined): Uint32Array | null {
  if (!v) return null;
  if (v.dense) return v.dense;
  // A rare value: its few slots as a scratch bitset for this query.
  const scratch = new Uint32Array(b.index.words);
  for (const s of v.sparse!) setBit(scratch, s);
  return scratch;
}

/** OR / AND of several bitsets as one word expression; more than four are combined up front. */
function combine(b: Builder, arrays: Uint32Array[], op: '|' | '&'): string {
  if (arrays.length <= 4) return `(${arrays.map((a) => `${b.arg(a)}[w]`).join(` ${op} `)})`;
  const words = b.index.words;
  const out = Uint32Array.from(arrays[0].subarray(0, words));
  for (const a of arrays.slice(1)) {
    if (op === '|') for (let w = 0; w < words; w++) out[w] |= a[w];
    else for (let w = 0; w < words; w++) out[w] &= a[w];
  }
  return `${b.arg(out)}[w]`;
}

const BLOCK_OF: Record<SetProperty, 'shopify' | 'hubspot' | 'klaviyo' | null> = {
  'tag': null, 'shopify.customer_tag': 'shopify', 'hubspot.list': 'hubspot', 'klaviyo.list': 'klaviyo',
};

function setCode(b: Builder, property: SetProperty, operator: string, value: unknown): CondCode {
  const wanted = [...new Set(Array.isArray(value) ? (value as string[]) : [])];
  const sets = b.index.sets[property];
  const known = wanted.map((v) => valueWords(b, sets.get(v)));
  const present = known.filter((a): a is Uint32Array => a !== null);
  const block = BLOCK_OF[property];
  const held = (expr: string) => (block ? `(${b.arg(b.index[block])}[w] & ${expr})` : expr);
  switch (operator) {
    case 'contains_any':
      return { word: present.length === 0 ? NONE : held(combine(b, present, '|')), bit: null };
    case 'contains_all':
      return { word: wanted.length === 0 || present.length < wanted.length ? NONE : held(combine(b, present, '&')), bit: null };
    case 'contains_none':
      // A missing set is empty: true for friends without the block.
      return { word: present.length === 0 ? ALL : `~${held(combine(b, present, '|'))}`, bit: null };
  }
  throw new Error(`Unsupported set condition "${operator}".`);
}

function rangeBit(b: Builder, column: Float64Array, r: InstantRange): string {
  const x = `${b.arg(column)}[i]`;
  const lo = Number.isFinite(r.from) ? b.arg(r.from) : null;
  const hi = Number.isFinite(r.to) ? b.arg(r.to) : null;
  if (r.outside) {
    const parts = [lo ? `${x} < ${lo}` : null, hi ? `${x} >= ${hi}` : null].filter(Boolean);
    return parts.length ? `(${parts.join(' || ')})` : 'false';
  }
  const parts = [lo ? `${x} >= ${lo}` : null, hi ? `${x} < ${hi}` : null].filter(Boolean);
  return parts.length ? `(${parts.join(' && ')})` : `(${x} === ${x})`;
}

function numberBit(b: Builder, column: Int32Array, operator: string, value: unknown): string {
  const x = `${b.arg(column)}[i]`;
  switch (operator) {
    case 'eq': return `(${x} === ${b.arg(value)})`;
    case 'neq': return `(${x} !== ${b.arg(value)})`;
    case 'gt': return `(${x} > ${b.arg(value)})`;
    case 'gte': return `(${x} >= ${b.arg(value)})`;
    case 'lt': return `(${x} < ${b.arg(value)})`;
    case 'lte': return `(${x} <= ${b.arg(value)})`;
    case 'between': {
      const [min, max] = value as [number, number];
      return `(${x} >= ${b.arg(min)} && ${x} <= ${b.arg(max)})`;
    }
  }
  throw new Error(`Unsupported number condition "${operator}".`);
}

/** Text conditions evaluate once per distinct value into a table indexed by dictionary code. */
function textCode(b: Builder, provider: ServiceProvider, c: Condition): CondCode {
  const col = b.index.keyColumn(provider, c.key ?? '');
  if (!col) throw new Error(`Property column ${provider}.${c.key} is not loaded.`);
  const v = typeof c.value === 'string' ? c.value : '';
  const fv = foldAsciiCase(v);
  const n = col.dict.length;
  const table = new Uint8Array(n);
  const test: (code: number) => boolean = (() => {
    switch (c.operator) {
      case 'is_set': return () => true;
      case 'is_not_set': return () => false;
      case 'eq': return (k) => col.dict[k] === v;
      case 'neq': return (k) => col.dict[k] !== v;
      case 'contains': return (k) => col.folded[k].includes(fv);
      case 'not_contains': return (k) => !col.folded[k].includes(fv);
      case 'starts_with': return (k) => col.folded[k].startsWith(fv);
    }
    throw new Error(`Unsupported text condition "${c.operator}".`);
  })();
  for (let k = 1; k < n; k++) table[k] = test(k) ? 1 : 0;
  // Code 0 is "no value": only is_not_set matches it (friends without the block have code 0).
  table[0] = c.operator === 'is_not_set' ? 1 : 0;
  const bit = `(${b.arg(table)}[${b.arg(col.codes)}[i]] === 1)`;
  return { word: c.operator === 'is_not_set' ? null : `${b.arg(b.index[provider])}[w]`, bit };
}

function conditionCode(b: Builder, c: Condition): CondCode {
  const ix = b.index;
  const { operator, value } = c;
  switch (c.property) {
    case 'line.friend_added_at': {
      // An unknown addedAt is NaN in the column: NaN !== NaN.
      const x = `${b.arg(ix.addedAt)}[i]`;
      if (operator === 'is_set') return { word: null, bit: `(${x} === ${x})` };
      if (operator === 'is_not_set') return { word: null, bit: `(${x} !== ${x})` };
      return { word: null, bit: rangeBit(b, ix.addedAt, addedAtRange(c, b.ctx)) };
    }
    case 'tag': case 'shopify.customer_tag': case 'hubspot.list': case 'klaviyo.list':
      return setCode(b, c.property, operator, value);
    case 'shopify.integrated': case 'hubspot.integrated': case 'klaviyo.integrated': {
      const p = b.arg(ix[c.property.split('.')[0] as 'shopify' | 'hubspot' | 'klaviyo']);
      if (operator === 'is_integrated') return { word: `${p}[w]`, bit: null };
      if (operator === 'is_not_integrated') return { word: `~${p}[w]`, bit: null };
      break;
    }
    case 'shopify.purchase_count':
      return { word: `${b.arg(ix.shopify)}[w]`, bit: numberBit(b, ix.purchaseCount, operator, value) };
    case 'shopify.days_since_last_purchase': {
      const x = `${b.arg(ix.lastPurchaseAt)}[i]`;
      if (operator === 'is_set') return { word: null, bit: `(${x} === ${x})` };
      if (operator === 'is_not_set') return { word: null, bit: `(${x} !== ${x})` };
      return { word: `${b.arg(ix.shopify)}[w]`, bit: rangeBit(b, ix.lastPurchaseAt, daysSinceRange(c, b.ctx)) };
    }
    case 'shopify.abandoned_cart':
      if (operator === 'is_true') return { word: `${b.arg(ix.abandoned)}[w]`, bit: null };
      if (operator === 'is_false') return { word: `(${b.arg(ix.shopify)}[w] & ~${b.arg(ix.abandoned)}[w])`, bit: null };
      break;
    case 'hubspot.property': return textCode(b, 'hubspot', c);
    case 'klaviyo.property': return textCode(b, 'klaviyo', c);
  }
  throw new Error(`Unsupported condition ${c.property} ${operator}.`);
}

/** Keys whose property columns a definition needs loaded. */
export function keysOf(definition: Definition): { provider: ServiceProvider; key: string }[] {
  const out = new Map<string, { provider: ServiceProvider; key: string }>();
  for (const g of definition.groups) {
    for (const c of g.conditions) {
      if (c.property === 'hubspot.property' || c.property === 'klaviyo.property') {
        const provider = c.property === 'hubspot.property' ? 'hubspot' : 'klaviyo';
        out.set(`${provider}\u0000${c.key}`, { provider, key: c.key ?? '' });
      }
    }
  }
  return [...out.values()];
}

// ---- code generation ------------------------------------------------------------------------

const POPCOUNT = (v: string, acc: string) => `{ let p = ${v}; p -= (p >>> 1) & 0x55555555; p = (p & 0x33333333) + ((p >>> 2) & 0x33333333); ${acc} += (((p + (p >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24; }`;

/** Clears from word variable `v` the friends for whom `bits` (a per-friend test over `i`) fails. */
function filterBits(v: string, bits: string[]): string {
  if (bits.length === 0) return '';
  return `if (${v} !== 0) { let x = ${v}; const base = w << 5; while (x !== 0) { const low = x & -x; const i = base + 31 - Math.clz32(low); if (!(${bits.join(' && ')})) ${v} ^= low; x ^= low; } }`;
}

function conjunction(codes: CondCode[], start: string): { word: string; bits: string[] } {
  const words = [start, ...codes.map((c) => c.word).filter((w): w is string => w !== null && w !== ALL)];
  return { word: words.includes(NONE) ? NONE : words.join(' & '), bits: codes.map((c) => c.bit).filter((b): b is string => b !== null) };
}

const cache = new Map<string, Function>();
function compiled(body: string): Function {
  let fn = cache.get(body);
  if (!fn) {
    if (cache.size > 2000) cache.clear();
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    fn = new Function('A', 'W', 'alive', 'OUT', body);
    cache.set(body, fn);
  }
  return fn;
}

function header(args: unknown[]): string {
  return args.map((_, k) => `const a${k} = A[${k}];`).join(' ');
}

/** Members of `definition`: their count, and their bitset written to `out`. */
export function countMembers(index: AccountIndex, definition: Definition, ctx: DayContext, out: Uint32Array): number {
  const b = new Builder(index, ctx);
  const groups = definition.groups.map((g) => conjunction(g.conditions.map((c) => conditionCode(b, c)), 'al'));
  const parts: string[] = [];
  groups.forEach((g, k) => {
    if (g.word === NONE) return;
    // Friends already counted by an earlier group need no second look.
    const start = k === 0 ? g.word : g.word.replace(/^al/, 'al & ~r');
    parts.push(`{ let g = ${start}; ${filterBits('g', g.bits)} r |= g; }`);
  });
  const body = `${header(b.args)}
    let count = 0;
    for (let w = 0; w < W; w++) {
      const al = alive[w];
      let r = 0;
      if (al !== 0) { ${parts.join('\n')} }
      OUT[w] = r;
      ${POPCOUNT('r', 'count')}
    }
    return count;`;
  return compiled(body)(b.args, index.words, index.alive, out) as number;
}

/** The count of each formula (OR of ANDs over `conditions`), in one pass. */
export function countFormulas(index: AccountIndex, conditions: readonly Condition[], formulas: readonly Formula[], ctx: DayContext): number[] {
  const b = new Builder(index, ctx);
  const codes = conditions.map((c) => conjunction([conditionCode(b, c)], 'al'));
  const used = new Set(formulas.flat(2));
  const condLines = codes.map((c, k) => (used.has(k) ? `let c${k} = ${c.word}; ${filterBits(`c${k}`, c.bits)}` : '')).join('\n');
  const formulaLines = formulas.map((f, k) => {
    const expr = f.length === 0 ? '0' : f.map((conj) => (conj.length === 0 ? 'al' : `(${conj.map((i) => `c${i}`).join(' & ')})`)).join(' | ');
    return POPCOUNT(expr, `n${k}`);
  }).join('\n');
  const body = `${header(b.args)}
    ${formulas.map((_, k) => `let n${k} = 0;`).join(' ')}
    for (let w = 0; w < W; w++) {
      const al = alive[w];
      if (al === 0) continue;
      ${condLines}
      ${formulaLines}
    }
    return [${formulas.map((_, k) => `n${k}`).join(', ')}];`;
  return compiled(body)(b.args, index.words, index.alive, null) as number[];
}

/**
 * The typed arrays one count of `definition` reads (for the benchmark's baseline: the time to
 * read these bytes once). Scratch bitsets of rare values included.
 */
export function touchedColumns(index: AccountIndex, definition: Definition, ctx: DayContext): ArrayBufferView[] {
  const b = new Builder(index, ctx);
  for (const g of definition.groups) for (const c of g.conditions) conditionCode(b, c);
  const views = new Set<ArrayBufferView>([index.alive]);
  for (const a of b.args) if (ArrayBuffer.isView(a)) views.add(a);
  return [...views];
}
