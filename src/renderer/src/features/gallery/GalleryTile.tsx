import { memo, useState } from 'react';
import type { ImageView } from '../../../../shared/contract';
import { truncate, formatSize } from '../../lib/format';
import { startImageDrag } from '../studio/image-drag';
import { useT } from '../../lib/i18n';
import { isSelected as isImageSelected } from './selection-model';
import { selectionStrings } from './selection-strings';
import { useSelectionStore, type ClickModifiers } from './selection-store';
import { galleryStrings } from './strings';
import { VersionsBadge } from '../compare/VersionsBadge';
import { noteTileSettled } from './first-tiles';

// One square in the grid. Kept to a handful of DOM nodes (cell, button, img, badge, caption, a
// checkbox and action buttons with CSS-drawn icons) because a large screen shows over a hundred at
// once. Each tile subscribes to its own "am I selected", so a click re-renders only the tiles it changed.
//
// Aspect-true by letterboxing: the whole picture sits inside the square (object-fit: contain on a
// neutral ground) rather than justified rows. Squares keep position ↔ index plain arithmetic, so
// the grid stays virtualized at a million images, arrow keys move by rows and columns that line
// up, and shift-ranges select what the eye sees as a range; justified rows would need every
// image's size before laying out a row and would make Up/Down land unpredictably.

type TileProps = {
  index: number;
  column: number;
  item: ImageView | undefined;
  /** Part of an image set: drawn as a strip joined to its neighbours in the same row. */
  isSet: boolean;
  /** Alternates between neighbouring sets in a row, so two sets side by side never read as one. */
  isSetAlt: boolean;
  joinsPrev: boolean;
  joinsNext: boolean;
  isTabbable: boolean;
  isTrashView: boolean;
  /** A click on the image: opens it, or selects when a modifier is held or a selection is active. */
  onActivate: (index: number, modifiers: ClickModifiers) => void;
  onCheck: (index: number, isRange: boolean) => void;
  onSelectSet: (index: number) => void;
  onFocusIndex: (index: number) => void;
  onToggleFavorite: (item: ImageView) => void;
  onTrash: (item: ImageView) => void;
  onRestore: (item: ImageView) => void;
};

export const GalleryTile = memo(function GalleryTile(props: TileProps) {
  const { index, column, item, isSet, isSetAlt, joinsPrev, joinsNext, isTabbable, isTrashView } = props;
  const t = useT(galleryStrings);
  const ts = useT(selectionStrings);
  const isSelected = useSelectionStore((s) => item !== undefined && isImageSelected(s.selection, item.id));
  // The URL that failed to load: a missing or unreadable file says so instead of a broken-image glyph.
  const [failedSrc, setFailedSrc] = useState<string | null>(null);
  if (!item) {
    return <div role="gridcell" aria-colindex={column + 1} aria-busy="true" className="gallery-cell is-placeholder" />;
  }
  const src = item.thumbUrl ?? item.url;
  const isMissing = failedSrc === src;
  const prompt = truncate(item.prompt, 80) || t('noPrompt');
  const badge = `${item.index + 1}/${item.setSize}`;
  const base = isSet
    ? t('tileSetLabel', { prompt, size: formatSize(item.size), k: item.index + 1, n: item.setSize })
    : t('tileLabel', { prompt, size: formatSize(item.size) });
  const favorite = item.isFavorite ? `${base} · ${t('tileFavorite')}` : base;
  const versions = item.versionCount ?? 0;
  const described = versions > 0 ? `${favorite} · ${t('tileVersions', { n: versions })}` : favorite;
  const label = isMissing ? `${described} · ${t('fileMissing')}` : described;
  const classes = ['gallery-cell'];
  if (isSet) classes.push(isSetAlt ? 'is-set is-set-alt' : 'is-set');
  if (joinsPrev) classes.push('joins-prev');
  if (joinsNext) classes.push('joins-next');
  if (item.isFavorite) classes.push('is-favorite');
  if (isSelected) classes.push('is-selected');
  // Hover actions are for the mouse; keyboard users get the same through Space, F and Delete.
  return (
    <div role="gridcell" aria-colindex={column + 1} aria-selected={isSelected} className={classes.join(' ')}>
      <button
        type="button"
        className="gallery-tile"
        data-testid="gallery-tile"
        data-image-id={item.id}
        data-index={index}
        aria-label={label}
        aria-keyshortcuts={versions > 0 ? 'Space F Delete V' : 'Space F Delete'}
        tabIndex={isTabbable ? 0 : -1}
        onClick={(e) => props.onActivate(index, { isToggle: e.ctrlKey || e.metaKey, isRange: e.shiftKey })}
        onFocus={() => props.onFocusIndex(index)}
        // Dragged onto the studio's sidebar entry (or the studio itself), it becomes a reference.
        draggable={!isTrashView}
        onDragStart={(e) => startImageDrag(e, [item.id])}
      >
        {isMissing ? (
          <span className="gallery-missing" data-testid="gallery-missing" aria-hidden="true">
            {t('fileMissing')}
          </span>
        ) : (
          // Eager: the grid only mounts the rows on screen and a little overscan, so lazy loading
          // would only wait for layout and an intersection check before each fetch. The top row
          // goes first; async decoding keeps scrolling smooth.
          <img
            key={item.id}
            src={src}
            alt=""
            fetchPriority={index === column ? 'high' : 'auto'}
            decoding="async"
            draggable={false}
            onLoad={noteTileSettled}
            onError={() => {
              noteTileSettled();
              setFailedSrc(src);
            }}
          />
        )}
        {isSet && (
          <span className="gallery-badge" aria-hidden="true">
            {badge}
          </span>
        )}

        {/* The prompt on hover and keyboard focus; the button's label already says it aloud, and
            starts with the same words (what is seen is part of what is heard). */}
        <span className="gallery-caption" aria-hidden="true" data-testid="gallery-caption">
          {prompt}
        </span>
      </button>
      {versions > 0 && <VersionsBadge item={item} index={index} versions={versions} />}
      <button
        type="button"
        role="checkbox"
        className="gallery-check"
        data-testid="gallery-check"
        tabIndex={-1}
        aria-checked={isSelected}
        aria-label={ts('select')}
        title={ts('select')}
        onClick={(e) => props.onCheck(index, e.shiftKey)}
      />
      {isSet && (
        <button
          type="button"
          className="gallery-action is-select-set"
          data-testid="gallery-select-set"
          tabIndex={-1}
          aria-label={ts('selectSet')}
          title={ts('selectSet')}
          onClick={() => props.onSelectSet(index)}
        />
      )}
      {isTrashView ? (
        <button
          type="button"
          className="gallery-action is-restore"
          tabIndex={-1}
          aria-label={t('restore')}
          title={t('restore')}
          onClick={() => props.onRestore(item)}
        />
      ) : (
        <>
          <button
            type="button"
            className="gallery-action is-star"
            tabIndex={-1}
            aria-label={item.isFavorite ? t('unfavorite') : t('favorite')}
            aria-pressed={item.isFavorite}
            title={item.isFavorite ? t('unfavorite') : t('favorite')}
            onClick={() => props.onToggleFavorite(item)}
          />
          <button
            type="button"
            className="gallery-action is-trash"
            tabIndex={-1}
            aria-label={t('delete')}
            title={t('delete')}
            onClick={() => props.onTrash(item)}
          />
        </>
      )}
    </div>
  );
});
