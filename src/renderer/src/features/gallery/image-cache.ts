import type { ImageView } from '../../../../shared/contract';

// A sparse, position-indexed cache of one gallery query's images, plus the cursors needed to
// fetch any stretch of it. `library.images` only pages forward by opaque cursor, so reaching
// position 50,000 means walking there; cursors are kept when images are evicted, which makes
// coming back cheap. Cursors are keyset cursors ("after this image"), so they stay valid when
// images before them are inserted or removed — only their positions move.

export type ImageCache = {
  /** Loaded images by position in the query's order (newest first). */
  readonly items: ReadonlyMap<number, ImageView>;
  /** `cursors.get(p)` fetches from position p. Position 0 needs no cursor. */
  readonly cursors: ReadonlyMap<number, string>;
  /** One past the last position, once a page has come back without a next cursor. */
  readonly end: number | null;
};

export type FetchRequest = { start: number; cursor: string | undefined; limit: number };
export type Range = { start: number; end: number };
export type PlanOptions = { pageSize: number; maxLimit: number };

export const EMPTY_CACHE: ImageCache = { items: new Map(), cursors: new Map(), end: null };

function isCovered(position: number, inFlight: readonly FetchRequest[]): boolean {
  return inFlight.some((r) => position >= r.start && position < r.start + r.limit);
}

/** The nearest position at or before `position` that a fetch can start from. */
export function cursorAtOrBefore(cache: ImageCache, position: number): number {
  let best = 0;
  for (const p of cache.cursors.keys()) if (p <= position && p > best) best = p;
  return best;
}

function firstMissing(cache: ImageCache, range: Range, inFlight: readonly FetchRequest[]): number | null {
  const end = cache.end === null ? range.end : Math.min(range.end, cache.end);
  for (let p = Math.max(0, range.start); p < end; p++) {
    if (!cache.items.has(p) && !isCovered(p, inFlight)) return p;
  }
  return null;
}

/**
 * The next request that brings the wanted ranges (most urgent first) closer to loaded, or null
 * when everything wanted is loaded or already on its way. A gap right after a known cursor is
 * fetched directly (rounded up to whole pages); a gap further on is walked towards with the
 * largest pages the contract allows, one request at a time.
 */
export function planFetch(
  cache: ImageCache,
  wanted: readonly Range[],
  inFlight: readonly FetchRequest[],
  { pageSize, maxLimit }: PlanOptions,
): FetchRequest | null {
  for (const range of wanted) {
    const missing = firstMissing(cache, range, inFlight);
    if (missing === null) continue;
    const from = cursorAtOrBefore(cache, missing);
    // A walk already under way will hand us a later cursor; a second one would duplicate it.
    if (from < missing && isCovered(from, inFlight)) continue;
    const cursor = from === 0 ? undefined : cache.cursors.get(from);
    const span = from === missing ? Math.ceil((range.end - missing) / pageSize) * pageSize : maxLimit;
    return { start: from, cursor, limit: Math.min(maxLimit, Math.max(pageSize, span)) };
  }
  return null;
}

/**
 * Stores a page. If the page disagrees with what the cache holds for the same positions, the
 * list changed under us in a way we did not track: a page from the top is then the only thing
 * still trusted, and a page from further on cannot even be placed, so the cache starts over.
 */
export function applyPage(
  cache: ImageCache,
  request: FetchRequest,
  page: { items: readonly ImageView[]; nextCursor: string | null },
): { cache: ImageCache; isConsistent: boolean } {
  const isConsistent = page.items.every((item, i) => {
    const known = cache.items.get(request.start + i);
    return !known || known.id === item.id;
  });
  if (!isConsistent && request.start !== 0) return { cache: EMPTY_CACHE, isConsistent };
  const base = isConsistent ? cache : EMPTY_CACHE;
  const items = new Map(base.items);
  const cursors = new Map(base.cursors);
  if (request.cursor !== undefined) cursors.set(request.start, request.cursor);
  page.items.forEach((item, i) => items.set(request.start + i, item));
  const after = request.start + page.items.length;
  let end = base.end;
  if (page.nextCursor === null) {
    end = after;
    for (const p of items.keys()) if (p >= after) items.delete(p);
    for (const p of cursors.keys()) if (p > after) cursors.delete(p);
  } else {
    cursors.set(after, page.nextCursor);
    if (end !== null && end <= after) end = null;
  }
  return { cache: { items, cursors, end }, isConsistent };
}

