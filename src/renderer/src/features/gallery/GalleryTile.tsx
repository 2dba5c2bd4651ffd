import { memo, type SyntheticEvent } from 'react';
import type { ImageView } from '../../../../shared/contract';
import { truncate, formatSize } from '../../lib/format';
import { useT } from '../../lib/i18n';
import { galleryStrings } from './strings';

// One square in the grid. Kept to a handful of DOM nodes (cell, button, img, badge, two action
// buttons with CSS-drawn icons) because a large screen shows over a hundred of these at once.

type TileProps = {
  index: number;
  column: number;
  item: ImageView | undefined;
  /** Part of an image set: drawn as a strip joined to its neighbours in the same row. */
  isSet: boolean;
  joinsPrev: boolean;
  joinsNext: boolean;
  isTabbable: boolean;
  isTrashView: boolean;
  onOpen: (index: number) => void;
  onFocusIndex: (index: number) => void;
  onToggleFavorite: (item: ImageView) => void;
  onTrash: (item: ImageView) => void;
  onRestore: (item: ImageView) => void;
};

/** A missing or unreadable file shows the tile's neutral background instead of a broken-image glyph. */
function hideBroken(event: SyntheticEvent<HTMLImageElement>): void {
  event.currentTarget.style.visibility = 'hidden';
}

export const GalleryTile = memo(function GalleryTile(props: TileProps) {
  const { index, column, item, isSet, joinsPrev, joinsNext, isTabbable, isTrashView } = props;
  const t = useT(galleryStrings);
  if (!item) {
    return <div role="gridcell" aria-colindex={column + 1} aria-busy="true" className="gallery-cell is-placeholder" />;
  }
  const prompt = truncate(item.prompt, 80) || t('noPrompt');
  const base = isSet
    ? t('tileSetLabel', { prompt, size: formatSize(item.size), k: item.index + 1, n: item.setSize })
    : t('tileLabel', { prompt, size: formatSize(item.size) });
  const label = item.isFavorite ? `${base} · ${t('tileFavorite')}` : base;
  const classes = ['gallery-cell'];
  if (isSet) classes.push('is-set');
  if (joinsPrev) classes.push('joins-prev');
  if (joinsNext) classes.push('joins-next');
  if (item.isFavorite) classes.push('is-favorite');
  // Hover actions are for the mouse; keyboard users get the same through F and Delete on the tile.
  return (
    <div role="gridcell" aria-colindex={column + 1} className={classes.join(' ')}>
      <button
        type="button"
        className="gallery-tile"
        data-testid="gallery-tile"
        data-image-id={item.id}
        data-index={index}
        aria-label={label}
        aria-keyshortcuts="F Delete"
        tabIndex={isTabbable ? 0 : -1}
        onClick={() => props.onOpen(index)}
        onFocus={() => props.onFocusIndex(index)}
      >
        <img
          key={item.id}
          src={item.thumbUrl ?? item.url}
          alt=""
          loading="lazy"
          decoding="async"
          draggable={false}
          onError={hideBroken}
        />
        {isSet && (
          <span className="gallery-badge" aria-hidden="true">
            {item.index + 1}/{item.setSize}
          </span>
        )}
      </button>
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
