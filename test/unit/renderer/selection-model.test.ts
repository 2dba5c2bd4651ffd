import { describe, expect, it } from 'vitest';
import {
  EMPTY_SELECTION,
  extendTo,
  forget,
  hasSelection,
  idsBetween,
  isSelected,
  MAX_PICKED_IDS,
  selectAllMatching,
  selectedCount,
  selectMany,
  setIdsAround,
  toExportSelection,
  toggle,
  type Selection,
} from '../../../src/renderer/src/features/gallery/selection-model';
import type { ImageCache } from '../../../src/renderer/src/features/gallery/image-cache';
import { makeImage } from './gallery-fake-library';

// The rules behind clicks on tiles, as pure functions over a selection value.

const ids = (n: number): string[] => Array.from({ length: n }, (_, i) => `img-${i}`);
const selected = (selection: Selection, all: string[]): string[] => all.filter((id) => isSelected(selection, id));

function cacheOf(positions: Array<[number, ReturnType<typeof makeImage>]>): ImageCache {
  return { items: new Map(positions), cursors: new Map(), end: null };
}

describe('toggle and count', () => {
  it('a toggle selects, a second one unselects, and the anchor follows the last toggle', () => {
    let s = toggle(EMPTY_SELECTION, 'img-3', 3);
    expect(isSelected(s, 'img-3')).toBe(true);
    expect(s.anchor).toBe(3);
    expect(selectedCount(s, 100)).toBe(1);
    s = toggle(s, 'img-5', 5);
    s = toggle(s, 'img-3', 3);
    expect(selected(s, ids(10))).toEqual(['img-5']);
    expect(hasSelection(s)).toBe(true);
    s = toggle(s, 'img-5', 5);
    expect(hasSelection(s)).toBe(false);
  });
});

describe('Shift ranges', () => {
  const all = ids(10);

  it('select from the anchor to the clicked image, in either direction', () => {
    const down = extendTo(toggle(EMPTY_SELECTION, 'img-2', 2), all.slice(2, 6), 5);
    expect(selected(down, all)).toEqual(['img-2', 'img-3', 'img-4', 'img-5']);
    const up = extendTo(toggle(EMPTY_SELECTION, 'img-6', 6), all.slice(3, 7).reverse(), 3);
    expect(selected(up, all)).toEqual(['img-3', 'img-4', 'img-5', 'img-6']);
  });

  it('a second Shift-click from the same anchor replaces the first range instead of adding to it', () => {
    let s = toggle(EMPTY_SELECTION, 'img-2', 2);
    s = extendTo(s, all.slice(2, 9), 8);
    s = extendTo(s, all.slice(2, 5), 4);
    expect(selected(s, all)).toEqual(['img-2', 'img-3', 'img-4']);
  });

  it('keeps images picked before the range even when a shorter range no longer covers them', () => {
    let s = toggle(EMPTY_SELECTION, 'img-7', 7);
    s = toggle(s, 'img-1', 1);
    s = extendTo(s, all.slice(1, 9), 8);
    s = extendTo(s, all.slice(1, 3), 2);
    expect(selected(s, all)).toEqual(['img-1', 'img-2', 'img-7']);
  });

  it('without an anchor, a Shift-click selects just that image', () => {
    const s = extendTo(EMPTY_SELECTION, ['img-4'], 4);
    expect(selected(s, all)).toEqual(['img-4']);
    expect(s.anchor).toBe(4);
  });
});

describe('select all that match', () => {
  it('holds the query and the unticked images, never the ids of all', () => {
    let s = selectAllMatching(EMPTY_SELECTION, { search: '小猫' });
    expect(isSelected(s, 'img-anything')).toBe(true);
    expect(selectedCount(s, 10_000)).toBe(10_000);
    s = toggle(s, 'img-3', 3);
    s = toggle(s, 'img-4', 4);
    expect(isSelected(s, 'img-3')).toBe(false);
    expect(selectedCount(s, 10_000)).toBe(9_998);
    expect(toExportSelection(s)).toEqual({
      kind: 'query',
      query: { search: '小猫' },
      exceptImageIds: ['img-3', 'img-4'],
    });
    // Ticking one again takes it off the exceptions.
    s = toggle(s, 'img-3', 3);
    expect(toExportSelection(s)).toEqual({ kind: 'query', query: { search: '小猫' }, exceptImageIds: ['img-4'] });
  });

  it('a Shift-range over unticked images ticks them again', () => {
    const all = ids(6);
    let s = selectAllMatching(EMPTY_SELECTION, {});
    s = toggle(s, 'img-1', 1);
    s = toggle(s, 'img-3', 3);
    s = toggle(s, 'img-0', 0);
    s = extendTo(s, all.slice(0, 4), 3);
    expect(selected(s, all)).toEqual(all);
  });

  it('an export with nothing unticked sends the bare query', () => {
    expect(toExportSelection(selectAllMatching(EMPTY_SELECTION, { isFavorite: true }))).toEqual({
      kind: 'query',
      query: { isFavorite: true },
    });
  });
});

describe('picked ids', () => {
  it('export as image ids, and refuse more than the contract takes', () => {
    const s = selectMany(EMPTY_SELECTION, ['a', 'b']);
    expect(toExportSelection(s)).toEqual({ kind: 'images', imageIds: ['a', 'b'] });
    expect(toExportSelection(EMPTY_SELECTION)).toBeNull();
    const huge = selectMany(
      EMPTY_SELECTION,
      Array.from({ length: MAX_PICKED_IDS + 1 }, (_, i) => `x${i}`),
    );
    expect(toExportSelection(huge)).toBeNull();
  });

  it('forget drops images that left the view, in either mode', () => {
    expect(selected(forget(selectMany(EMPTY_SELECTION, ['a', 'b']), ['a']), ['a', 'b'])).toEqual(['b']);
    const all = toggle(selectAllMatching(EMPTY_SELECTION, {}), 'a', 0);
    expect(forget(all, ['a']).ids.size).toBe(0);
  });
});

describe('positions in the cache', () => {
  it('idsBetween lists loaded ids in click order, or null when one is missing', () => {
    const cache = cacheOf([0, 1, 2, 4].map((p) => [p, makeImage(p)]));
    expect(idsBetween(cache, 0, 2)).toEqual(['img-0', 'img-1', 'img-2']);
    expect(idsBetween(cache, 2, 0)).toEqual(['img-2', 'img-1', 'img-0']);
    expect(idsBetween(cache, 1, 4)).toBeNull();
  });

  it('setIdsAround finds the whole image set next to a tile and nothing else', () => {
    const set = (n: number, index: number) =>
      makeImage(n, { generationId: 'gen-set', index, setSize: 3, isSequential: true });
    const cache = cacheOf([
      [0, makeImage(10)],
      [1, set(11, 0)],
      [2, set(12, 1)],
      [3, set(13, 2)],
      [4, makeImage(14)],
    ]);
    expect(setIdsAround(cache, 2).sort()).toEqual(['img-11', 'img-12', 'img-13']);
    expect(setIdsAround(cache, 0)).toEqual(['img-10']);
    expect(setIdsAround(cache, 9)).toEqual([]);
  });
});
