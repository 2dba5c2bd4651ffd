import { describe, expect, it } from 'vitest';
import { createGalleryStore } from '../../../src/renderer/src/features/gallery/gallery-store';
import { fakeLibrary, makeImage, settle } from './gallery-fake-library';

// The store against an in-memory library: the newest image (img-N) comes first.

async function started(count: number, options: { maxCachedItems?: number } = {}) {
  const library = fakeLibrary(count);
  const store = createGalleryStore(library, { now: () => 2_000_000_000, ...options });
  store.getState().load();
  await settle();
  return { library, store };
}

const idAt = (store: ReturnType<typeof createGalleryStore>, position: number) =>
  store.getState().cache.items.get(position)?.id;

describe('loading', () => {
  it('counts, then loads what is visible, newest first', async () => {
    const { store } = await started(1000);
    expect(store.getState().total).toBe(1000);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    expect(idAt(store, 0)).toBe('img-1000');
    expect(idAt(store, 39)).toBe('img-961');
  });

  it('shows the first page before the count, and counts only once it is in', async () => {
    const library = fakeLibrary(1000);
    const counts: Array<() => void> = [];
    const store = createGalleryStore(library, { now: () => 2_000_000_000, deferCount: (count) => counts.push(count) });
    store.getState().load();
    await settle();
    // The count has not been asked for; the first page is already there.
    expect(library.calls.map((c) => c.method)).toEqual(['images']);
    expect(store.getState().total).toBeNull();
    expect(idAt(store, 0)).toBe('img-1000');
    expect(idAt(store, 99)).toBe('img-901');
    expect(counts).toHaveLength(1);
    // A tile shown before the count opens, and the detail view steps through what is loaded.
    store.getState().open(5);
    store.getState().step(1);
    expect(store.getState().openIndex).toBe(6);
    store.getState().close();
    counts[0]!();
    await settle();
    expect(store.getState().total).toBe(1000);
  });

  it('a count asked for before a newer query is dropped; the newer one counts', async () => {
    const library = fakeLibrary(300);
    const counts: Array<() => void> = [];
    const store = createGalleryStore(library, { now: () => 2_000_000_000, deferCount: (count) => counts.push(count) });
    store.getState().load();
    await settle();
    library.all[0] = { ...library.all[0]!, prompt: '花店 at dawn' };
    store.getState().setFilters({ search: '花店' });
    await settle();
    expect(counts).toHaveLength(2);
    for (const count of counts) count();
    await settle();
    expect(library.calls.filter((c) => c.method === 'count')).toHaveLength(1);
    expect(store.getState().total).toBe(1);
  });

  it('reaches a far position by walking cursors, with pages no larger than the contract allows', async () => {
    const { store, library } = await started(20_000);
    store.getState().setVisible({ start: 12_000, end: 12_040 });
    await settle();
    expect(idAt(store, 12_000)).toBe('img-8000');
    const limits = library.calls.filter((c) => c.method === 'images').map((c) => (c.input as { limit: number }).limit);
    expect(Math.max(...limits)).toBeLessThanOrEqual(500);
  });

  it('keeps the cache bounded while scrolling through a large library', async () => {
    const { store } = await started(30_000, { maxCachedItems: 2000 });
    for (let start = 0; start < 30_000; start += 5000) {
      store.getState().setVisible({ start, end: start + 40 });
      await settle();
    }
    expect(store.getState().cache.items.size).toBeLessThanOrEqual(2000);
    expect(idAt(store, 25_000)).toBe('img-5000');
  });

  it('a filter change drops the cache and the count, and an answer for the old query never lands', async () => {
    const { store, library } = await started(300);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    library.all[0] = { ...library.all[0]!, prompt: '花店 at dawn' };
    store.getState().setFilters({ search: '花店' });
    expect(store.getState().total).toBeNull();
    expect(store.getState().cache.items.size).toBe(0);
    expect(store.getState().queryVersion).toBe(1);
    await settle();
    expect(store.getState().total).toBe(1);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    expect(idAt(store, 0)).toBe('img-1');
    expect(store.getState().cache.items.size).toBe(1);
  });

  it('a failed page shows an error and retries on request', async () => {
    const library = fakeLibrary(100);
    const store = createGalleryStore(library);
    const images = library.images;
    library.images = async () => {
      throw new Error('disk unplugged');
    };
    store.getState().load();
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    expect(store.getState().error?.message).toBe('disk unplugged');
    library.images = images;
    store.getState().load();
    await settle();
    expect(store.getState().error).toBeNull();
    expect(idAt(store, 0)).toBe('img-100');
  });
});

