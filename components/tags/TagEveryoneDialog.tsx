import { useEffect, useId, useMemo, useState } from 'preact/hooks';
import { formatNumber, t } from '@/lib/i18n';
import type { Tag } from '@/lib/contract/api';
import type { SegmentItem } from '@/lib/messages';
import { Dialog } from '../common/Dialog';
import type { PanelModels } from '../models/panel';
import { createBulkTagModel } from './bulk';

/** "Tag everyone" for one segment: choose, confirm with the tag and the count, progress, Undo. */
export function TagEveryoneDialog({ item, models, onClose }: { item: SegmentItem; models: PanelModels; onClose: () => void }) {
  const bulk = useMemo(() => createBulkTagModel(models.client, models.accountId, item.segment.id), [item.segment.id]);
  const [tags, setTags] = useState<Tag[]>([]);
  const [confirming, setConfirming] = useState(false);
  const id = useId();
  useEffect(() => {
    void models.client.send('listTags', { accountId: models.accountId }).then((r) => setTags(r.data)).catch(() => {});
    return () => bulk.dispose();
  }, [bulk]);
  const count = item.preview?.count ?? 0;
  const tag = tags.find((x) => x.id === bulk.tagId.value);
  const op = bulk.operation.value;
  const undo = bulk.undo.value;
  const segment = item.segment.name;
  const vars = { tag: tag?.name ?? '', count, segment };
  const running = (o: NonNullable<typeof op>) => (
    <>
      <label class="lumo-field__label" for={`${id}-progress`}>{t('tags.progress')}</label>
      <progress id={`${id}-progress`} class="lumo-progress" max={1} value={o.progress} />
      <p role="status">{t('tags.running', { done: formatNumber(o.processed), total: formatNumber(o.total) })}</p>
    </>
  );
  return (
    <Dialog title={t('tags.tagEveryoneTitle', { segment })} onClose={onClose}
      onSubmit={() => { if (!op && !confirming && bulk.tagId.value) setConfirming(true); else if (confirming && !op) void bulk.start(); }}
      actions={<>
        <button type="button" class="lumo-button" onClick={onClose}>{op ? t('tags.close') : t('tags.cancel')}</button>
        {!op && <button type="submit" class="lumo-button lumo-button--primary" disabled={!bulk.tagId.value}>{t('tags.confirm')}</button>}
        {op?.status === 'done' && !undo && <button type="button" class="lumo-button" onClick={() => void bulk.revert()}>{t('tags.undo')}</button>}
      </>}>
      {!op && !confirming && (
        <>
          <div class="lumo-field">
            <label class="lumo-field__label" for={`${id}-tag`}>{t('tags.tag')}</label>
            <select id={`${id}-tag`} class="lumo-select" value={bulk.tagId.value} onChange={(e) => { bulk.tagId.value = e.currentTarget.value; }}>
              <option value="">{t('tags.chooseTag')}</option>
              {tags.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
          </div>
          <fieldset class="lumo-field">
            <legend class="lumo-field__label">{t('tags.action')}</legend>
            <label><input type="radio" name={`${id}-action`} checked={bulk.action.value === 'add'} onChange={() => { bulk.action.value = 'add'; }} /> {t('tags.actionAdd')}</label><br />
            <label><input type="radio" name={`${id}-action`} checked={bulk.action.value === 'remove'} onChange={() => { bulk.action.value = 'remove'; }} /> {t('tags.actionRemove')}</label>
          </fieldset>
        </>
      )}
      {!op && confirming && <p>{t(bulk.action.value === 'add' ? 'tags.confirmAdd' : 'tags.confirmRemove', vars)}</p>}
      {op && op.status === 'running' && running(op)}
      {op && op.status === 'done' && !undo && (
        <p role="status">{op.action === 'add'
          ? t('tags.doneAdd', { tag: op.tagName, changed: formatNumber(op.changed), kept: formatNumber(op.total - op.changed) })
          : t('tags.doneRemove', { tag: op.tagName, changed: formatNumber(op.changed) })}</p>
      )}
      {op && op.status === 'failed' && <p role="alert">{t('tags.failed', { error: op.error ?? '' })}</p>}
      {undo && undo.status === 'running' && <><p>{t('tags.undoing')}</p>{running(undo)}</>}
      {undo && undo.status === 'done' && <p role="status">{t('tags.undone', { changed: formatNumber(undo.changed) })}</p>}
      {undo && undo.status === 'failed' && <p role="alert">{t('tags.failed', { error: undo.error ?? '' })}</p>}
      {bulk.error.value && <p class="lumo-field__error" role="alert">{bulk.error.value}</p>}
    </Dialog>
  );
}
