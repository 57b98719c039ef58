/**
 * Periods and dates in goals: "in the last 30 days", "more than 3 months ago", "since March 1",
 * "this month", 「過去3ヶ月以内」「2026年4月1日以降」「今月」, and the vague ones the planner
 * must ask about or default ("recently", 「最近」, "dormant", 「休眠」).
 * Calendar words are read in the account's time zone: `today` is its local day number.
 */
import { Clause, NUM, dayOf, lastDayOfMonth, parseNumber, ymdOf } from './text';

export type Period =
  /** Within the last N days (inclusive). */
  | { kind: 'within'; days: number }
  /**
   * N days ago or longer: `gte` ("at least", 「以上」) or `gt` ("more than", 「より前」); `eq` for
   * a plain "7 days ago" / 「7日前」 (a day count only: "3 months ago" is read as at least).
   */
  | { kind: 'ago'; days: number; cmp: 'gt' | 'gte' | 'eq' }
  /** A calendar range of local days, inclusive (day numbers). */
  | { kind: 'range'; from: number; to: number }
  /** Strictly before / after a day, or on it. */
  | { kind: 'date'; cmp: 'before' | 'after' | 'on'; day: number }
  /** "recently", 「最近」, "new": how recent is for the marketer to say. */
  | { kind: 'recent' }
  /** "dormant", 「休眠」: how long without buying is for the marketer to say. */
  | { kind: 'dormant' };

export interface PeriodHit { start: number; end: number; text: string; period: Period }

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const DATE_EN = `(?:\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|${MONTH_RE}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s+\\d{4})?|\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}(?:,?\\s+\\d{4})?|${MONTH_RE}(?:\\s+\\d{4})?|\\d{4}(?!\\s*(?:days?|weeks?|months?|years?|times|purchases|orders)))`;
const DATE_JA = '(?:\\d{4}年\\d{1,2}月\\d{1,2}日|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}|\\d{1,2}月\\d{1,2}日|\\d{4}年\\d{1,2}月|\\d{4}年(?![間以内])|(?<![\\dヶかカヵケ箇])\\d{1,2}月(?![\\d日間]))';
const UNIT_EN = '(days?|weeks?|months?|years?)';
const UNIT_JA = '(日間|日|週間|週|[ヶかカヵケ箇]月間?|年間|年)';

function unitDays(unit: string): number {
  if (/^day|^日/.test(unit)) return 1;
  if (/^week|^週/.test(unit)) return 7;
  if (/^month|月/.test(unit)) return 30;
  return 365;
}

function monthIndex(s: string): number {
  return MONTHS.findIndex((m) => m.startsWith(s.slice(0, 3))) + 1;
}

/**
 * A date or a month or a year, as the range of days it covers; null when it names no real date.
 * A date without a year is in the current year.
 */