/** How many positions the cache vouches for before a count: its end, or one past the last loaded. */
export function knownLength(cache: ImageCache): number {
  if (cache.end !== null) return cache.end;
  let last = -1;
  for (const p of cache.items.keys()) if (p > last) last = p;
  return last + 1;
}

/** Keeps at most `maxItems` images, those nearest `center`; cursors stay so the rest can come back. */
export function evictFar(cache: ImageCache, center: number, maxItems: number): ImageCache {
  if (cache.items.size <= maxItems) return cache;
  const half = Math.floor(maxItems / 2);
  const low = Math.max(0, center - half);
  const high = low + maxItems;
  const items = new Map<number, ImageView>();
  for (const [p, item] of cache.items) if (p >= low && p < high) items.set(p, item);
  return { ...cache, items };
}

/** `count` newer images arrived at the top: everything known moves down. */
export function shiftDown(cache: ImageCache, count: number): ImageCache {
  if (count <= 0) return cache;
  const items = new Map<number, ImageView>();
  for (const [p, item] of cache.items) items.set(p + count, item);
  const cursors = new Map<number, string>();
  for (const [p, c] of cache.cursors) cursors.set(p + count, c);
  return { items, cursors, end: cache.end === null ? null : cache.end + count };
}

/** Removes the images at `positions`; later images and cursors move up to close the gaps. */
export function removePositions(cache: ImageCache, positions: readonly number[]): ImageCache {
  if (positions.length === 0) return cache;
  const removed = [...new Set(positions)].sort((a, b) => a - b);
  const before = (p: number): number => {
    let n = 0;
    while (n < removed.length && removed[n]! < p) n++;
    return n;
  };
  const items = new Map<number, ImageView>();
  for (const [p, item] of cache.items) if (!removed.includes(p)) items.set(p - before(p), item);
  const cursors = new Map<number, string>();
  for (const [p, c] of cache.cursors) cursors.set(p - before(p), c);
  return { items, cursors, end: cache.end === null ? null : cache.end - removed.length };
}

/** Puts an image back at `position` (undoing a removal); a cursor at that position still fetches it. */
export function insertAt(cache: ImageCache, position: number, item: ImageView): ImageCache {
  const items = new Map<number, ImageView>();
  for (const [p, it] of cache.items) items.set(p >= position ? p + 1 : p, it);
  items.set(position, item);
  const cursors = new Map<number, string>();
  for (const [p, c] of cache.cursors) cursors.set(p > position ? p + 1 : p, c);
  return { items, cursors, end: cache.end === null ? null : cache.end + 1 };
}

export function updateItems(cache: ImageCache, update: (item: ImageView) => ImageView | null): ImageCache {
  let isChanged = false;
  const items = new Map<number, ImageView>();
  for (const [p, item] of cache.items) {
    const next = update(item) ?? item;
    if (next !== item) isChanged = true;
    items.set(p, next);
  }
  return isChanged ? { ...cache, items } : cache;
}

export function positionsOf(cache: ImageCache, ids: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>();
  for (const [p, item] of cache.items) if (ids.has(item.id)) found.set(item.id, p);
  return found;
}

/**
 * The image to show at `position`. Main pages images newest first with ties broken by id, which
 * puts one generation's images in reverse (and, past nine, jumbled) order; the generation's run of
 * neighbouring positions is shown sorted by image index instead, so a set reads 1/4 … 4/4.
 * Every run is at most `setSize` long, so scanning that far either way finds all of it from any
 * member, and every member agrees on the order.
 */
export function displayItemAt(cache: ImageCache, position: number): ImageView | undefined {
  const item = cache.items.get(position);
  if (!item || item.setSize <= 1) return item;
  const same = (p: number): boolean => cache.items.get(p)?.generationId === item.generationId;
  let start = position;
  let end = position;
  while (start > position - item.setSize + 1 && same(start - 1)) start--;
  while (end < position + item.setSize - 1 && same(end + 1)) end++;
  if (start === end) return item;
  const run: ImageView[] = [];
  for (let p = start; p <= end; p++) run.push(cache.items.get(p)!);
  run.sort((a, b) => a.index - b.index);
  return run[position - start];
}
