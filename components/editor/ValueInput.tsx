import { useId } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ValueInput as InputKind } from '@/lib/segment/catalog';
import type { ConditionValue } from '@/lib/segment/schema';
import type { ValueOption } from '../models/catalog';
import { MultiSelect } from './MultiSelect';

interface ValueInputProps {
  kind: InputKind;
  value: ConditionValue | undefined;
  onChange: (value: ConditionValue | undefined) => void;
  onBlur: () => void;
  /** Options of a multi-select, or suggestions of a text input. */
  options: ValueOption[];
  /** Numbers that count days show "days" after them. */
  days?: boolean;
  invalid: boolean;
  describedBy?: string;
}

const toNumber = (raw: string): number | undefined => (raw.trim() === '' ? undefined : Number(raw));
const pair = <T,>(value: ConditionValue | undefined): [T | undefined, T | undefined] =>
  (Array.isArray(value) ? [value[0] as T, value[1] as T] : [undefined, undefined]);

/** The value input a condition needs, following lib/segment's valueInputFor(kind, operator). */
export function ValueInput({ kind, value, onChange, onBlur, options, days, invalid, describedBy }: ValueInputProps) {
  const listId = useId();
  const common = {
    'aria-invalid': invalid ? ('true' as const) : undefined,
    'aria-describedby': describedBy,
    onBlur,
  };
  const unit = days ? <span class="lumo-unit">{t('panel.editor.days')}</span> : null;
  switch (kind) {
    case 'none':
      return null;
    case 'date':
      return <input type="date" class="lumo-input lumo-input--date" aria-label={t('panel.editor.date')} {...common}
        value={typeof value === 'string' ? value : ''}
        onInput={(e) => onChange(e.currentTarget.value || undefined)} />;
    case 'date_range': {
      const [from, to] = pair<string>(value);
      const set = (a: string | undefined, b: string | undefined) => onChange(a || b ? [a ?? '', b ?? ''] : undefined);
      return (
        <span class="lumo-range">
          <input type="date" class="lumo-input lumo-input--date" aria-label={t('panel.editor.startDate')} {...common}
            value={from ?? ''} onInput={(e) => set(e.currentTarget.value, to)} />
          <span class="lumo-range__sep" aria-hidden="true">〜</span>
          <input type="date" class="lumo-input lumo-input--date" aria-label={t('panel.editor.endDate')} {...common}
            value={to ?? ''} onInput={(e) => set(from, e.currentTarget.value)} />
        </span>
      );
    }
    case 'days':
      return (
        <span class="lumo-with-unit">
          <input type="number" min={0} step={1} inputMode="numeric" class="lumo-input lumo-input--number"
            aria-label={t('panel.editor.numberOfDays')} {...common}
            value={typeof value === 'number' ? String(value) : ''} onInput={(e) => onChange(toNumber(e.currentTarget.value))} />
          <span class="lumo-unit">{t('panel.editor.days')}</span>
        </span>
      );
    case 'number':
      return (
        <span class="lumo-with-unit">
          <input type="number" min={0} step={1} inputMode="numeric" class="lumo-input lumo-input--number"
            aria-label={t('panel.editor.value')} {...common}
            value={typeof value === 'number' ? String(value) : ''} onInput={(e) => onChange(toNumber(e.currentTarget.value))} />
          {unit}
        </span>
      );
    case 'number_range': {
      const [min, max] = pair<number>(value);
      const set = (a: number | undefined, b: number | undefined) =>
        onChange(a === undefined && b === undefined ? undefined : ([a, b] as unknown as ConditionValue));
      return (
        <span class="lumo-range">
          <input type="number" min={0} step={1} inputMode="numeric" class="lumo-input lumo-input--number"
            aria-label={t('panel.editor.minimum')} {...common}
            value={min === undefined || min === null ? '' : String(min)} onInput={(e) => set(toNumber(e.currentTarget.value), max)} />
          <span class="lumo-range__sep" aria-hidden="true">〜</span>
          <input type="number" min={0} step={1} inputMode="numeric" class="lumo-input lumo-input--number"
            aria-label={t('panel.editor.maximum')} {...common}
            value={max === undefined || max === null ? '' : String(max)} onInput={(e) => set(min, toNumber(e.currentTarget.value))} />
          {unit}
        </span>
      );
    }
    case 'text':
      return (
        <>
          <input type="text" class="lumo-input lumo-input--text" aria-label={t('panel.editor.value')} {...common}
            list={options.length > 0 ? listId : undefined}
            value={typeof value === 'string' ? value : ''} onInput={(e) => onChange(e.currentTarget.value || undefined)} />
          {options.length > 0 && (
            <datalist id={listId}>{options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}</datalist>
          )}
        </>
      );
    case 'multi_select':
      return <MultiSelect label={t('panel.editor.values')} options={options} invalid={invalid} describedBy={describedBy}
        value={Array.isArray(value) ? (value as string[]) : []}
        onChange={(v) => { onChange(v.length ? v : undefined); onBlur(); }} />;
  }
}
