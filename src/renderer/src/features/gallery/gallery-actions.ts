import { create } from 'zustand';
import type { ImageView } from '../../../../shared/contract';
import { describeError } from '../../../../shared/errors';
import { showToast } from '../../components/toast-store';
import { translate, useLocaleStore } from '../../lib/i18n';
import { sendToStudioAsReferences } from '../studio/references-actions';
import { toErrorValue } from './gallery-loader';
import type { TrashReceipt } from './gallery-mutations';
import { galleryStore } from './gallery-store';
import { galleryStrings } from './strings';

// What a tile, a key press and the detail view do alike: act at once, report failures in words,
// and offer Undo after a move to the trash.

type UndoEntry = { id: number; message: string; receipt: TrashReceipt };

type UndoState = {
  entry: UndoEntry | null;
  offer: (message: string, receipt: TrashReceipt) => void;
  clear: (id: number) => void;
};

let nextUndoId = 1;

/** One undo at a time, like a mail client: a newer trash replaces the older offer. */
export const useUndoStore = create<UndoState>((set, get) => ({
  entry: null,
  offer: (message, receipt) => set({ entry: { id: nextUndoId++, message, receipt } }),
  clear: (id) => {
    if (get().entry?.id === id) set({ entry: null });
  },
}));

export function reportFailure(error: unknown): void {
  const reason = describeError(toErrorValue(error), useLocaleStore.getState().locale);
  showToast('error', translate(galleryStrings, 'actionFailed', { reason }));
}

export async function toggleFavorite(item: ImageView): Promise<void> {
  try {
    await galleryStore.getState().setFavorite([item.id], !item.isFavorite);
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
    useUndoStore.getState().offer(message, receipt);
  } catch (error) {
    reportFailure(error);
  }
}

export async function undoTrash(entry: UndoEntry): Promise<void> {
  useUndoStore.getState().clear(entry.id);
  try {
    await galleryStore.getState().undoTrash(entry.receipt);
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
