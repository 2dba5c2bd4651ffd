import { create } from 'zustand';
import type { ImageView } from '../../../../shared/contract';
import { galleryStore } from '../gallery/gallery-store';

// Which stacked tile of the gallery grid has its versions expanded (one at a time). Kept apart
// from the gallery store so the grid's own state (pages, selection, focus) is not touched.

export type ExpandedStack = {
  generationId: string;
  /** The picture's place in its set: each version shows its picture at the same place. */
  imageIndex: number;
  /** The tile's index in the grid, to lay the versions out under its row and give focus back. */
  tileIndex: number;
  /** The query the grid showed then: another query closes it. */
  queryVersion: number;
};

type GridVersionsState = {
  expanded: ExpandedStack | null;
  toggle: (item: ImageView, tileIndex: number, queryVersion: number) => void;
  close: () => void;
};

export const useGridVersions = create<GridVersionsState>((set, get) => ({
  expanded: null,
  toggle: (item, tileIndex, queryVersion) =>
    set({
      expanded:
        get().expanded?.generationId === item.generationId && get().expanded?.queryVersion === queryVersion
          ? null
          : { generationId: item.generationId, imageIndex: item.index, tileIndex, queryVersion },
    }),
  close: () => set({ expanded: null }),
}));

/** The grid's tile at `index`, focused (the grid's roving tabindex follows focus). */
export function focusGridTile(index: number): void {
  document.querySelector<HTMLElement>(`[data-testid="gallery"] [data-index="${index}"]`)?.focus();
}

/** The badge's click or V on a stacked tile: lays its versions out, or folds them. */
export function toggleVersionsOf(item: ImageView, tileIndex: number): void {
  useGridVersions.getState().toggle(item, tileIndex, galleryStore.getState().queryVersion);
}
