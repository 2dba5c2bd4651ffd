import { describe, expect, it } from 'vitest';
import {
  applyPage,
  displayItemAt,
  EMPTY_CACHE,
  evictFar,
  insertAt,
  knownLength,
  planFetch,
  positionsOf,
  removePositions,
  shiftDown,
  updateItems,
  type ImageCache,
} from '../../../src/renderer/src/features/gallery/image-cache';
import { makeImage } from './gallery-fake-library';

const opts = { pageSize: 100, maxLimit: 500 };
const images = (from: number, count: number) => Array.from({ length: count }, (_, i) => makeImage(from + i));

/** A cache holding positions [start, start + count) as if fetched in one request. */
function loaded(start: number, count: number, cursor?: string): ImageCache {
  return applyPage(
    EMPTY_CACHE,
    { start, cursor, limit: count },
    { items: images(start, count), nextCursor: `c${start + count}` },
  ).cache;
}

describe('planFetch', () => {
  it('asks for the first screen from the top, rounded up to whole pages', () => {
    expect(planFetch(EMPTY_CACHE, [{ start: 0, end: 42 }], [], opts)).toEqual({
      start: 0,
      cursor: undefined,
      limit: 100,
    });
    expect(planFetch(EMPTY_CACHE, [{ start: 0, end: 150 }], [], opts)).toEqual({
      start: 0,
      cursor: undefined,
      limit: 200,
    });
  });

  it('continues from the cursor the previous page handed back', () => {
    const cache = loaded(0, 100);
    expect(planFetch(cache, [{ start: 80, end: 160 }], [], opts)).toEqual({ start: 100, cursor: 'c100', limit: 100 });
  });

  it('walks towards a far position with the largest pages, one walk at a time', () => {
    const cache = loaded(0, 100);
    const walk = planFetch(cache, [{ start: 5000, end: 5040 }], [], opts);
    expect(walk).toEqual({ start: 100, cursor: 'c100', limit: 500 });
    // While that walk is out, a second one from the same cursor would only duplicate it.
    expect(planFetch(cache, [{ start: 5000, end: 5040 }], [walk!], opts)).toBeNull();
  });

  it('does nothing when everything wanted is loaded or on its way', () => {
    const cache = loaded(0, 100);
    expect(planFetch(cache, [{ start: 0, end: 100 }], [], opts)).toBeNull();
    const inFlight = [{ start: 100, cursor: 'c100', limit: 100 }];
    expect(planFetch(cache, [{ start: 50, end: 200 }], inFlight, opts)).toBeNull();
  });

  it('serves ranges in the order given (the open image before the prefetch)', () => {
    const cache = loaded(0, 100);
    const plan = planFetch(
      cache,
      [
        { start: 0, end: 50 },
        { start: 100, end: 200 },
      ],
      [],
      opts,
    );
    expect(plan?.start).toBe(100);
  });

  it('never asks past a known end', () => {
    const cache = applyPage(
      EMPTY_CACHE,
      { start: 0, cursor: undefined, limit: 100 },
      { items: images(0, 30), nextCursor: null },
    ).cache;
    expect(cache.end).toBe(30);
    expect(planFetch(cache, [{ start: 0, end: 100 }], [], opts)).toBeNull();
  });
});

describe('knownLength (what the grid shows before the count)', () => {
  it('is nothing for an empty cache, one past the last loaded image, or the known end', () => {
    expect(knownLength(EMPTY_CACHE)).toBe(0);
    const page = Array.from({ length: 100 }, (_, i) => makeImage(1000 - i));
    const first = applyPage(EMPTY_CACHE, { start: 0, cursor: undefined, limit: 100 }, { items: page, nextCursor: 'c' });
    expect(knownLength(first.cache)).toBe(100);
    const last = applyPage(
      EMPTY_CACHE,
      { start: 0, cursor: undefined, limit: 100 },
      { items: page.slice(0, 7), nextCursor: null },
    );
    expect(knownLength(last.cache)).toBe(7);
  });
});

describe('applyPage', () => {
  it('places images at their positions and remembers the next cursor', () => {
    const cache = loaded(0, 100);
    expect(cache.items.get(0)?.id).toBe('img-0');
    expect(cache.items.get(99)?.id).toBe('img-99');
    expect(cache.cursors.get(100)).toBe('c100');
    expect(cache.end).toBeNull();
  });

  it('drops everything else when a page from the top disagrees with the cache', () => {
    const cache = loaded(0, 200);
    const fresh = [makeImage(999), ...images(0, 99)];
    const result = applyPage(cache, { start: 0, cursor: undefined, limit: 100 }, { items: fresh, nextCursor: 'x' });
    expect(result.isConsistent).toBe(false);
    expect(result.cache.items.get(0)?.id).toBe('img-999');
    expect(result.cache.items.has(150)).toBe(false);
  });

  it('starts over when a page further on disagrees (its positions cannot be trusted)', () => {
    const cache = loaded(0, 200);
    const result = applyPage(
      cache,
      { start: 100, cursor: 'c100', limit: 100 },
      { items: images(500, 100), nextCursor: 'x' },
    );
    expect(result.isConsistent).toBe(false);
    expect(result.cache.items.size).toBe(0);
  });
});

