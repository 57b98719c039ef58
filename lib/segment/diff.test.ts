/**
 * The history's "what changed": a list of changes that, applied to the older version, gives the
 * newer one — so the words shown are a complete and truthful account — read in the summary's words.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { arbCondition, arbDefinition } from './arbitraries';
import { applyChanges, describeChanges, diffDefinitions, diffSegments, type SegmentChange, type SegmentSnapshot } from './diff';
import { addCondition, addGroup, removeCondition, removeGroup, setOperator, setValue, type EditResult } from './edit';
import { OPERATORS, propertyDef } from './catalog';
import type { Condition, Definition } from './schema';
import { summarizeCondition } from './summary';

const snap = (definition: Definition, name = 'Repeat buyers', folderId: string | null = null): SegmentSnapshot => ({ name, folderId, definition });
const applied = (older: SegmentSnapshot, changes: SegmentChange[]) => {
  const r = applyChanges(older, changes);
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.snapshot;
};

const buyers = (n: number): Condition => ({ property: 'shopify.purchase_count', operator: 'gte', value: n });
const recent = (n: number): Condition => ({ property: 'shopify.days_since_last_purchase', operator: 'lte', value: n });
const vip: Condition = { property: 'tag', operator: 'contains_any', value: ['t_vip'] };
const integrated: Condition = { property: 'shopify.integrated', operator: 'is_integrated' };

describe('the change in words', () => {
  it('an added condition, a changed value, a removed group and a rename, in English and Japanese', () => {
    const older = snap({ groups: [{ conditions: [integrated, recent(30)] }, { conditions: [vip] }] }, 'Buyers');
    const newer = snap({ groups: [{ conditions: [integrated, recent(14), buyers(5)] }] }, 'Repeat buyers');
    const changes = diffSegments(older, newer);
    const names = { tags: { t_vip: 'VIP' } };
    expect(describeChanges(changes, 'en', names)).toEqual([
      'Renamed from "Buyers" to "Repeat buyers"',
      'Changed: Days since last purchase is at most 30 → at most 14 (group 1)',
      'Added: Number of purchases is at least 5 (group 1)',
      'Removed group 2 (Friend tag contains any of VIP)',
    ]);
    expect(describeChanges(changes, 'ja', names)).toEqual([
      '名前を「Buyers」から「Repeat buyers」に変更',
      '変更：最終購入からの日数が30日以下 → 14日以下（グループ1）',
      '追加：購入回数が5回以上（グループ1）',
      'グループ2を削除（友だちタグに「VIP」のいずれかを含む）',
    ]);
    expect(applied(older, changes)).toEqual(newer);
  });

  it('a new group (OR) reads as one line with its conditions; a folder move names both folders', () => {
    const older = snap({ groups: [{ conditions: [vip] }] }, 'VIP', 'f1');
    const newer = snap({ groups: [{ conditions: [vip] }, { conditions: [integrated, buyers(5)] }] }, 'VIP', 'f2');
    const names = { tags: { t_vip: 'VIP' }, folders: { f1: 'Spring', f2: 'Summer' } };
    expect(describeChanges(diffSegments(older, newer), 'en', names)).toEqual([
      'Moved from folder "Spring" to "Summer"',
      'Added group 2: Shopify integration is Integrated AND Number of purchases is at least 5',
    ]);
    expect(describeChanges(diffSegments(older, newer), 'ja', names)).toEqual([
      'フォルダ「Spring」から「Summer」に移動',
      'グループ2を追加：Shopifyと連携済み かつ 購入回数が5回以上',
    ]);
  });

  it('a deleted tag is shown as deleted in the change, never dropped', () => {
    const older = snap({ groups: [{ conditions: [buyers(1)] }] });
    const newer = snap({ groups: [{ conditions: [buyers(1), vip] }] });
    expect(describeChanges(diffSegments(older, newer), 'en', { tags: {} })).toEqual(['Added: Friend tag contains any of t_vip (deleted) (group 1)']);
  });

  it('a condition whose property changed reads as removed and added', () => {
    const older = snap({ groups: [{ conditions: [integrated, buyers(5)] }] });
    const newer = snap({ groups: [{ conditions: [integrated, recent(7)] }] });
    expect(describeChanges(diffSegments(older, newer), 'en')).toEqual([
      'Removed: Number of purchases is at least 5 (group 1)',
      'Added: Days since last purchase is at most 7 (group 1)',
    ]);
  });

  it('no change, no words', () => {
    const s = snap({ groups: [{ conditions: [vip, buyers(2)] }] });
    expect(diffSegments(s, structuredClone(s))).toEqual([]);
  });
});

/** Random edits of the builder (edit.ts), so pairs that differ a little are drawn as often as strangers. */
function arbEdited(def: Definition): fc.Arbitrary<Definition> {
  const edit = fc.tuple(fc.nat(30), fc.nat(30), arbCondition(), fc.constantFrom(...OPERATORS)).map(([g, c, cond, op]) => (d: Definition): Definition => {
    const groups = d.groups.length; const gi = g % groups; const ci = c % d.groups[gi].conditions.length;
    const tries: EditResult[] = [
      addCondition(d, gi), addGroup(d), removeCondition(d, gi, ci), removeGroup(d, gi),
      setOperator(d, gi, ci, op), setValue(d, gi, ci, cond.value),
    ];
    const r = tries[(g + c) % tries.length];
    if (!r.ok) return d;
    // Put a random condition in the new place so additions are not all the same default.
    if ((g + c) % tries.length === 0) return { groups: r.definition.groups.map((gr, i) => (i === gi ? { conditions: [...gr.conditions.slice(0, -1), cond] } : gr)) };
    return r.definition;
  });
  return fc.array(edit, { minLength: 0, maxLength: 6 }).map((edits) => edits.reduce((d, f) => f(d), def));
}

