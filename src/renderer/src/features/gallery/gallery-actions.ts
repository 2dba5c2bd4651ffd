import type { ImageView } from '../../../../shared/contract';
import { showToast } from '../../components/toast-store';
import { translate } from '../../lib/i18n';
import { sendToStudioAsReferences } from '../studio/references-actions';
import { reportFailure } from './gallery-errors';
import { galleryStore } from './gallery-store';
import { galleryStrings } from './strings';
import { beforeChange, favoriteUndo, recordChange } from './undo-stack';

// What a tile, a key press and the detail view do alike: act at once, report failures in words,
// and remember the change for Undo (undo-stack.ts); a move to the trash offers it in a toast.

export { reportFailure };

export async function toggleFavorite(item: ImageView): Promise<void> {
  const before = beforeChange([item.id]);
  try {
    await galleryStore.getState().setFavorite([item.id], !item.isFavorite);
    recordChange(favoriteUndo(before, !item.isFavorite));
  } catch (error) {
    reportFailure(error);
  }
}

export async function trashImages(items: readonly ImageView[]): Promise<void> {
  if (items.length === 0) return;
  try {
    const receipt = await galleryStore.getState().trash(items.map((i) => i.id));
    const message =
      items.length === 1
        ? translate(galleryStrings, 'movedToTrash')
        : translate(galleryStrings, 'movedManyToTrash', { n: items.length });
    recordChange({ kind: 'trash', receipt }, message);
  } catch (error) {
    reportFailure(error);
  }
}

export async function restoreImages(items: readonly ImageView[]): Promise<void> {
  if (items.length === 0) return;
  try {
    await galleryStore.getState().restore(items.map((i) => i.id));
    showToast('success', translate(galleryStrings, 'restored'));
  } catch (error) {
    reportFailure(error);
  }
}

/** "Use as reference": closes the detail view and adds the images to the studio's strip, in order. */
export function referenceImages(imageIds: readonly string[]): void {
  galleryStore.getState().close();
  sendToStudioAsReferences(imageIds);
}
