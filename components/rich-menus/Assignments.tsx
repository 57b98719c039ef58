import { useState } from 'preact/hooks';
import { formatNumber, t } from '@/lib/i18n';
import type { SegmentItem } from '@/lib/messages';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { LabeledField } from '../common/LabeledField';
import type { RichMenusModel } from './model';

/** Which segment sees which menu: give one, and each assignment's status with "Stop showing". */
export function Assignments({ model, segments }: { model: RichMenusModel; segments: readonly SegmentItem[] }) {
  const saved = segments.filter((s) => s.sync === 'synced');
  const [segmentId, setSegmentId] = useState('');
  const [menuId, setMenuId] = useState('');
  const [priority, setPriority] = useState(0);
  const [tried, setTried] = useState(false);
  const [stopping, setStopping] = useState<string | null>(null);
  const [stoppingAll, setStoppingAll] = useState(false);
  const nameOf = (id: string) => segments.find((s) => s.segment.id === id)?.segment.name ?? t('richMenus.assign.unknownSegment');
  const menuName = (id: string) => model.menus.value.find((m) => m.id === id)?.name ?? id;
  const submit = async (e: Event) => {
    e.preventDefault();
    setTried(true);
    if (!segmentId || !menuId) return;
    if (await model.assign(segmentId, menuId, priority)) { setSegmentId(''); setTried(false); }
  };
  return (
    <section class="lumo-rm-assign" aria-labelledby="lumo-rm-assign-title">
      <h3 id="lumo-rm-assign-title" class="lumo-subtitle">{t('richMenus.assign.title')}</h3>
      <form class="lumo-rm-assign__form" onSubmit={(e) => void submit(e)} noValidate>
        <LabeledField label={t('richMenus.assign.segment')} error={tried && !segmentId ? t('richMenus.error.segment') : undefined}>
          {(f) => <select id={f.id} class="lumo-select" value={segmentId} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => setSegmentId(e.currentTarget.value)}>
            <option value="">—</option>
            {saved.map((s) => <option key={s.segment.id} value={s.segment.id}>{s.segment.name}</option>)}
          </select>}
        </LabeledField>
        <LabeledField label={t('richMenus.assign.menu')} error={tried && !menuId ? t('richMenus.error.menu') : undefined}>
          {(f) => <select id={f.id} class="lumo-select" value={menuId} aria-invalid={f.invalid} aria-describedby={f.describedBy} onChange={(e) => setMenuId(e.currentTarget.value)}>
            <option value="">—</option>
            {model.menus.value.map((m) => <option key={m.id} value={m.id}>{m.name}</option>)}
          </select>}
        </LabeledField>
        <LabeledField label={t('richMenus.assign.priority')} hint={t('richMenus.assign.priorityHint')}>
          {(f) => <input id={f.id} type="number" class="lumo-input lumo-input--number" min={0} max={1000} value={priority}
            aria-describedby={f.describedBy} onInput={(e) => setPriority(Math.max(0, Math.min(1000, Number(e.currentTarget.value) || 0)))} />}
        </LabeledField>
        <button type="submit" class="lumo-button lumo-button--primary" disabled={model.busy.value}>{t('richMenus.assign.submit')}</button>
      </form>
      {model.assignments.value.length === 0 ? <p class="lumo-muted">{t('richMenus.assign.none')}</p> : (
        <ul class="lumo-rm-assign__list">
          {model.assignments.value.map((a) => (
            <li key={a.segmentId} class="lumo-rm-assign__item" aria-label={nameOf(a.segmentId)}>
              <div class="lumo-rm-assign__head">
                <strong>{nameOf(a.segmentId)}</strong> → {menuName(a.richMenuId)}
                <span class={`lumo-badge lumo-badge--${a.status === 'broken' ? 'refused' : a.status === 'in_sync' ? 'synced' : 'pending'}`}>{t(`richMenus.assign.status.${a.status}`)}</span>
                <span class="lumo-muted">{t('richMenus.assign.priority')}: {a.priority}</span>
              </div>
              <p class="lumo-rm-assign__counts">{t('richMenus.assign.counts', {
                linked: formatNumber(a.linked), pending: formatNumber(a.pending), failed: formatNumber(a.failed), overridden: formatNumber(a.overridden),
              })}</p>
              {a.error && <p class="lumo-field__error">{a.error}</p>}
              {a.failures.length > 0 && (
                <details><summary>{t('richMenus.assign.failures')}</summary>
                  <ul>{a.failures.map((f) => <li key={f.lineUserId}><code>{f.lineUserId}</code>: {f.reason}</li>)}</ul>
                </details>
              )}
              {a.status !== 'stopping' && (
                <button type="button" class="lumo-button lumo-button--small" onClick={() => setStopping(a.segmentId)}>{t('richMenus.assign.stop')}</button>
              )}
            </li>
          ))}
        </ul>
      )}
      {model.assignments.value.some((a) => a.status !== 'stopping') && (
        <button type="button" class="lumo-button lumo-button--small lumo-button--danger lumo-rm-assign__all" onClick={() => setStoppingAll(true)}>
          {t('richMenus.assign.unlinkAll')}
        </button>
      )}
      {stoppingAll && (
        <ConfirmDialog title={t('richMenus.assign.unlinkAll')} message={t('richMenus.assign.unlinkAllMessage')}
          confirmLabel={t('richMenus.assign.unlinkAll')} danger onCancel={() => setStoppingAll(false)}
          onConfirm={() => { setStoppingAll(false); void model.unlinkAll(); }} />
      )}
      {stopping && (
        <ConfirmDialog title={t('richMenus.assign.stopTitle')} message={t('richMenus.assign.stopMessage', { segment: nameOf(stopping) })}
          confirmLabel={t('richMenus.assign.stop')} danger onCancel={() => setStopping(null)}
          onConfirm={() => { const id = stopping; setStopping(null); void model.unassign(id); }} />
      )}
    </section>
  );
}
