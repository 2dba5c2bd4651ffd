import { describe, expect, it } from 'vitest';
import {
  anchoredScrollTop,
  clampIndex,
  contentHeight,
  gridMetrics,
  gridTopAt,
  indexRange,
  moveIndex,
  rowCount,
  rowTop,
  scrollMap,
  scrollTopFor,
  scrollToReveal,
  visibleRows,
  type GridMetrics,
} from '../../../src/renderer/src/features/gallery/grid-layout';

// 5 columns of 200 px tiles with 8 px gaps and 16 px padding: rows every 208 px from y = 16.
const m: GridMetrics = { columns: 5, tileSize: 200, gap: 8, padding: 16, rowHeight: 208 };

describe('gridMetrics', () => {
  it('adds columns instead of growing tiles past the maximum', () => {
    const wide = gridMetrics(1400);
    expect(wide.tileSize).toBeLessThanOrEqual(216);
    expect(wide.tileSize).toBeGreaterThanOrEqual(180);
    expect(wide.columns).toBe(7);
    // The tiles and gaps fill the width between the paddings exactly (to the pixel).
    const used = wide.columns * wide.tileSize + (wide.columns - 1) * wide.gap;
    expect(1400 - 32 - used).toBeGreaterThanOrEqual(0);
    expect(1400 - 32 - used).toBeLessThan(wide.columns);
  });

  it('keeps one column in a very narrow container and never returns zero', () => {
    expect(gridMetrics(100).columns).toBe(1);
    expect(gridMetrics(0).columns).toBe(1);
    expect(gridMetrics(0).tileSize).toBeGreaterThan(0);
  });

  it('rows are a tile plus one gap', () => {
    const g = gridMetrics(1000);
    expect(g.rowHeight).toBe(g.tileSize + g.gap);
  });
});

describe('visibleRows', () => {
  it('at the top shows the first screenful plus overscan below only', () => {
    // 800 px viewport from 0: rows 0..3 intersect (row 3 starts at 640); overscan 2 → end 6.
    expect(visibleRows(0, 800, 1000, m, 2)).toEqual({ firstRow: 0, endRow: 6 });
  });

  it('in the middle widens both ways by the overscan', () => {
    // scrollTop 10,000: rows from floor(9,984 / 208) = 48 to ceil(10,784 / 208) = 52.
    expect(visibleRows(10_000, 800, 100_000, m, 0)).toEqual({ firstRow: 48, endRow: 52 });
    expect(visibleRows(10_000, 800, 100_000, m, 2)).toEqual({ firstRow: 46, endRow: 54 });
  });

  it('clamps to the last row at the bottom', () => {
    // 23 images = 5 rows; scrolled far past the end still only reaches row 4.
    expect(visibleRows(5_000, 800, 23, m, 2)).toEqual({ firstRow: 5, endRow: 5 });
    expect(visibleRows(600, 800, 23, m, 2)).toEqual({ firstRow: 0, endRow: 5 });
  });

  it('is empty for an empty gallery or a collapsed viewport', () => {
    expect(visibleRows(0, 800, 0, m)).toEqual({ firstRow: 0, endRow: 0 });
    expect(visibleRows(0, 0, 100, m)).toEqual({ firstRow: 0, endRow: 0 });
  });

  it('keeps the DOM small at 100,000 images', () => {
    const rows = visibleRows(1_234_567, 900, 100_000, m);
    const range = indexRange(rows, m.columns, 100_000);
    expect(range.end - range.start).toBeLessThanOrEqual(10 * m.columns);
  });
});

describe('indexRange and heights', () => {
  it('maps rows to image positions and stops at the total', () => {
    expect(indexRange({ firstRow: 2, endRow: 4 }, 5, 1000)).toEqual({ start: 10, end: 20 });
    expect(indexRange({ firstRow: 2, endRow: 4 }, 5, 13)).toEqual({ start: 10, end: 13 });
  });

  it('content height covers every row without a trailing gap', () => {
    expect(contentHeight(0, m)).toBe(0);
    expect(contentHeight(5, m)).toBe(16 + 200 + 16);
    expect(contentHeight(6, m)).toBe(16 + 208 + 200 + 16);
    expect(contentHeight(100_000, m)).toBe(32 + 20_000 * 208 - 8);
    expect(rowTop(3, m)).toBe(16 + 3 * 208);
  });
});

