import { useState } from 'preact/hooks';
import { t } from '@/lib/i18n';
import { PromptDialog } from '../common/PromptDialog';
import type { PanelModels } from '../models/panel';
import { countByFolder, type FolderFilter } from '../models/segments';

/** Folders as filters (All, No folder, each folder with its count) and "Create Folder". */
export function FolderBar({ models }: { models: PanelModels }) {
  const { list } = models;
  const [creating, setCreating] = useState(false);
  const counts = countByFolder(list.items.value);
  const entries: { id: FolderFilter; name: string; count: number }[] = [
    { id: 'all', name: t('panel.list.allSegments'), count: list.items.value.length },
    ...list.folders.value.map((f) => ({ id: f.id, name: f.name, count: counts.get(f.id) ?? 0 })),
    { id: 'unfiled', name: t('panel.list.unfiled'), count: counts.get(null) ?? 0 },
  ];
  return (
    <nav class="lumo-folders" aria-label={t('panel.list.folders')}>
      <div class="lumo-folders__head">
        <h3 class="lumo-folders__title">{t('panel.list.folders')}</h3>
      </div>
      <ul class="lumo-folders__list">
        {entries.map((f) => (
          <li key={f.id}>
            <button
              type="button"
              class="lumo-folder"
              aria-pressed={list.folder.value === f.id}
              onClick={() => { list.folder.value = f.id; }}
            >
              <FolderIcon open={list.folder.value === f.id} />
              <span class="lumo-folder__name">{f.name}</span>
              <span class="lumo-folder__count">{f.count}</span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" class="lumo-button lumo-button--ghost lumo-folders__create" onClick={() => setCreating(true)}>
        {t('panel.list.createFolder')}
      </button>
      {creating && (
        <PromptDialog
          title={t('panel.list.createFolderTitle')}
          label={t('panel.list.folderName')}
          submitLabel={t('panel.create')}
          onSubmit={(name) => list.createFolder(name)}
          onCancel={() => setCreating(false)}
        />
      )}
    </nav>
  );
}

function FolderIcon({ open }: { open: boolean }) {
  return (
    <svg class="lumo-icon" viewBox="0 0 20 20" aria-hidden="true">
      <path fill={open ? 'currentColor' : 'none'} stroke="currentColor" stroke-width="1.5"
        d="M2.5 5.5a1 1 0 0 1 1-1h4l1.5 1.5h7.5a1 1 0 0 1 1 1v8a1 1 0 0 1-1 1h-13a1 1 0 0 1-1-1z" />
    </svg>
  );
}
