import { useState } from 'react';
import { useT } from '../../lib/i18n';
import { openExportList } from '../export/export-store';
import { useLibraryTasks } from '../library/library-tasks';
import { DeleteForGoodDialog } from './DeleteForGoodDialog';
import { ExportIcon, ImportIcon } from './gallery-icons';
import { useGalleryStore } from './gallery-store';
import { selectionStrings } from './selection-strings';

// The toolbar's library-level actions: import, the exports list, and in the trash, emptying it.
// Import and exports are icons with a tooltip and an accessible name: the filters need the room.

export function ImportButton() {
  const t = useT(selectionStrings);
  return (
    <button
      type="button"
      className="gallery-toggle is-icon"
      data-testid="gallery-import"
      aria-label={t('importAction')}
      title={t('importHint')}
      onClick={() => useLibraryTasks.getState().open('import')}
    >
      <ImportIcon size={15} />
    </button>
  );
}

export function ExportsButton() {
  const t = useT(selectionStrings);
  return (
    <button
      type="button"
      className="gallery-toggle is-icon"
      data-testid="gallery-exports"
      aria-label={t('exportsAction')}
      title={t('exportsHint')}
      onClick={openExportList}
    >
      <ExportIcon size={15} />
    </button>
  );
}

export function EmptyTrashButton() {
  const t = useT(selectionStrings);
  const total = useGalleryStore((s) => s.total) ?? 0;
  const [isAsking, setIsAsking] = useState(false);
  if (total === 0) return null;
  return (
    <>
      <button
        type="button"
        className="gallery-toggle is-danger"
        data-testid="gallery-empty-trash"
        onClick={() => setIsAsking(true)}
      >
        <span>{t('emptyTrash')}</span>
      </button>
      {isAsking && <DeleteForGoodDialog count={total} isWholeTrash onClose={() => setIsAsking(false)} />}
    </>
  );
}
