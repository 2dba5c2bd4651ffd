import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { ImageView } from '../../../../shared/contract';
import { useT } from '../../lib/i18n';
import { restoreImages, toggleFavorite, trashImages } from './gallery-actions';
import { galleryStore, useGalleryStore } from './gallery-store';
import { hasSelection } from './selection-model';
import { restoreSelection, trashSelection } from './selection-actions';
import { selectionStore, useSelectionStore, type ClickModifiers } from './selection-store';
import { GalleryTile } from './GalleryTile';
import { displayItemAt, knownLength } from './image-cache';
import {
  anchoredScrollTop,
  gridMetrics,
  gridTopAt,
  indexRange,
  isNavigationKey,
  moveIndex,
  rowCount,
  rowTop,
  scrollMap,
  scrollTopFor,
  scrollToReveal,
  visibleRows,
} from './grid-layout';
import { galleryStrings } from './strings';
import { GridVersions } from '../compare/GridVersions';
import { toggleVersionsOf } from '../compare/grid-versions-store';

// The virtualized grid: a tall empty canvas the height of every row, with only the rows on screen
// (plus overscan) absolutely positioned inside it. Focus moves by arrow keys with a roving
// tabindex, so Tab enters and leaves the grid in one step however many images there are.

const activate = (index: number, modifiers: ClickModifiers): void => {
  if (selectionStore.getState().click(index, modifiers) === 'open') galleryStore.getState().open(index);
};
const check = (index: number, isRange: boolean): void => {
  if (isRange) void selectionStore.getState().extendAt(index);
  else selectionStore.getState().toggleAt(index);
};
const selectSet = (index: number): void => selectionStore.getState().selectSetAt(index);

/** Where the grid was when the Gallery tab was last left (the store outlives the component). */
const remembered = { scrollTop: 0, queryVersion: -1 };

