import type { ImageView } from '../../../../shared/contract';
import { galleryStore } from '../gallery/gallery-store';
import { selectionStore } from '../gallery/selection-store';
import { MAX_COMPARED, MIN_COMPARED, openCompare } from './compare-store';

// Compare from the gallery's selection: the 2–4 picked images, in the gallery's order.

/** Whether the selection can be compared: 2–4 images picked one by one (not "all matching"). */
export function canCompare(mode: 'ids' | 'query', count: number): boolean {
  return mode === 'ids' && count >= MIN_COMPARED && count <= MAX_COMPARED;
}

export function compareSelection(): void {
  const { selection } = selectionStore.getState();
  if (!canCompare(selection.mode, selection.ids.size)) return;
  const found: Array<{ position: number; item: ImageView }> = [];
  for (const [position, item] of galleryStore.getState().cache.items)
    if (selection.ids.has(item.id)) found.push({ position, item });
  openCompare(found.sort((a, b) => a.position - b.position).map((f) => f.item));
}
