/** What the popup says when it has nothing to list, and the one thing to do about it. */
import { t } from './i18n';

interface Props {
  message: string;
  action?: { label: string; run: () => void };
}

export function EmptyState({ message, action }: Props) {
  return (
    <div class="empty" role="status">
      <p>{message}</p>
      {action && <button type="button" class="btn-primary" onClick={action.run}>{action.label}</button>}
    </div>
  );
}

export const retryLabel = () => t('popup.retry');
