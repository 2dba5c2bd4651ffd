import type { StoreApi } from 'zustand/vanilla';
import type { GalleryQuery, ImageView } from '../../../../shared/contract';
import { DEFAULT_FILTERS, hasFilters, toQuery, type GalleryFilters } from './gallery-filters';
import { MAX_CACHED_ITEMS, MAX_LIMIT, PAGE_SIZE, type Loader } from './gallery-loader';
import type { GalleryApi, GalleryState, GalleryStoreOptions } from './gallery-store';
import { applyPage, displayItemAt, EMPTY_CACHE, evictFar, type ImageCache } from './image-cache';

// Opening one image by id (a thumbnail in the queue): the detail view works by position, and the
// contract has no "where is this image" call, so the query's pages are read from the top until
// the image turns up or the newest-first order has gone past where it would be. Images people
// click in the queue are recent, so that is usually the first page.

type Get = StoreApi<GalleryState>['getState'];

/** What finding an image needs: its id and when it was made, which place it in the gallery's order. */
export type RevealTarget = Pick<ImageView, 'id' | 'createdAt'>;

/** 'superseded': a later reveal took over before this one finished. */
export type RevealOutcome = 'opened' | 'missing' | 'superseded';

export type GalleryReveal = {
  /**
   * Opens the detail view on an image, keeping the filters if they show it and clearing them if
   * not. The trash is left for the library, where a queue's images live. 'missing' when the
   * library holds it nowhere outside the trash.
   */
  reveal(target: RevealTarget): Promise<RevealOutcome>;
};

export type LocatedImage = {
  /** Where the detail view shows the image (a set is shown in its own order; see displayItemAt). */
  position: number;
  /** The pages read on the way, from the top: the gallery starts from them instead of asking again. */
  cache: ImageCache;
};

/** Main pages the library by creation time, newest first, ties broken by id, descending. */
function comesAfter(item: ImageView, target: RevealTarget): boolean {
  return item.createdAt < target.createdAt || (item.createdAt === target.createdAt && item.id < target.id);
}

/** Reads `query` (never the trash, which is ordered by deletion) from the top to `target`; null if it is not there. */
export async function locateImage(
  images: GalleryApi['images'],
  query: GalleryQuery,
  target: RevealTarget,
  { pageSize = PAGE_SIZE, maxLimit = MAX_LIMIT }: { pageSize?: number; maxLimit?: number } = {},
): Promise<LocatedImage | null> {
  let cache = EMPTY_CACHE;
  let start = 0;
  let cursor: string | undefined;
  let limit = pageSize;
  let found: number | null = null;
  for (;;) {
    const page = await images({ query, cursor, limit });
    cache = applyPage(cache, { start, cursor, limit }, page).cache;
    if (found === null) {
      const index = page.items.findIndex((item) => item.id === target.id);
      if (index >= 0) found = start + index;
      else if (page.items.some((item) => comesAfter(item, target))) return null;
    }
    const end = start + page.items.length;
    // The rest of its image set may start the next page, and the set's order decides the position.
    const isSetRead = found !== null && end >= found + cache.items.get(found)!.setSize;
    if (page.nextCursor === null || isSetRead) break;
    start = end;
    cursor = page.nextCursor;
    // Past the first page the image is further down than usual: walk there in the largest steps.
    limit = maxLimit;
  }
  if (found === null) return null;
  const setSize = cache.items.get(found)!.setSize;
  for (let p = Math.max(0, found - setSize + 1); p < found + setSize; p++) {
    if (displayItemAt(cache, p)?.id === target.id) return { position: p, cache };
  }
  return { position: found, cache };
}

export function createReveal(
  api: GalleryApi,
  loader: Loader,
  get: Get,
  now: () => number,
  options: GalleryStoreOptions,
): GalleryReveal {
  let latest = 0;
  const walk = { pageSize: options.pageSize ?? PAGE_SIZE, maxLimit: MAX_LIMIT };
  return {
    async reveal(target) {
      const token = ++latest;
      const current = get().filters;
      const candidates: GalleryFilters[] = [];
      if (!current.isTrash) candidates.push(current);
      if (current.isTrash || hasFilters(current)) candidates.push(DEFAULT_FILTERS);
      // A version stacked under its original shows only with stacking off.
      if (current.isStacked) candidates.push({ ...DEFAULT_FILTERS, isStacked: false });
      for (const filters of candidates) {
        const query = filters === current ? get().query : toQuery(filters, now());
        const located = await locateImage(api.images, query, target, walk);
        if (token !== latest) return 'superseded';
        if (!located) continue;
        if (filters !== get().filters) get().setFilters(filters);
        const queryVersion = get().queryVersion;
        const total = located.cache.end ?? (await api.count(get().query));
        if (token !== latest || queryVersion !== get().queryVersion) return 'superseded';
        const cache = evictFar(located.cache, located.position, options.maxCachedItems ?? MAX_CACHED_ITEMS);
        loader.restructure(() => ({ cache, total, openIndex: located.position, error: null }));
        return 'opened';
      }
      return 'missing';
    },
  };
}