describe('applying the described change to the older version gives the newer one', () => {
  const arbNames = fc.constantFrom('Repeat buyers', 'VIP', '休眠顧客');
  const arbFolder = fc.constantFrom(null, 'f1', 'f2');

  it('for random pairs of definitions (any two)', () => {
    fc.assert(fc.property(arbDefinition({ maxGroups: 4, maxConditions: 4 }), arbDefinition({ maxGroups: 4, maxConditions: 4 }), arbNames, arbNames, arbFolder, arbFolder,
      (a, b, n1, n2, f1, f2) => {
        const older = snap(a, n1, f1); const newer = snap(b, n2, f2);
        expect(applied(older, diffSegments(older, newer))).toEqual(newer);
      }), { numRuns: 500 });
  });

  it('for a definition and the same after random edits in the builder', () => {
    fc.assert(fc.property(arbDefinition().chain((a) => fc.tuple(fc.constant(a), arbEdited(a))), ([a, b]) => {
      const changes = diffDefinitions(a, b);
      expect(applied(snap(a), changes).definition).toEqual(b);
      // Every line names the change in the summary's words, in both languages.
      for (const lang of ['en', 'ja'] as const) {
        const words = describeChanges(changes, lang);
        expect(words).toHaveLength(changes.length);
        changes.forEach((c, i) => {
          if (c.kind === 'condition_added') expect(words[i]).toContain(summarizeCondition(c.condition, lang));
          if (c.kind === 'condition_removed') expect(words[i]).toContain(summarizeCondition(c.condition, lang));
          if (c.kind === 'condition_changed') expect(words[i]).toContain(summarizeCondition(c.from, lang));
        });
      }
    }), { numRuns: 500 });
  });

  it('one value changed is exactly one "Changed" line; equal definitions are no change', () => {
    fc.assert(fc.property(arbDefinition(), fc.nat(), fc.nat(), (a, g, c) => {
      expect(diffDefinitions(a, structuredClone(a))).toEqual([]);
      const gi = g % a.groups.length; const ci = c % a.groups[gi].conditions.length;
      const cond = a.groups[gi].conditions[ci];
      const pd = propertyDef(cond.property)!;
      if (typeof cond.value !== 'number' || pd.kind !== 'number') return;
      const b = setValue(a, gi, ci, cond.value === 0 ? 1 : cond.value - 1);
      if (!b.ok) throw new Error(b.reason);
      const changes = diffDefinitions(a, b.definition);
      expect(changes.map((x) => x.kind)).toEqual(['condition_changed']);
    }), { numRuns: 300 });
  });
});

describe('a change that does not describe the version is refused, not applied', () => {
  it('a removed condition that is not there, a rename from another name', () => {
    const s = snap({ groups: [{ conditions: [vip] }, { conditions: [buyers(5)] }] });
    expect(applyChanges(s, [{ kind: 'condition_removed', group: 0, oldGroup: 0, index: 0, condition: buyers(5) }]).ok).toBe(false);
    expect(applyChanges(s, [{ kind: 'renamed', from: 'Other', to: 'X' }]).ok).toBe(false);
    expect(applyChanges(s, [{ kind: 'group_added', group: 5, conditions: [vip] }]).ok).toBe(false);
    expect(applyChanges(s, [{ kind: 'group_removed', group: 1, conditions: [vip] }]).ok).toBe(false);
  });
});
