import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { SegmentItem } from '@/lib/messages';
import type { PanelModels } from '../models/panel';
import { describeError } from '../models/errors';
import { TagEveryoneDialog } from './TagEveryoneDialog';
import { downloadSegmentCsv } from './export';

/** A segment's "Tag everyone" and "Export CSV" (its row in the list, and the editor). */
export function SegmentTagActions({ item, models }: { item: SegmentItem; models: PanelModels }) {
  const [open, setOpen] = useState(false);
  const [status, setStatus] = useState<{ text: string; error?: boolean } | null>(null);
  const exportCsv = async () => {
    setStatus({ text: t('tags.exporting') });
    try {
      const file = await downloadSegmentCsv(models.client, models.accountId, item.segment);
      setStatus({ text: t('tags.exported', { file }) });
    } catch (e) {
      setStatus({ text: describeError(e, 'segment: export'), error: true });
    }
  };
  return (
    <>
      <button type="button" class="lumo-button lumo-button--small" onClick={() => setOpen(true)}>{t('tags.tagEveryone')}</button>
      <button type="button" class="lumo-button lumo-button--small" onClick={() => void exportCsv()}>{t('tags.exportCsv')}</button>
      {status && <span class={status.error ? 'lumo-field__error' : 'lumo-visually-hidden'} role={status.error ? 'alert' : 'status'}>{status.text}</span>}
      {open && <TagEveryoneDialog item={item} models={models} onClose={() => setOpen(false)} />}
    </>
  );
}
