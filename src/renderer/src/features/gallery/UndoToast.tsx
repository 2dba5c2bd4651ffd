import { useEffect } from 'react';
import { IconButton } from '../../components/Button';
import { useT } from '../../lib/i18n';
import { undoTrash, useUndoStore } from './gallery-actions';
import { CloseIcon } from './gallery-icons';
import { galleryStrings } from './strings';

// "Moved to trash — Undo". Long enough to reach with the mouse, gone before it gets in the way.
const UNDO_MS = 8000;

export function UndoToast() {
  const t = useT(galleryStrings);
  const entry = useUndoStore((s) => s.entry);
  const clear = useUndoStore((s) => s.clear);

  useEffect(() => {
    if (!entry) return;
    const timer = window.setTimeout(() => clear(entry.id), UNDO_MS);
    return () => window.clearTimeout(timer);
  }, [entry, clear]);

  if (!entry) return null;
  return (
    <div className="gallery-undo" role="status" data-testid="undo-toast">
      <span>{entry.message}</span>
      <button
        type="button"
        className="gallery-undo-action"
        data-testid="undo-trash"
        onClick={() => void undoTrash(entry)}
      >
        {t('undo')}
      </button>
      <IconButton
        size="sm"
        className="gallery-undo-close"
        icon={<CloseIcon size={13} />}
        label={t('dismissUndo')}
        onClick={() => clear(entry.id)}
      />
    </div>
  );
}
