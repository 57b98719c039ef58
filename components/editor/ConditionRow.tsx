import { useId } from 'preact/hooks';
import { localize, t } from '@/lib/i18n';
import { propertyDef, valueInputFor, type Operator } from '@/lib/segment/catalog';
import type { Condition } from '@/lib/segment/schema';
import {
  keySuggestions, operatorChoices, propertyChoiceGroups, textSuggestions, unavailableReason, valueOptions,
} from '../models/catalog';
import { conditionPath } from '../models/editor';
import type { PanelModels } from '../models/panel';
import { PropertySelect } from './PropertySelect';
import { ValueInput } from './ValueInput';

interface ConditionRowProps {
  models: PanelModels;
  group: number;
  index: number;
  condition: Condition;
  /** Whether removing it is allowed (a group keeps at least one condition; the last group stays). */
  removable: boolean;
}

/** One condition: property → condition (operator) → value, its messages in place, and remove. */
export function ConditionRow({ models, group, index, condition, removable }: ConditionRowProps) {
  const { editor, catalog, preview } = models;
  const id = useId();
  const path = conditionPath(group, index);
  const issues = editor.shownIssues.value;
  const def = propertyDef(condition.property);
  const cat = catalog.catalog.value;
  const input = def ? valueInputFor(def.kind, condition.operator) : 'none';
  const messageIds: string[] = [];
  const messages = (['', '.property', '.operator', '.key', '.value', '.value.0', '.value.1'] as const)
    .map((suffix) => {
      const message = issues[`${path}${suffix}`];
      if (!message) return null;
      const mid = `${id}${suffix.replaceAll('.', '-')}`;
      messageIds.push(mid);
      return <p key={suffix} id={mid} class="lumo-field__error">{message}</p>;
    });
  const describedBy = messageIds.join(' ') || undefined;
  const has = (field: string) => Object.keys(issues).some((p) => p === `${path}.${field}` || p.startsWith(`${path}.${field}.`));
  const reason = unavailableReason(cat, condition.property);
  const culprit = preview.culprits.value.has(`${group}.${index}`);
  const options = input === 'text'
    ? textSuggestions(cat, condition.property, condition.key)
    : valueOptions(cat, condition.property, catalog.tags.value);
  const keys = def?.needsKey ? keySuggestions(cat, condition.property) : [];

  return (
    <div
      class={`lumo-condition${culprit ? ' lumo-condition--culprit' : ''}`}
      role="group"
      aria-label={t('panel.editor.conditionN', { n: index + 1 })}
      data-path={path}
    >
      {index > 0 && <span class="lumo-and" aria-hidden="true">{t('panel.editor.and')}</span>}
      <div class="lumo-condition__fields">
        <PropertySelect
          value={condition.property}
          groups={propertyChoiceGroups(cat)}
          onChange={(p) => editor.setProperty(group, index, p)}
          invalid={has('property')}
          describedBy={describedBy}
        />
        {def?.needsKey && (
          <>
            <input
              type="text"
              class="lumo-input lumo-input--key"
              aria-label={t('panel.editor.propertyName')}
              placeholder={t('panel.editor.propertyNamePlaceholder')}
              list={keys.length ? `${id}-keys` : undefined}
              value={condition.key ?? ''}
              aria-invalid={has('key') ? 'true' : undefined}
              aria-describedby={describedBy}
              onInput={(e) => editor.setKey(group, index, e.currentTarget.value)}
              onBlur={() => editor.touch(`${path}.key`)}
            />
            {keys.length > 0 && (
              <datalist id={`${id}-keys`}>{keys.map((k) => <option key={k.key} value={k.key}>{k.label}</option>)}</datalist>
            )}
          </>
        )}
        <select
          class="lumo-select lumo-select--operator"
          aria-label={t('panel.editor.condition')}
          aria-invalid={has('operator') ? 'true' : undefined}
          value={condition.operator}
          onChange={(e) => editor.setOperator(group, index, e.currentTarget.value as Operator)}
        >
          {operatorChoices(condition.property).map((op) => <option key={op.id} value={op.id}>{localize(op.label)}</option>)}
        </select>
        <ValueInput
          kind={input}
          value={condition.value}
          options={options}
          days={def?.unit === 'days'}
          invalid={has('value')}
          describedBy={describedBy}
          onChange={(v) => editor.setValue(group, index, v)}
          onBlur={() => editor.touch(`${path}.value`)}
        />
        <button
          type="button"
          class="lumo-icon-button lumo-condition__remove"
          aria-label={t('panel.editor.removeCondition')}
          title={t('panel.editor.removeCondition')}
          disabled={!removable}
          onClick={() => editor.removeCondition(group, index)}
        >
          <svg class="lumo-icon" viewBox="0 0 20 20" aria-hidden="true"><path d="M5 5l10 10M15 5 5 15" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" /></svg>
        </button>
      </div>
      {messages}
      {reason !== undefined && (
        <p class="lumo-field__warning">{reason || t('panel.editor.notConnectedHint')}</p>
      )}
      {culprit && <p class="lumo-field__culprit">{t('panel.preview.culpritHere')}</p>}
    </div>
  );
}
