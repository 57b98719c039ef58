import { useEffect, useMemo, useRef } from 'preact/hooks';
import { t } from '@/lib/i18n';
import type { PanelModels } from '../models/panel';
import { ConnectNotice } from '../connections/ConnectNotice';
import { HistoryDialog } from '../history/HistoryDialog';
import { createHistoryModel } from '../history/model';
import { PreviewPane } from '../preview/PreviewPane';
import { Slot } from '../slots';
import { EditorTagActions } from '../tags/EditorTagActions';
import { ConditionGroup } from './ConditionGroup';
import { SaveStatus } from './SaveStatus';

/**
 * The editor with the preview beside it: Name, the groups of conditions (OR between groups,
 * AND inside), "Save Segment" at the top right and a save bar while there are unsaved changes.
 */
export function SegmentEditor({ models }: { models: PanelModels }) {
  const { editor } = models;
  const nameRef = useRef<HTMLInputElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const isNew = editor.segmentId.value === null;
  const history = useMemo(() => createHistoryModel(models.client, models.accountId, editor), [models, editor]);
  // The control that opened the editor is gone: focus goes to the Name of a new segment, or to
  // the title of an existing one (once, when the editor appears).
  useEffect(() => { (isNew ? nameRef.current : titleRef.current)?.focus(); }, []);
  const back = (e: MouseEvent) => {
    const root = (e.currentTarget as Node).getRootNode() as ShadowRoot | Document;
    editor.close();
    queueMicrotask(() => root.getElementById('lumo-panel-title')?.focus());
  };
  const nameIssue = editor.shownIssues.value.name;
  const save = async () => {
    if (!(await editor.save())) focusFirstProblem(nameRef.current);
  };
  const definition = editor.definition.value;
  return (
    <div class="lumo-editor-layout">
      {/* Not a <form>: the agent box and other slots render inside, and a button of theirs must
          never submit the segment. Enter in the Name field saves, as a form would. */}
      <div class="lumo-editor" role="form" aria-labelledby="lumo-editor-title">
        <div class="lumo-editor__top">
          <button type="button" class="lumo-button lumo-button--ghost lumo-back" onClick={back}>
            <span aria-hidden="true">‹ </span>{t('panel.editor.backToList')}
          </button>
          <h3 id="lumo-editor-title" ref={titleRef} tabIndex={-1} class="lumo-section-title">{t(isNew ? 'panel.editor.newTitle' : 'panel.editor.editTitle')}</h3>
          {!isNew && (
            <button type="button" class="lumo-button lumo-button--outline lumo-history-open" onClick={() => void history.open()}>
              {t('history.open')}
            </button>
          )}
          <button type="button" class="lumo-button lumo-button--primary lumo-save" disabled={editor.saveState.value.kind === 'saving'}
            onClick={() => void save()}>
            {t('panel.editor.saveSegment')}
          </button>
        </div>
        <SaveStatus models={models} />
        <div class="lumo-field">
          <label class="lumo-field__label" for="lumo-segment-name">
            {t('panel.editor.name')}<span class="lumo-required" aria-hidden="true">*</span>
          </label>
          <input
            id="lumo-segment-name"
            ref={nameRef}
            class="lumo-input lumo-input--name"
            required
            aria-required="true"
            aria-invalid={nameIssue ? 'true' : undefined}
            aria-describedby={nameIssue ? 'lumo-segment-name-error' : undefined}
            placeholder={t('panel.editor.namePlaceholder')}
            value={editor.name.value}
            onInput={(e) => editor.setName(e.currentTarget.value)}
            onBlur={() => editor.touch('name')}
            onKeyDown={(e) => { if (e.key === 'Enter' && !e.isComposing) { e.preventDefault(); void save(); } }}
          />
          {/* Its line is kept when empty: shown on blur, the message used to push the conditions
              down under the pointer, so the click that left the field missed its button. */}
          <p id="lumo-segment-name-error" class="lumo-field__error lumo-field__error--slot">{nameIssue ?? ''}</p>
        </div>
        <Slot name="agent" models={models} />
        <div class="lumo-field__label lumo-conditions-label">{t('panel.editor.conditions')}</div>
        <ConnectNotice models={models} />
        <ol class="lumo-groups">
          {definition.groups.map((group, g) => (
            <ConditionGroup key={g} models={models} group={group} index={g} groupCount={definition.groups.length} />
          ))}
        </ol>
        {editor.shownIssues.value.groups && <p class="lumo-field__error">{editor.shownIssues.value.groups}</p>}
        {editor.editError.value && <p class="lumo-field__error" role="alert">{editor.editError.value}</p>}
        <button type="button" class="lumo-button lumo-button--outline lumo-add-group" onClick={() => editor.addGroup()}>
          <span aria-hidden="true">＋ </span>{t('panel.editor.addGroup')}
        </button>
        {/* Below the conditions: it turns to "save first" on the first keystroke, and above the
            Name field that change would move the field being typed in. */}
        <EditorTagActions models={models} />
        {editor.dirty.value && (
          <div class="lumo-savebar" role="region" aria-label={t('panel.editor.unsavedChanges')}>
            <span class="lumo-savebar__text">{t('panel.editor.unsavedChanges')}</span>
            {!isNew && (
              <button type="button" class="lumo-button lumo-button--ghost" onClick={() => editor.revert()}>{t('panel.editor.discard')}</button>
            )}
            <button type="button" class="lumo-button lumo-button--primary" onClick={() => void save()}>{t('panel.editor.saveChanges')}</button>
          </div>
        )}
      </div>
      <PreviewPane models={models} />
      {history.isOpen.value && <HistoryDialog models={models} history={history} />}
    </div>
  );
}

/** After a refused save, focus goes to the first field with a message. */
function focusFirstProblem(anchor: HTMLElement | null) {
  const form = anchor?.closest('.lumo-editor');
  queueMicrotask(() => form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}
