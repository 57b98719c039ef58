import { t } from '@/lib/i18n';
import { Dialog } from './Dialog';

interface ConfirmDialogProps {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before something that cannot be undone; Cancel has the focus first. */
export function ConfirmDialog({ title, message, confirmLabel, danger, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Dialog
      title={title}
      onClose={onCancel}
      onSubmit={onConfirm}
      actions={<>
        <button type="button" class="lumo-button" onClick={onCancel} data-autofocus>{t('panel.cancel')}</button>
        <button type="submit" class={danger ? 'lumo-button lumo-button--danger' : 'lumo-button lumo-button--primary'}>{confirmLabel}</button>
      </>}
    >
      <p>{message}</p>
    </Dialog>
  );
}
