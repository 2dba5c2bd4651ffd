import type { ExportSelection, GalleryQuery, ImageView } from '../../../../shared/contract';
import type { ImageCache } from './image-cache';

// Which images are selected, held so that "select all" over 100,000 images costs nothing: either
// a set of ids, or "everything matching the query except these ids". Pure, so every click rule is
// unit-tested; the store (selection-store.ts) feeds it positions and ids from the gallery cache.

export type Selection = {
  /** 'ids': exactly `ids` are selected. 'query': every image matching `query` except `ids`. */
  mode: 'ids' | 'query';
  ids: ReadonlySet<string>;
  query: GalleryQuery | null;
  /** Position of the last single toggle: Shift-click extends from here. */
  anchor: number | null;
  /**
   * What the last Shift-range changed, so the next Shift-click from the same anchor replaces that
   * range instead of piling up (as Explorer and Finder's list view do).
   */
  lastRange: ReadonlySet<string>;
};

export const EMPTY_SELECTION: Selection = {
  mode: 'ids',
  ids: new Set(),
  query: null,
  anchor: null,
  lastRange: new Set(),
};

/** The contract refuses longer id lists; past this, "select all" (a query) is the way. */
export const MAX_PICKED_IDS = 10_000;

export function isSelected(selection: Selection, imageId: string): boolean {
  return selection.mode === 'query' ? !selection.ids.has(imageId) : selection.ids.has(imageId);
}

export function hasSelection(selection: Selection): boolean {
  return selection.mode === 'query' || selection.ids.size > 0;
}

/** How many are selected; in query mode `matchTotal` is the query's count from `library.count`. */
export function selectedCount(selection: Selection, matchTotal: number | null): number {
  if (selection.mode === 'ids') return selection.ids.size;
  return Math.max(0, (matchTotal ?? 0) - selection.ids.size);
}

/** Selects (or unselects) `imageIds` together. */
function mark(selection: Selection, imageIds: Iterable<string>, isOn: boolean): Set<string> {
  const ids = new Set(selection.ids);
  // In query mode `ids` lists the exceptions, so selecting removes from it.
  const isAdding = selection.mode === 'query' ? !isOn : isOn;
  for (const id of imageIds) {
    if (isAdding) ids.add(id);
    else ids.delete(id);
  }
  return ids;
}

export function toggle(selection: Selection, imageId: string, position: number): Selection {
  const ids = mark(selection, [imageId], !isSelected(selection, imageId));
  return { ...selection, ids, anchor: position, lastRange: new Set() };
}

/**
 * Shift-click: selects every image from the anchor to `position` (`rangeIds`, in display order),
 * undoing what the previous Shift-click from the same anchor added. Without an anchor it acts
 * like a toggle of the one image.
 */
export function extendTo(selection: Selection, rangeIds: readonly string[], position: number): Selection {
  if (selection.anchor === null) {
    const id = rangeIds.at(-1);
    return id === undefined ? selection : toggle(selection, id, position);
  }
  const undone: Selection = { ...selection, ids: mark(selection, selection.lastRange, false) };
  const added = rangeIds.filter((id) => !isSelected(undone, id));
  return { ...undone, ids: mark(undone, added, true), lastRange: new Set(added) };
}

export function selectAllMatching(selection: Selection, query: GalleryQuery): Selection {
  return { mode: 'query', ids: new Set(), query, anchor: selection.anchor, lastRange: new Set() };
}

/** "Select whole set": every image of the set, whether or not some were already selected. */
export function selectMany(selection: Selection, imageIds: readonly string[]): Selection {
  return { ...selection, ids: mark(selection, imageIds, true), lastRange: new Set() };
}

/** Images that left the library or the view (trashed, deleted): forgotten either way. */
export function forget(selection: Selection, imageIds: readonly string[]): Selection {
  if (!imageIds.some((id) => selection.ids.has(id))) return selection;
  const ids = new Set(selection.ids);
  for (const id of imageIds) ids.delete(id);
  return { ...selection, ids };
}

/** What `export.start` gets: picked ids, or the query itself (never 10,000 ids for "all"). */
export function toExportSelection(selection: Selection): ExportSelection | null {
  if (selection.mode === 'query' && selection.query) {
    const except = [...selection.ids];
    return except.length > 0
      ? { kind: 'query', query: selection.query, exceptImageIds: except }
      : { kind: 'query', query: selection.query };
  }
  if (selection.ids.size === 0 || selection.ids.size > MAX_PICKED_IDS) return null;
  return { kind: 'images', imageIds: [...selection.ids] };
}

/** The ids at positions `from`…`to` (either order, inclusive), or null while any is not loaded. */
export function idsBetween(cache: ImageCache, from: number, to: number): string[] | null {
  const [start, end] = from <= to ? [from, to] : [to, from];
  const ids: string[] = [];
  for (let p = start; p <= end; p++) {
    const item = cache.items.get(p);
    if (!item) return null;
    ids.push(item.id);
  }
  return from <= to ? ids : ids.reverse();
}

/**
 * The images of the set shown at `position`: its neighbours in the view with the same
 * generation. A set's images share a creation time, so in a newest-first view they sit together.
 */
export function setIdsAround(cache: ImageCache, position: number): string[] {
  const item = cache.items.get(position);
  if (!item) return [];
  const reach = Math.max(1, item.setSize);
  const ids: string[] = [];
  for (let p = Math.max(0, position - reach); p <= position + reach; p++) {
    const other: ImageView | undefined = cache.items.get(p);
    if (other?.generationId === item.generationId) ids.push(other.id);
  }
  return ids;
}
