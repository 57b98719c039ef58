/**
 * Puts an approved suggestion into the editor through the editor's own actions, one edit at a
 * time, exactly as if the marketer had built it: the editor stays the one owner of the draft, and
 * the result is checked to be the suggestion itself. The open segment (new or saved) gets the
 * conditions; its name is kept, and only an empty name takes the suggestion's.
 */
import type { Definition } from '@/lib/segment/schema';
import { sameDraft, type EditorModel } from '../models/editor';

export const sameDefinition = (a: Definition, b: Definition) =>
  sameDraft({ name: '', folderId: null, definition: a }, { name: '', folderId: null, definition: b });

/** True when the editor now holds exactly `definition`. */
export function applyToEditor(editor: EditorModel, definition: Definition, name?: string): boolean {
  // Down to one group of one condition: the editor refuses to remove the very last one.
  for (let guard = 0; guard < 1000; guard++) {
    const current = editor.definition.value;
    const g = current.groups.length - 1;
    const c = current.groups[g].conditions.length - 1;
    if (g === 0 && c === 0) break;
    editor.removeCondition(g, c);
    if (editor.definition.value === current) return false;
  }
  definition.groups.forEach((group, g) => {
    if (g > 0) editor.addGroup();
    group.conditions.forEach((condition, c) => {
      if (c > 0) editor.addCondition(g);
      editor.setProperty(g, c, condition.property);
      editor.setOperator(g, c, condition.operator);
      if (condition.key !== undefined) editor.setKey(g, c, condition.key);
      if (condition.value !== undefined) editor.setValue(g, c, condition.value);
    });
  });
  if (name && editor.name.value.trim() === '') editor.setName(name.slice(0, 100));
  return sameDefinition(editor.definition.value, definition);
}