describe('detail navigation', () => {
  it('steps through images, loading the next page, and stops at both ends', async () => {
    const { store } = await started(250);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    store.getState().open(0);
    store.getState().step(-1);
    expect(store.getState().openIndex).toBe(0);
    store.getState().open(199);
    store.getState().step(1);
    await settle();
    expect(store.getState().openIndex).toBe(200);
    expect(idAt(store, 200)).toBe('img-50');
    store.getState().open(10_000);
    expect(store.getState().openIndex).toBe(249);
    store.getState().step(5);
    expect(store.getState().openIndex).toBe(249);
  });
});

describe('live changes', () => {
  it('new images appear at the top and the open image stays the same', async () => {
    const { store, library } = await started(300);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    store.getState().open(5);
    const openId = idAt(store, 5);
    library.add(makeImage(301));
    library.add(makeImage(302));
    await store.getState().handleGenerationFinished();
    await settle();
    expect(store.getState().total).toBe(302);
    expect(idAt(store, 0)).toBe('img-302');
    expect(idAt(store, 2)).toBe('img-300');
    expect(idAt(store, store.getState().openIndex!)).toBe(openId);
  });

  it('heals itself when the guess about where new images went was wrong', async () => {
    const { store, library } = await started(300);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    // An image older than the top one: it belongs at position 1, not 0.
    library.add(makeImage(299.5, { id: 'img-between' }));
    await store.getState().handleGenerationFinished();
    await settle();
    expect(idAt(store, 0)).toBe('img-300');
    expect(idAt(store, 1)).toBe('img-between');
    expect(idAt(store, 2)).toBe('img-299');
  });

  it('a favourite set elsewhere updates the tile; a trash elsewhere removes it', async () => {
    const { store, library } = await started(300);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    await library.setFavorite(['img-298'], true);
    await library.trash(['img-299']);
    await store.getState().handleLibraryChanged(['img-298', 'img-299']);
    await settle();
    expect(store.getState().total).toBe(299);
    expect(idAt(store, 1)).toBe('img-298');
    expect(store.getState().cache.items.get(1)?.isFavorite).toBe(true);
  });

  it('a change to an image it does not hold reloads in place when the count moved', async () => {
    const { store, library } = await started(300);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    await library.trash(['img-5']);
    await store.getState().handleLibraryChanged(['img-5']);
    expect(store.getState().total).toBe(299);
    expect(store.getState().queryVersion).toBe(0);
    await settle();
    expect(idAt(store, 0)).toBe('img-300');
  });
});

describe('favourite, trash and undo', () => {
  it('trash removes at once and undo puts the image back where it was', async () => {
    const { store, library } = await started(300);
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    const receipt = await store.getState().trash(['img-297']);
    expect(idAt(store, 3)).toBe('img-296');
    expect(store.getState().total).toBe(299);
    expect(library.all.find((i) => i.id === 'img-297')?.deletedAt).not.toBeNull();
    await store.getState().handleLibraryChanged(['img-297']);
    await store.getState().undoTrash(receipt);
    expect(idAt(store, 3)).toBe('img-297');
    expect(store.getState().total).toBe(300);
    await store.getState().handleLibraryChanged(['img-297']);
    await settle();
    expect(idAt(store, 3)).toBe('img-297');
    expect(library.all.find((i) => i.id === 'img-297')?.deletedAt).toBeNull();
  });

  it('restoring from the trash view takes the image out of it', async () => {
    const { store, library } = await started(50);
    await library.trash(['img-10', 'img-20']);
    store.getState().setFilters({ isTrash: true });
    await settle();
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    expect(store.getState().total).toBe(2);
    await store.getState().restore(['img-20']);
    expect(store.getState().total).toBe(1);
    expect(idAt(store, 0)).toBe('img-10');
  });

  it('unfavouriting in the favourites view removes the image; a failed write reloads the truth', async () => {
    const { store, library } = await started(50);
    await library.setFavorite(['img-10'], true);
    store.getState().setFilters({ isFavoriteOnly: true });
    await settle();
    store.getState().setVisible({ start: 0, end: 40 });
    await settle();
    library.setFavorite = async () => {
      throw new Error('locked');
    };
    const write = store.getState().setFavorite(['img-10'], false);
    expect(store.getState().total).toBe(0);
    await expect(write).rejects.toThrow('locked');
    await settle();
    expect(store.getState().total).toBe(1);
    expect(idAt(store, 0)).toBe('img-10');
  });
});