describe('changes that move positions', () => {
  it('shiftDown makes room at the top and moves cursors with their images', () => {
    const cache = shiftDown(loaded(0, 100), 3);
    expect(cache.items.has(0)).toBe(false);
    expect(cache.items.get(3)?.id).toBe('img-0');
    expect(cache.cursors.get(103)).toBe('c100');
    expect(planFetch(cache, [{ start: 0, end: 50 }], [], opts)).toEqual({ start: 0, cursor: undefined, limit: 100 });
  });

  it('removePositions closes the gaps and keeps cursors pointing at the same images', () => {
    const cache = removePositions(loaded(0, 100), [5, 2]);
    expect(cache.items.get(2)?.id).toBe('img-3');
    expect(cache.items.get(4)?.id).toBe('img-6');
    expect(cache.items.size).toBe(98);
    expect(cache.cursors.get(98)).toBe('c100');
  });

  it('insertAt undoes removePositions', () => {
    const start = loaded(0, 100);
    const removed = removePositions(start, [10]);
    const back = insertAt(removed, 10, start.items.get(10)!);
    const byPosition = (c: ImageCache) =>
      [...c.items.entries()].map(([p, i]) => [p, i.id]).sort((a, b) => +a[0]! - +b[0]!);
    expect(byPosition(back)).toEqual(byPosition(start));
    expect(back.cursors.get(100)).toBe('c100');
  });

  it('a cursor at the insertion point still fetches from there (it now returns the restored image)', () => {
    const cache = applyPage(
      loaded(0, 100),
      { start: 100, cursor: 'c100', limit: 100 },
      { items: images(100, 100), nextCursor: 'c200' },
    ).cache;
    const withGap = removePositions(cache, [100]);
    expect(withGap.cursors.get(100)).toBe('c100');
    expect(withGap.cursors.get(199)).toBe('c200');
    const back = insertAt(withGap, 100, cache.items.get(100)!);
    expect(back.cursors.get(100)).toBe('c100');
    expect(back.cursors.get(200)).toBe('c200');
    expect(back.cursors.has(101)).toBe(false);
  });

  it('evictFar keeps the images nearest the viewport but every cursor', () => {
    let cache = loaded(0, 500);
    cache = applyPage(
      cache,
      { start: 500, cursor: 'c500', limit: 500 },
      { items: images(500, 500), nextCursor: 'c1000' },
    ).cache;
    const evicted = evictFar(cache, 800, 300);
    expect(evicted.items.size).toBe(300);
    expect(evicted.items.has(800)).toBe(true);
    expect(evicted.items.has(100)).toBe(false);
    expect(evicted.cursors.get(500)).toBe('c500');
    // Coming back to the top needs no walk: position 0 never needs a cursor.
    expect(planFetch(evicted, [{ start: 0, end: 40 }], [], opts)?.start).toBe(0);
  });

  it('updateItems only replaces what changed and finds positions by id', () => {
    const cache = loaded(0, 10);
    const same = updateItems(cache, () => null);
    expect(same).toBe(cache);
    const fav = updateItems(cache, (i) => (i.id === 'img-4' ? { ...i, isFavorite: true } : null));
    expect(fav.items.get(4)?.isFavorite).toBe(true);
    expect(positionsOf(fav, new Set(['img-4', 'nope']))).toEqual(new Map([['img-4', 4]]));
  });
});

describe('displayItemAt', () => {
  const setOf = (generationId: string, size: number, createdAt: number) =>
    Array.from({ length: size }, (_, i) =>
      makeImage(0, {
        id: `${generationId}-${i}`,
        generationId,
        index: i,
        setSize: size,
        isSequential: true,
        createdAt,
      }),
    );

  it('shows an image set in its own order, whatever order the page came in', () => {
    // Newest first with ids descending, as main sends it: -9, -8, …, -11, -10, -1, -0 for 12 images.
    const set = setOf('g', 12, 5).sort((a, b) => (a.id < b.id ? 1 : -1));
    const page = [makeImage(1), ...set, makeImage(2)];
    const cache = applyPage(
      EMPTY_CACHE,
      { start: 0, cursor: undefined, limit: 20 },
      { items: page, nextCursor: null },
    ).cache;
    const shown = page.map((_, p) => displayItemAt(cache, p)?.id);
    expect(shown).toEqual(['img-1', ...Array.from({ length: 12 }, (_, i) => `g-${i}`), 'img-2']);
  });

  it('orders a plain batch the same way and leaves single images alone', () => {
    const batch = [
      makeImage(3, { generationId: 'b', index: 1, setSize: 2 }),
      makeImage(4, { generationId: 'b', setSize: 2 }),
    ];
    const page = [...batch, makeImage(5)];
    const cache = applyPage(
      EMPTY_CACHE,
      { start: 0, cursor: undefined, limit: 5 },
      { items: page, nextCursor: null },
    ).cache;
    expect([0, 1, 2].map((p) => displayItemAt(cache, p)?.id)).toEqual(['img-4', 'img-3', 'img-5']);
    expect(displayItemAt(cache, 5)).toBeUndefined();
  });

  it('keeps two neighbouring sets apart', () => {
    const a = setOf('a', 2, 9).reverse();
    const b = setOf('b', 3, 8).reverse();
    const cache = applyPage(
      EMPTY_CACHE,
      { start: 0, cursor: undefined, limit: 5 },
      { items: [...a, ...b], nextCursor: null },
    ).cache;
    expect([0, 1, 2, 3, 4].map((p) => displayItemAt(cache, p)?.id)).toEqual(['a-0', 'a-1', 'b-0', 'b-1', 'b-2']);
  });
});
