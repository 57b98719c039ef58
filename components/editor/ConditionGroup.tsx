import { t } from '@/lib/i18n';
import type { Group } from '@/lib/segment/schema';
import type { PanelModels } from '../models/panel';
import { ConditionRow } from './ConditionRow';

/** One group: its conditions joined with AND, and "Add Property (AND)". */
export function ConditionGroup({ models, group, index, groupCount }: {
  models: PanelModels; group: Group; index: number; groupCount: number;
}) {
  const { editor } = models;
  const message = editor.shownIssues.value[`groups.${index}`] ?? editor.shownIssues.value[`groups.${index}.conditions`];
  return (
    <li class="lumo-group-wrap">
      {index > 0 && <div class="lumo-or" aria-hidden="true"><span>{t('panel.editor.or')}</span></div>}
      <section class="lumo-group" aria-label={t('panel.editor.groupN', { n: index + 1 })} data-group={index}>
        <header class="lumo-group__head">
          <h4 class="lumo-group__title">{t('panel.editor.groupN', { n: index + 1 })}</h4>
          <span class="lumo-group__hint">{t('panel.editor.groupHint')}</span>
        </header>
        {/* Not a list: each condition is a named group (a list may hold only list items). */}
        <div class="lumo-conditions">
          {group.conditions.map((condition, c) => (
            <ConditionRow
              key={c}
              models={models}
              group={index}
              index={c}
              condition={condition}
              removable={group.conditions.length > 1 || groupCount > 1}
            />
          ))}
        </div>
        {message && <p class="lumo-field__error">{message}</p>}
        <button type="button" class="lumo-button lumo-button--ghost lumo-button--small lumo-add" onClick={() => editor.addCondition(index)}>
          <span aria-hidden="true">＋ </span>{t('panel.editor.addProperty')}
        </button>
      </section>
    </li>
  );
}
