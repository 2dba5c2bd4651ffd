// Geometry of the virtualized gallery grid. Every tile is the same square, so position ↔ index is
// arithmetic and the DOM only ever holds the rows on screen plus a little overscan.

export type GridOptions = {
  /** Tiles never grow past this (columns are added instead). */
  maxTile: number;
  gap: number;
  padding: number;
};

export type GridMetrics = {
  columns: number;
  tileSize: number;
  gap: number;
  padding: number;
  /** Tile plus the gap below it. */
  rowHeight: number;
};

export type RowRange = { firstRow: number; endRow: number };
export type IndexRange = { start: number; end: number };

export const GRID_OPTIONS: GridOptions = { maxTile: 216, gap: 8, padding: 16 };
/** Rows rendered beyond each edge of the viewport so a quick flick never shows blank space. */
export const OVERSCAN_ROWS = 2;

export function gridMetrics(containerWidth: number, options: GridOptions = GRID_OPTIONS): GridMetrics {
  const { maxTile, gap, padding } = options;
  const inner = Math.max(0, containerWidth - padding * 2);
  const columns = Math.max(1, Math.ceil((inner + gap) / (maxTile + gap)));
  const tileSize = Math.max(1, Math.floor((inner - gap * (columns - 1)) / columns));
  return { columns, tileSize, gap, padding, rowHeight: tileSize + gap };
}

export function rowCount(total: number, columns: number): number {
  return total <= 0 ? 0 : Math.ceil(total / columns);
}

/** Height of the scrollable content: every row, the padding above and below, no trailing gap. */
export function contentHeight(total: number, m: GridMetrics): number {
  const rows = rowCount(total, m.columns);
  return rows === 0 ? 0 : m.padding * 2 + rows * m.rowHeight - m.gap;
}

/**
 * The tallest canvas the grid lays out. Browsers cap an element's height (Chromium near 33.5
 * million px, Firefox near 17.9 million): 2.5 million images in 7 columns need 70 million. Past
 * this the canvas stays this tall and the scroll position maps onto the rows proportionally.
 */
export const MAX_CANVAS_PX = 8_000_000;

/** How scroll offsets map onto the grid's rows: `ratio` grid px per scrolled px (1 below the cap). */
export type ScrollMap = { canvasHeight: number; ratio: number };

export function scrollMap(total: number, m: GridMetrics, viewportHeight: number, maxCanvas = MAX_CANVAS_PX): ScrollMap {
  const height = contentHeight(total, m);
  if (height <= maxCanvas) return { canvasHeight: height, ratio: 1 };
  // The last scroll position must show the last rows: map the scrollable ranges end to end.
  const view = Math.max(0, Math.min(viewportHeight, maxCanvas - 1));
  return { canvasHeight: maxCanvas, ratio: (height - view) / (maxCanvas - view) };
}

/** The grid offset (as if the canvas were full height) shown at a scroll position. */
export function gridTopAt(scrollTop: number, map: ScrollMap): number {
  return map.ratio === 1 ? scrollTop : Math.round(scrollTop * map.ratio);
}

/** The scroll position that shows a grid offset. */
export function scrollTopFor(gridTop: number, map: ScrollMap): number {
  return map.ratio === 1 ? gridTop : Math.round(gridTop / map.ratio);
}

export function rowTop(row: number, m: GridMetrics): number {
  return m.padding + row * m.rowHeight;
}

/** Rows that intersect the viewport, widened by `overscan` rows each way and clamped to the grid. */
export function visibleRows(
  scrollTop: number,
  viewportHeight: number,
  total: number,
  m: GridMetrics,
  overscan = OVERSCAN_ROWS,
): RowRange {
  const rows = rowCount(total, m.columns);
  if (rows === 0 || viewportHeight <= 0) return { firstRow: 0, endRow: 0 };
  const top = Math.max(0, scrollTop - m.padding);
  const bottom = Math.max(0, scrollTop + viewportHeight - m.padding);
  const first = Math.floor(top / m.rowHeight);
  const end = Math.ceil(bottom / m.rowHeight);
  return {
    firstRow: Math.min(rows, Math.max(0, first - overscan)),
    endRow: Math.min(rows, Math.max(0, end + overscan)),
  };
}

export function indexRange(rows: RowRange, columns: number, total: number): IndexRange {
  return {
    start: Math.min(total, rows.firstRow * columns),
    end: Math.min(total, rows.endRow * columns),
  };
}

/** The scroll offset that brings `index`'s row into view, or null when it is already fully visible. */
export function scrollToReveal(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  m: GridMetrics,
): number | null {
  const top = rowTop(Math.floor(index / m.columns), m);
  const bottom = top + m.tileSize;
  if (top < scrollTop) return Math.max(0, top - m.padding);
  if (bottom > scrollTop + viewportHeight) return bottom + m.padding - viewportHeight;
  return null;
}

/** After a resize changes the column count, the scroll offset that keeps `anchorIndex` at the top. */
export function anchoredScrollTop(anchorIndex: number, m: GridMetrics): number {
  return Math.floor(anchorIndex / m.columns) * m.rowHeight;
}

export type NavigationKey =
  'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End' | 'PageUp' | 'PageDown';

const NAVIGATION_KEYS: readonly string[] = [
  'ArrowLeft',
  'ArrowRight',
  'ArrowUp',
  'ArrowDown',
  'Home',
  'End',
  'PageUp',
  'PageDown',
] satisfies readonly NavigationKey[];

export function isNavigationKey(key: string): key is NavigationKey {
  return NAVIGATION_KEYS.includes(key);
}

/** Where keyboard focus moves in the grid; always a valid index (or -1 for an empty grid). */
export function moveIndex(index: number, key: NavigationKey, columns: number, total: number, pageRows: number): number {
  if (total <= 0) return -1;
  const step: Record<NavigationKey, number> = {
    ArrowLeft: -1,
    ArrowRight: 1,
    ArrowUp: -columns,
    ArrowDown: columns,
    PageUp: -columns * Math.max(1, pageRows),
    PageDown: columns * Math.max(1, pageRows),
    Home: -Infinity,
    End: Infinity,
  };
  return clampIndex(index + step[key], total);
}

/** Clamps to [0, total − 1]; -1 when there is nothing to point at. */
export function clampIndex(index: number, total: number): number {
  if (total <= 0) return -1;
  if (Number.isNaN(index)) return 0;
  return Math.min(total - 1, Math.max(0, index));
}
