import { localize, t } from '@/lib/i18n';
import type { PropertyId } from '@/lib/segment/catalog';
import type { PropertyChoiceGroup } from '../models/catalog';

interface PropertySelectProps {
  value: PropertyId;
  groups: PropertyChoiceGroup[];
  onChange: (property: PropertyId) => void;
  invalid: boolean;
  describedBy?: string;
}

/**
 * Properties grouped by category. A service that is not connected shows its properties disabled,
 * with the catalog's reason; the current choice stays selectable so an existing condition is
 * never lost.
 */
export function PropertySelect({ value, groups, onChange, invalid, describedBy }: PropertySelectProps) {
  return (
    <select
      class="lumo-select lumo-select--property"
      aria-label={t('panel.editor.property')}
      aria-invalid={invalid ? 'true' : undefined}
      aria-describedby={describedBy}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value as PropertyId)}
    >
      {groups.map((group) => (
        <optgroup key={group.category} label={localize(group.label)}>
          {group.choices.map((choice) => (
            <option
              key={choice.id}
              value={choice.id}
              disabled={!choice.available && choice.id !== value}
              title={choice.reason}
            >
              {choice.available ? localize(choice.label) : t('panel.editor.unavailableOption', {
                label: localize(choice.label), reason: choice.reason || t('panel.editor.notConnected'),
              })}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
