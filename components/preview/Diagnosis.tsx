import { t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { conditionSummary } from './summary';

/** Why the count is 0: the conditions that empty it, and how many friends match without each. */
export function Diagnosis({ models }: { models: PanelModels }) {
  const diagnosis = models.preview.diagnosis.value;
  if (!diagnosis) return null;
  const definition = models.editor.definition.value;
  const culprits = [...models.preview.culprits.value].map((key) => {
    const [g, c] = key.split('.').map(Number) as [number, number];
    const condition = definition.groups[g]?.conditions[c];
    const stats = diagnosis.groups[g]?.conditions[c];
    return condition && stats ? { g, c, condition, stats } : null;
  }).filter((x) => x !== null);
  return (
    <section class="lumo-diagnosis" aria-labelledby="lumo-diagnosis-title" role="status">
      <h4 id="lumo-diagnosis-title" class="lumo-subtitle">{t('panel.preview.diagnosisTitle')}</h4>
      {culprits.length === 0 ? (
        <p>{t('panel.preview.diagnosisNone')}</p>
      ) : (
        <ul class="lumo-diagnosis__list">
          {culprits.map(({ g, c, condition, stats }) => {
            const what = conditionSummary(condition, models.catalog.catalog.value, models.catalog.tags.value);
            return (
              <li key={`${g}.${c}`}>
                {t('panel.preview.diagnosisItem', { group: g + 1, condition: c + 1, what, without: stats.withoutIt })}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
