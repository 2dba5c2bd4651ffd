import { showToast } from '../../components/toast-store';
import { translate } from '../../lib/i18n';
import { openExportDialog } from '../export/export-store';
import { referenceImages, reportFailure } from './gallery-actions';
import { galleryStore } from './gallery-store';
import { MAX_PICKED_IDS, toExportSelection } from './selection-model';
import { selectionStrings } from './selection-strings';
import { selectionStore } from './selection-store';
import { galleryStrings } from './strings';
import { refreshTags } from './tag-store';
import { beforeChange, favoriteUndo, forgetTrashEntries, recordChange, tagsUndo } from './undo-stack';

// What the selection bar's buttons do. "All matching" is turned into ids here (paged from main)
// for the actions the contract takes ids for; export alone sends the query itself.

const say = (key: keyof typeof selectionStrings, params?: Record<string, string | number>): string =>
  translate(selectionStrings, key, params);

async function selectedIds(): Promise<string[] | null> {
  try {
    const ids = await selectionStore.getState().resolveIds();
    return ids.length > 0 ? ids : null;
  } catch (error) {
    reportFailure(error);
    return null;
  }
}

export async function favoriteSelection(): Promise<void> {
  const ids = await selectedIds();
  if (!ids) return;
  const before = beforeChange(ids);
  try {
    await galleryStore.getState().setFavorite(ids, true);
    recordChange(
      favoriteUndo(before, true),
      ids.length === 1 ? say('favoritedOne') : say('favoritedMany', { n: ids.length }),
    );
  } catch (error) {
    reportFailure(error);
  }
}

export async function trashSelection(): Promise<void> {
  const ids = await selectedIds();
  if (!ids) return;
  try {
    const receipt = await galleryStore.getState().trash(ids);
    selectionStore.getState().clear();
    const message =
      ids.length === 1
        ? translate(galleryStrings, 'movedToTrash')
        : translate(galleryStrings, 'movedManyToTrash', { n: ids.length });
    recordChange({ kind: 'trash', receipt }, message);
  } catch (error) {
    reportFailure(error);
  }
}

export async function restoreSelection(): Promise<void> {
  const ids = await selectedIds();
  if (!ids) return;
  try {
    await galleryStore.getState().restore(ids);
    selectionStore.getState().clear();
    showToast('success', translate(galleryStrings, 'restored'));
  } catch (error) {
    reportFailure(error);
  }
}

/** Returns whether it worked, so the tag dialog can stay open on a failure. */
export async function tagSelection(add: string[], remove: string[]): Promise<boolean> {
  const ids = await selectedIds();
  if (!ids) return false;
  const before = beforeChange(ids);
  try {
    await galleryStore.getState().tag(ids, add, remove);
    recordChange(
      tagsUndo(before, add, remove),
      ids.length === 1 ? say('tagsChangedOne') : say('tagsChanged', { n: ids.length }),
    );
    return true;
  } catch (error) {
    reportFailure(error);
    return false;
  } finally {
    refreshTags();
  }
}

/** Delete for good: the selection in the trash, or (`isWholeTrash`) everything in it. */
export async function deleteForGood(isWholeTrash: boolean): Promise<void> {
  const ids = isWholeTrash ? undefined : await selectedIds();
  if (ids === null) return;
  try {
    const removed = await galleryStore.getState().emptyTrash(ids);
    selectionStore.getState().clear();
    // An Undo still on offer would try to restore files that are gone now.
    forgetTrashEntries();
    showToast('success', removed === 1 ? say('deletedOne') : say('deleted', { n: removed }));
  } catch (error) {
    reportFailure(error);
  } finally {
    refreshTags();
  }
}

export function exportSelection(count: number): void {
  const { selection } = selectionStore.getState();
  const exportAs = toExportSelection(selection);
  if (!exportAs) {
    showToast('error', say('tooManyPicked', { max: MAX_PICKED_IDS }));
    return;
  }
  openExportDialog({ selection: exportAs, count });
}

/** The selection, in gallery order, as the studio's references (past nine are refused by name). */
export async function referenceSelection(): Promise<void> {
  const ids = await selectedIds();
  if (!ids) return;
  selectionStore.getState().clear();
  referenceImages(ids);
}