describe('scrollToReveal', () => {
  it('returns null when the tile is fully on screen', () => {
    expect(scrollToReveal(0, 0, 800, m)).toBeNull();
  });

  it('scrolls down just far enough for a tile below', () => {
    // Index 20 is row 4: top 848, bottom 1048.
    expect(scrollToReveal(20, 0, 800, m)).toBe(1048 + 16 - 800);
  });

  it('scrolls up to a tile above', () => {
    expect(scrollToReveal(0, 5000, 800, m)).toBe(0);
    expect(scrollToReveal(50, 5000, 800, m)).toBe(rowTop(10, m) - 16);
  });

  it('keeps the first visible image on top when the column count changes', () => {
    expect(anchoredScrollTop(37, m)).toBe(7 * 208);
  });
});

describe('keyboard navigation', () => {
  it('moves by one, by a row and by a page', () => {
    expect(moveIndex(7, 'ArrowRight', 5, 100, 4)).toBe(8);
    expect(moveIndex(7, 'ArrowLeft', 5, 100, 4)).toBe(6);
    expect(moveIndex(7, 'ArrowDown', 5, 100, 4)).toBe(12);
    expect(moveIndex(7, 'ArrowUp', 5, 100, 4)).toBe(2);
    expect(moveIndex(7, 'PageDown', 5, 100, 4)).toBe(27);
  });

  it('clamps at both ends instead of wrapping or leaving the grid', () => {
    expect(moveIndex(0, 'ArrowLeft', 5, 100, 4)).toBe(0);
    expect(moveIndex(2, 'ArrowUp', 5, 100, 4)).toBe(0);
    expect(moveIndex(99, 'ArrowRight', 5, 100, 4)).toBe(99);
    expect(moveIndex(97, 'ArrowDown', 5, 100, 4)).toBe(99);
    expect(moveIndex(50, 'Home', 5, 100, 4)).toBe(0);
    expect(moveIndex(50, 'End', 5, 100, 4)).toBe(99);
  });

  it('has nowhere to go in an empty gallery', () => {
    expect(moveIndex(0, 'ArrowRight', 5, 0, 4)).toBe(-1);
    expect(clampIndex(3, 0)).toBe(-1);
    expect(clampIndex(-4, 10)).toBe(0);
    expect(clampIndex(40, 10)).toBe(9);
  });
});

describe('scrollMap (a canvas capped below the browser limit)', () => {
  const wide = gridMetrics(1400);

  it('maps one to one while every row fits', () => {
    const map = scrollMap(10_000, wide, 900);
    expect(map).toEqual({ canvasHeight: contentHeight(10_000, wide), ratio: 1 });
    expect(gridTopAt(12_345, map)).toBe(12_345);
    expect(scrollTopFor(12_345, map)).toBe(12_345);
  });

  it('caps a million-image grid and still reaches its last row at the last scroll position', () => {
    const total = 2_560_000;
    const map = scrollMap(total, wide, 900, 8_000_000);
    expect(map.canvasHeight).toBe(8_000_000);
    expect(map.ratio).toBeGreaterThan(1);
    const lastScroll = map.canvasHeight - 900;
    const gridTop = gridTopAt(lastScroll, map);
    expect(gridTop).toBe(contentHeight(total, wide) - 900);
    const rows = visibleRows(gridTop, 900, total, wide, 0);
    expect(rows.endRow).toBe(rowCount(total, wide.columns));
    // Back and forth lands within one scrolled pixel's worth of grid.
    expect(Math.abs(gridTopAt(scrollTopFor(1_000_000, map), map) - 1_000_000)).toBeLessThanOrEqual(map.ratio);
  });
});
