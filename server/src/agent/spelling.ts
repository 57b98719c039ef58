/**
 * Typos in the planner's own English words ("custmers who purchsed…"): a word of six letters or
 * more that is not one of its words but one edit (a letter missing or extra, or two swapped) from
 * exactly one of them is read as that word, and the explanation says so. A wrong letter is not
 * corrected: it too often makes another real word ("decent" is not "recent", "sought" not
 * "bought"); nor are the real words one letter away kept in `REAL_WORDS`. The account's own
 * names are never corrected: they are matched as the account writes them.
 */
const VOCABULARY = `
customer customers purchase purchased purchases purchasing purchaser purchasers bought ordered orders
abandoned abandon abandons basket checkout except excluding exclude excluded without haven't hasn't
friends friend followers follower joined registered subscribed integrated connected linked synced
recently recent between before months during within people everyone everybody anyone tagged
dormant lapsed inactive returning repeat frequent loyal buyers shoppers subscribers opportunities
opportunity lifecycle contacts profiles members
`.trim().split(/\s+/);
const REAL_WORDS = new Set(['brought', 'border', 'borders', 'contracts', 'peoples', 'joiner', 'joiners', 'lapses', 'decently', 'followed', 'follows', 'following', 'orderly', 'recents']);
const KNOWN = new Set([...VOCABULARY, ...REAL_WORDS]);

/** Optimal string alignment distance, stopping early past 1. */
function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return a === b;
  const prev2: number[] = [], prev: number[] = [], cur: number[] = [];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 2; // no substitutions
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prev2[j - 2] + 1);
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > 1) return false;
    prev2.splice(0, prev2.length, ...prev);
    prev.splice(0, prev.length, ...cur);
  }
  return prev[b.length] <= 1;
}

export interface SpellingFix { typed: string; read: string }

/**
 * The goal with the planner's words spelled right, and what was changed. `protectedWords` (the
 * catalog's names, as lowercase words) are left as typed.
 */
export function correctSpelling(goal: string, protectedWords: ReadonlySet<string>): { goal: string; fixes: SpellingFix[] } {
  const fixes: SpellingFix[] = [];
  const out = goal.replace(/[A-Za-z][A-Za-z']{5,}/g, (word) => {
    const w = word.toLowerCase();
    if (KNOWN.has(w) || protectedWords.has(w)) return word;
    const near = VOCABULARY.filter((v) => withinOneEdit(w, v));
    if (near.length !== 1) return word;
    fixes.push({ typed: word, read: near[0] });
    return near[0];
  });
  return { goal: out, fixes };
}
