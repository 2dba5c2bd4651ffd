import type { StoreApi } from 'zustand/vanilla';
import type { ErrorValue } from '../../../../shared/errors';
import { BridgeError } from '../../lib/wan';
import { clampIndex } from './grid-layout';
import { applyPage, EMPTY_CACHE, evictFar, planFetch, type FetchRequest, type Range } from './image-cache';
import type { GalleryApi, GalleryData, GalleryState, GalleryStoreOptions } from './gallery-store';

// Keeps the cache filled around what is on screen (and the image open in the detail view).
// Every change that moves positions bumps `epoch`: a page requested before it would land in the
// wrong place, so its answer is dropped and the range is asked for again.

/** Images per page; a request spans whole pages. */
export const PAGE_SIZE = 100;
/** The contract's largest page: used when walking towards a far position by cursor. */
export const MAX_LIMIT = 500;
/** At ~1 KB per image this bounds the cache near 20 MB even after scrolling through 100,000. */
export const MAX_CACHED_ITEMS = 20_000;
const MAX_IN_FLIGHT = 2;
/**
 * How long the count waits after the first page. Main answers one request at a time, and counting
 * a million images takes it a while: asked at once, it would hold back the first thumbnails.
 */
export const COUNT_DELAY_MS = 300;

type Set = StoreApi<GalleryState>['setState'];
type Get = StoreApi<GalleryState>['getState'];

export type Loader = {
  setVisible(range: Range): void;
  pump(): void;
  /** Counts the current query and stores the total; null if the query changed meanwhile or it failed. */
  recount(): Promise<number | null>;
  /** Loads the first page, then counts: the first tiles do not wait for the count. */
  countAfterPage(): void;
  /** Drops everything loaded. With `total` the grid keeps its place; without, it counts again. */
  reset(options: { isPositionKept: boolean; total?: number }): void;
  /** Applies a change that moves positions; pages in flight are dropped and asked for again. */
  restructure(change: (state: GalleryState) => Partial<GalleryData>): void;
};

export function toErrorValue(error: unknown): ErrorValue {
  if (error instanceof BridgeError) return error.error;
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), isRetryable: true };
}

export function createLoader(api: GalleryApi, set: Set, get: Get, options: GalleryStoreOptions): Loader {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const maxCachedItems = options.maxCachedItems ?? MAX_CACHED_ITEMS;
  let epoch = 0;
  let countToken = 0;
  let inFlight: FetchRequest[] = [];
  let visible: Range = { start: 0, end: 0 };
  /** A count waiting for the first page: on a large library it is the slow part, so it goes second. */
  let isCountAfterPage = false;
  let countAsk = 0;
  const deferCount = options.deferCount ?? ((count: () => void) => count());

  function wanted(): Range[] {
    const { total, openIndex, cache } = get();
    // Before the count the first page is asked for anyway: tiles show while the library is counted.
    const length = total ?? cache.end ?? Infinity;
    const clamp = (r: Range): Range => ({ start: Math.max(0, r.start), end: Math.min(length, r.end) });
    if (total === null && visible.end <= visible.start) {
      const first = clamp({ start: 0, end: pageSize });
      return first.end > first.start ? [first] : [];
    }
    const margin = Math.max(pageSize, visible.end - visible.start);
    const ranges: Range[] = [];
    if (openIndex !== null) ranges.push(clamp({ start: openIndex - 1, end: openIndex + 2 }));
    ranges.push(clamp(visible));
    // Ahead first: people mostly scroll down.
    ranges.push(clamp({ start: visible.end, end: visible.end + margin }));
    ranges.push(clamp({ start: visible.start - margin, end: visible.start }));
    return ranges.filter((r) => r.end > r.start);
  }

  function dropInFlight(): void {
    epoch++;
    inFlight = [];
  }

  function pump(): void {
    if (get().error) return;
    while (inFlight.length < MAX_IN_FLIGHT) {
      const request = planFetch(get().cache, wanted(), inFlight, { pageSize, maxLimit: MAX_LIMIT });
      if (!request) return;
      inFlight.push(request);
      void fetchPage(request);
    }
  }

  async function fetchPage(request: FetchRequest): Promise<void> {
    const requestEpoch = epoch;
    const query = get().query;
    try {
      const page = await api.images({ query, cursor: request.cursor, limit: request.limit });
      if (requestEpoch !== epoch) return;
      const applied = applyPage(get().cache, request, page);
      const cache = evictFar(applied.cache, get().openIndex ?? visible.start, maxCachedItems);
      set((s) => {
        // The last page is the ground truth for how many there are, whatever the count said.
        const total = cache.end ?? s.total;
        return { cache, total, openIndex: clampOpen(s.openIndex, total) };
      });
      if (isCountAfterPage) countNow();
      if (!applied.isConsistent) {
        // The list changed in a way we did not see: start over and count again.
        dropInFlight();
        void recount();
      }
    } catch (error) {
      if (requestEpoch === epoch) set({ error: toErrorValue(error) });
      if (isCountAfterPage) countNow();
    } finally {
      if (requestEpoch === epoch) {
        inFlight = inFlight.filter((r) => r !== request);
        pump();
      }
    }
  }

  function countNow(): void {
    isCountAfterPage = false;
    const ask = ++countAsk;
    const token = countToken;
    deferCount(() => {
      // A newer count has been asked for or run meanwhile (another query, a reset): this one is moot.
      if (ask === countAsk && token === countToken) void recount();
    });
  }

  /** Counts once the first page is in (or at once if none is needed). */
  function countAfterPage(): void {
    isCountAfterPage = true;
    pump();
    if (isCountAfterPage && inFlight.length === 0) countNow();
  }

  async function recount(): Promise<number | null> {
    const token = ++countToken;
    const { query, queryVersion } = get();
    try {
      const total = await api.count(query);
      if (token !== countToken || queryVersion !== get().queryVersion) return null;
      set((s) => ({
        total,
        // A stale "this is the end" would leave placeholders past it forever.
        cache: s.cache.end !== null && s.cache.end !== total ? { ...s.cache, end: null } : s.cache,
        openIndex: clampOpen(s.openIndex, total),
      }));
      pump();
      return total;
    } catch (error) {
      if (token === countToken && queryVersion === get().queryVersion) set({ error: toErrorValue(error) });
      return null;
    }
  }

  return {
    setVisible(range) {
      visible = range;
      pump();
    },
    pump,
    recount,
    reset({ isPositionKept, total }) {
      dropInFlight();
      set((s) => ({
        cache: EMPTY_CACHE,
        error: null,
        total: total ?? null,
        openIndex: isPositionKept && total !== undefined ? clampOpen(s.openIndex, total) : null,
      }));
      if (total === undefined) countAfterPage();
      else pump();
    },
    countAfterPage,
    restructure(change) {
      dropInFlight();
      set(change(get()));
      pump();
    },
  };
}

function clampOpen(openIndex: number | null, total: number | null): number | null {
  if (openIndex === null || total === null) return openIndex;
  const index = clampIndex(openIndex, total);
  return index < 0 ? null : index;
}
