/**
 * What changed between two versions of a segment — as a list of changes that can be applied
 * (applyChanges(older, diffSegments(older, newer)) gives newer, exactly) and read in words, in the
 * summary's own words: "Added: Number of purchases is at least 5 (group 1)", "Changed: Days since
 * last purchase is at most 30 → is at most 14 (group 1)", "Removed group 2", "Renamed from … to …".
 *
 * Positions: a removed group or condition, and a changed condition, are numbered in the older
 * version (that is where they were); an added one in the newer (that is where it is now). Group
 * numbers in words are the newer version's, except for a removed group. Pure; never throws.
 */
import { propertyDef } from './catalog';
import type { Condition, Definition, Group } from './schema';
import { summarize, summarizeCondition, type Lang, type SummaryNames } from './summary';

/** What a version holds: a restore takes name and definition, a move changes the folder. */
export interface SegmentSnapshot { name: string; folderId: string | null; definition: Definition }

export type SegmentChange =
  | { kind: 'renamed'; from: string; to: string }
  | { kind: 'moved'; from: string | null; to: string | null }
  /** `group`: its index in the newer definition. */
  | { kind: 'group_added'; group: number; conditions: Condition[] }
  /** `group`: its index in the older definition. */
  | { kind: 'group_removed'; group: number; conditions: Condition[] }
  /** `group`/`oldGroup`: the group's index in the newer/older definition; `index`: in the newer group. */
  | { kind: 'condition_added'; group: number; oldGroup: number; index: number; condition: Condition }
  /** `index`: in the older group. */
  | { kind: 'condition_removed'; group: number; oldGroup: number; index: number; condition: Condition }
  /** `index`: in the older group. */
  | { kind: 'condition_changed'; group: number; oldGroup: number; index: number; from: Condition; to: Condition };

export type ApplyResult = { ok: true; snapshot: SegmentSnapshot } | { ok: false; reason: string };

// ---- equality --------------------------------------------------------------------------------

