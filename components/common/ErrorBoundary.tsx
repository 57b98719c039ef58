import { Component, type ComponentChildren } from 'preact';
import { t } from '@/lib/i18n';

const logged = new Set<string>();

/** Catches a render error below it, logs it once tagged with `id`, and shows a calm sentence instead. */
export class ErrorBoundary extends Component<{ id: string; children: ComponentChildren }, { failed: boolean }> {
  override state = { failed: false };

  static override getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown) {
    if (!logged.has(this.props.id)) {
      logged.add(this.props.id);
      console.error(`[lumo-segments:${this.props.id}]`, error);
    }
  }

  override render() {
    if (this.state.failed) return <p class="lumo-note lumo-note--error" role="alert">{t('panel.error.generic')}</p>;
    return this.props.children;
  }
}
