/**
 * Text handling for the planner: one normal form for goals and catalog names, numbers in English
 * words, digits and kanji, and the clause being read with the parts already understood masked out.
 */
import type { Language } from './types';

/**
 * NFKC (full-width letters and digits, half-width katakana), ASCII case folded, one kind of quote,
 * single spaces. Goals and catalog names go through the same function, so they compare as equals.
 */
export function normalize(s: string): string {
  return displayForm(s).replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** `normalize` without the case folding: same length and indices, for showing the goal's own words. */
export function displayForm(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[“”„‟]/g, '"')
    .replace(/[‘’‛]/g, "'")
    .replace(/[〜～]/g, '~')
    .replace(/[‐‑‒–—―]/g, '-')
    // Durations said without a number become one, so the period readers see a number.
    .replace(/半年/g, '6ヶ月')
    .replace(/\b(half a year|half year)\b/gi, '6 months')
    .replace(/\s+/g, ' ')
    .trim();
}

const JAPANESE_RE = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;
export function detectLanguage(goal: string): Language {
  return JAPANESE_RE.test(goal) ? 'ja' : 'en';
}
export const hasJapanese = (s: string) => JAPANESE_RE.test(s);

const EN_NUMBERS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, ninety: 90,
  hundred: 100, once: 1, twice: 2, thrice: 3, couple: 2,
};
const KANJI_DIGITS: Record<string, number> = { 〇: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** A regex source matching one number: digits, kanji (up to 999) or an English word. */
export const NUM = '(\\d{1,9}|[〇一二三四五六七八九十百]{1,5}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety|hundred|a couple of|a|an)';

/** Reads a number matched by NUM; null when it is not one. */
export function parseNumber(s: string | undefined): number | null {
  if (s === undefined) return null;
  const t = s.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (t === 'a couple of') return 2;
  if (t in EN_NUMBERS) return EN_NUMBERS[t];
  if (/^[〇一二三四五六七八九十百]+$/.test(t)) return parseKanji(t);
  return null;
}

function parseKanji(s: string): number | null {
  let total = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch === '百' || ch === '十') {
      const unit = ch === '百' ? 100 : 10;
      total += (digit ?? 1) * unit;
      digit = null;
    } else {
      if (digit !== null) return null; // "二三" is not a number
      digit = KANJI_DIGITS[ch];
    }
  }
  return total + (digit ?? 0);
}

/** Stands in for consumed characters, so later patterns cannot match across them. */
export const MASK = '\u241f';

export interface Hit { start: number; end: number; text: string; groups: (string | undefined)[] }

/**
 * One clause of the goal (an audience between "or"s), read detector by detector. Whatever a
 * detector understands it consumes; what nobody consumes is reported as not understood.
 */
export class Clause {
  private current: string;
  /**
   * @param text the normalized clause, which detectors read
   * @param display the same clause with its original letter case (same indices), for messages
   * @param offset where the clause starts in the whole (normalized) goal
   */
  constructor(readonly text: string, readonly display: string = text, readonly offset = 0) {
    this.current = text;
  }

  /** The goal's own words at [start, end). */
  original(start: number, end: number): string {
    return this.display.slice(start, end).trim();
  }

  /** The clause with consumed parts masked; index-compatible with `text`. */
  get masked(): string {
    return this.current;
  }

  /**
   * Every match of `re` (made global) over the unconsumed text, earliest first, not overlapping
   * each other or anything consumed.
   */
  findAll(re: RegExp): Hit[] {
    const s = this.current;
    const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    const hits: Hit[] = [];
    let m: RegExpExecArray | null;
    while ((m = g.exec(s)) !== null) {
      if (m[0].length === 0) { g.lastIndex++; continue; }
      if (m[0].includes(MASK)) { g.lastIndex = m.index + 1; continue; }
      hits.push({ start: m.index, end: m.index + m[0].length, text: m[0], groups: m.slice(1) });
    }
    return hits;
  }

  find(re: RegExp): Hit | null {
    return this.findAll(re)[0] ?? null;
  }

  /** Marks [start, end) as understood. */
  consume(start: number, end: number): void {
    if (end <= start) return;
    this.current = this.current.slice(0, start) + MASK.repeat(end - start) + this.current.slice(end);
  }

  consumeHit(hit: Hit): void {
    this.consume(hit.start, hit.end);
  }

  /** A clause of its own for [start, end) of this one (what an exception leaves out), nothing consumed. */
  sub(start: number, end: number): Clause {
    return new Clause(this.text.slice(start, end), this.display.slice(start, end), this.offset + start);
  }

  /** The text before `index` (unconsumed parts only as they are). */
  before(index: number, length = 40): string {
    return this.masked.slice(Math.max(0, index - length), index);
  }

  after(index: number, length = 40): string {
    return this.masked.slice(index, index + length);
  }

  /** The unconsumed rest, as fragments in reading order, in the goal's own words. */
  leftovers(): string[] {
    const out: string[] = [];
    const re = new RegExp(`[^${MASK}]+`, 'g');
    for (const m of this.current.matchAll(re)) {
      const f = this.original(m.index!, m.index! + m[0].length);
      if (f.length > 0) out.push(f);
    }
    return out;
  }
}

/** "YYYY-MM-DD" of a day number. */
export function dateOf(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Day number of a calendar date, or null when it is not a real one. */
export function dayOf(year: number, month: number, day: number): number | null {
  const ms = Date.UTC(year, month - 1, day);
  const d = new Date(ms);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return Math.floor(ms / 86_400_000);
}

/** Year, month (1–12) and day of a day number. */
export function ymdOf(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function lastDayOfMonth(year: number, month: number): number {
  return Math.floor(Date.UTC(year, month, 1) / 86_400_000) - 1;
}
