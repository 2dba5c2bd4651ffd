import { describe, expect, it } from 'vitest';
import { createGalleryStore } from '../../../src/renderer/src/features/gallery/gallery-store';
import {
  isSelected,
  selectedCount,
  toExportSelection,
} from '../../../src/renderer/src/features/gallery/selection-model';
import { createSelectionStore } from '../../../src/renderer/src/features/gallery/selection-store';
import { fakeLibrary, makeImage, settle } from './gallery-fake-library';

// The selection against a real gallery store over an in-memory library (newest first: img-N at 0).

async function started(count: number, visible = { start: 0, end: 60 }) {
  const library = fakeLibrary(count);
  const gallery = createGalleryStore(library, { now: () => 2_000_000_000, maxCachedItems: 1000 });
  const selection = createSelectionStore(gallery, library);
  gallery.getState().load();
  await settle();
  gallery.getState().setVisible(visible);
  await settle();
  return { library, gallery, selection };
}

const plain = { isToggle: false, isRange: false };
const ctrl = { isToggle: true, isRange: false };
const shift = { isToggle: false, isRange: true };

function picked(store: Awaited<ReturnType<typeof started>>): string[] {
  const { selection, gallery } = store;
  const s = selection.getState().selection;
  return [...gallery.getState().cache.items.values()].filter((i) => isSelected(s, i.id)).map((i) => i.id);
}

describe('clicks on tiles', () => {
  it('a plain click opens while nothing is selected; Ctrl-click selects; then plain clicks select too', async () => {
    const store = await started(100);
    const { selection } = store;
    expect(selection.getState().click(3, plain)).toBe('open');
    expect(picked(store)).toEqual([]);
    expect(selection.getState().click(3, ctrl)).toBe('selected');
    expect(picked(store)).toEqual(['img-97']);
    expect(selection.getState().click(5, plain)).toBe('selected');
    expect(picked(store)).toEqual(['img-97', 'img-95']);
    // A plain click on a selected tile unticks it; with nothing left, clicks open again.
    selection.getState().click(3, plain);
    selection.getState().click(5, plain);
    expect(selection.getState().click(5, plain)).toBe('open');
  });

  it('Shift-click selects the range in display order from the last clicked tile', async () => {
    const store = await started(100);
    const { selection } = store;
    selection.getState().click(2, ctrl);
    selection.getState().click(6, shift);
    await settle();
    expect(picked(store)).toEqual(['img-98', 'img-97', 'img-96', 'img-95', 'img-94']);
    // Shift-clicking above the anchor flips the range to the other side of it.
    selection.getState().click(0, shift);
    await settle();
    expect(picked(store)).toEqual(['img-100', 'img-99', 'img-98']);
  });

  it('a Shift-range across images not loaded yet pages them in by cursor', async () => {
    const store = await started(2000, { start: 0, end: 60 });
    const { selection, gallery, library } = store;
    selection.getState().click(10, ctrl);
    // Jump far down: only that region is loaded now; the middle was never fetched.
    gallery.getState().setVisible({ start: 1500, end: 1560 });
    await settle();
    expect(gallery.getState().cache.items.has(800)).toBe(false);
    await selection.getState().extendAt(1510);
    const s = selection.getState().selection;
    expect(selectedCount(s, gallery.getState().total)).toBe(1501);
    expect(isSelected(s, 'img-1990')).toBe(true);
    expect(isSelected(s, 'img-1200')).toBe(true);
    expect(isSelected(s, 'img-490')).toBe(true);
    expect(isSelected(s, 'img-489')).toBe(false);
    const limits = library.calls.filter((c) => c.method === 'images').map((c) => (c.input as { limit: number }).limit);
    expect(Math.max(...limits)).toBeLessThanOrEqual(500);
  });
});

