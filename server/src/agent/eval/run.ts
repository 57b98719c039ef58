/**
 * `npm run eval:agent`: every goal of the evaluation set through the built-in planner (Auto mode)
 * on the evaluation account, judged by the friends selected. Prints the score by group, the
 * inverted audiences (a suggestion that selects friends the goal excluded) and each failing goal
 * with what the planner made of it. `--all` lists every goal; `--json` prints the figures only.
 * Exits 1 when the score falls below the issue's bar (95 % overall, 100 % on exceptions, no
 * inverted audience), so it can guard a change.
 */
import { describeGroup } from '../describe';
import { evalCatalog, evalFriends } from './account';
import { EVAL_GOALS } from './goals';
import { judge, scores, type Verdict } from './judge';

const args = new Set(process.argv.slice(2));
const friends = evalFriends();
const catalog = evalCatalog(friends);
const started = performance.now();
const verdicts = EVAL_GOALS.map((g) => judge(g, friends, catalog));
const ms = performance.now() - started;
const table = scores(verdicts);
const pct = (r: number, t: number) => (t === 0 ? '—' : `${((100 * r) / t).toFixed(1)}%`);

if (args.has('--json')) {
  console.log(JSON.stringify({ goals: verdicts.length, scores: table.map((s) => ({ ...s, percent: s.total ? (100 * s.right) / s.total : null })) }));
} else {
  const ja = EVAL_GOALS.filter((g) => g.lang === 'ja').length;
  console.log(`Agent evaluation: ${verdicts.length} goals (${ja} Japanese), ${friends.length} friends, ${ms.toFixed(0)} ms\n`);
  console.log('group        right  total  score   inverted');
  for (const s of table) console.log(`${s.group.padEnd(12)} ${String(s.right).padStart(5)}  ${String(s.total).padStart(5)}  ${pct(s.right, s.total).padStart(6)}  ${String(s.inverted).padStart(8)}`);
  const show = (v: Verdict) => {
    const def = v.plan.definition;
    const what = def ? def.groups.map((g) => describeGroup(g.conditions, v.plan.language, catalog)).join(' | ') : `(no suggestion${v.plan.questions ? `: asks ${v.plan.questions.map((q) => q.id).join(', ')}` : ''})`;
    const diff = v.right ? '' : ` — expected ${v.expected}, selected ${v.selected ?? '—'} (missing ${v.missing}, extra ${v.extra})${v.inverted ? ' INVERTED' : ''}`;
    console.log(`  ${v.right ? 'ok  ' : 'FAIL'} [${v.goal.group}/${v.goal.lang}] ${v.goal.goal}\n        → ${what}${diff}${v.plan.notUnderstood.length ? `; not understood: ${v.plan.notUnderstood.join(' / ')}` : ''}`);
  };
  const failing = verdicts.filter((v) => !v.right);
  console.log(`\n${args.has('--all') ? 'Goals' : `Failing (${failing.length})`}:`);
  for (const v of args.has('--all') ? verdicts : failing) show(v);
}

const overall = table.find((s) => s.group === 'overall')!;
const exceptions = table.find((s) => s.group === 'exceptions')!;
const ok = overall.right / overall.total >= 0.95 && exceptions.right === exceptions.total && overall.inverted === 0;
process.exitCode = ok ? 0 : 1;