function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') {
    return `{${Object.keys(x).filter((k) => (x as Record<string, unknown>)[k] !== undefined).sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(x) ?? 'undefined';
}
const sameCondition = (a: Condition, b: Condition) => canonical(a) === canonical(b);
/** Same property (and HubSpot/Klaviyo key): an edit of this condition rather than another one. */
const sameSubject = (a: Condition, b: Condition) => a?.property === b?.property && (a?.key ?? null) === (b?.key ?? null);

const conditionsOf = (g: Group | undefined): Condition[] => (Array.isArray(g?.conditions) ? g.conditions : []);
const groupsOf = (d: Definition | undefined): Group[] => (Array.isArray(d?.groups) ? d.groups : []);

// ---- the alignment ---------------------------------------------------------------------------

type CondStep = { op: 'keep' | 'change'; i: number; j: number } | { op: 'remove'; i: number } | { op: 'add'; j: number };

/**
 * The cheapest edit script from `a` to `b` (an order-keeping alignment): keeping an equal
 * condition costs 0, changing one of the same subject 1, removing or adding one 1. A condition
 * whose property changed reads as removed and added: "changed" is kept for an edit of one subject.
 */
function alignConditions(a: Condition[], b: Condition[]): { cost: number; steps: CondStep[] } {
  const n = a.length; const m = b.length;
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      let best = Infinity;
      if (i < n) best = Math.min(best, 1 + cost[i + 1][j]);
      if (j < m) best = Math.min(best, 1 + cost[i][j + 1]);
      if (i < n && j < m) {
        if (sameCondition(a[i], b[j])) best = Math.min(best, cost[i + 1][j + 1]);
        else if (sameSubject(a[i], b[j])) best = Math.min(best, 1 + cost[i + 1][j + 1]);
      }
      cost[i][j] = best;
    }
  }
  const steps: CondStep[] = [];
  let i = 0; let j = 0;
  while (i < n || j < m) {
    // Prefer keeping, then changing, then removing before adding: the same script every time.
    if (i < n && j < m && sameCondition(a[i], b[j]) && cost[i][j] === cost[i + 1][j + 1]) { steps.push({ op: 'keep', i, j }); i++; j++; continue; }
    if (i < n && j < m && !sameCondition(a[i], b[j]) && sameSubject(a[i], b[j]) && cost[i][j] === 1 + cost[i + 1][j + 1]) { steps.push({ op: 'change', i, j }); i++; j++; continue; }
    if (i < n && cost[i][j] === 1 + cost[i + 1][j]) { steps.push({ op: 'remove', i }); i++; continue; }
    steps.push({ op: 'add', j }); j++;
  }
  return { cost: cost[0][0], steps };
}

type GroupStep = { op: 'match'; i: number; j: number; steps: CondStep[] } | { op: 'remove'; i: number } | { op: 'add'; j: number };

/**
 * Groups aligned the same way. Matching two groups costs their conditions' edit script;
 * removing or adding a group costs a little less than removing or adding each of its conditions,
 * so that a group replaced by one with nothing in common reads "Removed group 2" and "Added group
 * 2: …", not a line per condition.
 */
function alignGroups(a: Group[], b: Group[]): GroupStep[] {
  const n = a.length; const m = b.length;
  const whole = (g: Group) => Math.max(conditionsOf(g).length, 1) - 0.25;
  const pair = new Map<string, { cost: number; steps: CondStep[] }>();
  const matchOf = (i: number, j: number) => {
    const k = `${i},${j}`;
    let r = pair.get(k);
    if (!r) pair.set(k, r = alignConditions(conditionsOf(a[i]), conditionsOf(b[j])));
    return r;
  };
  const cost: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n; i >= 0; i--) {
    for (let j = m; j >= 0; j--) {
      if (i === n && j === m) continue;
      let best = Infinity;
      if (i < n) best = Math.min(best, whole(a[i]) + cost[i + 1][j]);
      if (j < m) best = Math.min(best, whole(b[j]) + cost[i][j + 1]);
      if (i < n && j < m) best = Math.min(best, matchOf(i, j).cost + cost[i + 1][j + 1]);
      cost[i][j] = best;
    }
  }
  const steps: GroupStep[] = [];
  let i = 0; let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && cost[i][j] === matchOf(i, j).cost + cost[i + 1][j + 1]) {
      steps.push({ op: 'match', i, j, steps: matchOf(i, j).steps }); i++; j++; continue;
    }
    if (i < n && cost[i][j] === whole(a[i]) + cost[i + 1][j]) { steps.push({ op: 'remove', i }); i++; continue; }
    steps.push({ op: 'add', j }); j++;
  }
  return steps;
}

// ---- diff ------------------------------------------------------------------------------------

/** The changes that turn the older definition into the newer one; [] when they are equal. */
export function diffDefinitions(older: Definition, newer: Definition): SegmentChange[] {
  const a = groupsOf(older); const b = groupsOf(newer);
  const out: SegmentChange[] = [];
  for (const s of alignGroups(a, b)) {
    if (s.op === 'remove') out.push({ kind: 'group_removed', group: s.i, conditions: conditionsOf(a[s.i]) });
    else if (s.op === 'add') out.push({ kind: 'group_added', group: s.j, conditions: conditionsOf(b[s.j]) });
    else {
      const ca = conditionsOf(a[s.i]); const cb = conditionsOf(b[s.j]);
      for (const c of s.steps) {
        if (c.op === 'remove') out.push({ kind: 'condition_removed', group: s.j, oldGroup: s.i, index: c.i, condition: ca[c.i] });
        else if (c.op === 'add') out.push({ kind: 'condition_added', group: s.j, oldGroup: s.i, index: c.j, condition: cb[c.j] });
        else if (c.op === 'change') out.push({ kind: 'condition_changed', group: s.j, oldGroup: s.i, index: c.i, from: ca[c.i], to: cb[c.j] });
      }
    }
  }
  return out;
}

/** Name, folder and definition changes, in that order. */
export function diffSegments(older: SegmentSnapshot, newer: SegmentSnapshot): SegmentChange[] {
  const out: SegmentChange[] = [];
  if (older.name !== newer.name) out.push({ kind: 'renamed', from: older.name, to: newer.name });
  if ((older.folderId ?? null) !== (newer.folderId ?? null)) out.push({ kind: 'moved', from: older.folderId ?? null, to: newer.folderId ?? null });
  return [...out, ...diffDefinitions(older.definition, newer.definition)];
}

// ---- apply -----------------------------------------------------------------------------------

/**
 * Places `kept` (in order) and `added` (at their indices) into one list of `kept + added` items,
 * or says why it cannot.
 */
function interleave<T>(kept: T[], added: Map<number, T>): T[] | string {
  const length = kept.length + added.size;
  for (const k of added.keys()) if (!Number.isInteger(k) || k < 0 || k >= length) return `position ${k + 1} is past the end`;
  const out: T[] = []; let next = 0;
  for (let p = 0; p < length; p++) out.push(added.has(p) ? added.get(p)! : kept[next++]);
  return out;
}

/**
 * Applies changes to a snapshot. Each change must describe the snapshot truthfully (a removed or
 * changed condition must be the one that is there), else it is refused with a reason.
 */
export function applyChanges(older: SegmentSnapshot, changes: SegmentChange[]): ApplyResult {
  const refuse = (reason: string): ApplyResult => ({ ok: false, reason });
  let { name, folderId } = older;
  const a = groupsOf(older.definition);
  const removedGroups = new Set<number>();
  const addedGroups = new Map<number, Group>();
  const perGroup = new Map<number, { newIndex: number; removed: Set<number>; added: Map<number, Condition>; changed: Map<number, Condition> }>();
  const forGroup = (c: { group: number; oldGroup: number }) => {
    let g = perGroup.get(c.oldGroup);
    if (!g) perGroup.set(c.oldGroup, g = { newIndex: c.group, removed: new Set(), added: new Map(), changed: new Map() });
    return g.newIndex === c.group ? g : undefined;
  };
  for (const c of changes) {
    switch (c.kind) {
      case 'renamed':
        if (c.from !== name) return refuse(`the name is "${name}", not "${c.from}"`);
        name = c.to; break;
      case 'moved':
        if ((c.from ?? null) !== (folderId ?? null)) return refuse('the segment is in another folder');
        folderId = c.to; break;
      case 'group_removed':
        if (!a[c.group] || canonical(conditionsOf(a[c.group])) !== canonical(c.conditions)) return refuse(`group ${c.group + 1} is not as described`);
        removedGroups.add(c.group); break;
      case 'group_added':
        if (addedGroups.has(c.group)) return refuse(`group ${c.group + 1} is added twice`);
        addedGroups.set(c.group, { conditions: c.conditions }); break;
      default: {
        const g = forGroup(c);
        const old = conditionsOf(a[c.oldGroup]);
        if (!g || !a[c.oldGroup]) return refuse(`group ${c.oldGroup + 1} is not there`);
        if (c.kind === 'condition_added') {
          if (g.added.has(c.index)) return refuse('a condition is added twice at one place');
          g.added.set(c.index, c.condition);
        } else {
          const before = c.kind === 'condition_removed' ? c.condition : c.from;
          if (!old[c.index] || !sameCondition(old[c.index], before)) return refuse(`condition ${c.index + 1} of group ${c.oldGroup + 1} is not as described`);
          if (g.removed.has(c.index) || g.changed.has(c.index)) return refuse('a condition is changed twice');
          if (c.kind === 'condition_removed') g.removed.add(c.index); else g.changed.set(c.index, c.to);
        }
      }
    }
  }
  for (const i of perGroup.keys()) if (removedGroups.has(i)) return refuse(`group ${i + 1} is both removed and changed`);
  const keptGroups: Group[] = [];
  const keptFrom: number[] = []; // the older index of each kept group
  for (let i = 0; i < a.length; i++) {
    if (removedGroups.has(i)) continue;
    keptFrom.push(i);
    const g = perGroup.get(i);
    if (!g) { keptGroups.push(a[i]); continue; }
    const kept = conditionsOf(a[i]).flatMap((c, ci) => (g.removed.has(ci) ? [] : [g.changed.get(ci) ?? c]));
    const conditions = interleave(kept, g.added);
    if (typeof conditions === 'string') return refuse(`in group ${i + 1}, ${conditions}`);
    keptGroups.push({ ...a[i], conditions });
  }
  const groups = interleave(keptGroups, addedGroups);
  if (typeof groups === 'string') return refuse(groups);
  // A changed group must land where its changes said it would (the words name that group).
  let nth = 0;
  for (let p = 0; p < groups.length; p++) {
    if (addedGroups.has(p)) continue;
    const g = perGroup.get(keptFrom[nth++]);
    if (g && g.newIndex !== p) return refuse(`group ${keptFrom[nth - 1] + 1} would become group ${p + 1}, not ${g.newIndex + 1}`);
  }
  return { ok: true, snapshot: { name, folderId, definition: { ...older.definition, groups } } };
}

// ---- words -----------------------------------------------------------------------------------

export interface DiffNames extends SummaryNames {
  /** Folder id → name; a folder missing from it reads "(deleted folder)". */
  folders?: Record<string, string>;
}

const WORDS = {
  en: {
    renamed: (a: string, b: string) => `Renamed from "${a}" to "${b}"`,
    movedBetween: (a: string, b: string) => `Moved from folder ${a} to ${b}`,
    movedInto: (b: string) => `Moved into folder ${b}`,
    movedOut: (a: string) => `Moved out of folder ${a}`,
    folder: (n: string) => `"${n}"`, deletedFolder: '(deleted folder)',
    groupAdded: (g: number, s: string) => `Added group ${g}: ${s}`,
    groupRemoved: (g: number, s: string) => `Removed group ${g} (${s})`,
    added: (s: string, g: number) => `Added: ${s} (group ${g})`,
    removed: (s: string, g: number) => `Removed: ${s} (group ${g})`,
    changed: (a: string, b: string, g: number) => `Changed: ${a} → ${b} (group ${g})`,
  },
  ja: {
    renamed: (a: string, b: string) => `名前を「${a}」から「${b}」に変更`,
    movedBetween: (a: string, b: string) => `フォルダ${a}から${b}に移動`,
    movedInto: (b: string) => `フォルダ${b}に移動`,
    movedOut: (a: string) => `フォルダ${a}から外しました`,
    folder: (n: string) => `「${n}」`, deletedFolder: '（削除されたフォルダ）',
    groupAdded: (g: number, s: string) => `グループ${g}を追加：${s}`,
    groupRemoved: (g: number, s: string) => `グループ${g}を削除（${s}）`,
    added: (s: string, g: number) => `追加：${s}（グループ${g}）`,
    removed: (s: string, g: number) => `削除：${s}（グループ${g}）`,
    changed: (a: string, b: string, g: number) => `変更：${a} → ${b}（グループ${g}）`,
  },
} as const;

/**
 * The newer condition's words without the subject both share, as the issue's example reads
 * ("… is at most 30 → at most 14"; "…が30日以下 → 14日以下"); the whole condition otherwise.
 */
function changedTo(from: Condition, to: Condition, lang: Lang, names: SummaryNames): string {
  const full = summarizeCondition(to, lang, names);
  const pd = propertyDef(String(to?.property));
  if (!pd || !sameSubject(from, to)) return full;
  const key = typeof to.key === 'string' && to.key.trim() !== '' ? to.key : undefined;
  const subject = lang === 'ja'
    ? `${pd.label.ja}${pd.needsKey && key !== undefined ? `「${key}」` : ''}`
    : `${pd.label.en}${pd.needsKey && key !== undefined ? ` ${key}` : ''}`;
  if (!full.startsWith(subject) || (pd.needsKey && key === undefined)) return full;
  const rest = lang === 'ja' ? full.slice(subject.length).replace(/^[がに]/, '') : full.slice(subject.length).replace(/^ (is )?/, '');
  return rest === '' ? full : rest;
}

function folderName(id: string, w: (typeof WORDS)[Lang], names: DiffNames): string {
  const n = names.folders?.[id];
  return n === undefined ? w.deletedFolder : w.folder(n);
}

/** One change in words. */
export function describeChange(c: SegmentChange, lang: Lang, names: DiffNames = {}): string {
  const w = WORDS[lang === 'ja' ? 'ja' : 'en'];
  const l: Lang = lang === 'ja' ? 'ja' : 'en';
  switch (c.kind) {
    case 'renamed': return w.renamed(c.from, c.to);
    case 'moved':
      if (c.from === null) return w.movedInto(folderName(c.to ?? '', w, names));
      if (c.to === null) return w.movedOut(folderName(c.from, w, names));
      return w.movedBetween(folderName(c.from, w, names), folderName(c.to, w, names));
    case 'group_added': return w.groupAdded(c.group + 1, summarize({ groups: [{ conditions: c.conditions }] }, l, names));
    case 'group_removed': return w.groupRemoved(c.group + 1, summarize({ groups: [{ conditions: c.conditions }] }, l, names));
    case 'condition_added': return w.added(summarizeCondition(c.condition, l, names), c.group + 1);
    case 'condition_removed': return w.removed(summarizeCondition(c.condition, l, names), c.group + 1);
    case 'condition_changed':
      return w.changed(summarizeCondition(c.from, l, names), changedTo(c.from, c.to, l, names), c.group + 1);
  }
}

/** Every change in words, one line each. */
export function describeChanges(changes: SegmentChange[], lang: Lang, names: DiffNames = {}): string[] {
  return changes.map((c) => describeChange(c, lang, names));
}
