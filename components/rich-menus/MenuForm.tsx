import { t } from '@/lib/i18n';
import { templateBounds, TEMPLATE_AREAS, type TemplateAreas } from '@/lib/rich-menus/layout';
import { withTemplate, type ActionKind, type RichMenusModel } from './model';
import { MenuPreview } from './MenuPreview';
import { LabeledField } from '../common/LabeledField';

const ACTIONS: { kind: ActionKind; label: string; value: string }[] = [
  { kind: 'uri', label: 'richMenus.actionUri', value: 'richMenus.actionValueUri' },
  { kind: 'message', label: 'richMenus.actionMessage', value: 'richMenus.actionValueMessage' },
  { kind: 'richmenuswitch', label: 'richMenus.actionSwitch', value: 'richMenus.actionValueSwitch' },
];

/** A new rich menu: size, layout, image, what each area does; checked before anything is sent. */
export function MenuForm({ model }: { model: RichMenusModel }) {
  const d = model.draft.value;
  if (!d) return null;
  const problems = model.submitted.value ? model.problems.value : {};
  const set = (patch: Partial<typeof d>) => { model.draft.value = { ...d, ...patch }; };
  const size = { width: 2500, height: d.height };
  return (
    <form class="lumo-rm-form" noValidate onSubmit={(e) => { e.preventDefault(); void model.create(); }}>
      <div class="lumo-rm-form__fields">
        <LabeledField label={t('richMenus.name')} error={problems.name}>
          {(f) => <input id={f.id} class="lumo-input" value={d.name} maxLength={300} aria-invalid={f.invalid} aria-describedby={f.describedBy}
            onInput={(e) => set({ name: e.currentTarget.value })} />}
        </LabeledField>
        <LabeledField label={t('richMenus.chatBarText')} error={problems.chatBarText} hint={t('richMenus.chatBarHint')}>
          {(f) => <input id={f.id} class="lumo-input" value={d.chatBarText} maxLength={14} aria-invalid={f.invalid} aria-describedby={f.describedBy}
            onInput={(e) => set({ chatBarText: e.currentTarget.value })} />}
        </LabeledField>
        <fieldset class="lumo-field lumo-rm-form__size">
          <legend class="lumo-field__label">{t('richMenus.size')}</legend>
          {([1686, 843] as const).map((h) => (
            <label key={h} class="lumo-radio">
              <input type="radio" name="lumo-rm-size" checked={d.height === h} onChange={() => set({ height: h })} />
              {t(h === 1686 ? 'richMenus.sizeLarge' : 'richMenus.sizeCompact')}
            </label>
          ))}
        </fieldset>
        <LabeledField label={t('richMenus.layout')}>
          {(f) => <select id={f.id} class="lumo-select" value={String(d.template)}
            onChange={(e) => { model.draft.value = withTemplate(d, Number(e.currentTarget.value) as TemplateAreas); }}>
            {TEMPLATE_AREAS.map((n) => <option key={n} value={String(n)}>{t('richMenus.layout', { count: n })}</option>)}
          </select>}
        </LabeledField>
        <LabeledField label={t('richMenus.image')} error={problems.image} hint={t('richMenus.imageHint', size)}>
          {(f) => <input id={f.id} type="file" class="lumo-input lumo-input--file" accept="image/png,image/jpeg" aria-invalid={f.invalid}
            aria-describedby={f.describedBy} onChange={(e) => { const file = e.currentTarget.files?.[0]; if (file) void model.setImage(file); }} />}
        </LabeledField>
        {d.areas.map((a, i) => {
          const action = ACTIONS.find((x) => x.kind === a.kind)!;
          const patch = (p: Partial<typeof a>) => set({ areas: d.areas.map((x, j) => (j === i ? { ...x, ...p } : x)) });
          return (
            <div class="lumo-rm-form__area" key={i}>
              <LabeledField label={t('richMenus.actionType', { n: i + 1 })}>
                {(f) => <select id={f.id} class="lumo-select" value={a.kind} onChange={(e) => patch({ kind: e.currentTarget.value as ActionKind })}>
                  {ACTIONS.map((x) => <option key={x.kind} value={x.kind}>{t(x.label)}</option>)}
                </select>}
              </LabeledField>
              <LabeledField label={t(action.value, { n: i + 1 })} error={problems[`areas.${i}`]}>
                {(f) => <input id={f.id} class="lumo-input" value={a.value} aria-invalid={f.invalid} aria-describedby={f.describedBy}
                  onInput={(e) => patch({ value: e.currentTarget.value })} />}
              </LabeledField>
            </div>
          );
        })}
        <LabeledField label={t('richMenus.alias')} error={problems.aliasId} hint={t('richMenus.aliasHint')}>
          {(f) => <input id={f.id} class="lumo-input" value={d.aliasId} maxLength={32} aria-invalid={f.invalid} aria-describedby={f.describedBy}
            onInput={(e) => set({ aliasId: e.currentTarget.value })} />}
        </LabeledField>
        <div class="lumo-rm-form__actions">
          <button type="button" class="lumo-button" onClick={() => { model.draft.value = null; }}>{t('richMenus.cancel')}</button>
          <button type="submit" class="lumo-button lumo-button--primary" disabled={model.busy.value}>
            {model.busy.value ? t('richMenus.creating') : t('richMenus.create')}
          </button>
        </div>
      </div>
      <MenuPreview image={d.image?.dataUrl ?? null} size={size} bounds={templateBounds(size, d.template)} chatBarText={d.chatBarText} label={t('richMenus.preview')} />
    </form>
  );
}