export function GalleryGrid({ children }: { children?: ReactNode }) {
  const t = useT(galleryStrings);
  const counted = useGalleryStore((s) => s.total);
  const cache = useGalleryStore((s) => s.cache);
  // Until the count arrives, the pages already in: the first tiles do not wait for it.
  const total = useMemo(() => counted ?? knownLength(cache), [counted, cache]);
  const queryVersion = useGalleryStore((s) => s.queryVersion);
  const openIndex = useGalleryStore((s) => s.openIndex);
  const isTrashView = useGalleryStore((s) => s.filters.isTrash);
  const isSelecting = useSelectionStore((s) => hasSelection(s.selection));
  const scrollRef = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 0, height: 0 });
  // Only the first row on screen is state: scrolling within a row does not re-render the grid.
  const [topRow, setTopRow] = useState(0);
  /** Grid offset less scroll offset: non-zero only when the canvas is capped (see scrollMap). */
  const [shift, setShift] = useState(0);
  const [focusIndex, setFocusIndex] = useState(0);
  /** A tile to focus once it is rendered (it may be a placeholder, or not in the DOM yet). */
  const pendingFocus = useRef<number | null>(null);
  const metrics = useMemo(() => gridMetrics(viewport.width), [viewport.width]);
  const metricsRef = useRef(metrics);
  const map = useMemo(() => scrollMap(total, metrics, viewport.height), [total, metrics, viewport.height]);
  const mapRef = useRef(map);
  // First of the layout effects, so the ones below (and scroll handlers) read this render's map.
  useLayoutEffect(() => {
    mapRef.current = map;
  }, [map]);
  const anchorIndex = useRef(0);
  // The viewport is widened by a row because topRow may be only partly on screen.
  const rows = visibleRows(rowTop(topRow, metrics), viewport.height + metrics.rowHeight, total, metrics);
  const range = indexRange(rows, metrics.columns, total);
  const shownQuery = useRef(queryVersion);
  const frame = useRef(0);
  const syncRow = useCallback((): void => {
    const el = scrollRef.current;
    if (!el) return;
    const m = metricsRef.current;
    const gridTop = gridTopAt(el.scrollTop, mapRef.current);
    const row = Math.max(0, Math.floor((gridTop - m.padding) / m.rowHeight));
    anchorIndex.current = row * m.columns;
    remembered.scrollTop = el.scrollTop;
    remembered.queryVersion = shownQuery.current;
    setTopRow(row);
    setShift(gridTop - el.scrollTop);
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const measure = (): void =>
      setViewport((prev) =>
        prev.width === el.clientWidth && prev.height === el.clientHeight
          ? prev
          : { width: el.clientWidth, height: el.clientHeight },
      );
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // Returning to the tab puts the reader back where they were (same query only); a new column
  // count keeps the first visible image on top rather than jumping elsewhere in the library.
  const restoreTop = useRef(remembered.queryVersion === queryVersion ? remembered.scrollTop : null);
  useLayoutEffect(() => {
    const previous = metricsRef.current;
    metricsRef.current = metrics;
    const el = scrollRef.current;
    if (!el || viewport.width === 0) return;
    if (restoreTop.current !== null) {
      el.scrollTop = restoreTop.current;
      restoreTop.current = null;
    } else if (previous.columns !== metrics.columns) {
      el.scrollTop = scrollTopFor(anchoredScrollTop(anchorIndex.current, metrics), mapRef.current);
    }
    // Row numbers changed meaning if the columns did; an unchanged scrollTop fires no scroll event.
    syncRow();
  }, [metrics, viewport.width, syncRow]);

  // The count arriving can cap the canvas: the same scroll position then means another row.
  useLayoutEffect(() => syncRow(), [map.ratio, syncRow]);

  useLayoutEffect(() => {
    if (shownQuery.current === queryVersion) return;
    shownQuery.current = queryVersion;
    const el = scrollRef.current;
    if (el) el.scrollTop = 0;
    anchorIndex.current = 0;
  }, [queryVersion]);

  useEffect(() => {
    galleryStore.getState().setVisible({ start: range.start, end: range.end });
  }, [range.start, range.end]);

  const reveal = useCallback((index: number): void => {
    const el = scrollRef.current;
    if (!el) return;
    const top = scrollToReveal(index, gridTopAt(el.scrollTop, mapRef.current), el.clientHeight, metricsRef.current);
    if (top !== null) el.scrollTop = scrollTopFor(top, mapRef.current);
  }, []);

  const focusTile = useCallback(
    (index: number): void => {
      setFocusIndex(index);
      pendingFocus.current = index;
      reveal(index);
    },
    [reveal],
  );

  // The grid follows the detail view underneath, and focus returns to the last image shown.
  const lastOpen = useRef<number | null>(null);
  useEffect(() => {
    if (openIndex !== null) {
      lastOpen.current = openIndex;
      reveal(openIndex);
    } else if (lastOpen.current !== null) {
      const index = Math.min(lastOpen.current, Math.max(0, total - 1));
      lastOpen.current = null;
      focusTile(index);
    }
  }, [openIndex, reveal, focusTile, total]);

  useEffect(() => {
    if (pendingFocus.current === null) return;
    const tile = scrollRef.current?.querySelector<HTMLElement>(`[data-index="${pendingFocus.current}"]`);
    if (tile) {
      pendingFocus.current = null;
      tile.focus({ preventScroll: true });
    }
  });

  const onScroll = (): void => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      syncRow();
    });
  };
  useEffect(() => () => cancelAnimationFrame(frame.current), []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (!(event.target instanceof HTMLElement) || event.target.dataset.index === undefined) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const index = Number(event.target.dataset.index);
    const item = displayItemAt(cache, index);
    const selection = selectionStore.getState();
    if (isNavigationKey(event.key)) {
      event.preventDefault();
      const pageRows = Math.max(1, Math.floor(viewport.height / metrics.rowHeight));
      const next = moveIndex(index, event.key, metrics.columns, total, pageRows);
      if (next < 0) return;
      // Shift+arrows select as they move, from where the selection started (or from here).
      if (event.shiftKey) {
        if (selection.selection.anchor === null) selection.toggleAt(index);
        void selection.extendAt(next);
      }
      focusTile(next);
    } else if (event.key === ' ' && item) {
      event.preventDefault();
      check(index, event.shiftKey);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && hasSelection(selection.selection)) {
      event.preventDefault();
      pendingFocus.current = index;
      void (isTrashView ? restoreSelection() : trashSelection());
    } else if ((event.key === 'v' || event.key === 'V') && item?.versionCount) {
      event.preventDefault();
      toggleVersionsOf(item, index);
    } else if ((event.key === 'f' || event.key === 'F') && item && !isTrashView) {
      event.preventDefault();
      void toggleFavorite(item);
    } else if ((event.key === 'Delete' || event.key === 'Backspace') && item) {
      event.preventDefault();
      pendingFocus.current = index;
      void (isTrashView ? restoreImages([item]) : trashImages([item]));
    }
  };

  const onFocusIndex = useCallback((index: number) => setFocusIndex(index), []);
  const onTrash = useCallback((item: ImageView) => void trashImages([item]), []);
  const onRestore = useCallback((item: ImageView) => void restoreImages([item]), []);
  const onToggleFavorite = useCallback((item: ImageView) => void toggleFavorite(item), []);

  const tabbable = focusIndex >= range.start && focusIndex < range.end ? focusIndex : range.start;
  const rowElements: ReactNode[] = [];
  for (let row = rows.firstRow; row < rows.endRow; row++) {
    const tiles: ReactNode[] = [];
    // Counts the set bands begun in this row, so neighbouring sets alternate their outline.
    let bands = 0;
    for (let column = 0; column < metrics.columns; column++) {
      const index = row * metrics.columns + column;
      if (index >= total) break;
      const item = displayItemAt(cache, index);
      const isSet = item !== undefined && item.isSequential && item.setSize > 1;
      // Only neighbours in the same row join: a set that wraps starts a new band on the next row.
      const prev = column > 0 ? cache.items.get(index - 1) : undefined;
      const next = column < metrics.columns - 1 ? cache.items.get(index + 1) : undefined;
      const joinsPrev = isSet && prev?.generationId === item.generationId;
      if (isSet && !joinsPrev) bands++;
      tiles.push(
        <GalleryTile
          key={column}
          index={index}
          column={column}
          item={item}
          isSet={isSet}
          isSetAlt={bands % 2 === 0}
          joinsPrev={joinsPrev}
          joinsNext={isSet && next?.generationId === item.generationId}
          isTabbable={index === tabbable}
          isTrashView={isTrashView}
          onActivate={activate}
          onCheck={check}
          onSelectSet={selectSet}
          onFocusIndex={onFocusIndex}
          onToggleFavorite={onToggleFavorite}
          onTrash={onTrash}
          onRestore={onRestore}
        />,
      );
    }
    rowElements.push(
      <div
        key={row}
        role="row"
        aria-rowindex={row + 1}
        className="gallery-row"
        style={{
          top: rowTop(row, metrics) - shift,
          left: metrics.padding,
          height: metrics.tileSize,
          // Fixed track sizes: a tall thumbnail must not stretch its row.
          gridTemplateRows: `${metrics.tileSize}px`,
          gridTemplateColumns: `repeat(${metrics.columns}, ${metrics.tileSize}px)`,
          columnGap: metrics.gap,
        }}
      >
        {tiles}
      </div>,
    );
  }

  return (
    <div
      ref={scrollRef}
      className={isSelecting ? 'gallery-scroll is-selecting' : 'gallery-scroll'}
      data-testid="gallery"
      // With nothing to show it is no grid: the empty state's heading and buttons are not cells.
      {...(total > 0
        ? {
            role: 'grid',
            'aria-multiselectable': true,
            'aria-label': t('gridLabel'),
            'aria-describedby': 'gallery-keys',
            'aria-rowcount': rowCount(total, metrics.columns),
            'aria-colcount': metrics.columns,
            'aria-busy': range.end > range.start && !cache.items.has(range.start),
          }
        : {})}
      onScroll={onScroll}
      onKeyDown={onKeyDown}
    >
      <div className="gallery-canvas" style={{ height: map.canvasHeight }}>
        {rowElements}
        <GridVersions metrics={metrics} queryVersion={queryVersion} />
      </div>
      <span id="gallery-keys" hidden>
        {t('gridKeys')}
      </span>
      {children}
    </div>
  );
}
