import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { ValueOption } from '../models/catalog';
import { searchKey } from '../models/segments';

interface MultiSelectProps {
  label: string;
  options: ValueOption[];
  value: readonly string[];
  onChange: (value: string[]) => void;
  invalid?: boolean;
  describedBy?: string;
}

/**
 * Choose several values (tags, lists, Shopify tags): the chosen ones as chips, and a searchable
 * list of checkboxes behind a toggle. A chosen value the catalog no longer knows (a deleted tag)
 * stays, marked as missing, so nothing is dropped silently.
 */
export function MultiSelect({ label, options, value, onChange, invalid, describedBy }: MultiSelectProps) {
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const listId = useId();
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => { if (open) search.current?.focus(); }, [open]);
  const byValue = new Map(options.map((o) => [o.value, o]));
  const q = searchKey(query);
  const shown = options.filter((o) => q === '' || searchKey(o.label).includes(q));
  const toggle = (v: string) => onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v]);
  return (
    <div class={`lumo-multi${invalid ? ' lumo-multi--invalid' : ''}`} role="group" aria-label={label} aria-describedby={describedBy}>
      <div class="lumo-chips">
        {value.map((v) => {
          const known = byValue.get(v);
          return (
            <span key={v} class={`lumo-chip${known ? '' : ' lumo-chip--missing'}`}>
              {known ? known.label : t('panel.editor.missingValue', { value: v })}
              <button type="button" class="lumo-chip__remove" aria-label={t('panel.editor.removeValue', { value: known?.label ?? v })}
                onClick={() => toggle(v)}>×</button>
            </span>
          );
        })}
        <button type="button" class="lumo-button lumo-button--small lumo-button--ghost" aria-expanded={open} aria-controls={listId}
          onClick={() => setOpen(!open)}>
          {value.length === 0 ? t('panel.editor.choose') : t('panel.editor.chooseMore')}
        </button>
      </div>
      {open && (
        <div class="lumo-multi__popover" id={listId}>
          <input
            type="search"
            class="lumo-input lumo-input--small"
            aria-label={t('panel.editor.searchValues', { label })}
            placeholder={t('panel.editor.searchPlaceholder')}
            value={query}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Escape') { e.stopPropagation(); setOpen(false); } }}
            ref={search}
          />
          {options.length === 0 ? (
            <p class="lumo-multi__empty">{t('panel.editor.noOptions')}</p>
          ) : shown.length === 0 ? (
            <p class="lumo-multi__empty">{t('panel.editor.noOptionMatch')}</p>
          ) : (
            <ul class="lumo-multi__options">
              {shown.map((o) => (
                <li key={o.value}>
                  <label class="lumo-check">
                    <input type="checkbox" checked={value.includes(o.value)} onChange={() => toggle(o.value)} />
                    <span class="lumo-check__label">{o.label}</span>
                    {o.count !== undefined && <span class="lumo-check__count">{t('panel.friends', { count: o.count })}</span>}
                  </label>
                </li>
              ))}
            </ul>
          )}
          <div class="lumo-multi__footer">
            <button type="button" class="lumo-button lumo-button--small" onClick={() => setOpen(false)}>{t('panel.done')}</button>
          </div>
        </div>
      )}
    </div>
  );
}
