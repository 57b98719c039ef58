import './picker.css';
import { useId, useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { SegmentItem } from '@/lib/messages';
import { Dialog } from '../common/Dialog';
import { focusables } from '../common/focus';
import { CountCell } from '../list/SegmentRow';
import type { BroadcastPickerModel } from './model';

const OPTION = 'lumo-picker__option';

/**
 * Arrow keys walk the search field and the segments (Home and End jump to the ends). The list is
 * one stop for Tab (a roving tabindex: the segment last reached), so Tab goes on to Cancel
 * however long the list is, and the dialog keeps it inside.
 */
function onArrowKeys(e: KeyboardEvent, list: HTMLElement | null, search: HTMLElement | null) {
  if (!list || !['ArrowDown', 'ArrowUp', 'Home', 'End'].includes(e.key)) return;
  const options = focusables(list).filter((el) => el.classList.contains(OPTION));
  if (options.length === 0) return;
  const active = (list.getRootNode() as ShadowRoot | Document).activeElement as HTMLElement | null;
  if (active !== search && !options.includes(active!)) return;
  if (active === search && (e.key === 'Home' || e.key === 'End')) return; // the field's own caret keys
  const at = active === search ? -1 : options.indexOf(active!);
  const next = e.key === 'Home' ? 0 : e.key === 'End' ? options.length - 1
    : e.key === 'ArrowDown' ? Math.min(at + 1, options.length - 1) : at - 1;
  e.preventDefault();
  (next < 0 ? search : options[next])?.focus();
}

/** Asks which saved segment to broadcast to, and opens the broadcast window with it. */
export function BroadcastPicker({ model, onClose }: { model: BroadcastPickerModel; onClose: () => void }) {
  const searchId = useId();
  const [busy, setBusy] = useState(false);
  const [list, setList] = useState<HTMLElement | null>(null);
  const [search, setSearch] = useState<HTMLInputElement | null>(null);
  const [current, setCurrent] = useState(0);
  const state = model.state.value;
  const visible = model.visible.value;
  const query = model.query.value;
  const now = Date.now();
  const tabStop = current < visible.length ? current : 0;

  const choose = async (item: SegmentItem | undefined) => {
    if (!item || busy) return;
    setBusy(true);
    const opened = await model.choose(item);
    setBusy(false);
    if (opened) onClose();
  };

  return (
    <Dialog
      title={t('managerBroadcast.title')}
      onClose={onClose}
      // Enter in the search field takes the first match.
      onSubmit={() => void choose(visible[0])}
      actions={<button type="button" class="lumo-button" onClick={onClose}>{t('panel.cancel')}</button>}
    >
      <div class="lumo-picker" onKeyDown={(e) => onArrowKeys(e, list, search)}>
        <p class="lumo-picker__intro">{t('managerBroadcast.intro')}</p>
        <label class="lumo-field__label" for={searchId}>{t('managerBroadcast.search')}</label>
        <input
          id={searchId}
          ref={setSearch}
          class="lumo-input"
          type="search"
          autocomplete="off"
          value={query}
          onInput={(e) => { model.query.value = e.currentTarget.value; }}
          data-autofocus
        />
        {state.kind === 'loading' && <p class="lumo-picker__status" role="status">{t('managerBroadcast.loading')}</p>}
        {state.kind === 'error' && <p class="lumo-picker__problem" role="alert">{state.message}</p>}
        {state.kind === 'ready' && (
          <>
            <p class="lumo-visually-hidden" role="status">{t('managerBroadcast.matches', { count: visible.length })}</p>
            {visible.length === 0 ? (
              <p class="lumo-picker__status">
                {query.trim() ? t('managerBroadcast.noMatch', { query: query.trim() }) : t('managerBroadcast.empty')}
              </p>
            ) : (
              <ul ref={setList} class="lumo-picker__list" aria-label={t('managerBroadcast.segments')}>
                {visible.map((item, i) => (
                  <li key={item.segment.id}>
                    {/* Named by the segment, its count as the description: "VIP friends, 12 friends…" */}
                    <button
                      type="button"
                      class={OPTION}
                      disabled={busy}
                      tabIndex={i === tabStop ? 0 : -1}
                      onFocus={() => setCurrent(i)}
                      aria-labelledby={`${searchId}-name${i}`}
                      aria-describedby={`${searchId}-count${i}`}
                      onClick={() => void choose(item)}
                    >
                      <span id={`${searchId}-name${i}`} class="lumo-picker__name">{item.segment.name}</span>
                      <span id={`${searchId}-count${i}`}><CountCell item={item} now={now} /></span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
        {model.problem.value && <p class="lumo-picker__problem" role="alert">{model.problem.value}</p>}
      </div>
    </Dialog>
  );
}
