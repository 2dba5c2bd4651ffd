import { describe, expect, it } from 'vitest';
import { createGalleryStore, type GalleryStore } from '../../../src/renderer/src/features/gallery/gallery-store';
import { displayItemAt } from '../../../src/renderer/src/features/gallery/image-cache';
import { fakeLibrary, makeImage, settle, type FakeLibrary } from './gallery-fake-library';

// Opening one image by id, as a queue thumbnail does: the detail view must show that very image,
// wherever it sits in the gallery's order, and the filters change only when they hide it.

const now = (): number => 2_000_000_000;

/** The image the detail view shows, read the way DetailDialog reads it. */
const shownId = (store: GalleryStore): string | undefined => {
  const { openIndex, cache } = store.getState();
  return openIndex === null ? undefined : displayItemAt(cache, openIndex)?.id;
};

const imageCalls = (library: FakeLibrary) => library.calls.filter((c) => c.method === 'images');

describe('reveal', () => {
  it('opens the detail on the image before the gallery has loaded anything', async () => {
    const library = fakeLibrary(50);
    const store = createGalleryStore(library, { now });
    await expect(store.getState().reveal(library.all[46]!)).resolves.toBe('opened');
    expect(shownId(store)).toBe('img-47');
    expect(store.getState().openIndex).toBe(3);
    expect(store.getState().total).toBe(50);
  });

  it('walks to an image far down the library and counts what it did not read', async () => {
    const library = fakeLibrary(3000);
    const store = createGalleryStore(library, { now });
    store.getState().load();
    await settle();
    await store.getState().reveal(library.all[299]!);
    expect(store.getState().openIndex).toBe(2700);
    expect(shownId(store)).toBe('img-300');
    expect(store.getState().total).toBe(3000);
    const limits = imageCalls(library).map((c) => (c.input as { limit: number }).limit);
    expect(Math.max(...limits)).toBeLessThanOrEqual(500);
  });

  it('opens the clicked member of an image set, which the detail view orders by index', async () => {
    const library = fakeLibrary(10);
    // One generation of three, made together: main pages them by id (c, b, a), the view by index (b, c, a).
    const set = { generationId: 'gen-set', setSize: 3, isSequential: true, createdAt: 1_005_500 };
    library.add(makeImage(100, { ...set, id: 'set-a', index: 2 }));
    library.add(makeImage(101, { ...set, id: 'set-b', index: 0 }));
    library.add(makeImage(102, { ...set, id: 'set-c', index: 1 }));
    const store = createGalleryStore(library, { now, pageSize: 6 });
    for (const id of ['set-a', 'set-b', 'set-c']) {
      await store.getState().reveal(library.all.find((image) => image.id === id)!);
      expect(shownId(store)).toBe(id);
    }
  });

  it('keeps filters that show the image, with no new query (which would drop the selection)', async () => {
    const library = fakeLibrary(30);
    const store = createGalleryStore(library, { now });
    store.getState().setFilters({ search: '小猫' });
    await settle();
    const queryVersion = store.getState().queryVersion;
    await store.getState().reveal(library.all[19]!);
    expect(store.getState().filters.search).toBe('小猫');
    expect(store.getState().queryVersion).toBe(queryVersion);
    expect(shownId(store)).toBe('img-20');
  });

  it('clears filters that hide the image, having read no further than where it would be', async () => {
    const library = fakeLibrary(2000);
    library.all[1989] = { ...library.all[1989]!, prompt: 'a lighthouse' };
    const store = createGalleryStore(library, { now });
    store.getState().setFilters({ search: '小猫', isFavoriteOnly: false });
    await settle();
    library.calls.length = 0;
    await expect(store.getState().reveal(library.all[1989]!)).resolves.toBe('opened');
    const searched = imageCalls(library).filter((c) => (c.input as { query: { search?: string } }).query.search);
    expect(searched).toHaveLength(1);
    expect(store.getState().filters.search).toBe('');
    expect(shownId(store)).toBe('img-1990');
  });

  it('leaves the trash view for the library', async () => {
    const library = fakeLibrary(20);
    const store = createGalleryStore(library, { now });
    store.getState().setFilters({ isTrash: true });
    await settle();
    await store.getState().reveal(library.all[9]!);
    expect(store.getState().filters.isTrash).toBe(false);
    expect(shownId(store)).toBe('img-10');
  });

  it('says so when the image is gone, and changes nothing', async () => {
    const library = fakeLibrary(20);
    const store = createGalleryStore(library, { now });
    store.getState().setFilters({ search: '小猫' });
    await settle();
    const image = library.all[9]!;
    await library.trash([image.id]);
    await expect(store.getState().reveal(image)).resolves.toBe('missing');
    expect(store.getState().openIndex).toBeNull();
    expect(store.getState().filters.search).toBe('小猫');
  });

  it('a second reveal wins over one still walking', async () => {
    const library = fakeLibrary(2000);
    const store = createGalleryStore(library, { now });
    const first = store.getState().reveal(library.all[0]!);
    const second = store.getState().reveal(library.all[1998]!);
    await expect(first).resolves.toBe('superseded');
    await expect(second).resolves.toBe('opened');
    expect(shownId(store)).toBe('img-1999');
  });
});
