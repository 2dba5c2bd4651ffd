import { useStore } from 'zustand';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ErrorValue } from '../../../../shared/errors';
import type { GalleryQuery, GenerationView, InvokeInput, InvokeOutput } from '../../../../shared/contract';
import { call } from '../../lib/wan';
import { clampIndex } from './grid-layout';
import { DEFAULT_FILTERS, toQuery, type GalleryFilters } from './gallery-filters';
import { COUNT_DELAY_MS, createLoader, type Loader } from './gallery-loader';
import { createMutations, type GalleryMutations } from './gallery-mutations';
import { createReveal, type GalleryReveal } from './gallery-reveal';
import { EMPTY_CACHE, knownLength, type ImageCache, type Range } from './image-cache';

// The gallery's data: the current query, its count and a sparse cache of its images, plus which
// image the detail view shows. Created by a factory so tests drive it with an in-memory library.

/** The slice of the contract the gallery reads and writes; `wanGalleryApi` fills it from window.wan. */
export type GalleryApi = {
  images(input: InvokeInput<'library.images'>): Promise<InvokeOutput<'library.images'>>;
  count(query: GalleryQuery): Promise<number>;
  generation(generationId: string): Promise<GenerationView>;
  setFavorite(imageIds: string[], isFavorite: boolean): Promise<void>;
  trash(imageIds: string[]): Promise<void>;
  restore(imageIds: string[]): Promise<void>;
  tag(imageIds: string[], add: string[], remove: string[]): Promise<void>;
  /** Deletes trashed images for good; without ids, the whole trash. Answers how many went. */
  emptyTrash(imageIds?: string[]): Promise<number>;
};

export type GalleryData = {
  filters: GalleryFilters;
  query: GalleryQuery;
  /** Bumps when the query changes: the grid scrolls back to the top. */
  queryVersion: number;
  /** Null while the count is on its way. */
  total: number | null;
  cache: ImageCache;
  error: ErrorValue | null;
  /** Position shown in the detail view, or null when it is closed. */
  openIndex: number | null;
  /** The images the last change here took out of the view (the selection lets go of them). */
  lastRemoved: readonly string[];
};

export type GalleryActions = {
  setFilters(patch: Partial<GalleryFilters>): void;
  /** The grid reports which positions are on screen; loading follows. */
  setVisible(range: Range): void;
  /** Starts loading (on mount), or tries again after a failure. */
  load(): void;
  open(index: number): void;
  close(): void;
  /** Moves the detail view by `delta` images, stopping at either end. */
  step(delta: number): void;
};

export type GalleryState = GalleryData & GalleryActions & GalleryMutations & GalleryReveal;
export type GalleryStore = StoreApi<GalleryState>;

export type GalleryStoreOptions = {
  now?: () => number;
  pageSize?: number;
  maxCachedItems?: number;
  /** Runs the count that follows the first page (tests run it at once; the app waits a beat). */
  deferCount?: (count: () => void) => void;
};

export function createGalleryStore(api: GalleryApi, options: GalleryStoreOptions = {}): GalleryStore {
  const now = options.now ?? Date.now;
  return createStore<GalleryState>()((set, get) => {
    const loader: Loader = createLoader(api, set, get, options);
    return {
      filters: DEFAULT_FILTERS,
      query: toQuery(DEFAULT_FILTERS, now()),
      queryVersion: 0,
      total: null,
      cache: EMPTY_CACHE,
      error: null,
      openIndex: null,
      lastRemoved: [],

      setFilters(patch) {
        const filters = { ...get().filters, ...patch };
        set((s) => ({ filters, query: toQuery(filters, now()), queryVersion: s.queryVersion + 1 }));
        loader.reset({ isPositionKept: false });
      },
      setVisible(range) {
        loader.setVisible(range);
      },
      load() {
        set({ error: null });
        if (get().total === null) loader.countAfterPage();
        else loader.pump();
      },
      open(index) {
        // Before the count, what is loaded: a tile can be opened as soon as it shows.
        const total = get().total ?? knownLength(get().cache);
        if (total === 0) return;
        set({ openIndex: clampIndex(index, total) });
        loader.pump();
      },
      close() {
        set({ openIndex: null });
      },
      step(delta) {
        const { openIndex, cache } = get();
        const total = get().total ?? knownLength(cache);
        if (openIndex === null) return;
        set({ openIndex: clampIndex(openIndex + delta, total) });
        loader.pump();
      },
      ...createMutations(api, loader, set, get, now),
      ...createReveal(api, loader, get, now, options),
    };
  });
}

/** The contract takes at most this many ids per call; a bulk action over "all matching" sends several. */
export const MAX_IDS_PER_CALL = 10_000;

async function inChunks(imageIds: string[], send: (chunk: string[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < imageIds.length; i += MAX_IDS_PER_CALL) await send(imageIds.slice(i, i + MAX_IDS_PER_CALL));
}

export const wanGalleryApi: GalleryApi = {
  images: (input) => call('library.images', input),
  count: async (query) => (await call('library.count', { query })).total,
  generation: (generationId) => call('generation.get', { generationId }),
  setFavorite: (imageIds, isFavorite) =>
    inChunks(imageIds, (ids) => call('image.setFavorite', { imageIds: ids, isFavorite })),
  trash: (imageIds) => inChunks(imageIds, (ids) => call('image.trash', { imageIds: ids })),
  restore: (imageIds) => inChunks(imageIds, (ids) => call('image.restore', { imageIds: ids })),
  tag: (imageIds, add, remove) => inChunks(imageIds, (ids) => call('image.tag', { imageIds: ids, add, remove })),
  emptyTrash: async (imageIds) => {
    if (!imageIds) return (await call('library.emptyTrash', {})).removed;
    let removed = 0;
    await inChunks(imageIds, async (ids) => (removed += (await call('library.emptyTrash', { imageIds: ids })).removed));
    return removed;
  },
};

export const galleryStore = createGalleryStore(wanGalleryApi, {
  deferCount: (count) => setTimeout(count, COUNT_DELAY_MS),
});

/** `useGalleryStore((s) => s.total)` — pick single fields so a tile load does not re-render the toolbar. */
export function useGalleryStore<T>(selector: (state: GalleryState) => T): T {
  return useStore(galleryStore, selector);
}
