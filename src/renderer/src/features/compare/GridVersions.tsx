import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useT } from '../../lib/i18n';
import { galleryStore } from '../gallery/gallery-store';
import { rowTop, type GridMetrics } from '../gallery/grid-layout';
import { compareStrings } from './compare-strings';
import { focusGridTile, useGridVersions, type ExpandedStack } from './grid-versions-store';
import { imageOf, useLineage } from './VersionsStrip';
import './grid-versions.css';

// Versions stay together (issue 12), in the grid too: a stacked tile's badge (or V on the tile)
// lays its original and every version out as tiles in a band under the tile's row. The band sits
// over the grid's canvas rather than among its rows, so the virtualized grid keeps its plain
// index ↔ position arithmetic (and arrow keys their rows and columns). Arrow keys move along the
// band, Enter opens a version in the detail view, Escape folds it and gives focus back to the tile.

const MOVES: Record<string, (i: number, n: number) => number> = {
  ArrowRight: (i, n) => Math.min(n - 1, i + 1),
  ArrowLeft: (i) => Math.max(0, i - 1),
  Home: () => 0,
  End: (_i, n) => n - 1,
};

export function GridVersions({ metrics, queryVersion }: { metrics: GridMetrics; queryVersion: number }) {
  const expanded = useGridVersions((s) => s.expanded);
  const isStale = expanded !== null && expanded.queryVersion !== queryVersion;
  // Another search or filter: the tile it belonged to is gone or elsewhere.
  useEffect(() => {
    if (isStale) useGridVersions.getState().close();
  }, [isStale]);
  if (!expanded || isStale) return null;
  return <Band key={expanded.generationId} expanded={expanded} metrics={metrics} />;
}

function Band({ expanded, metrics }: { expanded: ExpandedStack; metrics: GridMetrics }) {
  const t = useT(compareStrings);
  const lineage = useLineage(expanded.generationId);
  const listRef = useRef<HTMLOListElement>(null);
  const entries = lineage?.entries ?? [];
  const isLoaded = lineage !== null;
  // Focus goes into the band once its versions are there, to the first one.
  useEffect(() => {
    if (isLoaded) listRef.current?.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
  }, [isLoaded]);

  const collapse = (): void => {
    useGridVersions.getState().close();
    focusGridTile(expanded.tileIndex);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Escape' || event.key === 'v' || event.key === 'V') {
      event.preventDefault();
      event.stopPropagation();
      collapse();
      return;
    }
    const move = MOVES[event.key];
    const buttons = [...(listRef.current?.querySelectorAll<HTMLElement>('button') ?? [])];
    const at = buttons.indexOf(event.target as HTMLElement);
    if (!move || at < 0) return;
    event.preventDefault();
    event.stopPropagation();
    buttons[move(at, buttons.length)]?.focus();
  };

  const row = Math.floor(expanded.tileIndex / metrics.columns);
  const width = metrics.columns * metrics.tileSize + (metrics.columns - 1) * metrics.gap;
  return (
    // Inside the grid it is a row of one cell spanning every column (a grid holds only rows).
    <div
      role="row"
      className="grid-versions"
      data-testid="grid-versions"
      style={{ top: rowTop(row, metrics) + metrics.tileSize + metrics.gap / 2, left: metrics.padding, width }}
      onKeyDown={onKeyDown}
    >
      <div
        role="gridcell"
        className="grid-versions-cell"
        aria-colspan={metrics.columns}
        aria-describedby="grid-versions-keys"
      >
        <span id="grid-versions-keys" hidden>
          {t('versionsKeys')}
        </span>
        {!isLoaded && <p className="grid-versions-note">{t('loadingVersions')}</p>}
        <ol ref={listRef} className="grid-versions-list" aria-label={t('versionsOfTile')}>
          {entries.map(({ depth, view }, k) => {
            const g = view.generation;
            const image = imageOf(view.images, expanded.imageIndex);
            const name = depth === 0 ? t('original') : `v${k}`;
            const detail = t('versionLabel', { model: g.model, size: g.size, seed: g.seed });
            return (
              <li key={g.id}>
                <button
                  type="button"
                  className="grid-version"
                  data-testid="grid-version"
                  data-generation-id={g.id}
                  aria-label={image ? `${name}: ${detail}` : `${name}: ${detail} · ${t('noImage')}`}
                  aria-current={g.id === expanded.generationId ? 'true' : undefined}
                  // A version with no picture (failed, or all in the trash) stays in the list, inert.
                  aria-disabled={!image}
                  onClick={() => image && void galleryStore.getState().reveal(image)}
                >
                  {image?.thumbUrl ? (
                    <img src={image.thumbUrl} alt="" draggable={false} />
                  ) : (
                    <span className="grid-version-empty" aria-hidden="true" />
                  )}
                  <span className="grid-version-name" aria-hidden="true">
                    {name}
                  </span>
                </button>
              </li>
            );
          })}
        </ol>
        <button type="button" className="grid-versions-close" data-testid="grid-versions-close" onClick={collapse}>
          {t('hideVersions')}
        </button>
      </div>
    </div>
  );
}