describe('select all that match', () => {
  it('counts from the query total less the unticked, and exports the query, not the ids', async () => {
    const store = await started(300);
    const { selection, gallery, library } = store;
    library.all[3] = { ...library.all[3]!, prompt: '花店 dawn' };
    library.all[7] = { ...library.all[7]!, prompt: '花店 dusk' };
    library.all[9] = { ...library.all[9]!, prompt: '花店 noon' };
    gallery.getState().setFilters({ search: '花店' });
    await settle();
    gallery.getState().setVisible({ start: 0, end: 60 });
    await settle();
    selection.getState().selectAll();
    expect(selectedCount(selection.getState().selection, gallery.getState().total)).toBe(3);
    selection.getState().toggleAt(1);
    expect(selectedCount(selection.getState().selection, gallery.getState().total)).toBe(2);
    expect(toExportSelection(selection.getState().selection)).toEqual({
      kind: 'query',
      query: { search: '花店', isStacked: true },
      exceptImageIds: ['img-8'],
    });
    expect(await selection.getState().resolveIds()).toEqual(['img-10', 'img-4']);
  });

  it('unticking every match leaves no selection', async () => {
    const store = await started(2);
    const { selection } = store;
    selection.getState().selectAll();
    selection.getState().toggleAt(0);
    selection.getState().toggleAt(1);
    expect(selection.getState().selection.mode).toBe('ids');
    expect(selection.getState().selection.ids.size).toBe(0);
  });

  it('resolves every selected id across pages for bulk actions', async () => {
    const store = await started(1200);
    const { selection } = store;
    selection.getState().selectAll();
    selection.getState().toggleAt(0);
    const ids = await selection.getState().resolveIds();
    expect(ids).toHaveLength(1199);
    expect(ids).not.toContain('img-1200');
  });
});

describe('image sets and changes to the view', () => {
  it('"select whole set" selects the set beside the tile', async () => {
    const library = fakeLibrary(20);
    for (let k = 0; k < 4; k++) {
      library.add(
        makeImage(100 + k, {
          generationId: 'gen-set',
          index: k,
          setSize: 4,
          isSequential: true,
          createdAt: 5_000_000,
          id: `set-${k}`,
        }),
      );
    }
    const gallery = createGalleryStore(library, { now: () => 2_000_000_000 });
    const selection = createSelectionStore(gallery, library);
    gallery.getState().load();
    await settle();
    gallery.getState().setVisible({ start: 0, end: 40 });
    await settle();
    selection.getState().selectSetAt(2);
    const s = selection.getState().selection;
    expect(['set-0', 'set-1', 'set-2', 'set-3'].every((id) => isSelected(s, id))).toBe(true);
    expect(s.ids.size).toBe(4);
  });

  it('a new search clears the selection; images trashed here leave it', async () => {
    const store = await started(100);
    const { selection, gallery } = store;
    selection.getState().click(0, ctrl);
    selection.getState().click(1, ctrl);
    await gallery.getState().trash(['img-100']);
    expect([...selection.getState().selection.ids]).toEqual(['img-99']);
    gallery.getState().setFilters({ search: '小猫' });
    expect(selection.getState().selection.ids.size).toBe(0);
  });

  it('untagging in a tag-filtered view takes the image out of the view and the selection', async () => {
    const store = await started(20);
    const { selection, gallery, library } = store;
    await library.tag(['img-20', 'img-19'], ['客户A'], []);
    gallery.getState().setFilters({ tags: ['客户A'] });
    await settle();
    gallery.getState().setVisible({ start: 0, end: 40 });
    await settle();
    expect(gallery.getState().total).toBe(2);
    selection.getState().selectAll();
    await gallery.getState().tag(['img-20'], [], ['客户A']);
    expect(gallery.getState().total).toBe(1);
    expect(selectedCount(selection.getState().selection, gallery.getState().total)).toBe(1);
    expect(library.calls.at(-1)).toEqual({
      method: 'tag',
      input: { imageIds: ['img-20'], add: [], remove: ['客户A'] },
    });
  });
});
