import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { cursorAtOrBefore } from './image-cache';
import type { GalleryApi, GalleryStore } from './gallery-store';
import { galleryStore, useGalleryStore, wanGalleryApi } from './gallery-store';
import {
  EMPTY_SELECTION,
  extendTo,
  forget,
  hasSelection,
  idsBetween,
  selectAllMatching,
  selectMany,
  selectedCount,
  setIdsAround,
  toggle,
  type Selection,
} from './selection-model';

// The gallery's selection, beside (not inside) the gallery store: a tile subscribes to "am I
// selected" only, so ticking one image re-renders one tile, not the grid.

export type ClickModifiers = { isToggle: boolean; isRange: boolean };

export type SelectionState = {
  selection: Selection;
  /** A click on a tile: 'open' when it should open the detail view instead of selecting. */
  click(position: number, modifiers: ClickModifiers): 'open' | 'selected';
  toggleAt(position: number): void;
  /** Shift-click or Shift+arrow: from the anchor to `position` (loads the ids between if needed). */
  extendAt(position: number): Promise<void>;
  /** Ctrl/Cmd+A: everything the current search and filters match. */
  selectAll(): void;
  selectSetAt(position: number): void;
  clear(): void;
  /** Images that left the view (trash, delete for good). */
  forget(imageIds: readonly string[]): void;
  /** Every selected id, paged in from main for "all matching" (bulk favourite, tag, trash). */
  resolveIds(): Promise<string[]>;
};

export type SelectionStore = StoreApi<SelectionState>;

const WALK_LIMIT = 500;

export function createSelectionStore(gallery: GalleryStore, api: GalleryApi): SelectionStore {
  const store = createStore<SelectionState>()((set, get) => {
    const update = (change: (selection: Selection) => Selection): void => {
      const next = change(get().selection);
      // A query selection with every match unticked is no selection at all.
      const isEmpty = next.mode === 'query' && selectedCount(next, gallery.getState().total) === 0;
      set({ selection: isEmpty ? { ...EMPTY_SELECTION, anchor: next.anchor } : next });
    };

    /** Ids at positions from…to in display order, walking pages by cursor for any not loaded. */
    async function rangeIds(from: number, to: number): Promise<string[] | null> {
      const { cache, query, queryVersion } = gallery.getState();
      const loaded = idsBetween(cache, from, to);
      if (loaded) return loaded;
      const [start, end] = from <= to ? [from, to] : [to, from];
      let position = cursorAtOrBefore(cache, start);
      let cursor = position === 0 ? undefined : cache.cursors.get(position);
      const ids: string[] = [];
      while (position <= end) {
        const page = await api.images({ query, cursor, limit: WALK_LIMIT });
        if (gallery.getState().queryVersion !== queryVersion) return null;
        for (const item of page.items) {
          if (position >= start && position <= end) ids.push(item.id);
          position++;
        }
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return from <= to ? ids : ids.reverse();
    }

    return {
      selection: EMPTY_SELECTION,

      click(position, { isToggle, isRange }) {
        if (isRange) {
          void get().extendAt(position);
          return 'selected';
        }
        // Once something is selected, a plain click keeps selecting (as in photo managers):
        // opening an image by accident would lose the person's place in a long pick.
        if (isToggle || hasSelection(get().selection)) {
          get().toggleAt(position);
          return 'selected';
        }
        return 'open';
      },

      toggleAt(position) {
        const item = gallery.getState().cache.items.get(position);
        if (item) update((s) => toggle(s, item.id, position));
      },

      async extendAt(position) {
        const anchor = get().selection.anchor;
        if (anchor === null) {
          get().toggleAt(position);
          return;
        }
        const ids = await rangeIds(anchor, position);
        if (ids && get().selection.anchor === anchor) update((s) => extendTo(s, ids, position));
      },

      selectAll() {
        const { query, total } = gallery.getState();
        if (!total) return;
        update((s) => selectAllMatching(s, query));
      },

      selectSetAt(position) {
        const ids = setIdsAround(gallery.getState().cache, position);
        if (ids.length > 0) update((s) => ({ ...selectMany(s, ids), anchor: position }));
      },

      clear() {
        set({ selection: EMPTY_SELECTION });
      },

      forget(imageIds) {
        update((s) => forget(s, imageIds));
      },

      async resolveIds() {
        const { selection } = get();
        if (selection.mode === 'ids') return [...selection.ids];
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await api.images({ query: selection.query ?? {}, cursor, limit: WALK_LIMIT });
          for (const item of page.items) if (!selection.ids.has(item.id)) ids.push(item.id);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return ids;
      },
    };
  });

  // A new search or filter is a new list: a selection made in the old one would act on images
  // no longer on screen, so it goes (what a person sees ticked is what an action touches).
  gallery.subscribe((state, previous) => {
    if (state.queryVersion !== previous.queryVersion) store.setState({ selection: EMPTY_SELECTION });
    else if (state.lastRemoved !== previous.lastRemoved) store.getState().forget(state.lastRemoved);
  });
  return store;
}

export const selectionStore = createSelectionStore(galleryStore, wanGalleryApi);

export function useSelectionStore<T>(selector: (state: SelectionState) => T): T {
  return useStore(selectionStore, selector);
}

/** The count shown in the selection bar; query mode follows the gallery's live total. */
export function useSelectedCount(): number {
  const total = useGalleryStore((s) => s.total);
  const selection = useSelectionStore((s) => s.selection);
  return selectedCount(selection, total);
}
