import type { Catalog, Tag } from '@/lib/contract/api';
import { formatRelativeTime, t } from '@/lib/i18n';
import { segmentSummary } from '../preview/summary';
import type { AgentModel } from './model';

/** Suggestions the marketer cancelled: each can still be approved into the editor, or dismissed. */
export function HeldList({ agent, catalog, tags }: { agent: AgentModel; catalog: Catalog | null; tags: readonly Tag[] }) {
  const held = agent.held.value;
  if (held.length === 0) return null;
  return (
    <section class="lumo-agent__held" aria-labelledby="lumo-agent-held-title">
      <h4 id="lumo-agent-held-title" class="lumo-subtitle">
        {t('agent.held.title')} <span class="lumo-badge lumo-badge--pending">{t('agent.held.count', { count: held.length })}</span>
      </h4>
      <ul class="lumo-agent__held-list">
        {held.map((h) => (
          <li key={h.id} class="lumo-agent__held-item">
            <div class="lumo-agent__held-text">
              <span class="lumo-agent__held-name">{h.name}</span>
              <span class="lumo-agent__held-summary">{segmentSummary(h.definition, catalog, tags)}</span>
              <span class="lumo-agent__held-meta">
                {h.count === null ? '' : `${t('panel.friends', { count: h.count })} · `}{t('agent.held.heldAgo', { ago: formatRelativeTime(h.heldAt) })}
              </span>
            </div>
            <div class="lumo-agent__held-actions">
              <button type="button" class="lumo-button lumo-button--small lumo-button--primary"
                aria-label={t('agent.held.approveNamed', { name: h.name })} onClick={() => void agent.approveHeld(h.id)}>
                {t('agent.held.approve')}
              </button>
              <button type="button" class="lumo-button lumo-button--small lumo-button--ghost"
                aria-label={t('agent.held.dismissNamed', { name: h.name })} onClick={() => void agent.dismissHeld(h.id)}>
                {t('agent.held.dismiss')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