export function parseDateish(s: string, today: number): { from: number; to: number } | null {
  const year = ymdOf(today).year;
  let m: RegExpExecArray | null;
  const day = (y: number, mo: number, d: number) => {
    const n = dayOf(y, mo, d);
    return n === null ? null : { from: n, to: n };
  };
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s))) return day(+m[1], +m[2], +m[3]);
  if ((m = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s))) return day(+m[1], +m[2], +m[3]);
  if ((m = /^(\d{1,2})月(\d{1,2})日$/.exec(s))) return day(year, +m[1], +m[2]);
  if ((m = /^(\d{4})年(\d{1,2})月$/.exec(s))) return month(+m[1], +m[2]);
  // 「5月」: this year's May.
  if ((m = /^(\d{1,2})月$/.exec(s))) return month(year, +m[1]);
  if ((m = /^(\d{4})年?$/.exec(s))) return { from: dayOf(+m[1], 1, 1)!, to: dayOf(+m[1], 12, 31)! };
  if ((m = new RegExp(`^(${MONTH_RE})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s+(\\d{4}))?$`).exec(s))) {
    return day(m[3] ? +m[3] : year, monthIndex(m[1]), +m[2]);
  }
  if ((m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?(${MONTH_RE})(?:,?\\s+(\\d{4}))?$`).exec(s))) {
    return day(m[3] ? +m[3] : year, monthIndex(m[2]), +m[1]);
  }
  if ((m = new RegExp(`^(${MONTH_RE})(?:\\s+(\\d{4}))?$`).exec(s))) return month(m[2] ? +m[2] : year, monthIndex(m[1]));
  return null;
}

function month(y: number, mo: number): { from: number; to: number } | null {
  if (mo < 1 || mo > 12) return null;
  return { from: dayOf(y, mo, 1)!, to: lastDayOfMonth(y, mo) };
}

/** The calendar range of "this month", "last week", 「今年」… around `today`. */
function calendar(word: string, today: number): { from: number; to: number } {
  const { year, month: mo } = ymdOf(today);
  const weekday = (new Date(today * 86_400_000).getUTCDay() + 6) % 7; // Monday = 0
  switch (word) {
    case 'today': case '今日': case '本日': return { from: today, to: today };
    case 'yesterday': case '昨日': return { from: today - 1, to: today - 1 };
    case 'this week': case '今週': return { from: today - weekday, to: today - weekday + 6 };
    case 'last week': case '先週': return { from: today - weekday - 7, to: today - weekday - 1 };
    case 'this month': case '今月': return month(year, mo)!;
    case 'last month': case '先月': return mo === 1 ? month(year - 1, 12)! : month(year, mo - 1)!;
    case 'this year': case '今年': return { from: dayOf(year, 1, 1)!, to: dayOf(year, 12, 31)! };
    default: /* last year, 去年, 昨年 */ return { from: dayOf(year - 1, 1, 1)!, to: dayOf(year - 1, 12, 31)! };
  }
}

type Reader = [RegExp, (g: (string | undefined)[], today: number) => Period | null];

const dateCmp = (kw: string, d: { from: number; to: number }): Period => {
  if (/^(?:before|prior to|earlier than)$|^(?:より前|前)$/.test(kw)) return { kind: 'date', cmp: 'before', day: d.from };
  if (/^(?:until|till|up to|by|through)$|^(?:以前|まで|までに)$/.test(kw)) return { kind: 'date', cmp: 'before', day: d.to + 1 };
  if (/^(?:after|later than)$|^(?:より後|よりあと|の後)$/.test(kw)) return { kind: 'date', cmp: 'after', day: d.to };
  return { kind: 'date', cmp: 'after', day: d.from - 1 }; // since, from, 以降, 以後, から: inclusive
};
const inDate = (d: { from: number; to: number }): Period =>
  d.from === d.to ? { kind: 'date', cmp: 'on', day: d.from } : { kind: 'range', from: d.from, to: d.to };

const EN: Reader[] = [
  [new RegExp(`\\b(?:between|from)\\s+(${DATE_EN})\\s+(?:and|to|until|through|-)\\s+(${DATE_EN})\\b`), (g, today) => {
    const a = parseDateish(g[0]!, today), b = parseDateish(g[1]!, today);
    return a && b && a.from <= b.to ? { kind: 'range', from: a.from, to: b.to } : null;
  }],
  [new RegExp(`\\b(before|prior to|earlier than|until|till|up to|by|through|after|later than|since|from|starting(?: from| on)?|as of|on or after)\\s+(${DATE_EN})\\b`), (g, today) => {
    const d = parseDateish(g[1]!, today);
    return d ? dateCmp(g[0]!, d) : null;
  }],
  [new RegExp(`\\b(?:on|in|during)\\s+(${DATE_EN})\\b`), (g, today) => {
    const d = parseDateish(g[0]!, today);
    return d ? inDate(d) : null;
  }],
  [new RegExp(`\\b(more than|over|longer than|upwards of|at least|no less than)\\s+${NUM}\\s+${UNIT_EN}\\s+ago\\b`), (g) => {
    const n = parseNumber(g[1]);
    return n === null ? null : { kind: 'ago', days: n * unitDays(g[2]!), cmp: /at least|no less/.test(g[0]!) ? 'gte' : 'gt' };
  }],
  [new RegExp(`\\b${NUM}\\+?\\s+${UNIT_EN}\\s+(?:ago\\s+)?or (?:more|longer|earlier)(?:\\s+ago)?\\b`), (g) => {
    const n = parseNumber(g[0]);
    return n === null ? null : { kind: 'ago', days: n * unitDays(g[1]!), cmp: 'gte' };
  }],
  [new RegExp(`\\b${NUM}(\\+)?\\s+${UNIT_EN}\\s+ago\\b`), (g) => {
    const n = parseNumber(g[0]);
    if (n === null) return null;
    const exact = g[1] === undefined && unitDays(g[2]!) === 1;
    return { kind: 'ago', days: n * unitDays(g[2]!), cmp: exact ? 'eq' : 'gte' };
  }],
  [new RegExp(`\\b(?:in|for)\\s+(?:over|more than)\\s+${NUM}\\s+${UNIT_EN}\\b`), (g) => {
    const n = parseNumber(g[0]);
    return n === null ? null : { kind: 'within', days: n * unitDays(g[1]!) };
  }],
  [/(?<!the |past |within |in the |over the |during the )\b(this week|last week|this month|last month|this year|last year|today|yesterday)\b/, (g, today) => {
    const r = calendar(g[0]!, today);
    return { kind: 'range', from: r.from, to: r.to };
  }],
  [new RegExp(`\\b(?:(?:in|within|during|over|for)\\s+)?(?:the\\s+)?(?:last|past|previous|recent)\\s+(?:${NUM}\\s+)?${UNIT_EN}\\b`), (g) => {
    const n = g[0] === undefined ? 1 : parseNumber(g[0]);
    return n === null ? null : { kind: 'within', days: n * unitDays(g[1]!) };
  }],
  [new RegExp(`\\b(?:in|within|for)\\s+(?:the\\s+)?${NUM}\\s+${UNIT_EN}\\b`), (g) => {
    const n = parseNumber(g[0]);
    return n === null ? null : { kind: 'within', days: n * unitDays(g[1]!) };
  }],
  [/\b(?:recent(?:ly)?|lately|newly|new)\b/, () => ({ kind: 'recent' })],
  [/\b(?:dormant|lapsed|inactive|churned|(?:in|for) (?:quite )?(?:a while|a long time|ages)|a long time)\b/, () => ({ kind: 'dormant' })],
];

const JA: Reader[] = [
  [new RegExp(`(${DATE_JA})\\s*(?:から|~|-|ー|より)\\s*(${DATE_JA})\\s*(?:まで|の間|の期間)?(?:に)?`), (g, today) => {
    const a = parseDateish(g[0]!, today), b = parseDateish(g[1]!, today);
    return a && b && a.from <= b.to ? { kind: 'range', from: a.from, to: b.to } : null;
  }],
  [new RegExp(`(${DATE_JA})\\s*(以降|以後|から|より後|よりあと|の後|以前|より前|までに|まで|前)(?:に)?`), (g, today) => {
    const d = parseDateish(g[0]!, today);
    return d ? dateCmp(g[1]!, d) : null;
  }],
  [new RegExp(`(${DATE_JA})\\s*(?:中に|中|の間に|に)?`), (g, today) => {
    const d = parseDateish(g[0]!, today);
    return d ? inDate(d) : null;
  }],
  [new RegExp(`${NUM}\\s*${UNIT_JA}\\s*(以上前|より前|超前|以上|超|を超えて|より長く|前)(?:に)?`), (g) => {
    const n = parseNumber(g[0]);
    if (n === null) return null;
    if (g[2] === '前' && unitDays(g[1]!) === 1) return { kind: 'ago', days: n, cmp: 'eq' };
    return { kind: 'ago', days: n * unitDays(g[1]!), cmp: /^(?:以上|以上前|前)$/.test(g[2]!) ? 'gte' : 'gt' };
  }],
  [new RegExp(`(?:過去|直近|ここ|この|最近の?|最後の)?\\s*${NUM}\\s*${UNIT_JA}\\s*(?:以内|いない|の間|間|内|未満)?(?:に|で|の)?`), (g) => {
    const n = parseNumber(g[0]);
    return n === null ? null : { kind: 'within', days: n * unitDays(g[1]!) };
  }],
  [/(今月|先月|今週|先週|今年|去年|昨年|今日|本日|昨日)(?:中|の間)?に?/, (g, today) => {
    const r = calendar(g[0]!, today);
    return { kind: 'range', from: r.from, to: r.to };
  }],
  [/(?:最近|新規|新しく|新しい|新た|最新)(?:に|の)?/, () => ({ kind: 'recent' })],
  [/(?:休眠|離反|離脱|しばらく|長い間|長期間|長らく|ご無沙汰|久しく)(?:中|の|している)?/, () => ({ kind: 'dormant' })],
];

/** Every period mentioned in the clause, earliest first, none overlapping another. Consumes nothing. */
export function findPeriods(clause: Clause, today: number): PeriodHit[] {
  const found: PeriodHit[] = [];
  for (const [re, read] of [...EN, ...JA]) {
    for (const hit of clause.findAll(re)) {
      if (found.some((f) => f.start < hit.end && hit.start < f.end)) continue;
      const period = read(hit.groups, today);
      if (period) found.push({ start: hit.start, end: hit.end, text: hit.text, period });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
